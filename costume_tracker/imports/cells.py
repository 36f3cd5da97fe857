"""Cell values read as the export writes them; each refusal is a CellError with a reason."""

import math
import re
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import inputs
from ..i18n.times import decimal_symbol
from ..people.units import from_unit, to_unit

YES = ("yes", "y", "true", "oui")
NO = ("no", "n", "false", "non")
_CODE = re.compile(r"^([A-Z])-?([0-9]{1,9})$")
# What a choice column holds, as its refusal names it.
CHOICE_NAMES = {
    "category": _l("category"),
    "tutu style": _l("tutu style"),
    "condition": _l("condition"),
    "kind": _l("kind"),
}


# Reading a `;`-separated file (a French spreadsheet's), where a comma is always the
# decimal sign: "1,250" is 1.25 there, while in a `,` file it can only be 1250 (quoted).
_DECIMAL_COMMA: ContextVar[bool] = ContextVar("decimal_comma", default=False)
_COMMA_DECIMAL = re.compile(r"^[+-]?[0-9]+,[0-9]+$")


class CellError(ValueError):
    """A cell cannot be read; the message is the reason shown to the user."""


@contextmanager
def decimal_comma(on: bool):
    """Within the block, a single comma between digits is read as the decimal sign."""
    token = _DECIMAL_COMMA.set(on)
    try:
        yield
    finally:
        _DECIMAL_COMMA.reset(token)


def number_text(text: str) -> str:
    """A number typed with a decimal comma or grouped thousands, as Python reads it."""
    if _DECIMAL_COMMA.get() and _COMMA_DECIMAL.match(text.strip()):
        return text.strip().replace(",", ".")
    try:
        return inputs.number_text(text)
    except ValueError:
        raise CellError(_("'%(text)s' is not a number.", text=text)) from None


def read_float(text: str, low: float | None = None, high: float | None = None) -> float | None:
    """A decimal number within [low, high], or None for a blank cell."""
    if not text:
        return None
    value = float(number_text(text))
    if not math.isfinite(value):
        raise CellError(_("'%(text)s' is not a number.", text=text))
    _check_range(value, low, high, text)
    return value


def read_length(text: str, unit: str, low: float, high: float) -> float | None:
    """A length in the column's unit (cm or in), converted to centimetres and range-checked."""
    value = read_float(text)
    if value is None:
        return None
    cm = from_unit(value, unit)
    if not low <= cm <= high:
        raise CellError(
            _(
                "%(text)s %(unit)s is out of range: it must be between %(low)s and "
                "%(high)s %(unit)s.",
                text=text,
                unit=unit,
                low=_short(to_unit(low, unit)),
                high=_short(to_unit(high, unit)),
            )
        )
    return cm


def _short(value: float) -> str:
    """A limit as a person writes it: '300', '118.11' ('118,11' in French)."""
    return format(value, "g").replace(".", decimal_symbol())


def read_int(text: str, low: int | None = None, high: int | None = None) -> int | None:
    """A whole number within [low, high], or None for a blank cell."""
    value = read_float(text)
    if value is None:
        return None
    if value != int(value):
        raise CellError(_("'%(text)s' is not a whole number.", text=text))
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
        raise CellError(_("'%(text)s' is not an amount.", text=text)) from None
    if value < 0:
        raise CellError(_("'%(text)s' is negative; a cost cannot be.", text=text))
    if value > high or value != value.quantize(Decimal("0.01")):
        raise CellError(
            _(
                "'%(text)s' is not an amount with at most two decimals up to %(high)s.",
                text=text,
                high=high,
            )
        )
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
    raise CellError(_("'%(text)s' is not yes or no.", text=text))


def read_choice(text: str, choices: tuple[str, ...], what: str) -> str | None:
    """One of the allowed values in any letter case, None for a blank cell."""
    if not text:
        return None
    lowered = " ".join(text.lower().split())
    for choice in choices:
        if choice.lower() == lowered:
            return choice
    raise CellError(
        _(
            "Unknown %(what)s '%(text)s'; use one of: %(choices)s.",
            what=CHOICE_NAMES.get(what, what),
            text=text,
            choices=", ".join(choices),
        )
    )


def read_date(text: str) -> date | None:
    """An ISO date (2026-11-24), None for a blank cell."""
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10] if "T" in text else text)
    except ValueError:
        raise CellError(_("'%(text)s' is not a date; write it as YYYY-MM-DD.", text=text)) from None


def read_text(text: str, max_length: int | None, multiline: bool = False) -> str:
    """Free text, refused when longer than the database keeps or with a control character.

    Tabs and line breaks are text in multi-line notes; anywhere else they are refused too.
    """
    if max_length is not None and len(text) > max_length:
        raise CellError(
            _(
                "Too long: %(length)s characters, at most %(limit)s.",
                length=len(text),
                limit=max_length,
            )
        )
    problem = inputs.text_problem(text, multiline)
    if problem:
        raise CellError(_("The text %(problem)s", problem=problem))
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
        raise CellError(
            _("'%(text)s' is not a costume ID such as C-12.", text=text)
            if letter == "C"
            else _("'%(text)s' is not a performer ID such as P-12.", text=text)
        )
    return int(match.group(2))


def _check_range(value, low, high, text: str) -> None:
    if low is not None and value < low or high is not None and value > high:
        raise CellError(
            _(
                "%(text)s is out of range: it must be between %(low)s and %(high)s.",
                text=text,
                low=low,
                high=high,
            )
        )


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
