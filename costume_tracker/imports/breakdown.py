"""Breakdown import: one row per scene and character, scenes keyed on episode and number.

The scenes of the file are created or updated, the cast of each is replaced by the file's
rows, changes and shooting days are created as needed, and each scene is linked to the
shooting days its rows list. A column the file lacks keeps what is stored (the cast columns
are required: the file says who is in each scene).
"""

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..breakdown.models import Change, Episode, Scene, SceneCast, ShootingDay
from ..catalog.models import Costume
from ..extensions import db
from ..lists.models import Character, Production, Site
from ..people.models import Performer
from ..reports.breakdown_reports import BREAKDOWN_COLUMNS, DAY_SEPARATOR
from . import breakdown_cells as read
from . import cells
from .base import (
    ABSENT,
    INVALID,
    FileSpec,
    Importer,
    RowReader,
    by_lower_name,
    lower,
    named_production,
    text_limit,
)
from .breakdown_plan import BreakdownPlanner
from .breakdown_write import write_breakdown
from .results import ImportIssue, ImportPreview, RowPlan

SPEC = FileSpec(
    kind="breakdown",
    key="scene",
    columns=BREAKDOWN_COLUMNS,
    required=("episode", "scene", "character", "performer", "double", "change"),
)
# Scene columns -> Scene fields: every row of a scene must agree on them.
SCENE_FIELDS = {"set": "set_name", "story_day": "story_day", "int_ext": "int_ext",
                "description": "description"}  # fmt: skip


@dataclass
class BreakdownRow:
    """One row's values as read; ABSENT for a missing column, INVALID for a refused cell."""

    episode: Any
    scene: Any
    fields: dict[str, Any] = field(default_factory=dict)  # Scene field -> value
    days: Any = ABSENT  # ((date, site id), …)
    character_id: Any = None
    performer_id: Any = None
    double_id: Any = None
    change: Any = None  # a change number
    costume_id: Any = ABSENT


class BreakdownImporter(Importer):
    """Plan a breakdown file row by row, check the rows of each scene together, write it all."""

    spec = SPEC

    def prepare(self, rows: list[RowReader]) -> None:
        """Episodes, the file's scenes with cast and days, lists, performers, costumes."""
        self.episodes = {e.number: e for e in db.session.scalars(select(Episode))}
        self.productions = by_lower_name(db.session.scalars(select(Production)))
        query = select(Character).options(selectinload(Character.production))
        self.characters = {c.id: c for c in db.session.scalars(query)}
        self.character_named = {(c.production_id, lower(c.name)): c
                                for c in self.characters.values()}  # fmt: skip
        sites = db.session.scalars(select(Site)).all()
        self.sites = by_lower_name(sites) | by_lower_name(sites, "code")
        self.site_names = {s.id: s.name for s in sites}
        self.performers = {p.id: p for p in db.session.scalars(select(Performer))}
        self.performer_named: dict[str, list[Performer]] = {}
        for performer in self.performers.values():
            self.performer_named.setdefault(lower(performer.name), []).append(performer)
        self.costumes = {c.id: c for c in db.session.scalars(select(Costume))}
        self.changes = {(c.character_id, c.number): c for c in db.session.scalars(select(Change))}
        days = db.session.scalars(select(ShootingDay))
        self.days = {(d.shoot_date, d.site_id): d for d in days}
        query = (
            select(Scene)
            .join(Episode)
            .options(
                selectinload(Scene.cast).selectinload(SceneCast.change),
                selectinload(Scene.shooting_days),
            )
        )
        self.scenes = {(s.episode.number, s.number): s for s in db.session.scalars(query)}
        self.planner = BreakdownPlanner(self)

    def plan(self, row: RowReader) -> RowPlan:
        """The row's values, each refused cell named; what it changes is known once all are read."""
        values = BreakdownRow(
            episode=row.read("episode", read.read_episode),
            scene=row.read("scene", read.read_scene),
        )
        for column, name in SCENE_FIELDS.items():
            parse = {"story_day": read.read_day, "int_ext": read.read_int_ext}.get(column)
            if parse is None:
                value = row.read(column, cells.read_text, text_limit(Scene, name))
            else:
                value = row.read(column, parse)
            if value is not ABSENT and value is not INVALID:
                values.fields[name] = value
        values.days = row.read("shooting_days", read.read_days, self.sites)
        values.character_id = self._character(row, values.episode)
        values.performer_id = row.read("performer", self._performer)
        values.double_id = row.read("double", self._performer)
        self._check_double(row, values)
        values.change = row.read("change", read.read_change)
        values.costume_id = row.read("costume", read.find_costume, self.costumes)
        if values.costume_id not in (None, ABSENT, INVALID) and values.change is None:
            row.issue("costume", _("Fill in change: a costume is worn as a character's change."))
        key = f"{values.episode}/{values.scene}"
        name = row.text("character")
        return RowPlan(row.number, "unchanged", key, name, values={"row": values})

    def _performer(self, text: str) -> int | None:
        return read.find_performer(text, self.performers, self.performer_named)

    def _character(self, row: RowReader, episode) -> Any:
        """The character named in the production column, else in the episode's production."""
        name = row.text("character")
        if not name:
            return None
        try:
            production_id = named_production(self.productions, row.text("production"))
        except cells.CellError as error:
            row.issue("production", str(error))
            return INVALID
        if production_id is None and isinstance(episode, int) and episode in self.episodes:
            production_id = self.episodes[episode].production_id
        if production_id is None:
            row.issue(
                "production",
                _(
                    "Episode %(number)s has no production: fill in whose character %(name)s is.",
                    number=episode if isinstance(episode, int) else "?",
                    name=name,
                ),
            )
            return INVALID
        character = self.character_named.get((production_id, lower(name)))
        if character is None:
            production = next(p for p in self.productions.values() if p.id == production_id)
            row.issue(
                "character",
                _(
                    "Unknown character '%(name)s' in %(production)s; add it under Lists first.",
                    name=name,
                    production=production.name,
                ),
            )
            return INVALID
        return character.id

    def _check_double(self, row: RowReader, values: BreakdownRow) -> None:
        """A double works in the scene for the performer they double for."""
        double_id, performer_id = values.double_id, values.performer_id
        if double_id in (None, ABSENT, INVALID) or performer_id is INVALID:
            return
        double = self.performers[double_id]
        if performer_id in (None, ABSENT):
            row.issue(
                "double",
                _("Choose the performer first: %(double)s doubles for them.", double=double.name),
            )
        elif double.doubles_for_id != performer_id:
            row.issue(
                "double",
                _(
                    "%(double)s does not double for %(performer)s.",
                    double=double.name,
                    performer=self.performers[performer_id].name,
                ),
            )

    def check_together(self, plans: list[RowPlan]) -> list[ImportIssue]:
        """Rows of one scene agree, a character once per scene, one costume per change."""
        return self.planner.check(plans)

    def finish(self, preview: ImportPreview) -> None:
        """What each row changes, the cast rows removed, and what is created, as lines."""
        self.planner.finish(preview)

    def write(self, plans: list[RowPlan], user, filename: str) -> None:
        """Create and update episodes, scenes, changes, shooting days and cast, all at once."""
        write_breakdown(self, self.planner, user, filename)

    def days_text(self, days) -> str:
        """Shooting days as the file writes them."""
        return DAY_SEPARATOR.join(f"{on.isoformat()} {self.site_names[s]}" for on, s in days)
