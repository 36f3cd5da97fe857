"""Ticking a shooting day's garments off as pulled, and back: each tick applied once."""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..breakdown.models import Pull, ShootingDay
from ..catalog.models import Garment
from ..extensions import db
from ..history.models import Event
from ..history.services import record_event
from .services import day_name, pull_list


def _summary(day: ShootingDay, pulled: bool = True) -> str:
    # Event summaries are stored in English, as every other event's.
    where = f"{day.shoot_date.isoformat()} ({day.site.name})"
    return f"Pulled for {where}" if pulled else f"No longer pulled for {where}"


@dataclass
class PullResult:
    """What one tick did: pulled, already pulled (a repeat), or refused with a reason."""

    ok: bool
    message: str
    tag: str | None = None
    garment: Garment | None = None
    repeat: bool = False

    @property
    def outcome(self) -> str:
        if self.repeat:
            return "recorded"
        return "done" if self.ok else "refused"


def mark_pulled(
    day: ShootingDay, garment: Garment | None, user, *, scan_key: str | None = None, tag=None
) -> PullResult:
    """Tick a garment off the day's list; a repeat (same garment or same scan key) is no-op."""
    if scan_key:
        earlier = _recorded(scan_key)
        if earlier is not None:
            return earlier
    if garment is None:
        return PullResult(False, _("No garment has tag code %(tag)s", tag=tag), tag)
    tag = garment.tag_code
    if pull_list(day).line_for(garment.id) is None:
        message = _("%(tag)s is not on the pull list for %(day)s", tag=tag, day=day_name(day))
        return PullResult(False, message, tag, garment)
    existing = _existing_pull(day, garment)
    if existing is not None:
        return PullResult(True, _already(existing, day), tag, garment, repeat=True)
    db.session.add(Pull(shooting_day_id=day.id, garment_id=garment.id, pulled_by_id=user.id))
    record_event("pulled", user, garment=garment, summary=_summary(day), scan_key=scan_key)
    try:
        db.session.commit()
    except IntegrityError:
        # The same tick sent twice at once: the unique keys let only one of them in.
        db.session.rollback()
        existing = _existing_pull(day, garment)
        if existing is None:
            raise
        return PullResult(True, _already(existing, day), tag, garment, repeat=True)
    message = _("%(tag)s pulled for %(day)s", tag=tag, day=day_name(day))
    return PullResult(True, message, tag, garment)


def _existing_pull(day: ShootingDay, garment: Garment) -> Pull | None:
    return db.session.scalar(
        select(Pull).where(Pull.shooting_day_id == day.id, Pull.garment_id == garment.id)
    )


def _already(pull: Pull, day: ShootingDay) -> str:
    who = pull.pulled_by.display_name if pull.pulled_by else _("the system")
    return _(
        "%(tag)s is already pulled for %(day)s (by %(who)s)",
        tag=pull.garment.tag_code,
        day=day_name(day),
        who=who,
    )


def _recorded(scan_key: str) -> PullResult | None:
    """What the tick with this scan key did when it first arrived (a replayed offline scan)."""
    event = db.session.scalar(select(Event).where(Event.scan_key == scan_key))
    if event is None:
        return None
    garment = event.garment
    tag = garment.tag_code if garment else None
    message = _("%(tag)s: already recorded (this scan was sent twice)", tag=tag or "?")
    return PullResult(True, message, tag, garment, repeat=True)


def unpull(day: ShootingDay, garment: Garment, user) -> bool:
    """Take a garment's tick off the day's list; False when it was not ticked."""
    existing = _existing_pull(day, garment)
    if existing is None:
        return False
    db.session.delete(existing)
    record_event("pulled", user, garment=garment, summary=_summary(day, pulled=False))
    db.session.commit()
    return True
