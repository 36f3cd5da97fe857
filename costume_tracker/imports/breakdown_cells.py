"""Cells of a breakdown file read as the export writes them; each refusal is a CellError."""

import re
from datetime import date

from flask_babel import gettext as _

from ..breakdown.models import INT_EXT
from ..breakdown.services import read_number, read_story_day
from ..reports.breakdown_reports import DAY_SEPARATOR
from . import cells
from .base import lower, named_site, unknown_code
from .cells import CellError

_PERFORMER_CODE = re.compile(r"^P-?([0-9]{1,9})$")
EPISODES = (1, 99)


def read_episode(text: str) -> int:
    """An episode's number, 1 to 99 (the episode is created when missing)."""
    if not text:
        raise CellError(_("Required: the episode's number, 1 to 99."))
    return cells.read_int(text.upper().removeprefix("EP").strip(" .-"), *EPISODES)


def read_scene(text: str) -> str:
    """A scene number as stored: digits and up to two letters, upper-cased (14, 14A)."""
    if not text:
        raise CellError(_("Required: the scene's number, such as 14 or 14A."))
    number = read_number(text)
    if number is None:
        raise CellError(_("'%(text)s' is not a scene number such as 14 or 14A.", text=text))
    return number


def read_change(text: str) -> str | None:
    """A change number as stored (1, 2, 2A), None for a blank cell."""
    if not text:
        return None
    number = read_number(text)
    if number is None:
        raise CellError(_("'%(text)s' is not a change number such as 1, 2 or 2A.", text=text))
    return number


def read_day(text: str) -> str:
    """A story day as stored: D3 or N2 (J3, the French way of writing D3, is read as D3)."""
    code = read_story_day(text)
    if code is None:
        raise CellError(
            _("'%(text)s' is not a story day such as D3 or N2 (J3 is read as D3).", text=text)
        )
    return code


def read_int_ext(text: str) -> str:
    """INT, EXT or INT/EXT in any letter case; a blank cell is INT."""
    compact = text.upper().replace(" ", "").replace("-", "/")
    if not compact:
        return "INT"
    if compact not in INT_EXT:
        raise CellError(
            _("'%(text)s' is not INT, EXT or INT/EXT.", text=text),
        )
    return compact


def read_days(text: str, sites: dict) -> tuple[tuple[date, int], ...]:
    """'2026-12-03 Paris; 2026-12-04 NY' as (date, site id) pairs, in date order."""
    days = set()
    for part in text.split(DAY_SEPARATOR.strip()):
        part = " ".join(part.split())
        if not part:
            continue
        when, _space, where = part.partition(" ")
        try:
            on = date.fromisoformat(when)
        except ValueError:
            on = None
        if on is None or not where:
            raise CellError(
                _(
                    "'%(text)s' is not a shooting day: write a date and a site, such as "
                    "2026-12-03 Paris, and separate days with ;.",
                    text=part,
                )
            )
        days.add((on, named_site(sites, where)))
    return tuple(sorted(days))


def find_performer(text: str, by_id: dict, by_name: dict) -> int | None:
    """The performer a cell names by code (P-7) or full name; None for a blank cell."""
    if not text:
        return None
    match = _PERFORMER_CODE.match(text.upper().replace(" ", ""))
    if match:
        number = int(match.group(1))
        if number not in by_id:
            raise CellError(unknown_code("performer", f"P-{number}"))
        return number
    named = by_name.get(lower(text), [])
    if len(named) > 1:
        codes = ", ".join(p.code for p in named)
        raise CellError(
            _(
                "Several performers are called '%(name)s'; write the ID of the one you mean: "
                "%(codes)s.",
                name=text,
                codes=codes,
            )
        )
    if not named:
        raise CellError(
            _(
                "Unknown performer '%(name)s'; write a performer ID such as P-7 or their "
                "full name.",
                name=text,
            )
        )
    return named[0].id


def find_costume(text: str, costumes: dict) -> int | None:
    """The hero costume a cell names (C-12); a multiple or a retired costume is refused."""
    number = cells.read_code(text, "C", "costume")
    if number is None:
        return None
    costume = costumes.get(number)
    if costume is None:
        raise CellError(unknown_code("costume", f"C-{number}"))
    if costume.hero_id is not None:
        raise CellError(
            _(
                "%(code)s is a multiple of %(hero)s; a change names the hero costume %(hero)s.",
                code=costume.code,
                hero=costume.hero.code,
            )
        )
    if costume.retired:
        raise CellError(_("%(code)s is retired.", code=costume.code))
    return number
