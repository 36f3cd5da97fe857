"""Sites with their locations, and productions with their characters."""

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..modelutil import one_of
from ..sorting import keeps_sort_key, sort_key_column

LOCATION_KINDS = ("room", "rack", "bin", "shelf", "other")


@keeps_sort_key
class Site(db.Model):
    """A company's home: Paris or New York."""

    __tablename__ = "site"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    name_key: Mapped[str] = sort_key_column(index=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    company: Mapped[str] = mapped_column(String(120), default="")
    # IANA time zone of the site (Europe/Paris): local times and due dates at this site.
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")

    locations: Mapped[list["Location"]] = relationship(
        back_populates="site", order_by="Location.name_key"
    )

    def __str__(self) -> str:
        return self.name


@keeps_sort_key
class Location(db.Model):
    """A room, rack or bin at a site."""

    __tablename__ = "location"
    __table_args__ = (
        UniqueConstraint("site_id", "name", name="uq_location_site_name"),
        CheckConstraint(one_of("kind", LOCATION_KINDS), name="kind_known"),
        Index("ix_location_site_name_key", "site_id", "name_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    name_key: Mapped[str] = sort_key_column()
    kind: Mapped[str] = mapped_column(String(10), default="rack")

    site: Mapped[Site] = relationship(back_populates="locations")

    def __str__(self) -> str:
        return f"{self.site.name} · {self.name}"


@keeps_sort_key
class Production(db.Model):
    """A ballet or other production garments are made for (The Nutcracker, rehearsal wear)."""

    __tablename__ = "production"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    name_key: Mapped[str] = sort_key_column(index=True)
    notes: Mapped[str] = mapped_column(String(2000), default="")

    characters: Mapped[list["Character"]] = relationship(
        back_populates="production", order_by="Character.name_key"
    )

    def __str__(self) -> str:
        return self.name


@keeps_sort_key
class Character(db.Model):
    """A role in a production (Aurora, the Sugar Plum Fairy)."""

    __tablename__ = "character"
    __table_args__ = (
        UniqueConstraint("production_id", "name", name="uq_character_production_name"),
        Index("ix_character_production_name_key", "production_id", "name_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    production_id: Mapped[int] = mapped_column(ForeignKey("production.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    name_key: Mapped[str] = sort_key_column()

    production: Mapped[Production] = relationship(back_populates="characters")

    def __str__(self) -> str:
        return f"{self.name} ({self.production.name})"
