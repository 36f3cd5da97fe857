"""Doubles dressed identically: multiples of a principal's costume on each double."""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..catalog.models import Costume, Garment
from ..catalog.services import next_tag_code, refuses_conflicts
from ..extensions import db
from ..history.services import record_event
from ..lists.models import Location
from ..people.models import Performer
from .models import Assignment
from .services import assign_costume

COPIED_FIELDS = (
    "name", "category", "production_id", "colour", "fabric", "size_label", "chest_cm",
    "waist_cm", "hips_cm", "girth_cm", "inseam_cm", "length_cm", "home_site_id", "care_notes",
    "replacement_cost", "net_layers", "tutu_style", "hoop", "net_type", "skirt_length_cm",
)  # fmt: skip


def hero_of(costume: Costume) -> Costume:
    """The original of a group of multiples (the costume itself when it is the hero)."""
    return costume.hero or costume


def group_ids(costume: Costume) -> list[int]:
    """Ids of the hero and all its multiples."""
    hero = hero_of(costume)
    return [hero.id] + [m.id for m in hero.multiples]


@dataclass
class DoubleStatus:
    """For one double of a principal wearing a costume: their multiple, or what is missing."""

    principal: Performer
    double: Performer
    costume: Costume
    assignment: Assignment
    worn: Assignment | None = None
    free_multiples: list[Costume] = field(default_factory=list)

    @property
    def covered(self) -> bool:
        return self.worn is not None

    @property
    def missing(self) -> str:
        """What is missing, in words, as the CSV of the doubles-coverage report writes it."""
        if self.covered:
            return ""
        if self.free_multiples:
            codes = ", ".join(m.code for m in self.free_multiples)
            return f"a free multiple ({codes}) is not assigned to {self.double.name}"
        return f"no free multiple of {self.costume.code}: one must be made"

    @property
    def missing_text(self) -> str:
        """What is missing, in the reader's language, for the coverage and assignment pages."""
        if self.covered:
            return ""
        if self.free_multiples:
            codes = ", ".join(m.code for m in self.free_multiples)
            return _(
                "a free multiple (%(codes)s) is not assigned to %(name)s",
                codes=codes,
                name=self.double.name,
            )
        return _("no free multiple of %(code)s: one must be made", code=self.costume.code)


def _active_by_performer(performer_ids: list[int]) -> dict[int, list[Assignment]]:
    rows = db.session.scalars(
        select(Assignment).where(
            Assignment.performer_id.in_(performer_ids), Assignment.returned_at.is_(None)
        )
    )
    found: dict[int, list[Assignment]] = {}
    for row in rows:
        found.setdefault(row.performer_id, []).append(row)
    return found


def _busy_costume_ids(costume_ids: list[int]) -> set[int]:
    rows = db.session.scalars(
        select(Assignment.costume_id).where(
            Assignment.costume_id.in_(costume_ids), Assignment.returned_at.is_(None)
        )
    )
    return set(rows)


def doubles_status(assignment: Assignment) -> list[DoubleStatus]:
    """For each double of the assignment's performer: matching multiple worn, or the gap."""
    principal = assignment.performer
    if not principal.doubles or not assignment.active:
        return []
    worn = _active_by_performer([d.id for d in principal.doubles])
    busy = _busy_costume_ids(group_ids(assignment.costume))
    return _statuses(assignment, worn, busy)


def _statuses(
    assignment: Assignment, worn: dict[int, list[Assignment]], busy: set[int]
) -> list[DoubleStatus]:
    principal = assignment.performer
    group = group_ids(assignment.costume)
    hero = hero_of(assignment.costume)
    candidates = [c for c in [hero, *hero.multiples] if not c.retired and c.id not in busy]
    result = []
    for double in principal.doubles:
        match = next((a for a in worn.get(double.id, []) if a.costume_id in group), None)
        result.append(
            DoubleStatus(
                principal,
                double,
                assignment.costume,
                assignment,
                match,
                [] if match else candidates,
            )
        )
    return result


def coverage_gaps(
    production_id: int | None = None, site_id: int | None = None
) -> list[DoubleStatus]:
    """Every principal's active costume that one of their doubles lacks a multiple of.

    A fixed number of queries however many principals, doubles and multiples there are.
    ``site_id`` keeps the principals of that company's site.
    """
    doubled = select(Performer.doubles_for_id).where(Performer.doubles_for_id.is_not(None))
    if site_id:
        principals = select(Performer.id).where(Performer.company_site_id == site_id)
        doubled = doubled.where(Performer.doubles_for_id.in_(principals))
    costume_group = (
        selectinload(Assignment.costume).selectinload(Costume.hero).selectinload(Costume.multiples)
    )
    query = (
        select(Assignment)
        .join(Assignment.costume)
        .where(Assignment.returned_at.is_(None), Assignment.performer_id.in_(doubled))
        .order_by(Assignment.performer_id, Assignment.id)
        .options(
            selectinload(Assignment.performer).selectinload(Performer.doubles),
            costume_group,
            selectinload(Assignment.costume).selectinload(Costume.multiples),
            selectinload(Assignment.costume).selectinload(Costume.production),
        )
    )
    if production_id:
        query = query.where(Costume.production_id == production_id)
    assignments = list(db.session.scalars(query))
    double_ids = {d.id for a in assignments for d in a.performer.doubles}
    worn = _active_by_performer(sorted(double_ids)) if double_ids else {}
    group = {i for a in assignments for i in group_ids(a.costume)}
    busy = _busy_costume_ids(sorted(group)) if group else set()
    return [s for a in assignments for s in _statuses(a, worn, busy) if not s.covered]


def multiple_plan(costume: Costume) -> tuple[str, list[Garment]]:
    """What making a multiple creates: the new costume's name and the garments it copies."""
    hero = hero_of(costume)
    name = f"{hero.name}, multiple {len(hero.multiples) + 1}"
    return name, [g for g in hero.garments if g.status != "retired"]


@refuses_conflicts
def create_multiple(
    costume: Costume, user, *, being_made: bool = False, location_id: int | None = None
) -> Costume:
    """Make a new multiple of a costume: copies of its garments with new tag codes.

    The copies are new: in stock (on ``location_id`` if given), or in alterations while
    still being made. Nobody wears them yet and their history starts now.
    """
    hero = hero_of(costume)
    name, originals = multiple_plan(hero)
    status = "in alterations" if being_made else "in stock"
    place = db.session.get(Location, location_id) if location_id and not being_made else None
    multiple = Costume(
        name=name,
        look=hero.look,
        production_id=hero.production_id,
        character_id=hero.character_id,
        hero_id=hero.id,
        notes=f"Multiple of {hero.code}.",
        shared=hero.shared,
    )
    db.session.add(multiple)
    db.session.flush()
    record_event("create", user, costume=multiple, summary=f"Made as a multiple of {hero.code}")
    for original in originals:
        copy = Garment(
            tag_code=next_tag_code(),
            costume_id=multiple.id,
            notes=f"Multiple of {original.tag_code}.",
            status=status,
            location=place,
            **{f: getattr(original, f) for f in COPIED_FIELDS},
        )
        db.session.add(copy)
        db.session.flush()
        where = {"location": (None, str(place))} if place else {}
        record_event(
            "create",
            user,
            garment=copy,
            summary=f"Made as a multiple of {hero.code}, a copy of {original.tag_code}",
            changes={"status": (None, status), **where},
        )
    return multiple


@refuses_conflicts
def dress_double(
    assignment: Assignment, double: Performer, user, multiple: Costume | None = None
) -> Assignment:
    """Assign a double the given free multiple of the principal's costume, or a new one."""
    if double.doubles_for_id != assignment.performer_id:
        raise ValueError(
            _(
                "%(double)s does not double for %(principal)s.",
                double=double.name,
                principal=assignment.performer.name,
            )
        )
    if multiple is not None and multiple.id not in group_ids(assignment.costume):
        raise ValueError(
            _(
                "%(multiple)s is not a multiple of %(costume)s.",
                multiple=multiple.code,
                costume=assignment.costume.code,
            )
        )
    # From today: the double did not wear it before it was handed out; a due date already
    # past becomes today, so the double's costume is due back with the principal's.
    starts_on = max(assignment.site_today(), assignment.starts_on)
    due_on = assignment.due_on and max(assignment.due_on, starts_on)
    try:
        multiple = multiple or create_multiple(assignment.costume, user)
        return assign_costume(
            multiple,
            double,
            user,
            character_id=assignment.character_id,
            episodes=assignment.episodes,
            starts_on=starts_on,
            due_on=due_on,
            notes=f"Double for {assignment.performer.name}",
        )
    except Exception:
        db.session.rollback()  # a new multiple is kept only if its assignment succeeds
        raise
