"""Garment status workflow: which moves make sense, and recording each one."""

from flask_babel import gettext as _

from ..extensions import db
from ..history.services import record_event
from ..i18n.values import shown
from ..lists.models import Location
from ..modelutil import utcnow
from .models import Garment
from .places import AWAY_STATUSES, is_storage, last_rack
from .services import (
    ConflictError,
    GarmentError,
    commit_or_conflict,
    labelled,
    refuses_conflicts,
)

# Statuses a garment is "out" in: not on its rack, somebody should know where it is.
OUT_STATUSES = (
    "with performer", "at fitting", "in alterations", "in laundry", "in repair",
    "in transit", "lost",
)  # fmt: skip
# Statuses from which a costume can be handed to a performer.
WEARABLE_FROM = ("in stock", "at fitting")


def refusal(garment: Garment, status: str, *, by_assignment: bool = False) -> str | None:
    """Why moving this garment to ``status`` makes no sense, or None when it is fine."""
    current = garment.status
    tag = garment.tag_code
    if current == "retired":
        return _(
            "%(tag)s is retired; a retired garment cannot go %(status)s",
            tag=tag,
            status=shown(status, "status"),
        )
    if status == "retired":
        return _("use Retire to retire a garment")
    if current == "lost" and status != "in stock":
        return _("%(tag)s is lost; it must be found (back in stock) first", tag=tag)
    if status == "with performer" and not by_assignment and not _has_active_wearer(garment):
        return _("%(tag)s's costume is not assigned to anyone; assign it first", tag=tag)
    return None


def _has_active_wearer(garment: Garment) -> bool:
    from ..assignments.models import Assignment

    if garment.costume_id is None:
        return False
    query = db.select(Assignment.id).where(
        Assignment.costume_id == garment.costume_id, Assignment.returned_at.is_(None)
    )
    return db.session.scalar(query.limit(1)) is not None


def set_status(garment: Garment, status: str) -> dict:
    """Change the status and note since when; going away from stock takes it off its rack.

    Returns the location change to log, if any (no event, no commit: callers do both).
    """
    if status != garment.status:
        garment.status = status
        garment.status_since = utcnow()
    if status in AWAY_STATUSES and is_storage(garment.location):
        moved = {"location_id": (garment.location_id, None)}
        garment.location = None
        return moved
    return {}


def place_for(garment: Garment, status: str, location_id: int | None) -> int | None:
    """Where the garment is recorded once in ``status``, given the location asked for.

    Away from stock it leaves its rack (a rack asked for explicitly is refused); back in
    stock with no rack given it goes back to the one it hung on last.
    """
    if status == "in stock" and location_id is None and garment.status in AWAY_STATUSES:
        rack = last_rack(garment)
        return rack.id if rack else None
    if status not in AWAY_STATUSES or location_id is None:
        return location_id
    location = db.session.get(Location, location_id)
    if not is_storage(location):
        return location_id
    if location_id == garment.location_id:
        return None
    raise GarmentError(
        {
            "location": _(
                "%(tag)s cannot be %(status)s on %(location)s: a %(kind)s holds garments in "
                "stock. Choose a room, such as the laundry, or no location.",
                tag=garment.tag_code,
                status=shown(status, "status"),
                location=location,
                kind=shown(location.kind, "location_kind"),
            )
        }
    )


@refuses_conflicts
def change_status(
    garment: Garment,
    status: str,
    location_id: int | None,
    user,
    note: str = "",
    expected_version: int | None = None,
    *,
    scan_key: str | None = None,
    undoes_id: int | None = None,
) -> None:
    """Move a garment to a new status and/or location, recorded as an event.

    ``scan_key`` is the key a phone gave the scan (kept on the event so a resent scan is
    recognised); ``undoes_id`` names the event this change takes back.
    """
    if expected_version is not None and expected_version != garment.version:
        raise ConflictError(
            {
                "status": _(
                    "Someone else changed this garment meanwhile: it is now "
                    "'%(status)s'. Nothing was saved.",
                    status=shown(garment.status, "status"),
                )
            }
        )
    if status != garment.status:
        reason = refusal(garment, status)
        if reason:
            raise GarmentError({"status": _("Refused: %(reason)s.", reason=reason)})
    location_id = place_for(garment, status, location_id)
    changes = {}
    if status != garment.status:
        changes["status"] = (garment.status, status)
    if location_id != garment.location_id:
        changes["location_id"] = (garment.location_id, location_id)
    if not changes:
        raise GarmentError({"status": _("Nothing changed: same status and location.")})
    garment.location = db.session.get(Location, location_id) if location_id else None
    set_status(garment, status)
    kind = "status" if "status" in changes else "location"
    logged = labelled(changes)
    summary = "; ".join(
        f"{field} {old or '—'} → {new or '—'}" for field, (old, new) in logged.items()
    )
    record_event(
        kind,
        user,
        garment=garment,
        changes=logged,
        summary=f"{summary} · {note}" if note else summary,
        scan_key=scan_key,
        undoes_id=undoes_id,
    )
    commit_or_conflict()


@refuses_conflicts
def retire_garment(garment: Garment, user, reason: str) -> None:
    """Retire a garment: it keeps its tag code and history but leaves active stock."""
    if garment.retired:
        raise GarmentError({"status": _("%(tag)s is already retired.", tag=garment.tag_code)})
    if not reason.strip():
        raise GarmentError({"reason": _("Say why the garment is retired.")})
    if garment.status == "with performer":
        raise GarmentError(
            {"status": _("%(tag)s is with a performer; return it first.", tag=garment.tag_code)}
        )
    old = garment.status
    set_status(garment, "retired")
    record_event(
        "retire",
        user,
        garment=garment,
        summary=reason.strip(),
        changes={"status": (old, "retired")},
    )
    commit_or_conflict()
