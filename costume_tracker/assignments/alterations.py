"""Alterations on a costume; on a hero, each multiple is flagged to mirror them."""

from flask_babel import gettext as _
from sqlalchemy import exists, select
from sqlalchemy.orm import joinedload

from ..catalog.models import Costume, Garment
from ..catalog.services import refuses_conflicts
from ..extensions import db
from ..history.services import record_event
from ..modelutil import utcnow
from .models import Alteration


class AlterationError(ValueError):
    """An alteration could not be recorded; the message says why."""


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


@refuses_conflicts
def record_alteration(
    costume: Costume, description: str, user, garment: Garment | None = None
) -> Alteration:
    """Record an alteration made; on a hero costume, flag every multiple to mirror it."""
    description = description.strip()
    if not description:
        raise AlterationError(_("Describe the alteration (e.g. 'bodice taken in 1 cm at waist')."))
    if garment is not None and garment.costume_id != costume.id:
        raise AlterationError(
            _("%(tag)s is not part of %(costume)s.", tag=garment.tag_code, costume=costume.code)
        )
    now, user_id = utcnow(), getattr(user, "id", None)
    done = Alteration(
        costume=costume,
        garment=garment,
        description=description,
        recorded_by_id=user_id,
        done_at=now,
        done_by_id=user_id,
        state="done",
    )
    db.session.add(done)
    record_event("alteration", user, costume=costume, garment=garment, summary=description)
    if costume.hero_id is None:
        for multiple in costume.multiples:
            if multiple.retired:
                continue
            twin = _matching_garment(multiple, garment)
            db.session.add(
                Alteration(
                    costume=multiple,
                    garment=twin,
                    description=description,
                    recorded_by_id=user_id,
                    mirrors=done,
                )
            )
            record_event(
                "alteration",
                user,
                costume=multiple,
                summary=f"To mirror from {costume.code}: {description}",
            )
    db.session.commit()
    return done


@refuses_conflicts
def complete_alteration(alteration: Alteration, user) -> None:
    """Mark a mirrored alteration as done on the multiple."""
    if not alteration.pending:
        raise AlterationError(_("This alteration is already done."))
    alteration.done_at = utcnow()
    alteration.state = "done"
    alteration.done_by_id = getattr(user, "id", None)
    record_event(
        "alteration",
        user,
        costume=alteration.costume,
        garment=alteration.garment,
        summary=f"Mirrored: {alteration.description}",
    )
    db.session.commit()


def costume_alterations(costume_id: int) -> list[Alteration]:
    """A costume's alterations, pending mirrors first, then newest first."""
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


def pending_select(site_id: int | None = None):
    """Alterations still to mirror on a multiple, waiting longest first.

    ``site_id`` keeps the costumes with a garment at home on that site.
    """
    query = (
        select(Alteration)
        .where(Alteration.done_at.is_(None))
        .order_by(Alteration.recorded_at, Alteration.id)
        .options(joinedload(Alteration.costume), joinedload(Alteration.garment))
    )
    if site_id:
        # Checked for each waiting alteration (few), not gathered from the site's garments (many).
        at_site = exists().where(
            Garment.costume_id == Alteration.costume_id, Garment.home_site_id == site_id
        )
        query = query.where(at_site)
    return query
