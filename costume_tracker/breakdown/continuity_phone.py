"""What a scanned garment is needed for: its changes, their next shooting days, last photo.

The garment phone page shows it under the garment. A garment belongs to a change when its
costume (the hero or one of its multiples) is the change's costume or a copy of it, or when
it is one of the change's extra pieces. Three queries whatever the number of changes, scenes
and photos: no query per row.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from ..catalog.models import Costume
from ..extensions import db
from ..i18n.times import local_today, site_zone
from .models import (
    Change,
    ContinuityPhoto,
    Scene,
    SceneCast,
    ShootingDay,
    change_garment,
    shooting_day_scene,
)

# How many shooting days ahead the phone page lists per change.
NEXT_DAYS = 3


@dataclass
class NextDay:
    """A shooting day on which the change is worn, and the scenes shot that day."""

    day: ShootingDay
    scenes: list[Scene] = field(default_factory=list)
    casts: list[SceneCast] = field(default_factory=list)


@dataclass
class GarmentChange:
    """One change the garment belongs to, for the phone page."""

    change: Change
    next_days: list[NextDay] = field(default_factory=list)
    latest_photo: ContinuityPhoto | None = None

    @property
    def next_cast(self) -> SceneCast | None:
        """The first scene ahead (its cast row), for the photo form's prefill."""
        return self.next_days[0].casts[0] if self.next_days else None

    def photo_prefill(self, wearer_ids: set[int]) -> dict[str, int]:
        """?scene=&performer= for the photo form: the next scene, and whoever of its
        performer and double has this garment's costume."""
        cast = self.next_cast
        if cast is None:
            return {}
        found = {"scene": cast.scene_id}
        for person in (cast.performer_id, cast.double_id):
            if person is not None and person in wearer_ids:
                found["performer"] = person
                break
        return found


def _changes(garment) -> list[Change]:
    """The changes whose costume is the garment's costume's group, or that list the garment."""
    conditions = [Change.id.in_(select(change_garment.c.change_id).where(
        change_garment.c.garment_id == garment.id
    ))]  # fmt: skip
    if garment.costume_id is not None:
        costume = garment.costume
        group = costume.hero_id or costume.id
        copies = select(Costume.id).where(or_(Costume.id == group, Costume.hero_id == group))
        conditions.append(Change.costume_id.in_(copies))
    return list(
        db.session.scalars(
            select(Change)
            .where(or_(*conditions))
            .options(joinedload(Change.character))
            .order_by(Change.character_id, Change.number_key)
        )
    )


def _next_days(change_ids: list[int]) -> dict[int, list[NextDay]]:
    """change id -> its next shooting days (today or later at the day's site), by date."""
    # A day is "today or later" in its own site's zone: no zone is a day behind UTC's today.
    earliest = local_today(UTC) - timedelta(days=1)
    today_at: dict[int, date] = {}
    rows = db.session.execute(
        select(SceneCast.change_id, SceneCast, ShootingDay)
        .join(Scene, SceneCast.scene_id == Scene.id)
        .join(shooting_day_scene, shooting_day_scene.c.scene_id == Scene.id)
        .join(ShootingDay, shooting_day_scene.c.shooting_day_id == ShootingDay.id)
        .where(SceneCast.change_id.in_(change_ids), ShootingDay.shoot_date >= earliest)
        .options(
            joinedload(SceneCast.scene).joinedload(Scene.episode),
            joinedload(ShootingDay.site),
        )
        .order_by(ShootingDay.shoot_date, ShootingDay.site_id, ShootingDay.id)
    ).all()
    found: dict[int, dict[int, NextDay]] = {}
    for change_id, cast, day in rows:
        if day.site_id not in today_at:
            today_at[day.site_id] = local_today(site_zone(day.site))
        if day.shoot_date < today_at[day.site_id]:
            continue
        days = found.setdefault(change_id, {})
        if day.id not in days and len(days) >= NEXT_DAYS:
            continue
        entry = days.setdefault(day.id, NextDay(day))
        entry.casts.append(cast)
    result = {}
    for change_id, days in found.items():
        for entry in days.values():
            entry.casts.sort(key=lambda c: (c.scene.episode.number, c.scene.number_key))
            entry.scenes = [c.scene for c in entry.casts]
        result[change_id] = list(days.values())
    return result


def _latest_photos(change_ids: list[int]) -> dict[int, ContinuityPhoto]:
    """change id -> its most recently taken continuity photo."""
    ranked = (
        select(
            ContinuityPhoto.id,
            func.row_number()
            .over(
                partition_by=ContinuityPhoto.change_id,
                order_by=(ContinuityPhoto.taken_at.desc(), ContinuityPhoto.id.desc()),
            )
            .label("rank"),
        )
        .where(ContinuityPhoto.change_id.in_(change_ids))
        .subquery()
    )
    photos = db.session.scalars(
        select(ContinuityPhoto)
        .join(ranked, ranked.c.id == ContinuityPhoto.id)
        .where(ranked.c.rank == 1)
        .options(joinedload(ContinuityPhoto.scene).joinedload(Scene.episode))
    ).all()
    return {photo.change_id: photo for photo in photos}


def garment_changes(garment) -> list[GarmentChange]:
    """The changes the garment belongs to, each with its next days and latest photo."""
    changes = _changes(garment)
    if not changes:
        return []
    ids = [change.id for change in changes]
    days = _next_days(ids)
    photos = _latest_photos(ids)
    return [
        GarmentChange(change, days.get(change.id, []), photos.get(change.id)) for change in changes
    ]
