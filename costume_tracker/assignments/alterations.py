"""Alterations as workroom tasks (to do, doing, done); on a hero, multiples mirror them."""

from collections import Counter

from flask_babel import gettext as _
from sqlalchemy import exists, select
from sqlalchemy.orm import joinedload

from ..catalog.models import Costume, Garment
from ..catalog.services import refuses_conflicts
from ..extensions import db
from ..history.services import record_event
from ..modelutil import utcnow
from .models import ALTERATION_STATES, Alteration

# Where a task may go from each state. A done task is reopened as "doing" (someone works on
# it again) before it can go back to the "to do" pile.
MOVES = {"to do": ("doing", "done"), "doing": ("to do", "done"), "done": ("doing",)}
OPEN_STATES = ("to do", "doing")
# The history line of each move, stored in English as every event summary is.
MOVE_SUMMARY = {"to do": "Back to do: {}", "doing": "Doing: {}", "done": "Done: {}"}


class AlterationError(ValueError):
    """An alteration could not be recorded; ``errors`` maps each form field to its reason."""

    def __init__(self, errors):
        self.errors = errors if isinstance(errors, dict) else {"": errors}
        super().__init__(" ".join(map(str, self.errors.values())))


def _matching_garment(multiple: Costume, garment: Garment | None) -> Garment | None:
    """The multiple's piece that copies ``garment`` (same category and name)."""
    if garment is None:
        return None
    return next(
        (
            g
            for g in multiple.garments
            if g.category == garment.category and g.name == garment.name and g.status != "retired"
        ),
        None,
    )


def costume_site_id(costume: Costume) -> int | None:
    """The site most of the costume's garments call home (its workroom), None if it has none."""
    homes = Counter(g.home_site_id for g in costume.garments if g.status != "retired")
    return homes.most_common(1)[0][0] if homes else None


def flag_multiples(done: Alteration, user) -> int:
    """Give each non-retired multiple of a hero's done task one "to do" mirror; how many new.

    A multiple that already mirrors this task (it was done, reopened, done again) gets none.
    """
    costume = done.costume
    if costume.hero_id is not None:
        return 0
    already = set(
        db.session.scalars(select(Alteration.costume_id).where(Alteration.mirrors_id == done.id))
        if done.id
        else ()
    )
    made = 0
    for multiple in costume.multiples:
        if multiple.retired or multiple.id in already:
            continue
        db.session.add(
            Alteration(
                costume=multiple,
                garment=_matching_garment(multiple, done.garment),
                description=done.description,
                recorded_by_id=getattr(user, "id", None),
                mirrors=done,
                state="to do",
                site_id=costume_site_id(multiple) or done.site_id,
            )
        )
        record_event(
            "alteration",
            user,
            costume=multiple,
            summary=f"To mirror from {costume.code}: {done.description}",
        )
        made += 1
    return made


def garment_problem(costume: Costume, garment: Garment | None) -> str | None:
    if garment is not None and garment.costume_id != costume.id:
        return _("%(tag)s is not part of %(costume)s.", tag=garment.tag_code, costume=costume.code)
    return None


@refuses_conflicts
def record_alteration(
    costume: Costume, description: str, user, garment: Garment | None = None
) -> Alteration:
    """Record an alteration made; on a hero costume, flag every multiple to mirror it."""
    description = description.strip()
    if not description:
        raise AlterationError(_("Describe the alteration (e.g. 'bodice taken in 1 cm at waist')."))
    problem = garment_problem(costume, garment)
    if problem:
        raise AlterationError(problem)
    now, user_id = utcnow(), getattr(user, "id", None)
    done = Alteration(
        costume=costume,
        garment=garment,
        description=description,
        recorded_by_id=user_id,
        done_at=now,
        done_by_id=user_id,
        state="done",
        site_id=costume_site_id(costume) or getattr(user, "site_id", None),
    )
    db.session.add(done)
    record_event("alteration", user, costume=costume, garment=garment, summary=description)
    flag_multiples(done, user)
    db.session.commit()
    return done


def move_problem(alteration: Alteration, state: str) -> str | None:
    """Why the task cannot go to ``state`` now, or None when it can."""
    if state not in ALTERATION_STATES:
        return _("'%(state)s' is not a task state.", state=state[:20])
    if alteration.state == state:
        return {
            "to do": _("This task is already to do."),
            "doing": _("This task is already in progress."),
            "done": _("This alteration is already done."),
        }[state]
    if state not in MOVES[alteration.state]:
        return _("A done task is reopened as in progress first, then put back to do.")
    return None


@refuses_conflicts
def move_alteration(alteration: Alteration, state: str, user) -> int:
    """Move a task to do, doing or done; done on a hero flags its multiples. Multiples flagged."""
    problem = move_problem(alteration, state)
    if problem:
        raise AlterationError({"state": problem})
    alteration.state = state
    if state == "done":
        alteration.done_at, alteration.done_by_id = utcnow(), getattr(user, "id", None)
    else:
        alteration.done_at = alteration.done_by_id = None
    summary = MOVE_SUMMARY[state]
    if state == "done" and alteration.mirrors_id is not None:
        summary = "Mirrored: {}"
    record_event(
        "alteration",
        user,
        costume=alteration.costume,
        garment=alteration.garment,
        summary=summary.format(alteration.description),
    )
    flagged = flag_multiples(alteration, user) if state == "done" else 0
    db.session.commit()
    return flagged


def complete_alteration(alteration: Alteration, user) -> int:
    """Mark a task (a mirrored alteration on a multiple, too) as done."""
    return move_alteration(alteration, "done", user)


def costume_alterations(costume_id: int) -> list[Alteration]:
    """A costume's alterations, pending ones first, then newest first."""
    rows = db.session.scalars(
        select(Alteration)
        .where(Alteration.costume_id == costume_id)
        .order_by(Alteration.recorded_at.desc(), Alteration.id.desc())
    )
    return sorted(rows, key=lambda a: not a.pending)


def pending_mirror_count() -> int:
    """How many mirrored alterations wait to be done, across the wardrobe."""
    return (
        db.session.scalar(
            select(db.func.count(Alteration.id)).where(
                Alteration.mirrors_id.is_not(None), Alteration.done_at.is_(None)
            )
        )
        or 0
    )


def at_site(site_id: int):
    """Tasks of the site's workroom; older rows without a site by their garments' home."""
    # Checked for each task (few), not gathered from the site's garments (many).
    by_garments = exists().where(
        Garment.costume_id == Alteration.costume_id, Garment.home_site_id == site_id
    )
    return (Alteration.site_id == site_id) | (Alteration.site_id.is_(None) & by_garments)


def pending_select(site_id: int | None = None):
    """Alterations still to mirror on a multiple, waiting longest first.

    ``site_id`` keeps the tasks of that site's workroom.
    """
    query = (
        select(Alteration)
        .where(Alteration.done_at.is_(None), Alteration.mirrors_id.is_not(None))
        .order_by(Alteration.recorded_at, Alteration.id)
        .options(joinedload(Alteration.costume), joinedload(Alteration.garment))
    )
    return query.where(at_site(site_id)) if site_id else query
