"""The change plot of an episode and the costumes' day-out-of-days.

The change plot is character x scene -> the change worn; the day-out-of-days is costume
copy x shooting date -> needed that day. Both are read in a fixed number of queries
whatever the number of scenes, characters and days.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, exists, select
from sqlalchemy.orm import selectinload

from ..catalog.models import Costume
from ..extensions import db
from ..i18n.times import local_today
from ..lists.models import Character
from ..people.models import Performer
from .models import Change, Episode, Scene, SceneCast, ShootingDay, shooting_day_scene
from .wearing import wearers

# What a cell holds when the character is in the scene but no change is chosen yet.
NO_CHANGE = "?"


def find_episode(number: int | None) -> Episode | None:
    """The episode of that number, or None."""
    if number is None:
        return None
    return db.session.scalar(select(Episode).where(Episode.number == number))


def episode_scenes(episode_id: int) -> list[Scene]:
    """The episode's scenes in script order (14 < 14A < 15)."""
    return list(
        db.session.scalars(
            select(Scene)
            .where(Scene.episode_id == episode_id)
            .order_by(Scene.number_key, Scene.id)
            .options(selectinload(Scene.shooting_days))
        )
    )


def _cast_of(episode_id: int, character_ids: list[int] | None = None) -> list[SceneCast]:
    query = (
        select(SceneCast)
        .join(Scene, Scene.id == SceneCast.scene_id)
        .where(Scene.episode_id == episode_id)
        .order_by(SceneCast.id)
        .options(
            selectinload(SceneCast.performer),
            selectinload(SceneCast.double),
            selectinload(SceneCast.change),
        )
    )
    if character_ids is not None:
        query = query.where(SceneCast.character_id.in_(character_ids))
    return list(db.session.scalars(query))


def plot_characters_select(episode_number: int | None) -> Select:
    """The characters appearing in the episode, by name (the change plot's rows)."""
    in_episode = (
        select(SceneCast.id)
        .join(Scene, Scene.id == SceneCast.scene_id)
        .join(Episode, Episode.id == Scene.episode_id)
        .where(SceneCast.character_id == Character.id, Episode.number == episode_number)
    )
    return select(Character).where(exists(in_episode)).order_by(Character.name_key, Character.id)


@dataclass
class PlotRow:
    """One character of the change plot: who plays them, and each scene's cast row."""

    character: Character
    cells: list[SceneCast | None]
    performers: list[Performer] = field(default_factory=list)
    doubles: list[Performer] = field(default_factory=list)

    @property
    def numbers(self) -> list[str]:
        """Each scene's change number: blank when not in it, '?' when no change is chosen."""
        return [
            "" if c is None else (c.change.number if c.change else NO_CHANGE) for c in self.cells
        ]


def plot_rows(episode_id: int, scenes: list[Scene], characters: list[Character]) -> list[PlotRow]:
    """The plot's row for each character, cells in the order of ``scenes``."""
    where = {s.id: i for i, s in enumerate(scenes)}
    rows = {c.id: PlotRow(c, [None] * len(scenes)) for c in characters}
    for cast in _cast_of(episode_id, list(rows)):
        row = rows[cast.character_id]
        row.cells[where[cast.scene_id]] = cast
        for person, seen in ((cast.performer, row.performers), (cast.double, row.doubles)):
            if person is not None and person not in seen:
                seen.append(person)
    return list(rows.values())


@dataclass
class ChangePlot:
    """An episode's change plot: its scenes (columns) and characters (rows)."""

    episode: Episode
    scenes: list[Scene]
    rows: list[PlotRow]


def change_plot(episode: Episode) -> ChangePlot:
    """The whole change plot of an episode, for its page."""
    scenes = episode_scenes(episode.id)
    characters = list(db.session.scalars(plot_characters_select(episode.number)))
    return ChangePlot(episode, scenes, plot_rows(episode.id, scenes, characters))


# -- Day-out-of-days --------------------------------------------------------------------


def dood_range(since: date | None, until: date | None) -> tuple[date | None, date | None]:
    """The days asked for; neither end given: the shooting days from today on."""
    if since is None and until is None:
        return local_today(), None
    return since, until


def _days_where(query: Select, site: int | None, since: date | None, until: date | None):
    if site:
        query = query.where(ShootingDay.site_id == site)
    if since:
        query = query.where(ShootingDay.shoot_date >= since)
    if until:
        query = query.where(ShootingDay.shoot_date <= until)
    return query


def dood_dates(site: int | None, since: date | None, until: date | None) -> list[date]:
    """The shooting dates in the range (at the site, or at any), in order."""
    query = select(ShootingDay.shoot_date).distinct().order_by(ShootingDay.shoot_date)
    return list(db.session.scalars(_days_where(query, site, since, until)))


def _cast_on_days(site, since, until) -> Select:
    """Cast rows of scenes shot on the days, with the date each is shot."""
    query = (
        select(SceneCast, ShootingDay.shoot_date)
        .join(shooting_day_scene, shooting_day_scene.c.scene_id == SceneCast.scene_id)
        .join(ShootingDay, ShootingDay.id == shooting_day_scene.c.shooting_day_id)
        .where(SceneCast.change_id.is_not(None))
    )
    return _days_where(query, site, since, until)


def dood_changes_select(site: int | None, since: date | None, until: date | None) -> Select:
    """The changes worn on the days, by character and change number (the report's units)."""
    worn = _cast_on_days(site, since, until).where(SceneCast.change_id == Change.id)
    return (
        select(Change)
        .join(Character, Character.id == Change.character_id)
        .where(Change.costume_id.is_not(None), exists(worn.with_only_columns(SceneCast.id)))
        .order_by(Character.name_key, Change.number_key, Change.id)
        .options(selectinload(Change.character))
    )


@dataclass
class DoodRow:
    """One costume copy worn in a change, and the dates it is needed."""

    costume: Costume
    change: Change
    worn_by: list[Performer] = field(default_factory=list)
    dates: set[date] = field(default_factory=set)


def dood_rows(changes: list[Change], site, since, until) -> list[DoodRow]:
    """For each change, each copy worn on the days: the hero (or the performer's own copy)
    first, then each double's multiple; a double with no multiple has no row here."""
    if not changes:
        return []
    query = _cast_on_days(site, since, until).where(
        SceneCast.change_id.in_([c.id for c in changes])
    )
    query = query.options(
        selectinload(SceneCast.performer),
        selectinload(SceneCast.double),
        selectinload(SceneCast.change),
    )
    pairs = db.session.execute(query).all()
    dates: dict[int, set[date]] = {}
    for cast, day in pairs:
        dates.setdefault(cast.id, set()).add(day)
    found: dict[tuple[int, int], DoodRow] = {}
    for wearer in wearers(list({cast.id: cast for cast, _day in pairs}.values())):
        if wearer.costume is None:
            continue
        row = found.setdefault(
            (wearer.change.id, wearer.costume.id), DoodRow(wearer.costume, wearer.change)
        )
        row.dates |= dates[wearer.cast.id]
        if wearer.performer not in row.worn_by:
            row.worn_by.append(wearer.performer)
    order = {c.id: i for i, c in enumerate(changes)}
    return sorted(
        found.values(),
        key=lambda r: (order[r.change.id], r.costume.hero_id is not None, r.costume.id),
    )
