"""Measurements are stored in centimetres and shown in each user's unit (cm or in).

Inch users read a tape in eighths: pages and forms show inches to the nearest 1/8 in
(26⅛ in on a page, 26.125 in a form field). Centimetres are shown to the millimetre.
"""

import math

from flask_babel import gettext as _
from flask_babel import pgettext

CM_PER_INCH = 2.54
# Eighths of an inch as a tape shows them.
EIGHTHS = ("", "⅛", "¼", "⅜", "½", "⅝", "¾", "⅞")


def unit_name(unit: str) -> str:
    """The unit as a word for headings and choices: 'cm' or 'inches' ('pouces')."""
    return _("inches") if unit == "in" else unit


def unit_symbol(unit: str) -> str:
    """The unit as written after a number: 'cm', or 'in' ('po' in French)."""
    return pgettext("unit symbol", "in") if unit == "in" else unit


def to_unit(value_cm: float | None, unit: str) -> float | None:
    """A stored centimetre value in the user's unit, for spreadsheets (inches to 0.01)."""
    if value_cm is None:
        return None
    if unit == "in":
        return round(value_cm / CM_PER_INCH, 2)
    return round(value_cm, 1)


def to_input(value_cm: float | None, unit: str) -> float | None:
    """A stored value as a form field shows it: inches to the nearest 1/8, cm to the mm."""
    if value_cm is None or not math.isfinite(value_cm):
        # A value no tape reads (stored before the forms refused it) is shown as it is,
        # so the page opens and the form says what is wrong with it.
        return value_cm
    if unit == "in":
        return round(value_cm / CM_PER_INCH * 8) / 8
    return round(value_cm, 1)


def from_unit(value: float | None, unit: str, previous_cm: float | None = None) -> float | None:
    """A value typed in the user's unit, converted to centimetres for storage.

    When the value is what the field showed for ``previous_cm``, the stored value is kept:
    saving a form unchanged never shifts a measurement by its display rounding.
    """
    if value is None:
        return None
    if previous_cm is not None and to_input(previous_cm, unit) == value:
        return previous_cm
    # Four decimals keep every eighth of an inch exact (1/8 in = 0.3175 cm).
    return round(value * CM_PER_INCH, 4) if unit == "in" else float(value)


def show(value_cm: float | None, unit: str) -> str:
    """Format a stored measurement for display, e.g. '86 cm' or '33⅞ in'."""
    value = to_input(value_cm, unit)
    if value is None:
        return ""
    if unit != "in" or not math.isfinite(value):
        return f"{value:g} {unit_symbol(unit)}"
    sign = "−" if value < 0 else ""
    whole, eighths = divmod(round(abs(value) * 8), 8)
    number = f"{whole}{EIGHTHS[eighths]}" if whole or not eighths else EIGHTHS[eighths]
    return f"{sign}{number} {unit_symbol(unit)}"
