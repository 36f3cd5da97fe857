"""History entries as people read them: 'hoop: no → yes', 'waist: 64 cm → 66 cm'.

Field names and stored codes (statuses, categories…) are shown in the reader's language;
names, notes and other typed text are shown as written.
"""

from decimal import Decimal, InvalidOperation

from flask_babel import format_decimal, lazy_pgettext
from flask_babel import lazy_gettext as _l

from ..i18n.times import decimal_symbol, show_number
from ..i18n.values import shown
from ..people.units import show
from ..wording import yes_no

# Fields stored in centimetres, shown in the reader's unit; named without the suffix.
MEASURED = {
    "chest_cm", "waist_cm", "hips_cm", "girth_cm", "inseam_cm", "length_cm", "skirt_length_cm",
    "height", "chest", "underbust", "waist", "high_hip", "hips", "girth", "inseam", "outseam",
    "neck", "head",
}  # fmt: skip
MONEY = {"replacement_cost"}
# Fields whose values are stored codes, and the vocabulary that shows them.
CODED = {
    "status": "status",
    "category": "category",
    "condition": "condition",
    "tutu_style": "tutu_style",
    "kind": "performer_kind",
}
NONE = "—"
# Fields history names (as logged: linked records without "_id", lengths without "_cm").
FIELD_NAMES = {
    "name": _l("name"),
    "category": _l("category"),
    # In context: "costume(s)" and "production(s)" are counts elsewhere.
    "costume": lazy_pgettext("field", "costume"),
    "production": lazy_pgettext("field", "production"),
    "colour": _l("colour"),
    "fabric": _l("fabric"),
    "size_label": _l("size label"),
    "home_site": _l("home site"),
    "location": _l("location"),
    "status": _l("status"),
    "condition": _l("condition"),
    "care_notes": _l("care notes"),
    "replacement_cost": _l("replacement cost"),
    "notes": _l("notes"),
    "net_layers": _l("net layers"),
    "tutu_style": _l("tutu style"),
    "hoop": _l("hoop"),
    "net_type": _l("net type"),
    "look": _l("look"),
    "character": _l("character"),
    "characters": _l("characters"),
    "hero": _l("hero"),
    "shared": _l("shared"),
    "retired": _l("retired"),
    "kind": _l("kind"),
    "company_site": _l("company site"),
    "doubles_for": _l("doubles for"),
}


def english_label(key: str) -> str:
    """A stored field name as the English word history summaries were written with."""
    return key.removesuffix("_cm").removesuffix("_id").replace("_", " ")


def field_label(key: str) -> str:
    """A stored field name as a word: 'net_layers' → 'net layers', 'waist_cm' → 'waist'."""
    bare = key.removesuffix("_cm").removesuffix("_id")
    name = FIELD_NAMES.get(bare)
    if name is not None:
        return str(name)
    label = shown(bare, "field")
    return english_label(key) if label == bare else label


def money_text(value) -> str:
    """An amount with two decimals, written the reader's way: '1,200.50' / '1 200,50'."""
    try:
        return format_decimal(Decimal(str(value)), format="#,##0.00")
    except InvalidOperation:
        return str(value)


def value_text(key: str, value, unit: str = "cm") -> str:
    """One logged value as people read it: yes/no, with its unit, '—' when empty."""
    if value is None or value == "":
        return NONE
    if isinstance(value, bool):
        return yes_no(value)
    if key in MEASURED and isinstance(value, int | float):
        return show(value, unit).replace(".", decimal_symbol())
    if key in MONEY:
        return money_text(value)
    if key in CODED and isinstance(value, str):
        return shown(value, CODED[key])
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else show_number(value)
    return str(value)


def change_lines(changes: dict | None, unit: str = "cm") -> list[tuple[str, str, str]]:
    """An event's changes as (field, old, new) words, in the order they were logged."""
    lines = []
    for key, pair in (changes or {}).items():
        pair = list(pair) if isinstance(pair, list | tuple) else [None, pair]
        old, new = (pair + [None, None])[:2]
        lines.append((field_label(key), value_text(key, old, unit), value_text(key, new, unit)))
    return lines
