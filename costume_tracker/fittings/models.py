"""Fittings (performer, costumes or changes, a slot in a room) and calendar feeds."""

from datetime import datetime, timedelta

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..breakdown.models import Change
from ..catalog.models import Costume
from ..extensions import db
from ..lists.models import Site
from ..modelutil import UTCDateTime, one_of, utcnow
from ..people.models import Performer

FITTING_STATES = ("planned", "done", "cancelled")

fitting_costume = Table(
    "fitting_costume",
    db.metadata,
    Column("fitting_id", ForeignKey("fitting.id"), primary_key=True),
    Column("costume_id", ForeignKey("costume.id"), primary_key=True, index=True),
)
fitting_change = Table(
    "fitting_change",
    db.metadata,
    Column("fitting_id", ForeignKey("fitting.id"), primary_key=True),
    Column("change_id", ForeignKey("costume_change.id"), primary_key=True, index=True),
)


class Fitting(db.Model):
    """An appointment to try costumes on a performer, in a room, with a fitter."""

    __tablename__ = "fitting"
    __table_args__ = (
        CheckConstraint("minutes > 0", name="minutes_positive"),
        CheckConstraint(one_of("state", FITTING_STATES), name="state_known"),
        Index("ix_fitting_site_starts", "site_id", "starts_at"),
        Index("ix_fitting_performer_starts", "performer_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    performer_id: Mapped[int] = mapped_column(ForeignKey("performer.id"))
    # Stored in UTC; entered and shown in the site's local time.
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    minutes: Mapped[int] = mapped_column(default=30)
    room: Mapped[str] = mapped_column(String(80), default="")
    fitter_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    state: Mapped[str] = mapped_column(String(10), default="planned")
    # The outcome, written after the fitting.
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Calendar apps see a changed event by its sequence number.
    sequence: Mapped[int] = mapped_column(default=0)

    site: Mapped[Site] = relationship()
    performer: Mapped[Performer] = relationship()
    fitter: Mapped[User | None] = relationship(foreign_keys=[fitter_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    costumes: Mapped[list[Costume]] = relationship(secondary=fitting_costume, order_by="Costume.id")
    changes: Mapped[list[Change]] = relationship(secondary=fitting_change, order_by="Change.id")
    photos: Mapped[list["FittingPhoto"]] = relationship(
        back_populates="fitting", order_by="FittingPhoto.id"
    )

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)


class FittingPhoto(db.Model):
    """A photo taken at a fitting (the fit, a pinned hem)."""

    __tablename__ = "fitting_photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    fitting_id: Mapped[int] = mapped_column(ForeignKey("fitting.id"), index=True)
    caption: Mapped[str] = mapped_column(String(300), default="")
    filename: Mapped[str] = mapped_column(String(80), unique=True)
    thumb_filename: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(40), default="image/jpeg")
    width: Mapped[int]
    height: Mapped[int]
    original_name: Mapped[str] = mapped_column(String(255), default="")
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    fitting: Mapped[Fitting] = relationship(back_populates="photos")


class CalendarFeed(db.Model):
    """A secret URL a calendar app subscribes to: one user's fittings, or one site's."""

    __tablename__ = "calendar_feed"
    __table_args__ = (
        CheckConstraint("(user_id IS NULL) <> (site_id IS NULL)", name="user_or_site"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The secret in the URL (secrets.token_urlsafe); revoking the feed makes it a dead link.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    site: Mapped[Site | None] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
