"""Assign costumes to performers and take them back, keeping garment status in step."""

from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import and_, false, or_, select
from sqlalchemy.orm import selectinload

from ..catalog.models import Costume
from ..catalog.services import commit_or_conflict, labelled, refuses_conflicts
from ..catalog.workflow import WEARABLE_FROM, place_for, set_status
from ..extensions import db
from ..history.services import record_event
from ..i18n.times import local_today, show_day, site_zone
from ..i18n.values import shown
from ..lists.models import Location, Site
from ..modelutil import utcnow
from ..people.models import Performer
from .models import Assignment


class AssignmentError(ValueError):
    """An assignment or return was refused; ``errors`` maps fields to reasons."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def active_assignments(costume_id: int) -> list[Assignment]:
    """Who wears this costume now (several people only for a shared costume)."""
    query = select(Assignment).where(
        Assignment.costume_id == costume_id, Assignment.returned_at.is_(None)
    )
    return list(db.session.scalars(query.order_by(Assignment.assigned_at)))


def _refusals(
    costume: Costume,
    performer: Performer,
    active: list[Assignment],
    starts_on: date,
    due_on: date | None,
) -> dict[str, str]:
    errors = {}
    if costume.retired:
        errors["costume"] = _("%(code)s %(name)s is retired.", code=costume.code, name=costume.name)
    if any(a.performer_id == performer.id for a in active):
        errors["performer"] = _(
            "%(performer)s already wears %(code)s %(name)s.",
            performer=performer.name,
            code=costume.code,
            name=costume.name,
        )
    elif active and not costume.shared:
        holder = active[0]
        errors["costume"] = _(
            "%(code)s %(name)s is worn by %(performer)s since %(day)s; return it first, "
            "or mark the costume as shared.",
            code=costume.code,
            name=costume.name,
            performer=holder.performer.name,
            day=show_day(holder.starts_on),
        )
    if due_on is not None and due_on < starts_on:
        errors["due_on"] = _("The due date is before the start date.")
    garment_problems = [
        _(
            "%(tag)s %(name)s is %(status)s",
            tag=g.tag_code,
            name=g.name,
            status=shown(g.status, "status"),
        )
        for g in costume.garments
        if g.status != "retired"
        and g.status not in WEARABLE_FROM
        and not (g.status == "with performer" and costume.shared and active)
    ]
    if garment_problems:
        errors["garments"] = _(
            "Not every garment can be handed out: %(problems)s.",
            problems="; ".join(garment_problems),
        )
    return errors


@refuses_conflicts
def assign_costume(
    costume: Costume,
    performer: Performer,
    user,
    *,
    character_id=None,
    episodes: str = "",
    starts_on: date | None = None,
    due_on: date | None = None,
    notes: str = "",
) -> Assignment:
    """Give a costume to a performer; all its garments go 'with performer', or nothing does."""
    starts_on = starts_on or local_today(site_zone(performer.company_site))
    active = active_assignments(costume.id)
    errors = _refusals(costume, performer, active, starts_on, due_on)
    if errors:
        raise AssignmentError(errors)
    assignment = Assignment(
        costume=costume,
        performer=performer,
        character_id=character_id or costume.character_id,
        episodes=episodes.strip(),
        starts_on=starts_on,
        due_on=due_on,
        notes=notes.strip(),
        assigned_by_id=getattr(user, "id", None),
    )
    db.session.add(assignment)
    summary = f"{costume.code} {costume.name} assigned to {performer.name}"
    for garment in costume.garments:
        if garment.status != "retired" and garment.status != "with performer":
            old = garment.status
            moved = set_status(garment, "with performer")
            record_event(
                "assignment",
                user,
                garment=garment,
                summary=summary,
                changes={"status": (old, "with performer"), **labelled(moved)},
            )
    costume.updated_at = utcnow()  # bumps the costume's version: a concurrent assign fails
    record_event("assignment", user, costume=costume, performer=performer, summary=summary)
    commit_or_conflict()
    return assignment


@refuses_conflicts
def return_assignment(
    assignment: Assignment, user, *, location_id: int | None = None, note: str = ""
) -> None:
    """Take a costume back; its garments return to stock unless another wearer still has it."""
    if location_id and db.session.get(Location, location_id) is None:
        raise AssignmentError({"location": _("Unknown location; choose a rack from the list.")})
    if not assignment.active:
        raise AssignmentError(
            {
                "assignment": _(
                    "This costume was already returned on %(day)s.",
                    day=show_day(assignment.returned_at),
                )
            }
        )
    assignment.returned_at = utcnow()
    assignment.returned_by_id = getattr(user, "id", None)
    costume, performer = assignment.costume, assignment.performer
    still_worn = any(a.id != assignment.id for a in active_assignments(costume.id))
    summary = f"{costume.code} {costume.name} returned by {performer.name}"
    if note.strip():
        summary += f" ({note.strip()})"
    if not still_worn:
        for garment in costume.garments:
            if garment.status == "with performer":
                rack = place_for(garment, "in stock", location_id)
                moved = {"location_id": (garment.location_id, rack)}
                moved = moved if rack != garment.location_id else {}
                set_status(garment, "in stock")
                garment.location = db.session.get(Location, rack) if rack else None
                record_event(
                    "return",
                    user,
                    garment=garment,
                    summary=summary,
                    changes={"status": ("with performer", "in stock"), **labelled(moved)},
                )
    costume.updated_at = utcnow()
    record_event("return", user, costume=costume, performer=performer, summary=summary)
    commit_or_conflict()


def overdue_select(at: date | datetime | None = None, site_id: int | None = None):
    """Active assignments past their due date, most overdue first.

    A due date is a date at the performer's site, so each site's assignments turn overdue
    at that site's local midnight (``at``: an instant, now by default). A date given is
    everyone's today. ``site_id`` keeps the performers of that company's site.
    """
    query = select(Assignment).where(Assignment.returned_at.is_(None))
    if site_id:
        query = query.where(
            Assignment.performer_id.in_(
                select(Performer.id).where(Performer.company_site_id == site_id)
            )
        )
    if isinstance(at, date) and not isinstance(at, datetime):
        late = Assignment.due_on < at
    else:
        site_today = {
            site.id: local_today(site_zone(site), at) for site in db.session.scalars(select(Site))
        }
        if not site_today:
            return query.where(false())
        # The latest site's today bounds the due-date index range; each site then its own.
        late = and_(
            Assignment.due_on < max(site_today.values()),
            or_(
                *(
                    and_(Performer.company_site_id == site_id, Assignment.due_on < today)
                    for site_id, today in site_today.items()
                )
            ),
        )
        query = query.join(Assignment.performer)
    return query.where(late).order_by(Assignment.due_on, Assignment.id)


def performer_assignments(performer_id: int) -> tuple[list[Assignment], list[Assignment]]:
    """A performer's costumes now, and before (newest first)."""
    rows = db.session.scalars(
        select(Assignment)
        .where(Assignment.performer_id == performer_id)
        .order_by(Assignment.assigned_at.desc())
        .options(selectinload(Assignment.costume), selectinload(Assignment.character))
    ).all()
    return [a for a in rows if a.active], [a for a in rows if not a.active]
