"""The two CSV dialects: the standard file (the import contract) and the French spreadsheet.

The standard dialect writes ``,`` separators, dot decimals, ``yes``/``no`` and the stable
English headers of :mod:`.columns`. The French spreadsheet dialect writes what French
Excel and LibreOffice open as columns: ``;`` separators, decimal commas (``61,5``),
``oui``/``non`` and French headers, and a "local time" column beside each UTC time. Both
keep stored codes (statuses, categories) as codes and dates as ISO ``2026-12-02``, and
the importer reads both back.

French headers are fixed: they are rendered in French whatever the reader's language, so
a French file made by anyone imports for everyone.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from decimal import Decimal
from functools import cache
from typing import Any

from flask_babel import force_locale, pgettext

from .csvfile import text


@dataclass(frozen=True)
class Dialect:
    """How one CSV flavour writes separators, numbers and yes/no."""

    code: str
    delimiter: str
    decimal: str
    yes: str
    no: str


DIALECTS = {
    "en": Dialect("en", ",", ".", "yes", "no"),
    "fr": Dialect("fr", ";", ",", "oui", "non"),
}
# Columns holding a UTC instant; the French dialect adds a local-time column beside each.
TIMESTAMP_COLUMNS = ("Status since", "Last cleaned", "Last repaired", "Out since", "When")
LOCAL_TIME_SUFFIX = " (local time)"
_LENGTH = re.compile(r"^(.+) \((cm|in)\)$")
_DOUBLE = re.compile(r"^Double ([0-9]+)( wears)?$")
_SCENE = re.compile(r"^Sc\. (\S+)$")  # a change plot's scene column: "Sc. 14A"


def dialect(code: str | None) -> Dialect:
    """The dialect called ``code`` ("en" or "fr"); anything else is the standard one."""
    return DIALECTS.get(code or "en", DIALECTS["en"])


def cell(value: Any, chosen: Dialect) -> str:
    """A value as the dialect writes it: decimal comma and oui/non in French."""
    if chosen.code == "en":
        return text(value)
    if isinstance(value, bool):
        return chosen.yes if value else chosen.no
    written = text(value)
    if isinstance(value, float | Decimal):
        return written.replace(".", chosen.decimal)
    return written


def local_time(value: Any, zone: tzinfo | None) -> str:
    """A UTC instant in ``zone``, with its abbreviation: '2026-12-02 15:05 CET'."""
    if not isinstance(value, datetime):
        return ""
    local = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(zone or UTC)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


def with_local_times(headers: tuple[str, ...]) -> tuple[str, ...]:
    """The headers with 'X (local time)' right after each UTC time column X."""
    out: list[str] = []
    for header in headers:
        out.append(header)
        if header in TIMESTAMP_COLUMNS:
            out.append(header + LOCAL_TIME_SUFFIX)
    return tuple(out)


def _breakdown_header_names():
    """The breakdown file's headers (lower case, the import contract) and their French names.

    Listed first in :func:`_header_names`, so a header also spelt in title case elsewhere
    ("Character", "Episode") reads back as that one; the importer matches any case.
    """
    return {
        "episode": pgettext("csv header", "episode"),
        "scene": pgettext("csv header", "scene"),
        "set": pgettext("csv header", "set"),
        "story_day": pgettext("csv header", "story_day"),
        "int_ext": pgettext("csv header", "int_ext"),
        "description": pgettext("csv header", "description"),
        "character": pgettext("csv header", "character"),
        "production": pgettext("csv header", "production"),
        "performer": pgettext("csv header", "performer"),
        "double": pgettext("csv header", "double"),
        "change": pgettext("csv header", "change"),
        "costume": pgettext("csv header", "costume"),
        "shooting_days": pgettext("csv header", "shooting_days"),
    }


def _header_names():
    """Every header's French name; pybabel extracts them from here (context 'csv header')."""
    return {
        **_breakdown_header_names(),
        # The pull list's own columns.
        "Ready": pgettext("csv header", "Ready"),
        "Reason": pgettext("csv header", "Reason"),
        "Scenes": pgettext("csv header", "Scenes"),
        "Wearer": pgettext("csv header", "Wearer"),
        "Performer or double": pgettext("csv header", "Performer or double"),
        "Where": pgettext("csv header", "Where"),
        "Pulled": pgettext("csv header", "Pulled"),
        "Tag": pgettext("csv header", "Tag"),
        "Name": pgettext("csv header", "Name"),
        "Category": pgettext("csv header", "Category"),
        "Costume ID": pgettext("csv header", "Costume ID"),
        "Costume": pgettext("csv header", "Costume"),
        "Production": pgettext("csv header", "Production"),
        "Colour": pgettext("csv header", "Colour"),
        "Fabric": pgettext("csv header", "Fabric"),
        "Size": pgettext("csv header", "Size"),
        "Chest": pgettext("csv header", "Chest"),
        "Waist": pgettext("csv header", "Waist"),
        "Hips": pgettext("csv header", "Hips"),
        "Girth": pgettext("csv header", "Girth"),
        "Inseam": pgettext("csv header", "Inseam"),
        "Length": pgettext("csv header", "Length"),
        "Tutu style": pgettext("csv header", "Tutu style"),
        "Net layers": pgettext("csv header", "Net layers"),
        "Hoop": pgettext("csv header", "Hoop"),
        "Net type": pgettext("csv header", "Net type"),
        "Skirt length": pgettext("csv header", "Skirt length"),
        "Home site": pgettext("csv header", "Home site"),
        "Location": pgettext("csv header", "Location"),
        "Status": pgettext("csv header", "Status"),
        "Status since": pgettext("csv header", "Status since"),
        "Condition": pgettext("csv header", "Condition"),
        "Care notes": pgettext("csv header", "Care notes"),
        "Replacement cost": pgettext("csv header", "Replacement cost"),
        "Notes": pgettext("csv header", "Notes"),
        "Current wearer": pgettext("csv header", "Current wearer"),
        "Character": pgettext("csv header", "Character"),
        "Look": pgettext("csv header", "Look"),
        "Hero ID": pgettext("csv header", "Hero ID"),
        "Shared": pgettext("csv header", "Shared"),
        "Retired": pgettext("csv header", "Retired"),
        "Garments": pgettext("csv header", "Garments"),
        "Performer ID": pgettext("csv header", "Performer ID"),
        "Company": pgettext("csv header", "Company"),
        "Kind": pgettext("csv header", "Kind"),
        "Characters": pgettext("csv header", "Characters"),
        "Doubles for": pgettext("csv header", "Doubles for"),
        "Measured on": pgettext("csv header", "Measured on"),
        "Height": pgettext("csv header", "Height"),
        "Underbust": pgettext("csv header", "Underbust"),
        "High hip": pgettext("csv header", "High hip"),
        "Outseam": pgettext("csv header", "Outseam"),
        "Neck": pgettext("csv header", "Neck"),
        "Head": pgettext("csv header", "Head"),
        "Shoe size": pgettext("csv header", "Shoe size"),
        "Last cleaned": pgettext("csv header", "Last cleaned"),
        "Last repaired": pgettext("csv header", "Last repaired"),
        "With / where": pgettext("csv header", "With / where"),
        "Out since": pgettext("csv header", "Out since"),
        "Days out": pgettext("csv header", "Days out"),
        "Due on": pgettext("csv header", "Due on"),
        "Overdue": pgettext("csv header", "Overdue"),
        "When": pgettext("csv header", "When"),
        "By": pgettext("csv header", "By"),
        "Garment": pgettext("csv header", "Garment"),
        "Performer": pgettext("csv header", "Performer"),
        "Summary": pgettext("csv header", "Summary"),
        "Changes": pgettext("csv header", "Changes"),
        "Episodes / scenes": pgettext("csv header", "Episodes / scenes"),
        "Starts on": pgettext("csv header", "Starts on"),
        "Returned on": pgettext("csv header", "Returned on"),
        "Principal ID": pgettext("csv header", "Principal ID"),
        "Principal": pgettext("csv header", "Principal"),
        "Double ID": pgettext("csv header", "Double ID"),
        "Double": pgettext("csv header", "Double"),
        "Multiple ID": pgettext("csv header", "Multiple ID"),
        "Multiple": pgettext("csv header", "Multiple"),
        "Coverage": pgettext("csv header", "Coverage"),
        "Missing": pgettext("csv header", "Missing"),
        **_plot_header_names(),
    }


def _plot_header_names():
    """Headers of the change plot, the day-out-of-days and doubles by scene."""
    return {
        "Episode": pgettext("csv header", "Episode"),
        "Scene": pgettext("csv header", "Scene"),
        "Shooting days": pgettext("csv header", "Shooting days"),
        "Change": pgettext("csv header", "Change"),
        "Worn by": pgettext("csv header", "Worn by"),
        "Days": pgettext("csv header", "Days"),
    }


def header_in_language(header: str) -> str:
    """An English header in the current language (a French page, a French file)."""
    if header.endswith(LOCAL_TIME_SUFFIX):
        base = header_in_language(header.removesuffix(LOCAL_TIME_SUFFIX))
        return pgettext("csv header", "%(column)s (local time)", column=base)
    double = _DOUBLE.match(header)
    if double:
        if double.group(2):
            return pgettext("csv header", "Double %(n)s wears", n=double.group(1))
        return pgettext("csv header", "Double %(n)s", n=double.group(1))
    scene = _SCENE.match(header)
    if scene:
        return pgettext("csv header", "Sc. %(scene)s", scene=scene.group(1))
    length = _LENGTH.match(header)
    if length and length.group(1) in _header_names():
        return f"{_header_names()[length.group(1)]} ({length.group(2)})"
    return _header_names().get(header, header)


@cache
def french_header(header: str) -> str:
    """The stable French name of an English header, whatever the reader's language."""
    with force_locale("fr"):
        return header_in_language(header)


def headers_for(headers: tuple[str, ...], chosen: Dialect) -> list[str]:
    """The header line as the dialect writes it."""
    if chosen.code == "en":
        return list(headers)
    return [french_header(h) for h in headers]


def header_key(header: str) -> str:
    """A header as matching compares it: lower case, one kind of apostrophe and space."""
    return " ".join(header.replace("\u2019", "'").replace("\u00a0", " ").lower().split())


@cache
def _known() -> dict[str, tuple[str, bool]]:
    """Header keys in both languages -> (English header, written in French)."""
    with force_locale("fr"):
        names = {english: str(french) for english, french in _header_names().items()}
    known = {header_key(french): (english, True) for english, french in names.items()}
    known.update({header_key(english): (english, False) for english in names})
    return known


@cache
def _local_suffixes() -> tuple[tuple[str, bool], ...]:
    """The local-time suffix as a key, in French and in English."""
    french = header_key(french_header("X" + LOCAL_TIME_SUFFIX)).removeprefix("x")
    return ((french, True), (header_key(LOCAL_TIME_SUFFIX), False))


def english_header(header: str) -> tuple[str, bool]:
    """The English header that a header in either language stands for, and if it was French.

    Any letter case; lengths keep their unit ('Tour de poitrine (cm)' -> 'Chest (cm)'),
    local-time columns their suffix. A header in neither language comes back as it was.
    """
    key, suffix, local_french = header_key(header), "", False
    for ending, french in _local_suffixes():
        if key.endswith(ending) and key != ending:
            key, suffix, local_french = key.removesuffix(ending).strip(), LOCAL_TIME_SUFFIX, french
            break
    known = _known()
    if key in known:
        english, french = known[key]
        return english + suffix, french or local_french
    length = _LENGTH.match(key)
    if length and length.group(1) in known:
        english, french = known[length.group(1)]
        return f"{english} ({length.group(2)}){suffix}", french or local_french
    return header, False
