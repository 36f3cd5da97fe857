"""What the breakdown pages show, each loaded in a few queries (no query per row)."""

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..catalog.models import Garment
from ..extensions import db
from ..i18n.times import local_today, site_zone
from ..lists.models import Location, Site
from ..people.models import Performer
from .models import Change, Episode, Scene, SceneCast, ShootingDay
from .wearing import wearers

CAST_LOAD = (
    selectinload(SceneCast.character),
    selectinload(SceneCast.performer).selectinload(Performer.doubles),
    selectinload(SceneCast.double),
    selectinload(SceneCast.change).selectinload(Change.costume),
)
GARMENT_PLACE = (
    selectinload(Garment.location).selectinload(Location.site),
    selectinload(Garment.home_site),
)


def episodes_with_counts() -> list[tuple[Episode, int]]:
    """Every episode in order, with its ballet and how many scenes it has."""
    counts = dict(
        db.session.execute(select(Scene.episode_id, func.count()).group_by(Scene.episode_id)).all()
    )
    episodes = db.session.scalars(
        select(Episode).order_by(Episode.number).options(selectinload(Episode.production))
    ).all()
    return [(episode, counts.get(episode.id, 0)) for episode in episodes]


def _day_load():
    return selectinload(ShootingDay.scenes).selectinload(Scene.episode)


def next_days_by_site(limit: int = 3) -> list[tuple[Site, list[ShootingDay]]]:
    """Each site's next shooting days from today there."""
    result = []
    for site in db.session.scalars(select(Site).order_by(Site.name_key)):
        days = db.session.scalars(
            select(ShootingDay)
            .where(
                ShootingDay.site_id == site.id,
                ShootingDay.shoot_date >= local_today(site_zone(site)),
            )
            .order_by(ShootingDay.shoot_date)
            .limit(limit)
            .options(_day_load())
        ).all()
        result.append((site, days))
    return result


def shooting_days_by_site() -> list[tuple[Site, list[ShootingDay], list[ShootingDay]]]:
    """Each site with its upcoming shooting days (soonest first) and past ones (latest first)."""
    days = db.session.scalars(
        select(ShootingDay).order_by(ShootingDay.shoot_date).options(_day_load())
    ).all()
    result = []
    for site in db.session.scalars(select(Site).order_by(Site.name_key)):
        today = local_today(site_zone(site))
        mine = [d for d in days if d.site_id == site.id]
        upcoming = [d for d in mine if d.shoot_date >= today]
        past = [d for d in reversed(mine) if d.shoot_date < today]
        result.append((site, upcoming, past))
    return result


def episode_scenes(episode: Episode) -> list[Scene]:
    """The episode's scenes in number order, with their cast, changes and shooting days."""
    return db.session.scalars(
        select(Scene)
        .where(Scene.episode_id == episode.id)
        .order_by(Scene.number_key)
        .options(
            selectinload(Scene.cast).selectinload(SceneCast.character),
            selectinload(Scene.cast).selectinload(SceneCast.change),
            selectinload(Scene.shooting_days).selectinload(ShootingDay.site),
        )
    ).all()


def scene_cast(scene: Scene) -> list[SceneCast]:
    """The scene's cast rows with performer, their doubles, the double working and change."""
    return db.session.scalars(
        select(SceneCast)
        .where(SceneCast.scene_id == scene.id)
        .order_by(SceneCast.id)
        .options(*CAST_LOAD)
    ).all()


def wearers_by_row(rows: list[SceneCast]) -> dict[tuple[int, bool], object]:
    """(cast id, is double) -> who wears which copy, for the rows given."""
    found = wearers(rows)
    places = [g.id for w in found for g in w.garments]
    if places:  # where each garment is, in one query
        db.session.scalars(select(Garment).where(Garment.id.in_(places)).options(*GARMENT_PLACE))
    return {(w.cast.id, w.is_double): w for w in found}


def changes_of(character_ids: set[int]) -> dict[int, list[Change]]:
    """Character id -> their changes in number order."""
    result: dict[int, list[Change]] = {i: [] for i in character_ids}
    if character_ids:
        for change in db.session.scalars(
            select(Change).where(Change.character_id.in_(character_ids)).order_by(Change.number_key)
        ):
            result[change.character_id].append(change)
    return result


def character_changes(character_id: int) -> list[Change]:
    """A character's changes in number order, each with its costume and the scenes worn."""
    return db.session.scalars(
        select(Change)
        .where(Change.character_id == character_id)
        .order_by(Change.number_key)
        .options(
            selectinload(Change.costume),
            selectinload(Change.worn_in).selectinload(SceneCast.scene).selectinload(Scene.episode),
        )
    ).all()


def worn_in(change: Change) -> list[SceneCast]:
    """The cast rows wearing the change, in script order, with their shooting days."""
    return db.session.scalars(
        select(SceneCast)
        .join(Scene, SceneCast.scene_id == Scene.id)
        .join(Episode, Scene.episode_id == Episode.id)
        .where(SceneCast.change_id == change.id)
        .order_by(Episode.number, Scene.number_key)
        .options(
            *CAST_LOAD,
            selectinload(SceneCast.scene).selectinload(Scene.episode),
            selectinload(SceneCast.scene)
            .selectinload(Scene.shooting_days)
            .selectinload(ShootingDay.site),
        )
    ).all()


def hero_garments(change: Change) -> list[Garment]:
    """The hero costume's garments with where each is."""
    if change.costume_id is None:
        return []
    return db.session.scalars(
        select(Garment)
        .where(Garment.costume_id == change.costume_id)
        .order_by(Garment.tag_code)
        .options(*GARMENT_PLACE)
    ).all()


def extras_of(change: Change) -> list[Garment]:
    ids = [g.id for g in change.extras]
    if not ids:
        return []
    return db.session.scalars(
        select(Garment)
        .where(Garment.id.in_(ids))
        .order_by(Garment.tag_code)
        .options(*GARMENT_PLACE)
    ).all()
