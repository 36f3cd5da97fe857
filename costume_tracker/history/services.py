"""Write and read history events."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..modelutil import utcnow
from .models import Event


def event_relations() -> tuple:
    """Load what an event list shows with each page of events: a few queries, not one per row."""
    return (
        selectinload(Event.user),
        selectinload(Event.garment),
        selectinload(Event.costume),
        selectinload(Event.performer),
    )


def plain(value: Any) -> Any:
    """A JSON-safe rendering of a field value for the change log."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def record_event(
    kind: str,
    user,
    *,
    garment=None,
    costume=None,
    performer=None,
    summary: str = "",
    changes: dict[str, Any] | None = None,
    scan_key: str | None = None,
    undoes_id: int | None = None,
) -> Event:
    """Add an event to the current transaction; the caller commits.

    ``scan_key``: the phone's key for the scan that made it; ``undoes_id``: the event it undoes.
    """
    event = Event(
        kind=kind,
        user_id=getattr(user, "id", None),
        garment=garment,
        costume=costume,
        performer=performer,
        summary=summary,
        changes={key: [plain(old), plain(new)] for key, (old, new) in (changes or {}).items()},
        scan_key=scan_key,
        undoes_id=undoes_id,
    )
    db.session.add(event)
    return event


def record_events(kind: str, user, entries: list[dict[str, Any]]) -> None:
    """Add many events in one multi-row INSERT (an import of thousands); the caller commits.

    Each entry holds ``garment_id``, ``costume_id`` or ``performer_id``, a ``summary`` and
    ``changes`` ({field: (old, new)}) as record_event takes them. The ORM would insert
    events one by one on SQLite to read back their ids, which nobody needs here.
    """
    now, user_id = utcnow(), getattr(user, "id", None)
    rows = [
        {
            "kind": kind,
            "user_id": user_id,
            "occurred_at": now,
            "garment_id": entry.get("garment_id"),
            "costume_id": entry.get("costume_id"),
            "performer_id": entry.get("performer_id"),
            "summary": entry.get("summary", ""),
            "changes": {
                key: [plain(old), plain(new)] for key, (old, new) in entry["changes"].items()
            },
        }
        for entry in entries
    ]
    if rows:
        db.session.execute(insert(Event), rows)


def garment_history(garment_id: int, page: int = 1, per_page: int = 50):
    """A page of a garment's events, newest first."""
    query = (
        db.select(Event)
        .where(Event.garment_id == garment_id)
        .order_by(Event.occurred_at.desc(), Event.id.desc())
        .options(*event_relations())
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def costume_history(costume_id: int, page: int = 1, per_page: int = 50):
    """A page of a costume's own events, newest first."""
    query = (
        db.select(Event)
        .where(Event.costume_id == costume_id)
        .order_by(Event.occurred_at.desc(), Event.id.desc())
        .options(*event_relations())
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def performer_history(performer_id: int, page: int = 1, per_page: int = 50):
    """A page of a performer's events (assignments, returns, measurings), newest first."""
    query = (
        db.select(Event)
        .where(Event.performer_id == performer_id)
        .order_by(Event.occurred_at.desc(), Event.id.desc())
        .options(*event_relations())
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)
