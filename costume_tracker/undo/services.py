"""Undo a floor action (status, location, removal from a costume) by recording its reverse.

History is only ever added to: an undo is a new event of the same kind, naming the event it
takes back (``undoes_id``) and restoring the status, place or costume that event's changes
say the garment had before.
"""

from datetime import timedelta

from flask_babel import gettext as _

from ..catalog.models import Costume, Garment
from ..catalog.places import location_named
from ..catalog.services import GarmentError, commit_or_conflict, refuses_conflicts
from ..catalog.workflow import change_status
from ..extensions import db
from ..history.models import Event
from ..history.services import record_event
from ..modelutil import utcnow

# How long after a floor action its Undo still works: long enough to notice a wrong tap,
# short enough that nobody takes back what a colleague has since relied on.
UNDO_MINUTES = 15
UNDOABLE_KINDS = ("status", "location", "costume")


class UndoError(ValueError):
    """An undo was refused; the message says why, in the reader's language."""


def latest_garment_event(garment_id: int) -> Event | None:
    """The garment's newest event (the one an Undo offered right after an action names)."""
    return db.session.scalar(
        db.select(Event).where(Event.garment_id == garment_id).order_by(Event.id.desc()).limit(1)
    )


def undo_refusal(event: Event, user) -> str | None:
    """Why this user cannot undo this event now, or None when the undo may go ahead."""
    if event.undoes_id is not None:
        return _("An undo cannot itself be undone; make the change again instead.")
    if event.garment_id is None or event.kind not in UNDOABLE_KINDS or not _reversible(event):
        return _("Only a status or location change, or a removal from a costume, can be undone.")
    if event.user_id is None or event.user_id != getattr(user, "id", None):
        return _("Only the person who made this change can undo it.")
    if utcnow() - event.occurred_at > timedelta(minutes=UNDO_MINUTES):
        return _(
            "This change is more than %(minutes)s minutes old; it can no longer be undone.",
            minutes=UNDO_MINUTES,
        )
    if _undone_by(event.id) is not None:
        return _("This change has already been undone.")
    latest = latest_garment_event(event.garment_id)
    if latest is None or latest.id != event.id:
        return _(
            "%(tag)s has changed since; this change can no longer be undone.",
            tag=event.garment.tag_code,
        )
    return None


def _reversible(event: Event) -> bool:
    changes = event.changes or {}
    if event.kind == "costume":
        pair = changes.get("costume")
        return isinstance(pair, list) and len(pair) == 2 and pair[0] and pair[1] is None
    return bool(changes.get("status") or changes.get("location"))


def _undone_by(event_id: int) -> int | None:
    return db.session.scalar(db.select(Event.id).where(Event.undoes_id == event_id).limit(1))


def undo_event(event_id: int, user) -> Event:
    """Take back one of the user's floor actions; returns the new event that records it."""
    event = db.session.get(Event, event_id)
    if event is None:
        raise UndoError(_("There is no such change to undo."))
    reason = undo_refusal(event, user)
    if reason:
        raise UndoError(reason)
    garment = event.garment
    try:
        if event.kind == "costume":
            _put_back_in_costume(event, garment, user)
        else:
            _restore_place(event, garment, user)
    except GarmentError as error:
        db.session.rollback()
        raise UndoError(" ".join(map(str, error.errors.values()))) from error
    return latest_garment_event(garment.id)


def _restore_place(event: Event, garment: Garment, user) -> None:
    """Set the status and location the event's changes say the garment had before it."""
    changes = event.changes or {}
    status = changes["status"][0] if changes.get("status") else garment.status
    location_id = garment.location_id
    if changes.get("location"):
        before = changes["location"][0]
        location = location_named(before) if before else None
        if before and location is None:
            raise UndoError(
                _(
                    "%(place)s no longer exists; move %(tag)s by hand.",
                    place=before,
                    tag=garment.tag_code,
                )
            )
        location_id = location.id if location else None
    change_status(garment, status, location_id, user, undoes_id=event.id)


@refuses_conflicts
def _put_back_in_costume(event: Event, garment: Garment, user) -> None:
    """Put a garment back into the costume it was removed from, in both histories."""
    removed = _costume_side(event, garment)
    costume = db.session.get(Costume, removed.costume_id) if removed else None
    if costume is None:
        raise UndoError(
            _("The costume %(tag)s was removed from no longer exists.", tag=garment.tag_code)
        )
    if costume.retired:
        raise UndoError(
            _("%(name)s is retired; %(tag)s cannot go back into it.", name=costume.name,
              tag=garment.tag_code)
        )  # fmt: skip
    garment.costume_id = costume.id
    record_event(
        "costume",
        user,
        garment=garment,
        summary=f"Undo: put back in {costume.name}",
        changes={"costume": (None, costume.name)},
        undoes_id=event.id,
    )
    record_event(
        "costume",
        user,
        costume=costume,
        summary=f"Undo: {garment.tag_code} put back",
        undoes_id=removed.id,
    )
    commit_or_conflict()


def _costume_side(event: Event, garment: Garment) -> Event | None:
    """The costume's own 'ET-00042 removed' event, written with the garment's one."""
    return db.session.scalar(
        db.select(Event)
        .where(
            Event.kind == "costume",
            Event.garment_id.is_(None),
            Event.costume_id.is_not(None),
            Event.id > event.id,
            Event.summary == f"{garment.tag_code} removed",
        )
        .order_by(Event.id)
        .limit(1)
    )


def undone_text(event: Event) -> str:
    """The flash after an undo: where the garment is again, in the reader's language."""
    from ..i18n.values import shown

    garment = event.garment
    if event.kind == "costume":
        return _("Undone: %(tag)s is back in %(name)s.", tag=garment.tag_code,
                 name=garment.costume.name if garment.costume else "—")  # fmt: skip
    status = shown(garment.status, "status")
    if garment.location is not None:
        return _(
            "Undone: %(tag)s is %(status)s again, at %(place)s.",
            tag=garment.tag_code,
            status=status,
            place=garment.location,
        )
    return _("Undone: %(tag)s is %(status)s again.", tag=garment.tag_code, status=status)
