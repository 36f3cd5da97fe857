"""Garments, costumes and their photos; tag-code sequence."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..lists.models import Character, Location, Production, Site
from ..modelutil import UTCDateTime, one_of, utcnow
from ..sorting import keeps_sort_key, sort_key_column

CATEGORIES = (
    "tutu", "bodice", "leotard", "tights", "skirt", "dress", "jacket",
    "trousers", "shirt", "headpiece", "shoes", "accessory", "other",
)  # fmt: skip
STATUSES = (
    "in stock", "with performer", "at fitting", "in alterations", "in laundry",
    "in repair", "in transit", "retired", "lost",
)  # fmt: skip
CONDITIONS = ("new", "good", "fair", "worn", "needs repair")
TUTU_STYLES = ("classical pancake", "platter", "bell", "romantic", "powder-puff")
NET_LAYERS_MIN, NET_LAYERS_MAX = 1, 30
# Measurements a garment carries, stored in centimetres.
GARMENT_MEASUREMENTS = ("chest", "waist", "hips", "girth", "inseam", "length")


@keeps_sort_key
class Costume(db.Model):
    """A named set of garments worn together by one character in one look."""

    __tablename__ = "costume"
    __table_args__ = (CheckConstraint("hero_id IS NULL OR hero_id <> id", name="not_own_hero"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), index=True)
    name_key: Mapped[str] = sort_key_column(index=True)
    production_id: Mapped[int | None] = mapped_column(ForeignKey("production.id"), index=True)
    character_id: Mapped[int | None] = mapped_column(ForeignKey("character.id"), index=True)
    hero_id: Mapped[int | None] = mapped_column(ForeignKey("costume.id"), index=True)
    look: Mapped[str] = mapped_column(String(160), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    retired: Mapped[bool] = mapped_column(default=False)
    # Corps costumes are built to fit several dancers: more than one active wearer allowed.
    shared: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    production: Mapped[Production | None] = relationship()
    character: Mapped[Character | None] = relationship()
    hero: Mapped["Costume | None"] = relationship(remote_side=[id], back_populates="multiples")
    multiples: Mapped[list["Costume"]] = relationship(back_populates="hero", order_by="Costume.id")
    garments: Mapped[list["Garment"]] = relationship(
        back_populates="costume", order_by="Garment.tag_code"
    )
    photos: Mapped[list["Photo"]] = relationship(
        back_populates="costume", order_by="Photo.id", foreign_keys="Photo.costume_id"
    )

    @property
    def code(self) -> str:
        """Short reference typed into forms, e.g. C-42."""
        return f"C-{self.id}"

    def __str__(self) -> str:
        return self.name


@keeps_sort_key
class Garment(db.Model):
    """One physical piece, carrying its own tag code, status and location."""

    __tablename__ = "garment"
    __table_args__ = (
        CheckConstraint(one_of("category", CATEGORIES), name="category_known"),
        CheckConstraint(one_of("status", STATUSES), name="status_known"),
        CheckConstraint(one_of("condition", CONDITIONS), name="condition_known"),
        CheckConstraint(
            "tutu_style IS NULL OR " + one_of("tutu_style", TUTU_STYLES), name="tutu_style_known"
        ),
        CheckConstraint("category <> 'tutu' OR net_layers IS NOT NULL", name="tutu_has_net_layers"),
        CheckConstraint(
            "category = 'tutu' OR (net_layers IS NULL AND tutu_style IS NULL AND hoop IS NULL)",
            name="tutu_fields_only_on_tutus",
        ),
        CheckConstraint(
            f"net_layers IS NULL OR net_layers BETWEEN {NET_LAYERS_MIN} AND {NET_LAYERS_MAX}",
            name="net_layers_in_range",
        ),
        CheckConstraint(
            "replacement_cost IS NULL OR replacement_cost >= 0", name="cost_not_negative"
        ),
        # Counts by status and place (where is everything) read this index alone.
        Index("ix_garment_status_site_location", "status", "home_site_id", "location_id"),
        # The list filtered by category (tutus!) walks this in tag order and stops at a page.
        Index("ix_garment_category_tag", "category", "tag_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tag_code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(160), index=True)
    # The list sorted by name walks this index and stops at a page.
    name_key: Mapped[str] = sort_key_column(index=True)
    category: Mapped[str] = mapped_column(String(20))
    costume_id: Mapped[int | None] = mapped_column(ForeignKey("costume.id"), index=True)
    production_id: Mapped[int | None] = mapped_column(ForeignKey("production.id"), index=True)
    colour: Mapped[str] = mapped_column(String(60), default="")
    fabric: Mapped[str] = mapped_column(String(120), default="")
    size_label: Mapped[str] = mapped_column(String(30), default="")
    chest_cm: Mapped[float | None]
    waist_cm: Mapped[float | None]
    hips_cm: Mapped[float | None]
    girth_cm: Mapped[float | None]
    inseam_cm: Mapped[float | None]
    length_cm: Mapped[float | None]
    home_site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), index=True)
    location_id: Mapped[int | None] = mapped_column(ForeignKey("location.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="in stock")
    status_since: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    condition: Mapped[str] = mapped_column(String(20), default="good")
    care_notes: Mapped[str] = mapped_column(Text, default="")
    replacement_cost: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    notes: Mapped[str] = mapped_column(Text, default="")
    net_layers: Mapped[int | None] = mapped_column(index=True)
    tutu_style: Mapped[str | None] = mapped_column(String(20))
    hoop: Mapped[bool | None]
    net_type: Mapped[str] = mapped_column(String(60), default="")
    skirt_length_cm: Mapped[float | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Optimistic locking: a stale edit (two tabs, two phones) fails instead of overwriting.
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    costume: Mapped[Costume | None] = relationship(back_populates="garments")
    production: Mapped[Production | None] = relationship()
    home_site: Mapped[Site] = relationship()
    location: Mapped[Location | None] = relationship()
    photos: Mapped[list["Photo"]] = relationship(
        back_populates="garment", order_by="Photo.id", foreign_keys="Photo.garment_id"
    )

    @property
    def is_tutu(self) -> bool:
        return self.category == "tutu"

    @property
    def retired(self) -> bool:
        return self.status == "retired"

    def __str__(self) -> str:
        return f"{self.tag_code} {self.name}"


class Photo(db.Model):
    """An uploaded photo of a garment or a costume, with its thumbnail."""

    __tablename__ = "photo"
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN garment_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN costume_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN performer_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="belongs_to_one_owner",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    garment_id: Mapped[int | None] = mapped_column(ForeignKey("garment.id"), index=True)
    costume_id: Mapped[int | None] = mapped_column(ForeignKey("costume.id"), index=True)
    performer_id: Mapped[int | None] = mapped_column(ForeignKey("performer.id"), index=True)
    filename: Mapped[str] = mapped_column(String(80), unique=True)
    thumb_filename: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(40))
    width: Mapped[int]
    height: Mapped[int]
    original_name: Mapped[str] = mapped_column(String(255), default="")
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    garment: Mapped[Garment | None] = relationship(back_populates="photos")
    costume: Mapped[Costume | None] = relationship(back_populates="photos")
    performer: Mapped["Performer | None"] = relationship(back_populates="photos")  # noqa: F821


class TagSequence(db.Model):
    """The last number handed out per tag prefix, so tag codes are never reused."""

    __tablename__ = "tag_sequence"

    prefix: Mapped[str] = mapped_column(String(10), primary_key=True)
    last_number: Mapped[int] = mapped_column(default=0)
