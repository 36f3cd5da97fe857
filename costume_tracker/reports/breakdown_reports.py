"""The breakdown as a CSV file: the same file the breakdown import reads.

One row per scene and character (a scene without cast has one row with a blank character),
in episode then scene order, so exporting and importing the file back changes nothing.
"""

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload, selectinload

from ..breakdown.models import Change, Episode, Scene, SceneCast, ShootingDay
from ..lists.models import Character
from .catalog_reports import code
from .core import Report, ReportContext
from .filters import ReportFilters

# The import contract: these headers, in this order, in the standard CSV.
BREAKDOWN_COLUMNS = (
    "episode", "scene", "set", "story_day", "int_ext", "description", "character",
    "production", "performer", "double", "change", "costume", "shooting_days",
)  # fmt: skip
# Between the shooting days of one cell: "2026-12-03 Paris; 2026-12-04 Paris".
DAY_SEPARATOR = "; "


def breakdown_headers(context: ReportContext) -> tuple[str, ...]:
    """The breakdown file's columns (the French spreadsheet names them in French)."""
    return BREAKDOWN_COLUMNS


def breakdown_select(filters: ReportFilters) -> Select:
    """Every scene with each of its cast rows (or none), in episode then scene order."""
    query = (
        select(Scene, SceneCast)
        .join(Episode, Episode.id == Scene.episode_id)
        .outerjoin(SceneCast, SceneCast.scene_id == Scene.id)
        .options(
            joinedload(Scene.episode).joinedload(Episode.production),
            selectinload(Scene.shooting_days).joinedload(ShootingDay.site),
            joinedload(SceneCast.character).joinedload(Character.production),
            joinedload(SceneCast.performer),
            joinedload(SceneCast.double),
            joinedload(SceneCast.change).joinedload(Change.costume),
        )
    )
    if filters.episode:
        query = query.where(Episode.number == filters.episode)
    return query.order_by(Episode.number, Scene.number_key, Scene.id, SceneCast.id)


def story_day_cell(code_: str, context: ReportContext) -> str:
    """D3 in the standard file; J3 in the French spreadsheet (the import reads both)."""
    if context.dialect == "fr" and code_.startswith("D"):
        return "J" + code_[1:]
    return code_


def days_cell(scene: Scene) -> str:
    """'2026-12-03 Paris; 2026-12-04 Paris': each shooting day's date and site."""
    days = sorted(scene.shooting_days, key=lambda day: (day.shoot_date, day.site.name))
    return DAY_SEPARATOR.join(f"{day.shoot_date.isoformat()} {day.site.name}" for day in days)


def breakdown_rows(units: Sequence, context: ReportContext) -> list[list]:
    """One row per scene and character under BREAKDOWN_COLUMNS."""
    rows = []
    for scene, row in units:
        values = [
            scene.episode.number, scene.number, scene.set_name,
            story_day_cell(scene.story_day, context), scene.int_ext, scene.description,
        ]  # fmt: skip
        if row is None:
            values.extend(["", "", "", "", "", ""])
        else:
            change = row.change
            values.extend([
                row.character.name, row.character.production.name,
                code("P", row.performer_id), code("P", row.double_id),
                change.number if change else "", code("C", change.costume_id if change else None),
            ])  # fmt: skip
        values.append(days_cell(scene))
        rows.append(values)
    return rows


REPORTS = (
    Report(
        name="breakdown",
        title=_l("Script breakdown"),
        description=_l(
            "Every scene with its set, story day and shooting days, and each character in "
            "it with performer, double, change and costume: the file the breakdown import "
            "reads back."
        ),
        filters={"episode": None},
        headers=breakdown_headers,
        select=breakdown_select,
        rows=breakdown_rows,
        scalar=False,
    ),
)
