"""Episodes, scenes, shooting days, scene cast and characters' changes."""

from flask import Blueprint

bp = Blueprint("breakdown", __name__)
