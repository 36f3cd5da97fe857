"""The change plot of an episode and the costumes' day-out-of-days."""

from flask import Blueprint

bp = Blueprint("plots", __name__)
