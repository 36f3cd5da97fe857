"""Performers: the people who wear costumes, and whom they double for."""

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..lists.models import Character, Site
from ..modelutil import UTCDateTime, one_of, utcnow

PERFORMER_KINDS = ("principal", "soloist", "corps", "actor", "double", "stand-in")

performer_character = Table(
    "performer_character",
    db.metadata,
    Column("performer_id", ForeignKey("performer.id"), primary_key=True),
    Column("character_id", ForeignKey("character.id"), primary_key=True, index=True),
)


class Performer(db.Model):
    """A person who wears costumes: principal, dancer, corps, double, stand-in."""

    __tablename__ = "performer"
    __table_args__ = (
        CheckConstraint(one_of("kind", PERFORMER_KINDS), name="kind_known"),
        CheckConstraint("doubles_for_id IS NULL OR doubles_for_id <> id", name="not_own_double"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), index=True)
    company_site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    doubles_for_id: Mapped[int | None] = mapped_column(ForeignKey("performer.id"), index=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    company_site: Mapped[Site] = relationship()
    characters: Mapped[list[Character]] = relationship(
        secondary=performer_character, order_by="Character.name"
    )
    doubles_for: Mapped["Performer | None"] = relationship(
        remote_side=[id], back_populates="doubles"
    )
    doubles: Mapped[list["Performer"]] = relationship(
        back_populates="doubles_for", order_by="Performer.name"
    )

    def __str__(self) -> str:
        return self.name
