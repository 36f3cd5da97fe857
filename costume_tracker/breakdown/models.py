"""Episodes, scenes, shooting days, scene cast, changes, continuity and pulls."""

from datetime import date, datetime
from functools import partial

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..catalog.models import Costume, Garment
from ..extensions import db
from ..lists.models import Character, Production, Site
from ..modelutil import UTCDateTime, one_of, utcnow
from ..people.models import Performer
from ..sorting import keeps_sort_key, sort_key_column

INT_EXT = ("INT", "EXT", "INT/EXT")
# A story day is D (day) or N (night) and its number: D3, N2. French shows J3 for D3.
STORY_DAY_KINDS = ("D", "N")
PHOTO_KINDS = ("front", "back", "side", "detail", "on set")

number_key_column = partial(sort_key_column, "number")
keeps_number_key = partial(keeps_sort_key, source="number", target="number_key")


class Episode(db.Model):
    """One of the series' episodes, by its number (1 to 8)."""

    __tablename__ = "episode"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    # The ballet the episode's stage scenes dance, if any (Giselle in episode 3).
    production_id: Mapped[int | None] = mapped_column(ForeignKey("production.id"), index=True)

    production: Mapped[Production | None] = relationship()
    scenes: Mapped[list["Scene"]] = relationship(
        back_populates="episode", order_by="Scene.number_key"
    )

    def __str__(self) -> str:
        return f"Ep. {self.number}"


shooting_day_scene = Table(
    "shooting_day_scene",
    db.metadata,
    Column("shooting_day_id", ForeignKey("shooting_day.id"), primary_key=True),
    Column("scene_id", ForeignKey("scene.id"), primary_key=True, index=True),
)


@keeps_number_key
class Scene(db.Model):
    """A numbered scene of an episode (14, 14A): its set, story day and interior/exterior."""

    __tablename__ = "scene"
    __table_args__ = (
        UniqueConstraint("episode_id", "number", name="uq_scene_episode_number"),
        CheckConstraint(one_of("int_ext", INT_EXT), name="int_ext_known"),
        Index("ix_scene_episode_number_key", "episode_id", "number_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episode.id"))
    number: Mapped[str] = mapped_column(String(10))
    number_key: Mapped[str] = number_key_column()
    set_name: Mapped[str] = mapped_column(String(160), default="")
    # "D3", "N2" (always stored with D/N; shown as J3 in French).
    story_day: Mapped[str] = mapped_column(String(10), default="")
    int_ext: Mapped[str] = mapped_column(String(7), default="INT")
    description: Mapped[str] = mapped_column(String(500), default="")

    episode: Mapped[Episode] = relationship(back_populates="scenes")
    cast: Mapped[list["SceneCast"]] = relationship(
        back_populates="scene", cascade="all, delete-orphan", order_by="SceneCast.id"
    )
    shooting_days: Mapped[list["ShootingDay"]] = relationship(
        secondary=shooting_day_scene, back_populates="scenes", order_by="ShootingDay.shoot_date"
    )

    @property
    def label(self) -> str:
        """ "3/14A": episode and scene, as call sheets write them."""
        return f"{self.episode.number}/{self.number}"

    def __str__(self) -> str:
        return self.label


class ShootingDay(db.Model):
    """A date at a site on which some scenes are shot."""

    __tablename__ = "shooting_day"
    __table_args__ = (UniqueConstraint("site_id", "shoot_date", name="uq_shooting_day_site_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    shoot_date: Mapped[date] = mapped_column(index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), index=True)
    # Where the unit shoots that day (Palais Garnier stage, studio 2), and a call time.
    location: Mapped[str] = mapped_column(String(160), default="")
    notes: Mapped[str] = mapped_column(String(500), default="")

    site: Mapped[Site] = relationship()
    scenes: Mapped[list[Scene]] = relationship(
        secondary=shooting_day_scene, back_populates="shooting_days", order_by="Scene.id"
    )


change_garment = Table(
    "change_garment",
    db.metadata,
    Column("change_id", ForeignKey("costume_change.id"), primary_key=True),
    Column("garment_id", ForeignKey("garment.id"), primary_key=True, index=True),
)


@keeps_number_key
class Change(db.Model):
    """A character's numbered costume change (1, 2, 2A): a hero costume and extra pieces."""

    __tablename__ = "costume_change"
    __table_args__ = (
        UniqueConstraint("character_id", "number", name="uq_costume_change_character_number"),
        Index("ix_costume_change_character_number_key", "character_id", "number_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    character_id: Mapped[int] = mapped_column(ForeignKey("character.id"))
    number: Mapped[str] = mapped_column(String(10))
    number_key: Mapped[str] = number_key_column()
    # The hero costume; a double wears a multiple of it.
    costume_id: Mapped[int | None] = mapped_column(ForeignKey("costume.id"), index=True)
    description: Mapped[str] = mapped_column(String(300), default="")

    character: Mapped[Character] = relationship()
    costume: Mapped[Costume | None] = relationship()
    # Accessories and pieces worn with the costume that are not part of it.
    extras: Mapped[list[Garment]] = relationship(secondary=change_garment, order_by="Garment.id")
    worn_in: Mapped[list["SceneCast"]] = relationship(back_populates="change")

    @property
    def label(self) -> str:
        return f"{self.character.name} · {self.number}"


class SceneCast(db.Model):
    """A character in a scene: played by whom, which double works in it, which change worn.

    One row per character per scene, so a scene has one change per character; changing the
    change of a scene is one edit of ``change_id``.
    """

    __tablename__ = "scene_cast"
    __table_args__ = (
        UniqueConstraint("scene_id", "character_id", name="uq_scene_cast_scene_character"),
        CheckConstraint(
            "double_id IS NULL OR performer_id IS NULL OR double_id <> performer_id",
            name="double_not_performer",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scene_id: Mapped[int] = mapped_column(ForeignKey("scene.id"))
    character_id: Mapped[int] = mapped_column(ForeignKey("character.id"), index=True)
    performer_id: Mapped[int | None] = mapped_column(ForeignKey("performer.id"), index=True)
    # The double who works in this scene (a dance sequence), if any.
    double_id: Mapped[int | None] = mapped_column(ForeignKey("performer.id"), index=True)
    change_id: Mapped[int | None] = mapped_column(ForeignKey("costume_change.id"), index=True)

    scene: Mapped[Scene] = relationship(back_populates="cast")
    character: Mapped[Character] = relationship()
    performer: Mapped[Performer | None] = relationship(foreign_keys=[performer_id])
    double: Mapped[Performer | None] = relationship(foreign_keys=[double_id])
    change: Mapped[Change | None] = relationship(back_populates="worn_in")


class ContinuityPhoto(db.Model):
    """How a change was worn, for a scene and a performer: front, back, side, detail, on set."""

    __tablename__ = "continuity_photo"
    __table_args__ = (
        CheckConstraint(one_of("kind", PHOTO_KINDS), name="kind_known"),
        Index("ix_continuity_photo_change_taken", "change_id", "taken_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    change_id: Mapped[int] = mapped_column(ForeignKey("costume_change.id"))
    scene_id: Mapped[int | None] = mapped_column(ForeignKey("scene.id"), index=True)
    performer_id: Mapped[int | None] = mapped_column(ForeignKey("performer.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10), default="front")
    caption: Mapped[str] = mapped_column(String(300), default="")
    filename: Mapped[str] = mapped_column(String(80), unique=True)
    thumb_filename: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(40), default="image/jpeg")
    width: Mapped[int]
    height: Mapped[int]
    original_name: Mapped[str] = mapped_column(String(255), default="")
    taken_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    change: Mapped[Change] = relationship()
    scene: Mapped[Scene | None] = relationship()
    performer: Mapped[Performer | None] = relationship()
    taken_by: Mapped[User | None] = relationship()


class ContinuityNote(db.Model):
    """A continuity note on a change, for a scene: "sleeves pushed up from scene 14"."""

    __tablename__ = "continuity_note"
    __table_args__ = (Index("ix_continuity_note_change_scene", "change_id", "scene_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    change_id: Mapped[int] = mapped_column(ForeignKey("costume_change.id"))
    scene_id: Mapped[int | None] = mapped_column(ForeignKey("scene.id"), index=True)
    text: Mapped[str] = mapped_column(String(1000))
    written_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    written_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    change: Mapped[Change] = relationship()
    scene: Mapped[Scene | None] = relationship()
    written_by: Mapped[User | None] = relationship()


class Pull(db.Model):
    """A garment ticked off as pulled for a shooting day."""

    __tablename__ = "pull"
    __table_args__ = (
        UniqueConstraint("shooting_day_id", "garment_id", name="uq_pull_day_garment"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    shooting_day_id: Mapped[int] = mapped_column(ForeignKey("shooting_day.id"))
    garment_id: Mapped[int] = mapped_column(ForeignKey("garment.id"), index=True)
    pulled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    pulled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    shooting_day: Mapped[ShootingDay] = relationship()
    garment: Mapped[Garment] = relationship()
    pulled_by: Mapped[User | None] = relationship()
