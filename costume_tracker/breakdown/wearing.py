"""Who wears what in a scene: the costume each performer and double has for a change.

A change names its hero costume. The performer of the scene wears the copy of that costume
(the hero or one of its multiples) given to them by an active assignment; a double working
in the scene wears the multiple given to them. When nobody gave the performer a copy, the
hero itself is what is prepared (``assigned`` is False); when the double has none, the
double is not covered (``costume`` is None) and the pull list and the coverage page say so.

Everything is loaded in a few queries for any number of cast rows: no query per row.
"""

from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from ..assignments.models import Assignment
from ..catalog.models import Costume, Garment
from ..extensions import db
from ..people.models import Performer
from .models import Change, SceneCast

# A garment in one of these is ready to be pulled; anything else is not.
READY_STATUSES = ("in stock", "with performer")


def is_ready(garment: Garment) -> bool:
    """True when the garment can be pulled: in stock, or already with the performer."""
    return garment.status in READY_STATUSES


@dataclass
class Wearer:
    """One person wearing a change in a scene: the performer, or the double working in it."""

    cast: SceneCast
    change: Change
    performer: Performer
    is_double: bool
    # The copy of the change's costume this person wears; None: a double with no multiple.
    costume: Costume | None
    # True when an active assignment gave this copy to this person.
    assigned: bool
    # The costume's garments (not retired), then the change's extra pieces (performer only).
    garments: list[Garment] = field(default_factory=list)

    @property
    def covered(self) -> bool:
        return self.costume is not None and self.assigned


def _active_copies(hero_ids: set[int], performer_ids: set[int]) -> dict[tuple[int, int], Costume]:
    """(hero id, performer id) -> the copy of that hero's group actively assigned to them."""
    if not hero_ids or not performer_ids:
        return {}
    rows = db.session.execute(
        select(Assignment.performer_id, Costume)
        .join(Costume, Assignment.costume_id == Costume.id)
        .where(
            Assignment.returned_at.is_(None),
            Assignment.performer_id.in_(performer_ids),
            or_(Costume.id.in_(hero_ids), Costume.hero_id.in_(hero_ids)),
        )
        .order_by(Assignment.starts_on, Assignment.id)
        .options(selectinload(Costume.garments))
    ).all()
    copies: dict[tuple[int, int], Costume] = {}
    for performer_id, costume in rows:
        copies.setdefault((costume.hero_id or costume.id, performer_id), costume)
    return copies


def wearers(cast_rows: list[SceneCast]) -> list[Wearer]:
    """Performer and double of each cast row that has a change, in the order given.

    Rows without a change, or whose change has no costume, are left out (nothing to dress).
    """
    rows = [c for c in cast_rows if c.change is not None and c.change.costume_id is not None]
    if not rows:
        return []
    changes = {c.change_id: c.change for c in rows}
    heroes = {
        costume.id: costume
        for costume in db.session.scalars(
            select(Costume)
            .where(Costume.id.in_({ch.costume_id for ch in changes.values()}))
            .options(selectinload(Costume.garments))
        )
    }
    # The change's costume may itself be a multiple; the group is named by its hero.
    hero_ids = {costume.hero_id or costume.id for costume in heroes.values()}
    people = {c.performer_id for c in rows if c.performer_id} | {
        c.double_id for c in rows if c.double_id
    }
    copies = _active_copies(hero_ids, people)
    db.session.scalars(
        select(Change).where(Change.id.in_(changes)).options(selectinload(Change.extras))
    ).all()
    result: list[Wearer] = []
    for cast in rows:
        change = cast.change
        named = heroes[change.costume_id]
        group = named.hero_id or named.id
        if cast.performer is not None:
            copy = copies.get((group, cast.performer_id))
            costume = copy or named
            result.append(
                Wearer(
                    cast, change, cast.performer, False, costume, copy is not None,
                    _pieces(costume) + [g for g in change.extras if g.status != "retired"],
                )
            )  # fmt: skip
        if cast.double is not None:
            copy = copies.get((group, cast.double_id))
            result.append(
                Wearer(
                    cast, change, cast.double, True, copy, copy is not None,
                    _pieces(copy) if copy else [],
                )
            )  # fmt: skip
    return result


def _pieces(costume: Costume) -> list[Garment]:
    return [g for g in costume.garments if g.status != "retired"]
