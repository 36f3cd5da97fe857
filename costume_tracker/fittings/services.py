"""Book, move, cancel and close fittings; refuse a slot someone already holds.

A fitting's start is entered as a date and a time at its site (Europe/Paris, New York) and
stored in UTC, so summer and winter times both land on the right instant. Two planned
fittings clash when they overlap in time and share the performer (anywhere) or the room
(at the same site, spelled with any case or spacing); back-to-back is fine.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..auth.models import User
from ..breakdown.models import Change
from ..catalog.models import Costume
from ..catalog.photos import remove_images, store_image
from ..catalog.services import commit_or_conflict, refuses_conflicts
from ..extensions import db
from ..history.services import record_event
from ..i18n.times import TIME_PATTERN, day_end, day_start, show_day, site_zone
from ..lists.models import Site
from ..people.models import Performer
from .models import Fitting, FittingPhoto

MIN_MINUTES, MAX_MINUTES = 5, 480
STATE_LABELS = {
    "planned": lazy_pgettext("fitting state", "planned"),
    "done": lazy_pgettext("fitting state", "done"),
    "cancelled": lazy_pgettext("fitting state", "cancelled"),
}
NOT_PLANNED = {
    "done": _l("This fitting is already done."),
    "cancelled": _l("This fitting is cancelled."),
}


class FittingError(ValueError):
    """A fitting was refused; ``errors`` maps form fields to reasons."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(" ".join(map(str, errors.values())))
        self.errors = errors


@dataclass
class FittingValues:
    """What a booking form says, already resolved to records."""

    performer: Performer
    day: date
    at: time
    minutes: int
    room: str = ""
    site: Site | None = None
    fitter: User | None = None
    costumes: list[Costume] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)


def state_label(state: str) -> str:
    """A fitting's state in the reader's language."""
    return str(STATE_LABELS.get(state, state))


def room_key(room: str) -> str:
    """A room name as compared: 'Fitting  Room 2 ' and 'fitting room 2' are one room."""
    return " ".join((room or "").split()).casefold()


def local_start(day: date, at: time, site) -> datetime:
    """The UTC instant of ``at`` on ``day`` at the site; ValueError for a time clocks skip."""
    zone = site_zone(site)
    local = datetime.combine(day, at.replace(second=0, microsecond=0), tzinfo=zone)
    instant = local.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise ValueError(
            _(
                "%(time)s does not exist on %(day)s at %(site)s: the clocks go forward then.",
                time=at.strftime("%H:%M"),
                day=show_day(day),
                site=getattr(site, "name", ""),
            )
        )
    return instant


def show_clock(value: datetime, site) -> str:
    """An instant as the site's wall clock: '10:45'."""
    from babel.dates import format_time
    from flask_babel import get_locale

    local = value.astimezone(site_zone(site))
    return format_time(local.time(), TIME_PATTERN, locale=get_locale() or "en")


def slot_text(fitting: Fitting) -> str:
    """'10:00–10:45' at the fitting's site."""
    return (
        f"{show_clock(fitting.starts_at, fitting.site)}–{show_clock(fitting.ends_at, fitting.site)}"
    )


def clashes(
    site_id: int, performer_id: int, room: str, starts_at: datetime, minutes: int, own_id=None
) -> dict[str, str]:
    """Why this slot cannot be booked: the performer's or the room's overlapping fitting."""
    ends_at = starts_at + timedelta(minutes=minutes)
    # Any fitting overlapping starts within the longest duration before this one's start.
    query = (
        select(Fitting)
        .where(
            Fitting.state == "planned",
            Fitting.starts_at < ends_at,
            Fitting.starts_at > starts_at - timedelta(minutes=MAX_MINUTES),
        )
        .options(selectinload(Fitting.performer), selectinload(Fitting.fitter))
        .order_by(Fitting.starts_at, Fitting.id)
    )
    if own_id is not None:
        query = query.where(Fitting.id != own_id)
    overlapping = [f for f in db.session.scalars(query) if f.ends_at > starts_at]
    errors = {}
    taken = next(
        (
            f
            for f in overlapping
            if room_key(room) and f.site_id == site_id and room_key(f.room) == room_key(room)
        ),
        None,
    )
    if taken is not None:
        errors["room"] = _room_taken(taken)
    busy = next((f for f in overlapping if f.performer_id == performer_id), None)
    if busy is not None:
        errors["performer"] = _performer_busy(busy, site_id)
    return errors


def _room_taken(holder: Fitting) -> str:
    values = {"room": holder.room, "slot": slot_text(holder), "performer": holder.performer.name}
    if holder.fitter is not None:
        return _(
            "%(room)s is taken %(slot)s by %(performer)s's fitting (fitter %(fitter)s).",
            fitter=holder.fitter.display_name,
            **values,
        )
    return _("%(room)s is taken %(slot)s by %(performer)s's fitting.", **values)


def _performer_busy(holder: Fitting, site_id: int) -> str:
    values = {"performer": holder.performer.name, "slot": slot_text(holder)}
    if holder.site_id != site_id and holder.room:
        return _(
            "%(performer)s already has a fitting %(slot)s in %(room)s (%(site)s).",
            room=holder.room,
            site=holder.site.name,
            **values,
        )
    if holder.site_id != site_id:
        return _(
            "%(performer)s already has a fitting %(slot)s at %(site)s.",
            site=holder.site.name,
            **values,
        )
    if holder.room:
        return _(
            "%(performer)s already has a fitting %(slot)s in %(room)s.", room=holder.room, **values
        )
    return _("%(performer)s already has a fitting %(slot)s.", **values)


def _refusals(values: FittingValues, site) -> dict[str, str]:
    errors = {}
    if not MIN_MINUTES <= (values.minutes or 0) <= MAX_MINUTES:
        errors["minutes"] = _(
            "A fitting lasts from %(least)s to %(most)s minutes.",
            least=MIN_MINUTES,
            most=MAX_MINUTES,
        )
    if not values.costumes and not values.changes:
        errors["costumes"] = _("Name at least one costume or change to try on.")
    retired = [c.code for c in values.costumes if c.retired]
    if retired:
        errors["costumes"] = _("%(codes)s: retired.", codes=", ".join(retired))
    if values.fitter is not None and not values.fitter.has_role("wardrobe"):
        errors["fitter"] = _("The fitter must be a member of the wardrobe team.")
    if site is None:
        errors["site"] = _("Choose the site of the fitting.")
    return errors


@refuses_conflicts
def save_fitting(fitting: Fitting | None, values: FittingValues, user) -> Fitting:
    """Book a fitting, or move an existing one; refused when the slot is taken."""
    if fitting is not None and fitting.state != "planned":
        raise FittingError({"fitting": str(NOT_PLANNED[fitting.state])})
    site = values.site or values.performer.company_site
    errors = _refusals(values, site)
    starts_at = None
    if site is not None:
        try:
            starts_at = local_start(values.day, values.at, site)
        except ValueError as error:
            errors["at"] = str(error)
    room = " ".join(values.room.split())
    if not errors:
        errors = clashes(
            site.id,
            values.performer.id,
            room,
            starts_at,
            values.minutes,
            fitting.id if fitting else None,
        )
    if errors:
        raise FittingError(errors)
    new = fitting is None
    if new:
        fitting = Fitting(created_by_id=getattr(user, "id", None), sequence=0, state="planned")
        db.session.add(fitting)
    else:
        fitting.sequence = (fitting.sequence or 0) + 1
    fitting.site, fitting.performer, fitting.starts_at = site, values.performer, starts_at
    fitting.minutes, fitting.room, fitting.fitter = values.minutes, room, values.fitter
    fitting.costumes, fitting.changes = list(values.costumes), list(values.changes)
    verb = "Fitting booked" if new else "Fitting moved"
    record_event("fitting", user, performer=values.performer, summary=_summary(verb, fitting))
    commit_or_conflict()
    return fitting


def _summary(verb: str, fitting: Fitting) -> str:
    """The history line, in English like every stored summary."""
    local = fitting.starts_at.astimezone(site_zone(fitting.site))
    what = ", ".join([c.code for c in fitting.costumes] + [ch.label for ch in fitting.changes])
    where = f", {fitting.room}" if fitting.room else ""
    return (
        f"{verb}: {local:%Y-%m-%d %H:%M} {local.tzname()}, {fitting.minutes} min"
        f"{where} at {fitting.site.name} ({what})"
    )


@refuses_conflicts
def cancel_fitting(fitting: Fitting, user) -> None:
    """Cancel a planned fitting: its slot is free again, calendars show it cancelled."""
    if fitting.state != "planned":
        raise FittingError({"fitting": str(NOT_PLANNED[fitting.state])})
    fitting.state = "cancelled"
    fitting.sequence = (fitting.sequence or 0) + 1
    record_event(
        "fitting",
        user,
        performer=fitting.performer,
        summary=_summary("Fitting cancelled", fitting),
    )
    commit_or_conflict()


@refuses_conflicts
def record_outcome(fitting: Fitting, notes: str, user) -> None:
    """Write what the fitting found; the fitting is done."""
    if fitting.state == "cancelled":
        raise FittingError({"notes": str(NOT_PLANNED["cancelled"])})
    fitting.notes = (notes or "").strip()
    fitting.state = "done"
    fitting.sequence = (fitting.sequence or 0) + 1  # the feed's description changes too
    summary = _summary("Fitting done", fitting)
    if fitting.notes:
        summary += f": {fitting.notes[:200]}"
    record_event("fitting", user, performer=fitting.performer, summary=summary)
    commit_or_conflict()


def _loaded(query):
    return query.options(
        selectinload(Fitting.performer),
        selectinload(Fitting.fitter),
        selectinload(Fitting.site),
        selectinload(Fitting.costumes),
        selectinload(Fitting.changes).selectinload(Change.character),
    ).order_by(Fitting.starts_at, Fitting.id)


def fittings_between(site_id: int | None, start: datetime, end: datetime) -> list[Fitting]:
    """Fittings (any state) starting in [start, end), at one site or all; in a few queries."""
    query = select(Fitting).where(Fitting.starts_at >= start, Fitting.starts_at < end)
    if site_id is not None:
        query = query.where(Fitting.site_id == site_id)
    return list(db.session.scalars(_loaded(query)))


def day_fittings(site: Site, day: date) -> list[Fitting]:
    """A site's fittings on a local day there."""
    zone = site_zone(site)
    return fittings_between(site.id, day_start(day, zone), day_end(day, zone))


def week_days(day: date) -> list[date]:
    """Monday to Sunday of ``day``'s week."""
    monday = day - timedelta(days=day.weekday())
    return [monday + timedelta(days=n) for n in range(7)]


def week_fittings(site: Site, day: date) -> list[tuple[date, list[Fitting]]]:
    """Each day of ``day``'s week (Monday first) with the site's fittings that day."""
    zone = site_zone(site)
    days = week_days(day)
    found = fittings_between(site.id, day_start(days[0], zone), day_end(days[-1], zone))
    by_day: dict[date, list[Fitting]] = {d: [] for d in days}
    for fitting in found:
        by_day[fitting.starts_at.astimezone(zone).date()].append(fitting)
    return list(by_day.items())


def wardrobe_users() -> list[User]:
    """Who can fit: active wardrobe staff and admins, by name."""
    query = select(User).where(User.active.is_(True), User.role.in_(("wardrobe", "admin")))
    return sorted(db.session.scalars(query), key=lambda u: u.display_name.casefold())


def add_fitting_photo(fitting: Fitting, data: bytes, original_name: str, user) -> FittingPhoto:
    """Store a photo taken at the fitting (checked like every photo) and its thumbnail."""
    full, thumb, width, height = store_image(data)
    photo = FittingPhoto(
        fitting=fitting,
        filename=full,
        thumb_filename=thumb,
        width=width,
        height=height,
        original_name=(original_name or "")[:255],
        uploaded_by_id=getattr(user, "id", None),
    )
    db.session.add(photo)
    record_event(
        "photo",
        user,
        performer=fitting.performer,
        summary=f"Fitting photo added ({(original_name or '')[:80]})",
    )
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        remove_images(full, thumb)
        raise
    return photo


def fitting_alterations(fitting_id: int) -> list:
    """The alteration tasks that came from this fitting, oldest first."""
    from ..assignments.models import Alteration

    query = (
        select(Alteration)
        .where(Alteration.fitting_id == fitting_id)
        .options(selectinload(Alteration.costume), selectinload(Alteration.maker))
        .order_by(Alteration.recorded_at, Alteration.id)
    )
    return list(db.session.scalars(query))
