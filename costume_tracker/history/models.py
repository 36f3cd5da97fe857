"""Events: who did what, when, to which garment or costume."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..extensions import db
from ..modelutil import UTCDateTime, one_of, utcnow

EVENT_KINDS = (
    "create", "edit", "status", "location", "costume", "photo", "retire",
    "import", "assignment", "return", "repair", "note", "alteration", "measurement",
    "pulled", "fitting", "continuity",
)  # fmt: skip


class Event(db.Model):
    """One entry of history. Rows are only ever inserted."""

    __tablename__ = "event"
    __table_args__ = (
        CheckConstraint(one_of("kind", EVENT_KINDS), name="kind_known"),
        Index("ix_event_garment_time", "garment_id", "occurred_at"),
        Index("ix_event_costume_time", "costume_id", "occurred_at"),
        Index("ix_event_performer_time", "performer_id", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    garment_id: Mapped[int | None] = mapped_column(ForeignKey("garment.id"))
    costume_id: Mapped[int | None] = mapped_column(ForeignKey("costume.id"))
    performer_id: Mapped[int | None] = mapped_column(ForeignKey("performer.id"))
    kind: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(Text, default="")
    # {"field": [old, new]} for edits; plain values only, so it is readable on any database.
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The key a phone gave the scan that made this event: the same scan sent twice (its
    # answer lost, or queued offline and replayed) is recognised and applied once.
    scan_key: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)
    # An undo names the event it takes back; that event can then not be undone again.
    undoes_id: Mapped[int | None] = mapped_column(index=True)

    user: Mapped[User | None] = relationship()
    garment: Mapped["Garment | None"] = relationship()  # noqa: F821
    costume: Mapped["Costume | None"] = relationship()  # noqa: F821
    performer: Mapped["Performer | None"] = relationship()  # noqa: F821
