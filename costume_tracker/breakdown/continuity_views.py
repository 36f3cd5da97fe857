"""Continuity photos and notes on a change, from the desk or the phone."""

from flask import Blueprint

bp = Blueprint("continuity", __name__)
