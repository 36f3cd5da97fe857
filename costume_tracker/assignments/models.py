"""Assignments (who wears which costume, from when to when) and alterations."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..catalog.models import Costume, Garment
from ..extensions import db
from ..i18n.times import local_today, site_zone
from ..lists.models import Character, Site  # noqa: F401  (Alteration.site)
from ..modelutil import UTCDateTime, one_of, utcnow
from ..people.models import Performer

ALTERATION_STATES = ("to do", "doing", "done")


class Assignment(db.Model):
    """A costume given to a performer; active until it is returned. History is kept."""

    __tablename__ = "assignment"
    __table_args__ = (
        CheckConstraint("due_on IS NULL OR due_on >= starts_on", name="due_after_start"),
        Index("ix_assignment_costume_active", "costume_id", "returned_at"),
        Index("ix_assignment_performer_active", "performer_id", "returned_at"),
        Index("ix_assignment_due", "returned_at", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    costume_id: Mapped[int] = mapped_column(ForeignKey("costume.id"))
    performer_id: Mapped[int] = mapped_column(ForeignKey("performer.id"))
    character_id: Mapped[int | None] = mapped_column(ForeignKey("character.id"), index=True)
    episodes: Mapped[str] = mapped_column(String(200), default="")
    starts_on: Mapped[date]
    due_on: Mapped[date | None]
    notes: Mapped[str] = mapped_column(Text, default="")
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    returned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    costume: Mapped[Costume] = relationship()
    performer: Mapped[Performer] = relationship()
    character: Mapped[Character | None] = relationship()
    assigned_by: Mapped[User | None] = relationship(foreign_keys=[assigned_by_id])
    returned_by: Mapped[User | None] = relationship(foreign_keys=[returned_by_id])

    @property
    def active(self) -> bool:
        return self.returned_at is None

    def site_today(self, at: date | datetime | None = None) -> date:
        """Today at the performer's site (due dates are dates there), at ``at`` (now).

        A date given is taken as that site's today already.
        """
        if isinstance(at, date) and not isinstance(at, datetime):
            return at
        return local_today(site_zone(self.performer.company_site), at)

    def is_overdue(self, at: date | datetime | None = None) -> bool:
        """True when it is still out after its due date: from the site's local midnight."""
        return self.active and self.due_on is not None and self.due_on < self.site_today(at)

    def days_late(self, at: date | datetime | None = None) -> int:
        """Whole days since the due date, counted in the site's days (0 when not late)."""
        if not self.is_overdue(at):
            return 0
        return (self.site_today(at) - self.due_on).days


class Alteration(db.Model):
    """A change made to a costume (taken in, let out, re-hemmed), to mirror on its multiples."""

    __tablename__ = "alteration"
    __table_args__ = (
        CheckConstraint(one_of("state", ALTERATION_STATES), name="state_known"),
        Index("ix_alteration_site_state", "site_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    costume_id: Mapped[int] = mapped_column(ForeignKey("costume.id"), index=True)
    garment_id: Mapped[int | None] = mapped_column(ForeignKey("garment.id"), index=True)
    description: Mapped[str] = mapped_column(String(500))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # Set on the copy made for a multiple: the hero's alteration it mirrors.
    mirrors_id: Mapped[int | None] = mapped_column(ForeignKey("alteration.id"), index=True)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # As a task in the workroom's queue: to do, doing, done (done_at is set when done).
    state: Mapped[str] = mapped_column(String(10), default="to do")
    maker_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    due_on: Mapped[date | None]
    # The site whose workroom does it, and the fitting it came from.
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id"), index=True)
    fitting_id: Mapped[int | None] = mapped_column(ForeignKey("fitting.id"), index=True)

    costume: Mapped[Costume] = relationship()
    garment: Mapped[Garment | None] = relationship()
    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id])
    done_by: Mapped[User | None] = relationship(foreign_keys=[done_by_id])
    maker: Mapped[User | None] = relationship(foreign_keys=[maker_id])
    site: Mapped["Site | None"] = relationship()  # noqa: F821
    mirrors: Mapped["Alteration | None"] = relationship(remote_side=[id])

    @property
    def pending(self) -> bool:
        return self.done_at is None
