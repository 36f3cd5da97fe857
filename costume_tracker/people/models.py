"""Performers: the people who wear costumes, and whom they double for."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..lists.models import Character, Site
from ..modelutil import UTCDateTime, one_of, utcnow
from ..sorting import keeps_sort_key, sort_key_column

PERFORMER_KINDS = ("principal", "soloist", "corps", "actor", "double", "stand-in")

performer_character = Table(
    "performer_character",
    db.metadata,
    Column("performer_id", ForeignKey("performer.id"), primary_key=True),
    Column("character_id", ForeignKey("character.id"), primary_key=True, index=True),
)


@keeps_sort_key
class Performer(db.Model):
    """A person who wears costumes: principal, dancer, corps, double, stand-in."""

    __tablename__ = "performer"
    __table_args__ = (
        CheckConstraint(one_of("kind", PERFORMER_KINDS), name="kind_known"),
        CheckConstraint("doubles_for_id IS NULL OR doubles_for_id <> id", name="not_own_double"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), index=True)
    name_key: Mapped[str] = sort_key_column(index=True)
    company_site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    doubles_for_id: Mapped[int | None] = mapped_column(ForeignKey("performer.id"), index=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    company_site: Mapped[Site] = relationship()
    characters: Mapped[list[Character]] = relationship(
        secondary=performer_character, order_by="Character.name_key"
    )
    doubles_for: Mapped["Performer | None"] = relationship(
        remote_side=[id], back_populates="doubles"
    )
    doubles: Mapped[list["Performer"]] = relationship(
        back_populates="doubles_for", order_by="Performer.name_key"
    )
    measurements: Mapped[list["Measurement"]] = relationship(
        back_populates="performer",
        order_by="[Measurement.measured_on.desc(), Measurement.id.desc()]",
    )
    photos: Mapped[list["Photo"]] = relationship(  # noqa: F821
        back_populates="performer", order_by="Photo.id", foreign_keys="Photo.performer_id"
    )

    @property
    def current_measurement(self) -> "Measurement | None":
        """The latest measuring, or None if never measured."""
        return self.measurements[0] if self.measurements else None

    @property
    def code(self) -> str:
        """Short reference typed into forms, e.g. P-12."""
        return f"P-{self.id}"

    def __str__(self) -> str:
        return self.name


# Measurement sheet fields, stored in centimetres (shoe size is a label such as "EU 38").
MEASUREMENT_FIELDS = (
    "height", "chest", "underbust", "waist", "high_hip", "hips", "girth",
    "inseam", "outseam", "neck", "head",
)  # fmt: skip


class Measurement(db.Model):
    """One measuring of a performer; a re-measure adds a row, so the old one is kept."""

    __tablename__ = "measurement"
    __table_args__ = (Index("ix_measurement_performer_date", "performer_id", "measured_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    performer_id: Mapped[int] = mapped_column(ForeignKey("performer.id"))
    measured_on: Mapped[date]
    measured_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    height: Mapped[float | None]
    chest: Mapped[float | None]
    underbust: Mapped[float | None]
    waist: Mapped[float | None]
    high_hip: Mapped[float | None]
    hips: Mapped[float | None]
    girth: Mapped[float | None]
    inseam: Mapped[float | None]
    outseam: Mapped[float | None]
    neck: Mapped[float | None]
    head: Mapped[float | None]
    shoe_size: Mapped[str] = mapped_column(String(20), default="")
    notes: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    performer: Mapped[Performer] = relationship(back_populates="measurements")
