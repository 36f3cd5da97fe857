"""History entries as people read them: 'hoop: no → yes', 'waist: 64 cm → 66 cm'."""

from decimal import Decimal, InvalidOperation

from ..people.units import show
from ..wording import yes_no

# Fields stored in centimetres, shown in the reader's unit; named without the suffix.
MEASURED = {
    "chest_cm", "waist_cm", "hips_cm", "girth_cm", "inseam_cm", "length_cm", "skirt_length_cm",
    "height", "chest", "underbust", "waist", "high_hip", "hips", "girth", "inseam", "outseam",
    "neck", "head",
}  # fmt: skip
MONEY = {"replacement_cost"}
NONE = "—"


def field_label(key: str) -> str:
    """A stored field name as a word: 'net_layers' → 'net layers', 'waist_cm' → 'waist'."""
    return key.removesuffix("_cm").removesuffix("_id").replace("_", " ")


def value_text(key: str, value, unit: str = "cm") -> str:
    """One logged value as people read it: yes/no, with its unit, '—' when empty."""
    if value is None or value == "":
        return NONE
    if isinstance(value, bool):
        return yes_no(value)
    if key in MEASURED and isinstance(value, int | float):
        return show(value, unit)
    if key in MONEY:
        try:
            return f"{Decimal(str(value)):,.2f}"
        except InvalidOperation:
            return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def change_lines(changes: dict | None, unit: str = "cm") -> list[tuple[str, str, str]]:
    """An event's changes as (field, old, new) words, in the order they were logged."""
    lines = []
    for key, pair in (changes or {}).items():
        pair = list(pair) if isinstance(pair, list | tuple) else [None, pair]
        old, new = (pair + [None, None])[:2]
        lines.append((field_label(key), value_text(key, old, unit), value_text(key, new, unit)))
    return lines
