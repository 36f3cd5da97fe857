"""Cell values read as the export writes them; each refusal is a CellError with a reason."""

import math
import re
from datetime import date
from decimal import Decimal, InvalidOperation

from .. import inputs
from ..people.units import from_unit, to_unit

YES = ("yes", "y", "true", "oui")
NO = ("no", "n", "false", "non")
_CODE = re.compile(r"^([A-Z])-?([0-9]{1,9})$")


class CellError(ValueError):
    """A cell cannot be read; the message is the reason shown to the user."""


def number_text(text: str) -> str:
    """A number typed with a decimal comma or grouped thousands, as Python reads it."""
    try:
        return inputs.number_text(text)
    except ValueError:
        raise CellError(f"'{text}' is not a number.") from None


def read_float(text: str, low: float | None = None, high: float | None = None) -> float | None:
    """A decimal number within [low, high], or None for a blank cell."""
    if not text:
        return None
    value = float(number_text(text))
    if not math.isfinite(value):
        raise CellError(f"'{text}' is not a number.")
    _check_range(value, low, high, text)
    return value


def read_length(text: str, unit: str, low: float, high: float) -> float | None:
    """A length in the column's unit (cm or in), converted to centimetres and range-checked."""
    value = read_float(text)
    if value is None:
        return None
    cm = from_unit(value, unit)
    if not low <= cm <= high:
        limits = f"{to_unit(low, unit):g} and {to_unit(high, unit):g} {unit}"
        raise CellError(f"{text} {unit} is out of range: it must be between {limits}.")
    return cm


def read_int(text: str, low: int | None = None, high: int | None = None) -> int | None:
    """A whole number within [low, high], or None for a blank cell."""
    value = read_float(text)
    if value is None:
        return None
    if value != int(value):
        raise CellError(f"'{text}' is not a whole number.")
    _check_range(int(value), low, high, text)
    return int(value)


def read_money(text: str, high: Decimal = inputs.MAX_MONEY) -> Decimal | None:
    """An amount of money, not negative, with at most two decimals (a currency sign is fine)."""
    cleaned = text.strip("€$£ \u00a0").removesuffix("EUR").removesuffix("USD").strip()
    if not cleaned:
        return None
    try:
        value = Decimal(number_text(cleaned))
    except InvalidOperation:
        raise CellError(f"'{text}' is not an amount.") from None
    if value < 0:
        raise CellError(f"'{text}' is negative; a cost cannot be.")
    if value > high or value != value.quantize(Decimal("0.01")):
        raise CellError(f"'{text}' is not an amount with at most two decimals up to {high}.")
    return value.quantize(Decimal("0.01"))


def read_yes_no(text: str) -> bool | None:
    """yes or no (any case), None for a blank cell."""
    if not text:
        return None
    lowered = text.lower()
    if lowered in YES:
        return True
    if lowered in NO:
        return False
    raise CellError(f"'{text}' is not yes or no.")


def read_choice(text: str, choices: tuple[str, ...], what: str) -> str | None:
    """One of the allowed values in any letter case, None for a blank cell."""
    if not text:
        return None
    lowered = " ".join(text.lower().split())
    for choice in choices:
        if choice.lower() == lowered:
            return choice
    raise CellError(f"Unknown {what} '{text}'; use one of: {', '.join(choices)}.")


def read_date(text: str) -> date | None:
    """An ISO date (2026-11-24), None for a blank cell."""
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10] if "T" in text else text)
    except ValueError:
        raise CellError(f"'{text}' is not a date; write it as YYYY-MM-DD.") from None


def read_text(text: str, max_length: int | None, multiline: bool = False) -> str:
    """Free text, refused when longer than the database keeps or with a control character.

    Tabs and line breaks are text in multi-line notes; anywhere else they are refused too.
    """
    if max_length is not None and len(text) > max_length:
        raise CellError(f"Too long: {len(text)} characters, at most {max_length}.")
    problem = inputs.text_problem(text, multiline)
    if problem:
        raise CellError(f"The text {problem}")
    return text


def read_code(text: str, letter: str, what: str) -> int | None:
    """The number of a code such as C-12 or P-7 (C12 and 12 are read too), None when blank."""
    if not text:
        return None
    compact = text.upper().replace(" ", "")
    if compact.isascii() and compact.isdigit() and len(compact) <= 9:
        return int(compact)
    match = _CODE.match(compact)
    if match is None or match.group(1) != letter:
        raise CellError(f"'{text}' is not a {what} ID such as {letter}-12.")
    return int(match.group(2))


def _check_range(value, low, high, text: str) -> None:
    if low is not None and value < low or high is not None and value > high:
        raise CellError(f"{text} is out of range: it must be between {low} and {high}.")


def same_length(old_cm: float | None, new_cm: float | None, unit: str) -> bool:
    """True when two lengths read the same on a tape in ``unit`` (what the export shows)."""
    return to_unit(old_cm, unit) == to_unit(new_cm, unit)


def show(value) -> str:
    """A value as the preview and history show it."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
