"""Stored codes as people read them, in their language.

Statuses, categories, conditions, kinds and field names stay stable English codes in the
database and in CSV; only their display goes through here. Templates use the ``shown``
filter (``{{ g.status|shown('status') }}``); Python code calls ``shown(code, 'status')``.
An unknown code is shown as stored, so nothing breaks when a list grows.
"""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

VALUES = {
    "status": {
        "in stock": _l("in stock"),
        "with performer": _l("with performer"),
        "at fitting": _l("at fitting"),
        "in alterations": _l("in alterations"),
        "in laundry": _l("in laundry"),
        "in repair": _l("in repair"),
        "in transit": _l("in transit"),
        "retired": _l("retired"),
        "lost": _l("lost"),
    },
    "category": {
        "tutu": _l("tutu"),
        "bodice": _l("bodice"),
        "leotard": _l("leotard"),
        "tights": _l("tights"),
        "skirt": _l("skirt"),
        "dress": _l("dress"),
        "jacket": _l("jacket"),
        "trousers": _l("trousers"),
        "shirt": _l("shirt"),
        "headpiece": _l("headpiece"),
        "shoes": _l("shoes"),
        "accessory": _l("accessory"),
        "other": lazy_pgettext("category", "other"),
    },
    "condition": {
        "new": _l("new"),
        "good": _l("good"),
        "fair": _l("fair"),
        "worn": _l("worn"),
        "needs repair": _l("needs repair"),
    },
    "tutu_style": {
        "classical pancake": _l("classical pancake"),
        "platter": _l("platter"),
        "bell": _l("bell"),
        "romantic": _l("romantic"),
        "powder-puff": _l("powder-puff"),
    },
    "location_kind": {
        "room": _l("room"),
        "rack": _l("rack"),
        "bin": _l("bin"),
        "shelf": _l("shelf"),
        "other": lazy_pgettext("location kind", "other"),
    },
    "role": {
        "viewer": _l("viewer"),
        "wardrobe": _l("wardrobe"),
        "admin": _l("admin"),
    },
    "performer_kind": {
        "principal": _l("principal"),
        "soloist": _l("soloist"),
        "corps": _l("corps"),
        "actor": _l("actor"),
        "double": _l("double"),
        "stand-in": _l("stand-in"),
    },
    "event_kind": {
        "create": _l("created"),
        "edit": _l("edited"),
        "status": _l("status"),
        "location": _l("location"),
        "costume": lazy_pgettext("event kind", "costume"),  # "costume(s)" is a count elsewhere
        "photo": _l("photo"),
        "retire": _l("retired"),
        "import": _l("import"),
        "assignment": _l("assignment"),
        "return": _l("return"),
        "repair": _l("repair"),
        "note": _l("note"),
        "alteration": _l("alteration"),
        "measurement": _l("measurement"),
        "pulled": lazy_pgettext("event kind", "pulled"),
        "fitting": lazy_pgettext("event kind", "fitting"),
        "continuity": lazy_pgettext("event kind", "continuity"),
    },
    # Measurement and garment field names (stored without unit suffix where measured).
    "field": {
        "height": _l("height"),
        "chest": _l("chest"),
        "underbust": _l("underbust"),
        "waist": _l("waist"),
        "high_hip": _l("high hip"),
        "hips": _l("hips"),
        "girth": _l("girth"),
        "inseam": _l("inseam"),
        "outseam": _l("outseam"),
        "neck": _l("neck"),
        "head": _l("head"),
        "length": _l("length"),
        "skirt_length": _l("skirt length"),
        "shoe_size": _l("shoe size"),
    },
    "unit": {
        "cm": _l("centimetres"),
        "in": _l("inches"),
    },
    "locale": {
        "": _l("as my browser says"),
        "en": "English",
        "fr": "Français",
    },
    # Yes/no cells of report pages (the CSV keeps yes and no).
    "yes_no": {
        "yes": _l("yes"),
        "no": _l("no"),
    },
    "csv_dialect": {
        "en": _l("Standard CSV (comma, English headers)"),
        "fr": _l("French spreadsheet (semicolon, decimal comma, French headers)"),
    },
}


def shown(code, kind: str) -> str:
    """The display of a stored code of ``kind`` in the reader's language."""
    if code is None:
        return ""
    label = VALUES.get(kind, {}).get(code)
    return str(label) if label is not None else str(code)


def choices(kind: str, codes=None) -> list[tuple[str, str]]:
    """(code, display) pairs for a select, in the order given (or the table's order)."""
    table = VALUES[kind]
    return [(code, shown(code, kind)) for code in (codes if codes is not None else table)]
