"""What an event says, in the reader's language.

Events keep the English ``summary`` they were written with (the database speaks one
language, and events written before translation have nothing else). A page reads it back
through ``event_line``: a summary the app wrote itself is recognised by its shape and said
again in the reader's language, with the names, codes, file names and notes it holds kept as
written. Anything else (a retire reason, an alteration as someone typed it, demo text) is
shown as it was written.
"""

import re
from contextlib import suppress
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..i18n.times import show_day
from .readable import NONE, english_label, field_label, value_text

ROW = r"(?P<file>.+) \(row (?P<row>\d+)\)"
DAY = r"(?P<day>\d{4}-\d{2}-\d{2})"
# A fitting's history line: booked, moved, cancelled or done, its slot, room, site and costumes.
FITTING_LINES = (
    (
        "Fitting booked",
        _l("Fitting booked: %(at)s, %(minutes)s min%(room)s, %(site)s (%(what)s)%(notes)s"),
    ),
    (
        "Fitting moved",
        _l("Fitting moved: %(at)s, %(minutes)s min%(room)s, %(site)s (%(what)s)%(notes)s"),
    ),
    (
        "Fitting cancelled",
        _l("Fitting cancelled: %(at)s, %(minutes)s min%(room)s, %(site)s (%(what)s)%(notes)s"),
    ),
    (
        "Fitting done",
        _l("Fitting done: %(at)s, %(minutes)s min%(room)s, %(site)s (%(what)s)%(notes)s"),
    ),
)
# (event kinds, the English as stored, the line as read); the first that matches is used.
LINES = (
    (("create",), r"Catalogued (?P<tag>\S+)", _l("Catalogued %(tag)s")),
    (("create",), r"Created costume (?P<name>.+)", _l("Created costume %(name)s")),
    (
        ("create",),
        r"Made as a multiple of (?P<hero>C-\d+), a copy of (?P<tag>\S+)",
        _l("Made as a multiple of %(hero)s, a copy of %(tag)s"),
    ),
    (("create",), r"Made as a multiple of (?P<hero>C-\d+)", _l("Made as a multiple of %(hero)s")),
    (("create",), r"Added (?P<name>.+)", _l("Added %(name)s")),
    (
        ("costume",),
        r"Moved from (?P<old>.+) \((?P<code>C-\d+)\) to (?P<name>.+)",
        _l("Moved from %(old)s (%(code)s) to %(name)s"),
    ),
    (("costume",), r"Undo: put back in (?P<name>.+)", _l("Undo: put back in %(name)s")),
    (("costume",), r"Undo: (?P<tag>\S+) put back", _l("Undo: %(tag)s put back")),
    (("costume",), r"Added to (?P<name>.+)", _l("Added to %(name)s")),
    (("costume",), r"Removed from (?P<name>.+)", _l("Removed from %(name)s")),
    (("costume",), r"(?P<tag>\S+) added", _l("%(tag)s added")),
    (("costume",), r"(?P<tag>\S+) removed", _l("%(tag)s removed")),
    (
        ("costume",),
        r"(?P<tag>\S+) moved to (?P<name>.+) \((?P<code>C-\d+)\)",
        _l("%(tag)s moved to %(name)s (%(code)s)"),
    ),
    (("photo",), r"Photo added \((?P<file>.*)\)", _l("Photo added (%(file)s)")),
    (
        ("import",),
        rf"Catalogued (?P<tag>\S+) by import of {ROW}",
        _l("Catalogued %(tag)s by import of %(file)s (row %(row)s)"),
    ),
    (
        ("import",),
        rf"Updated by import of {ROW}",
        _l("Updated by import of %(file)s (row %(row)s)"),
    ),
    (
        ("import",),
        rf"Created by import of {ROW}",
        _l("Created by import of %(file)s (row %(row)s)"),
    ),
    (("import",), rf"Added by import of {ROW}", _l("Added by import of %(file)s (row %(row)s)")),
    (("import",), r"Loaded with the demo wardrobe", _l("Loaded with the demo wardrobe")),
    (
        ("measurement",),
        rf"Measured on {DAY} \(import of {ROW}\)",
        _l("Measured on %(day)s (import of %(file)s, row %(row)s)"),
    ),
    (("measurement",), rf"Measured on {DAY}", _l("Measured on %(day)s")),
    (
        ("assignment",),
        r"(?P<costume>C-\d+ .+) assigned to (?P<performer>.+)",
        _l("%(costume)s assigned to %(performer)s"),
    ),
    (
        ("return",),
        r"(?P<costume>C-\d+ .+?) returned by (?P<performer>.+?) \((?P<note>.*)\)",
        _l("%(costume)s returned by %(performer)s (%(note)s)"),
    ),
    (
        ("return",),
        r"(?P<costume>C-\d+ .+?) returned by (?P<performer>.+)",
        _l("%(costume)s returned by %(performer)s"),
    ),
    (
        ("alteration",),
        r"To mirror from (?P<code>C-\d+): (?P<text>.*)",
        _l("To mirror from %(code)s: %(text)s"),
    ),
    (("alteration",), r"Mirrored: (?P<text>.*)", _l("Mirrored: %(text)s")),
    # Alteration tasks moving through the workroom queue (assignments/alterations.py).
    (("alteration",), r"To do: (?P<text>.*)", _l("Alteration to do: %(text)s")),
    (("alteration",), r"Doing: (?P<text>.*)", _l("Alteration in progress: %(text)s")),
    (("alteration",), r"Done: (?P<text>.*)", _l("Alteration done: %(text)s")),
    (("alteration",), r"Back to do: (?P<text>.*)", _l("Alteration back to do: %(text)s")),
    (("alteration",), r"Edited: (?P<text>.*)", _l("Alteration task edited: %(text)s")),
    # Pulls for a shooting day, fittings, continuity and the breakdown.
    (("pulled",), rf"Pulled for {DAY} \((?P<site>.+)\)", _l("Pulled for %(day)s (%(site)s)")),
    (
        ("pulled",),
        rf"No longer pulled for {DAY} \((?P<site>.+)\)",
        _l("No longer pulled for %(day)s (%(site)s)"),
    ),
    *(
        (
            ("fitting",),
            rf"{english}: (?P<at>{DAY} \d\d:\d\d \S+), (?P<minutes>\d+) min(?P<room>, .+?)? "
            rf"at (?P<site>[^(]+) \((?P<what>.*?)\)(?P<notes>: .*)?",
            line,
        )
        for english, line in FITTING_LINES
    ),
    (
        ("continuity",),
        r"Continuity photo \((?P<kind>[^)]+)\) of change (?P<number>\S+)(?P<where>.*)",
        _l("Continuity photo (%(kind)s) of change %(number)s%(where)s"),
    ),
    (
        ("continuity",),
        r"Continuity note on change (?P<number>\S+?)(?P<where> \S+)?: (?P<text>.*)",
        _l("Continuity note on change %(number)s%(where)s: %(text)s"),
    ),
    (
        ("edit",),
        r"Scene (?P<scene>\S+): (?P<character>.+?), change (?P<number>\S+)",
        _l("Scene %(scene)s: %(character)s, change %(number)s"),
    ),
    (
        ("edit",),
        r"Change (?P<number>\S+) of (?P<character>.+): (?P<code>C-\d+)",
        _l("Change %(number)s of %(character)s: %(code)s"),
    ),
    (
        ("import",),
        rf"Hero costume of (?P<character>.+)'s change (?P<number>\S+), by import of {ROW}",
        _l(
            "Hero costume of %(character)s’s change %(number)s, by import of %(file)s (row %(row)s)"
        ),
    ),
)
PATTERNS = tuple((kinds, re.compile(english, re.DOTALL), line) for kinds, english, line in LINES)
# Field names as edit summaries list them, back to the field.
EDITED = "Edited "


def event_line(event, unit: str = "cm") -> str:
    """The event's summary in the reader's language (typed text kept as written)."""
    summary = event.summary or ""
    if event.kind in ("status", "location"):
        line = _moves_line(summary, event.changes or {}, unit)
        if line is not None and getattr(event, "undoes_id", None):
            return _("Undo: %(change)s", change=line)
        if line is not None:
            return line
    if event.kind == "edit" and summary.startswith(EDITED):
        return _edit_line(summary.removeprefix(EDITED), event.changes or {})
    for kinds, pattern, line in PATTERNS:
        if event.kind in kinds:
            match = pattern.fullmatch(summary)
            if match:
                return str(line) % _values(match.groupdict())
    return summary


def _values(groups: dict) -> dict:
    values = {key: value or "" for key, value in groups.items()}
    if values.get("kind") in ("front", "back", "side", "detail", "on set"):
        from ..breakdown.continuity import kind_label

        values["kind"] = kind_label(values["kind"])
    if values.get("day"):
        with suppress(ValueError):
            values["day"] = show_day(date.fromisoformat(values["day"]))
    return values


def _moves_line(summary: str, changes: dict, unit: str) -> str | None:
    """'status in stock → in laundry; location Paris · Rack A4 → —', plus a note as typed."""
    pairs = [(key, *_pair(value)) for key, value in changes.items()]
    english = "; ".join(f"{key} {old or NONE} → {new or NONE}" for key, old, new in pairs)
    if not pairs or not (summary == english or summary.startswith(english + " · ")):
        return None
    line = "; ".join(
        _("%(field)s %(old)s → %(new)s", field=field_label(key),
          old=value_text(key, old, unit), new=value_text(key, new, unit))
        for key, old, new in pairs
    )  # fmt: skip
    return line + summary[len(english) :]


def _pair(value) -> tuple:
    pair = list(value) if isinstance(value, list | tuple) else [None, value]
    return tuple((pair + [None, None])[:2])


def _edit_line(rest: str, changes: dict) -> str:
    """'Edited colour, waist' with the fields named in the reader's language; else a name."""
    by_word = {english_label(key): key for key in changes}
    words = rest.split(", ")
    if changes and all(word in by_word for word in words):
        return _("Edited %(fields)s", fields=", ".join(field_label(by_word[w]) for w in words))
    return _("Edited %(name)s", name=rest)
