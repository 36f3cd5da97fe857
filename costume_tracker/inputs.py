"""What a typed value may be, shared by the forms and the CSV import.

Text without control characters (so every export re-imports and no NUL reaches SQL),
numbers that are finite and within what a tape measure or a price list can say, and
measurement dates between 1900 and today.
"""

import math
import re
from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import format_decimal
from flask_babel import gettext as _

# C0 and C1 control characters, DEL, and the Unicode line and paragraph separators.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# In multi-line notes a tab and a line break are text, not control.
_MULTILINE_ALLOWED = {"\t", "\n", "\r"}
# Thin and non-breaking spaces group thousands in French-locale spreadsheets.
_GROUPING = re.compile(r"[\s\u00a0\u202f']")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$", re.ASCII)
_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$", re.ASCII)  # 1.234,50
_THOUSANDS_COMMA = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$", re.ASCII)  # 1,234.50
_DIGITS = re.compile(r"^[+-]?\d{1,18}$", re.ASCII)
# The largest amount a Numeric(10, 2) money column holds.
MAX_MONEY = Decimal("99999999.99")
EARLIEST_MEASUREMENT = date(1900, 1, 1)


def normalise_newlines(text: str) -> str:
    """Line breaks as one newline character, whatever system typed them."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def control_character(text: str, multiline: bool = False) -> str | None:
    """The first control character in ``text`` as U+XXXX, or None when there is none."""
    for match in _CONTROL.finditer(text or ""):
        if not (multiline and match.group() in _MULTILINE_ALLOWED):
            return f"U+{ord(match.group()):04X}"
    return None


def text_problem(text: str, multiline: bool = False) -> str | None:
    """Why ``text`` cannot be stored as typed (a control character), or None."""
    found = control_character(normalise_newlines(text or "") if multiline else text, multiline)
    if found is None:
        return None
    return _("contains a control character (%(code)s); remove it.", code=found)


def number_text(text: str) -> str:
    """A number typed with a decimal comma or grouped thousands, as Python reads it.

    Raises ValueError for anything else: words, exponents, NaN, Infinity, odd digits.
    """
    compact = _GROUPING.sub("", text)
    if _THOUSANDS_DOT.match(compact):
        compact = compact.replace(".", "").replace(",", ".")
    elif _THOUSANDS_COMMA.match(compact):
        compact = compact.replace(",", "")
    elif compact.count(",") == 1 and "." not in compact:
        compact = compact.replace(",", ".")
    if not _NUMBER.match(compact) or len(compact) > 40:
        raise ValueError(_("'%(text)s' is not a number.", text=text[:40]))
    return compact


def read_number(text: str) -> float:
    """A finite number typed as people type them (64.5, 64,5); ValueError otherwise."""
    value = float(number_text(text))
    if not math.isfinite(value):
        raise ValueError(_("'%(text)s' is not a number.", text=text[:40]))
    return value


def read_whole_number(text: str) -> int:
    """A whole number written in digits (no exponent, at most 18 digits); ValueError otherwise."""
    compact = text.strip()
    if not _DIGITS.match(compact):
        raise ValueError(_("'%(text)s' is not a whole number.", text=text[:40]))
    return int(compact)


def read_amount(text: str) -> Decimal:
    """An amount of money with at most two decimals, 0 to MAX_MONEY; ValueError otherwise."""
    try:
        value = Decimal(number_text(text))
    except (ValueError, InvalidOperation):
        raise ValueError(_amount_example()) from None
    problem = amount_problem(value)
    if problem:
        raise ValueError(problem)
    return value.quantize(Decimal("0.01"))


def amount_problem(value: Decimal) -> str | None:
    """Why an amount of money cannot be a cost (negative, too large, fractions of cents)."""
    if not value.is_finite():
        return _amount_example()
    if value < 0:
        return _("A cost cannot be negative.")
    if value > MAX_MONEY or value != value.quantize(Decimal("0.01")):
        return _(
            "Give an amount up to %(most)s with at most two decimals.",
            most=format_decimal(MAX_MONEY, format="0.00"),
        )
    return None


def _amount_example() -> str:
    """How to write an amount, with the reader's decimal mark: 120.50 / 120,50."""
    return _("Give an amount such as %(example)s.", example=format_decimal(120.5, format="0.00"))


def range_problem(value: float, low: float, high: float, unit: str = "") -> str | None:
    """Why ``value`` is outside [low, high] (or not a finite number), or None."""
    if isinstance(value, float) and not math.isfinite(value) or not low <= value <= high:
        low_text, high_text = format_decimal(low), format_decimal(high)
        if unit:
            return _(
                "must be between %(low)s and %(high)s %(unit)s.",
                low=low_text,
                high=high_text,
                unit=unit,
            )
        return _("must be between %(low)s and %(high)s.", low=low_text, high=high_text)
    return None


def measurement_date_problem(when: date, today: date | None = None) -> str | None:
    """Why a measuring cannot have taken place on ``when`` (future, or before 1900), or None."""
    from .i18n.times import local_today

    today = today or local_today()
    if when > today:
        return _(
            "%(day)s is in the future; give the day the measurements were taken.",
            day=when.isoformat(),
        )
    if when < EARLIEST_MEASUREMENT:
        return _(
            "%(day)s is before %(year)s; check the year.",
            day=when.isoformat(),
            year=EARLIEST_MEASUREMENT.year,
        )
    return None
