"""The pull list pages: on the phone, printable, and ticking garments off as pulled."""

from flask import Blueprint

bp = Blueprint("pulls", __name__)
