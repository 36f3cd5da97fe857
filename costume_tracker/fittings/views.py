"""Fittings: day and week views per site, the appointment and its outcome, calendar feeds."""

from flask import Blueprint

bp = Blueprint("fittings", __name__)
