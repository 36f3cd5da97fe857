"""Doubles by scene: where a double works in a scene, their multiple of the change's costume.

For every scene cast row with a double and a change, the double must have a copy of the
change's costume (a multiple of its hero) actively assigned to them. A row is covered, or
a gap that says what would close it: a free multiple to assign, or one to make. Rows come
by shooting day, upcoming days first, and load in a fixed number of queries.
"""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import Select, and_, case, exists, func, select
from sqlalchemy.orm import aliased, contains_eager, joinedload

from ..breakdown.models import Change, Episode, Scene, SceneCast, ShootingDay, shooting_day_scene
from ..breakdown.wearing import wearers
from ..catalog.models import Costume
from ..extensions import db
from ..i18n.times import local_today
from ..lists.models import Character
from ..people.models import Performer
from .models import Assignment

SCENE_DOUBLE_STATES = ("covered", "gap")


def _group(costume) -> object:
    return func.coalesce(costume.hero_id, costume.id)


def _days(site: int | None, scene_id, *where):
    query = (
        select(ShootingDay.shoot_date)
        .join(shooting_day_scene, shooting_day_scene.c.shooting_day_id == ShootingDay.id)
        .where(shooting_day_scene.c.scene_id == scene_id, *where)
    )
    return query.where(ShootingDay.site_id == site) if site else query


def _rows(production: int | None, site: int | None):
    """Cast rows where a double works in a change with a costume, and 'the double is covered'."""
    named, worn, worn_costume = aliased(Costume), aliased(Assignment), aliased(Costume)
    query = (
        select(SceneCast)
        .join(Scene, Scene.id == SceneCast.scene_id)
        .join(Episode, Episode.id == Scene.episode_id)
        .join(Character, Character.id == SceneCast.character_id)
        .join(Change, Change.id == SceneCast.change_id)
        .join(named, named.id == Change.costume_id)
        .where(SceneCast.double_id.is_not(None))
    )
    if production:
        query = query.where(Character.production_id == production)
    if site:
        query = query.where(exists(_days(site, Scene.id).with_only_columns(ShootingDay.id)))
    covered = exists(
        select(worn.id)
        .join(worn_costume, worn_costume.id == worn.costume_id)
        .where(
            and_(worn.performer_id == SceneCast.double_id, worn.returned_at.is_(None)),
            _group(worn_costume) == _group(named),
        )
    )
    return query, covered, named


def scene_doubles_select(
    production: int | None = None,
    site: int | None = None,
    status: str = "",
    today: date | None = None,
    gaps_first: bool = False,
) -> Select:
    """Scene cast rows where a double works in a change with a costume, upcoming days first.

    Then scenes not scheduled yet, then scenes already shot (the latest first). ``site``
    keeps scenes shot at that site; ``production`` the characters of that production;
    ``status`` covered or gap; ``gaps_first`` puts every gap before the covered rows.
    """
    today = today or local_today()
    query, covered, named = _rows(production, site)
    if status == "covered":
        query = query.where(covered)
    elif status == "gap":
        query = query.where(~covered)
    upcoming = _days(site, Scene.id, ShootingDay.shoot_date >= today)
    next_day = upcoming.with_only_columns(func.min(ShootingDay.shoot_date)).scalar_subquery()
    past = _days(site, Scene.id, ShootingDay.shoot_date < today)
    last_day = past.with_only_columns(func.max(ShootingDay.shoot_date)).scalar_subquery()
    order = [case((covered, 1), else_=0)] if gaps_first else []
    return query.order_by(
        *order, next_day.is_(None), next_day, last_day.is_not(None), last_day.desc(),
        Episode.number, Scene.number_key, Character.name_key, SceneCast.id,
    ).options(
        # Joined already: read from the same row. Performer and double: one join each.
        contains_eager(SceneCast.scene).contains_eager(Scene.episode),
        contains_eager(SceneCast.character),
        contains_eager(SceneCast.change).contains_eager(Change.costume.of_type(named)),
        joinedload(SceneCast.performer), joinedload(SceneCast.double),
    )  # fmt: skip


def scene_doubles_counts(production: int | None = None, site: int | None = None):
    """(gaps, covered): how many rows of doubles by scene are each."""
    query, covered, _named = _rows(production, site)
    rows = query.with_only_columns(SceneCast.id, covered.label("covered")).subquery()
    total, done = db.session.execute(
        select(func.count(), func.coalesce(func.sum(case((rows.c.covered, 1), else_=0)), 0))
    ).one()
    return total - done, done


@dataclass
class SceneDouble:
    """A double working in a scene in a change: the multiple they wear, or the gap."""

    cast: SceneCast
    double: Performer
    costume: Costume  # the change's costume, as the change names it
    multiple: Costume | None  # the copy assigned to the double
    days: list[date] = field(default_factory=list)
    free: list[Costume] = field(default_factory=list)  # copies nobody wears

    @property
    def scene(self) -> Scene:
        return self.cast.scene

    @property
    def change(self) -> Change:
        return self.cast.change

    @property
    def covered(self) -> bool:
        return self.multiple is not None

    @property
    def missing(self) -> str:
        """What is missing, in words, as the CSV writes it."""
        if self.covered:
            return ""
        codes = ", ".join(c.code for c in self.free)
        if self.free:
            return (
                f"no multiple of {self.costume.code} assigned to {self.double.name}; "
                f"free: {codes} (assign it)"
            )
        return f"no multiple of {self.costume.code} assigned to {self.double.name}: make one"

    @property
    def missing_text(self) -> str:
        """What is missing, in the reader's language."""
        if self.covered:
            return ""
        values = {"code": self.costume.code, "name": self.double.name}
        if self.free:
            return _(
                "no multiple of %(code)s assigned to %(name)s; %(free)s is free: assign it",
                free=", ".join(c.code for c in self.free),
                **values,
            )
        return _("no multiple of %(code)s assigned to %(name)s: one must be made", **values)


def _scene_days(scene_ids: set[int], site: int | None) -> dict[int, list[date]]:
    query = (
        select(shooting_day_scene.c.scene_id, ShootingDay.shoot_date)
        .join(ShootingDay, ShootingDay.id == shooting_day_scene.c.shooting_day_id)
        .where(shooting_day_scene.c.scene_id.in_(scene_ids))
        .order_by(ShootingDay.shoot_date)
    )
    if site:
        query = query.where(ShootingDay.site_id == site)
    days: dict[int, list[date]] = {}
    for scene_id, day in db.session.execute(query):
        days.setdefault(scene_id, []).append(day)
    return days


def _free_copies(groups: set[int]) -> dict[int, list[Costume]]:
    """Copies of each group (by hero id) not retired and actively assigned to nobody."""
    busy = select(Assignment.costume_id).where(Assignment.returned_at.is_(None))
    copies = db.session.scalars(
        select(Costume)
        .where(_group(Costume).in_(groups), ~Costume.retired, Costume.id.not_in(busy))
        .order_by(Costume.id)
    )
    free: dict[int, list[Costume]] = {}
    for copy in copies:
        free.setdefault(copy.hero_id or copy.id, []).append(copy)
    return free


def scene_double_statuses(cast_rows, site: int | None = None) -> list[SceneDouble]:
    """For each cast row (loaded by :func:`scene_doubles_select`), the double's coverage."""
    cast_rows = list(cast_rows)
    if not cast_rows:
        return []
    worn = wearers(cast_rows)
    by_performer = {w.cast.id: w.costume for w in worn if not w.is_double}
    doubles = {w.cast.id: w for w in worn if w.is_double}
    groups = {c.change.costume.hero_id or c.change.costume_id for c in cast_rows}
    free = _free_copies(groups)
    days = _scene_days({c.scene_id for c in cast_rows}, site)
    result = []
    for cast in cast_rows:
        wearer, named = doubles.get(cast.id), cast.change.costume
        multiple = wearer.costume if wearer else None
        spare = [] if multiple else free.get(named.hero_id or named.id, [])
        own = by_performer.get(cast.id)  # the copy the scene's performer wears
        spare = [c for c in spare if own is None or c.id != own.id]
        result.append(
            SceneDouble(cast, cast.double, named, multiple, days.get(cast.scene_id, []), spare)
        )
    return result


# How many rows the coverage page lists (gaps first); the report has them all.
PAGE_ROWS = 200


@dataclass
class ByScene:
    """The coverage page's "By scene" section: the first gaps and covered rows, and counts."""

    gaps: list[SceneDouble]
    covered: list[SceneDouble]
    gap_count: int
    covered_count: int


def by_scene(production: int | None = None, site: int | None = None) -> ByScene:
    """Gaps then covered rows of doubles by scene, for the coverage page."""
    query = scene_doubles_select(production, site, gaps_first=True).limit(PAGE_ROWS)
    found = scene_double_statuses(db.session.scalars(query).unique().all(), site)
    gaps, covered = scene_doubles_counts(production, site)
    return ByScene(
        [s for s in found if not s.covered], [s for s in found if s.covered], gaps, covered
    )
