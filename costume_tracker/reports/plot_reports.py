"""The change plot (character x scene -> change) of an episode, and the day-out-of-days."""

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, exists, false, select

from ..breakdown.models import Change, Episode, Scene, SceneCast
from ..breakdown.plot import (
    dood_changes_select,
    dood_dates,
    dood_range,
    dood_rows,
    episode_scenes,
    find_episode,
    plot_characters_select,
    plot_rows,
)
from ..extensions import db
from ..lists.models import Character
from .core import Report, ReportContext
from .filters import ReportFilters

PLOT_COLUMNS = ("Character", "Performer", "Double")
DOOD_COLUMNS = ("Costume ID", "Costume", "Hero ID", "Character", "Change", "Worn by")
NEEDED = "X"  # a day the costume is needed


def scene_header(number: str) -> str:
    """A scene's column: 'Sc. 14A' (the French file writes 'Séq. 14A')."""
    return f"Sc. {number}"


def change_plot_headers(context: ReportContext, filters: ReportFilters) -> tuple[str, ...]:
    """The character columns, then one column per scene of the episode, in script order."""
    episode = _episode(filters)
    scenes = episode_scenes(episode.id) if episode else []
    return PLOT_COLUMNS + tuple(scene_header(s.number) for s in scenes)


def _episode(filters: ReportFilters) -> Episode | None:
    """The episode asked for; a page without one shows the first with a cast (the command
    line asks for one)."""
    if filters.episode is not None:
        return find_episode(filters.episode)
    cast = select(SceneCast.id).join(Scene).where(Scene.episode_id == Episode.id)
    return db.session.scalar(select(Episode).where(exists(cast)).order_by(Episode.number).limit(1))


def change_plot_select(filters: ReportFilters) -> Select:
    """The characters of the episode; none when there is no episode at all."""
    episode = _episode(filters)
    if episode is None:
        return select(Character).where(false())
    return plot_characters_select(episode.number)


def change_plot_rows(
    characters: Sequence[Character], context: ReportContext, filters: ReportFilters
) -> list[list]:
    """One row per character: who plays them, then the change worn in each scene."""
    episode = _episode(filters)
    if episode is None or not characters:
        return []
    rows = plot_rows(episode.id, episode_scenes(episode.id), list(characters))
    return [
        [
            row.character.name,
            "; ".join(p.name for p in row.performers),
            "; ".join(p.name for p in row.doubles),
            *row.numbers,
        ]
        for row in rows
    ]


def dood_headers(context: ReportContext, filters: ReportFilters) -> tuple[str, ...]:
    """The costume columns, one column per shooting date (2026-12-03), then the total."""
    since, until = dood_range(filters.since, filters.until)
    days = dood_dates(filters.site, since, until)
    return DOOD_COLUMNS + tuple(d.isoformat() for d in days) + ("Days",)


def dood_select(filters: ReportFilters) -> Select:
    """The changes worn on the shooting days asked for."""
    since, until = dood_range(filters.since, filters.until)
    return dood_changes_select(filters.site, since, until)


def dood_report_rows(
    changes: Sequence[Change], context: ReportContext, filters: ReportFilters
) -> list[list]:
    """One row per costume copy worn in a change: X on each day it is needed, and the total."""
    since, until = dood_range(filters.since, filters.until)
    days = dood_dates(filters.site, since, until)
    rows = []
    for row in dood_rows(list(changes), filters.site, since, until):
        c = row.costume
        values = [
            c.code, c.name, f"C-{c.hero_id}" if c.hero_id else "", row.change.character.name,
            row.change.number, "; ".join(p.name for p in row.worn_by),
        ]  # fmt: skip
        values += [NEEDED if d in row.dates else "" for d in days]
        rows.append(values + [len(row.dates)])
    return rows


REPORTS = (
    Report(
        name="change-plot",
        title=_l("Change plot"),
        description=_l(
            "An episode's characters, who plays them and their doubles, and the change "
            "each wears in every scene (blank: not in the scene; ?: no change chosen yet). "
            "Without an episode, the first with a cast."
        ),
        filters={"episode": None},
        headers=change_plot_headers,
        select=change_plot_select,
        rows=change_plot_rows,
        by_filters=True,
        required=("episode",),
    ),
    Report(
        name="day-out-of-days",
        title=_l("Day-out-of-days"),
        description=_l(
            "Each costume worn in a change, and the shooting days it is needed on "
            "(a double's multiple on its own row), with the number of days. "
            "Without dates: the shooting days from today on."
        ),
        filters={"site": None, "since": None, "until": None},
        headers=dood_headers,
        select=dood_select,
        rows=dood_report_rows,
        by_filters=True,
    ),
)
