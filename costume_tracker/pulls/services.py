"""The pull list of a shooting day, and ticking its garments off as pulled.

Everything a day needs is read in a few queries whatever its size: the scenes, their cast,
who wears which copy (``breakdown.wearing``), where each garment is, and the pulls.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, timedelta

from babel.dates import format_date
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..assignments.models import Assignment
from ..breakdown.models import (
    Change,
    Episode,
    Pull,
    Scene,
    SceneCast,
    ShootingDay,
    shooting_day_scene,
)
from ..breakdown.wearing import Wearer, is_ready, wearers
from ..catalog.models import Costume, Garment
from ..extensions import db
from ..i18n.times import local_today, site_zone
from ..i18n.values import shown
from ..lists.models import Location, Site
from ..people.models import Performer

# Order of the list: what is not ready first, then what is left to pull, then what is done.
NOT_READY, TO_PULL, PULLED = 0, 1, 2


@dataclass
class PullGroup:
    """One person wearing one change on the day: the performer or the double, and the copy."""

    change: Change
    performer: Performer
    is_double: bool
    costume: Costume | None
    scenes: list[Scene] = field(default_factory=list)
    lines: list["PullLine"] = field(default_factory=list)


@dataclass
class PullLine:
    """A garment to prepare (or, garment None, a double's missing multiple)."""

    group: PullGroup
    garment: Garment | None
    ready: bool
    reason: str = ""
    where: str = ""
    scenes: list[Scene] = field(default_factory=list)
    pull: Pull | None = None

    @property
    def pulled(self) -> bool:
        return self.pull is not None

    @property
    def rank(self) -> int:
        if not self.ready:
            return NOT_READY
        return PULLED if self.pulled else TO_PULL


@dataclass
class PullList:
    """A shooting day's pull list: groups in scene order, and lines not ready first."""

    day: ShootingDay
    scenes: list[Scene]
    groups: list[PullGroup]
    lines: list[PullLine]

    @property
    def garments(self) -> int:
        return sum(1 for line in self.lines if line.garment is not None)

    @property
    def ready(self) -> int:
        return sum(1 for line in self.lines if line.garment is not None and line.ready)

    @property
    def not_ready(self) -> list[PullLine]:
        return [line for line in self.lines if not line.ready]

    @property
    def pulled(self) -> int:
        return sum(1 for line in self.lines if line.pulled)

    def line_for(self, garment_id: int) -> PullLine | None:
        """The line of that garment, or None when the day does not need it."""
        return next((ln for ln in self.lines if ln.garment and ln.garment.id == garment_id), None)


def day_scenes(day: ShootingDay) -> list[Scene]:
    """The day's scenes in script order (episode, then scene number: 14 < 14A < 15)."""
    return list(
        db.session.scalars(
            select(Scene)
            .join(shooting_day_scene, shooting_day_scene.c.scene_id == Scene.id)
            .join(Episode, Scene.episode_id == Episode.id)
            .where(shooting_day_scene.c.shooting_day_id == day.id)
            .order_by(Episode.number, Scene.number_key, Scene.id)
            .options(
                selectinload(Scene.episode),
                selectinload(Scene.cast).options(
                    selectinload(SceneCast.performer),
                    selectinload(SceneCast.double),
                    selectinload(SceneCast.character),
                    selectinload(SceneCast.change).selectinload(Change.character),
                ),
            )
        )
    )


def pull_list(day: ShootingDay) -> PullList:
    """Everything to prepare for a shooting day: who wears what, where it is, ready or not."""
    scenes = day_scenes(day)
    cast_rows = [row for scene in scenes for row in scene.cast]
    worn = wearers(cast_rows)
    scene_of = {row.id: scene for scene in scenes for row in scene.cast}
    garments = [g for w in worn for g in w.garments]
    places = _places(garments)
    holders = _holders({g.costume_id for g in garments if g.status == "with performer"})
    pulls = {
        p.garment_id: p
        for p in db.session.scalars(
            select(Pull).where(Pull.shooting_day_id == day.id).options(selectinload(Pull.pulled_by))
        )
    }
    groups: dict[tuple, PullGroup] = {}
    lines: dict[object, PullLine] = {}
    for wearer in worn:
        scene = scene_of[wearer.cast.id]
        group = _group(groups, wearer)
        _add_scene(group.scenes, scene)
        if wearer.costume is None:
            _missing_multiple(lines, group, wearer, scene)
            continue
        for garment in wearer.garments:
            line = lines.get(garment.id)
            if line is None:
                ready = is_ready(garment)
                line = PullLine(
                    group, garment, ready, "" if ready else shown(garment.status, "status"),
                    _where(garment, holders, places), pull=pulls.get(garment.id),
                )  # fmt: skip
                lines[garment.id] = line
                group.lines.append(line)
            _add_scene(line.scenes, scene)
    ordered = sorted(lines.values(), key=lambda ln: ln.rank)
    for group in groups.values():
        group.lines.sort(key=lambda ln: ln.rank)
    return PullList(day, scenes, list(groups.values()), ordered)


def _group(groups: dict, wearer: Wearer) -> PullGroup:
    key = (wearer.change.id, wearer.performer.id, wearer.is_double)
    if key not in groups:
        groups[key] = PullGroup(wearer.change, wearer.performer, wearer.is_double, wearer.costume)
    return groups[key]


def _add_scene(scenes: list[Scene], scene: Scene) -> None:
    if scene not in scenes:
        scenes.append(scene)


def _missing_multiple(lines: dict, group: PullGroup, wearer: Wearer, scene: Scene) -> None:
    """A 'not ready' line for a double who has no multiple of the change's costume."""
    key = ("missing", group.change.id, wearer.performer.id)
    line = lines.get(key)
    if line is None:
        hero = wearer.change.costume
        code = (hero.hero.code if hero.hero_id else hero.code) if hero else ""
        reason = _(
            "no multiple of %(costume)s assigned to %(double)s",
            costume=code,
            double=wearer.performer.name,
        )
        line = lines[key] = PullLine(group, None, False, reason)
        group.lines.append(line)
    _add_scene(line.scenes, scene)


def _places(garments: list[Garment]) -> dict[int, Location]:
    """Every garment's location (and its site), in one query for the whole list."""
    ids = {g.location_id for g in garments if g.location_id}
    if not ids:
        return {}
    query = select(Location).where(Location.id.in_(ids)).options(selectinload(Location.site))
    return {location.id: location for location in db.session.scalars(query)}


def _holders(costume_ids: set) -> dict[int, str]:
    """Costume id -> the name of the performer it is with now (an active assignment)."""
    costume_ids.discard(None)
    if not costume_ids:
        return {}
    rows = db.session.execute(
        select(Assignment.costume_id, Performer.name)
        .join(Performer, Assignment.performer_id == Performer.id)
        .where(Assignment.costume_id.in_(costume_ids), Assignment.returned_at.is_(None))
        .order_by(Assignment.starts_on, Assignment.id)
    ).all()
    holders: dict[int, str] = {}
    for costume_id, name in rows:
        holders.setdefault(costume_id, name)
    return holders


def _where(garment: Garment, holders: dict[int, str], places: dict[int, Location]) -> str:
    """Where the garment is now: its rack, with whom, or what it is doing (in laundry)."""
    status = shown(garment.status, "status")
    place = places.get(garment.location_id)
    if garment.status == "with performer":
        name = holders.get(garment.costume_id)
        return _("with %(performer)s", performer=name) if name else status
    if garment.status == "in stock":
        return str(place) if place else status
    if place is not None:
        return _("%(status)s (%(place)s)", status=status, place=str(place))
    return status


def next_shooting_day(site: Site | int | None, today: date | None = None) -> ShootingDay | None:
    """The first shooting day at the site on or after the site's local today."""
    if site is None:
        return None
    if isinstance(site, int):
        site = db.session.get(Site, site)
        if site is None:
            return None
    today = today or local_today(site_zone(site))
    return db.session.scalar(
        select(ShootingDay)
        .where(ShootingDay.site_id == site.id, ShootingDay.shoot_date >= today)
        .order_by(ShootingDay.shoot_date)
        .limit(1)
    )


def shooting_day_on(site_id: int, on: date) -> ShootingDay | None:
    """The shooting day at that site on that date, if there is one."""
    return db.session.scalar(
        select(ShootingDay).where(ShootingDay.site_id == site_id, ShootingDay.shoot_date == on)
    )


def day_name(day: ShootingDay) -> str:
    """A shooting day as messages name it: '4 Dec (Paris)'."""
    when = format_date(day.shoot_date, "d MMM", locale=str(get_locale() or "en"))
    return _("%(date)s (%(site)s)", date=when, site=day.site.name)


def upcoming_days(site_id: int | None = None, limit: int = 30) -> list[ShootingDay]:
    """Shooting days from each site's own today on, soonest first, at most ``limit``."""
    # No site's today is earlier than yesterday in UTC: read from there, then trim per site.
    earliest = local_today(UTC) - timedelta(days=1)
    query = (
        select(ShootingDay)
        .where(ShootingDay.shoot_date >= earliest)
        .order_by(ShootingDay.shoot_date, ShootingDay.site_id)
        .options(selectinload(ShootingDay.site))
        .limit(limit + 10)
    )
    if site_id:
        query = query.where(ShootingDay.site_id == site_id)
    days = db.session.scalars(query).all()
    return [d for d in days if d.shoot_date >= local_today(site_zone(d.site))][:limit]
