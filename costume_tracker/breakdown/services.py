"""The script breakdown's rules: episodes, scenes, shooting days, scene cast and changes.

Each service takes plain values (ids, texts), refuses bad input with a BreakdownError whose
``errors`` map field names to reasons in the reader's language, and commits all or nothing,
so the web pages, the breakdown import and the tests share one set of rules. An import
passes ``commit=False`` to apply many rows in one transaction and commits (or rolls back)
itself.
"""

import re
from datetime import date
from typing import Any

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from ..catalog.models import Costume, Garment
from ..catalog.services import normalise_tag
from ..extensions import db
from ..history.services import record_event
from ..lists.models import Character, Production, Site
from ..people.models import Performer
from .models import INT_EXT, Change, Episode, Scene, SceneCast, ShootingDay

# Digits then up to two letters: 14, 14A, 2AB.
NUMBER = re.compile(r"^(\d{1,4})([A-Z]{0,2})$")
# D3 (day) or N2 (night); J3 is how a French script writes D3.
STORY_DAY = re.compile(r"^([DNJ])(\d{1,3})$")


class BreakdownError(ValueError):
    """A breakdown change was refused; ``errors`` maps field names to reasons."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def _finish(commit: bool) -> None:
    """Commit the user's action; an import applying many rows flushes and commits once."""
    if commit:
        db.session.commit()
    else:
        db.session.flush()


def _text(values: dict[str, Any], key: str) -> str:
    return str(values.get(key) or "").strip()


def read_number(text: str) -> str | None:
    """A scene or change number as stored (upper case), or None when it is not one."""
    compact = (text or "").strip().upper().replace(" ", "")
    return compact if NUMBER.match(compact) else None


def read_story_day(text: str) -> str | None:
    """A story day as stored (D3, N2; J3 typed in French is D3); "" for blank; None if wrong."""
    compact = (text or "").strip().upper().replace(" ", "")
    if not compact:
        return ""
    match = STORY_DAY.match(compact)
    if match is None:
        return None
    kind = "D" if match.group(1) == "J" else match.group(1)
    return f"{kind}{int(match.group(2))}"


def story_day_shown(code: str | None) -> str:
    """A stored story day as the reader writes it: D3 in English, J3 in French."""
    if not code:
        return ""
    locale = get_locale()
    if locale is not None and locale.language == "fr" and code.startswith("D"):
        return "J" + code[1:]
    return code


# ---------- Episodes ----------


def save_episode(
    episode: Episode | None, values: dict[str, Any], user, *, commit: bool = True
) -> Episode:
    """Add an episode or edit one: its number (1 to 99, unique), title and ballet."""
    errors = {}
    number = values.get("number")
    if not isinstance(number, int) or not 1 <= number <= 99:
        errors["number"] = _("An episode number is a whole number from 1 to 99.")
    else:
        other = db.session.scalar(select(Episode).where(Episode.number == number))
        if other is not None and other is not episode:
            errors["number"] = _("Episode %(number)s already exists.", number=number)
    production_id = values.get("production_id")
    if production_id and db.session.get(Production, production_id) is None:
        errors["production_id"] = _("Choose the ballet from the list.")
    if errors:
        raise BreakdownError(errors)
    episode = episode or Episode()
    episode.number = number
    episode.title = _text(values, "title")
    episode.production_id = production_id or None
    db.session.add(episode)
    _finish(commit)
    return episode


# ---------- Scenes ----------


def check_scene(scene: Scene | None, values: dict[str, Any]) -> dict[str, Any]:
    """The scene's fields as stored, or BreakdownError naming each wrong one."""
    errors = {}
    episode = db.session.get(Episode, values.get("episode_id") or 0)
    if episode is None:
        errors["episode_id"] = _("Choose the scene's episode.")
    number = read_number(_text(values, "number"))
    if number is None:
        errors["number"] = _(
            "'%(text)s' is not a scene number such as 14 or 14A.", text=_text(values, "number")
        )
    elif episode is not None:
        other = db.session.scalar(
            select(Scene).where(Scene.episode_id == episode.id, Scene.number == number)
        )
        if other is not None and other is not scene:
            errors["number"] = _(
                "Episode %(episode)s already has a scene %(number)s.",
                episode=episode.number,
                number=number,
            )
    story_day = read_story_day(_text(values, "story_day"))
    if story_day is None:
        errors["story_day"] = _(
            "'%(text)s' is not a story day such as %(day)s or N2.",
            text=_text(values, "story_day"),
            day=story_day_shown("D3"),
        )
    int_ext = _text(values, "int_ext").upper() or "INT"
    if int_ext not in INT_EXT:
        errors["int_ext"] = _("Interior/exterior must be INT, EXT or INT/EXT.")
    if errors:
        raise BreakdownError(errors)
    return {
        "episode_id": episode.id,
        "number": number,
        "story_day": story_day,
        "int_ext": int_ext,
        "set_name": _text(values, "set_name"),
        "description": _text(values, "description"),
    }


def create_scene(values: dict[str, Any], user, *, commit: bool = True) -> Scene:
    """Add a scene to an episode."""
    return update_scene(None, values, user, commit=commit)


def update_scene(
    scene: Scene | None, values: dict[str, Any], user, *, commit: bool = True
) -> Scene:
    """Edit a scene's number, set, story day, interior/exterior and description."""
    fields = check_scene(scene, values)
    scene = scene or Scene()
    for key, value in fields.items():
        setattr(scene, key, value)
    db.session.add(scene)
    _finish(commit)
    return scene


# ---------- Scene cast ----------


def _cast_errors(scene, character, performer, double, change) -> dict[str, str]:
    errors = {}
    if character is None:
        errors["character_id"] = _("Choose the character.")
    if change is not None and character is not None and change.character_id != character.id:
        errors["change_id"] = _(
            "Change %(number)s is %(owner)s's, not %(character)s's.",
            number=change.number,
            owner=change.character.name,
            character=character.name,
        )
    if double is not None:
        if performer is not None and double.id == performer.id:
            errors["double_id"] = _("A performer cannot be their own double.")
        elif performer is None:
            errors["double_id"] = _(
                "Choose the performer first: %(double)s doubles for them.", double=double.name
            )
        elif double.doubles_for_id != performer.id:
            errors["double_id"] = _(
                "%(double)s does not double for %(performer)s.",
                double=double.name,
                performer=performer.name,
            )
    return errors


def _get(model, values: dict[str, Any], key: str, errors: dict[str, str], message: str):
    """The record the id names, None for blank; a wrong id adds the message."""
    ident = values.get(key)
    if not ident:
        return None
    found = db.session.get(model, ident)
    if found is None:
        errors[key] = message
    return found


def save_cast(scene: Scene, values: dict[str, Any], user, *, commit: bool = True) -> SceneCast:
    """Put a character in the scene, or change its row: performer, double, change worn.

    One row per character per scene: naming a character already there edits its row, and
    only the keys given are changed (a row's change alone is one edit).
    """
    errors: dict[str, str] = {}
    row = None
    if values.get("cast_id"):
        row = db.session.get(SceneCast, values["cast_id"])
        if row is None or row.scene_id != scene.id:
            raise BreakdownError(
                {"cast_id": _("That cast row is not in scene %(scene)s.", scene=scene.label)}
            )
        character = row.character
    else:
        character = _get(Character, values, "character_id", errors, _("Unknown character."))
        if character is not None:
            row = db.session.scalar(
                select(SceneCast).where(
                    SceneCast.scene_id == scene.id, SceneCast.character_id == character.id
                )
            )
    unknown = _("Unknown performer.")
    current = {
        "performer_id": row.performer if row else None,
        "double_id": row.double if row else None,
        "change_id": row.change if row else None,
    }
    picked = {
        key: _get(model, values, key, errors, message) if key in values else current[key]
        for key, model, message in (
            ("performer_id", Performer, unknown),
            ("double_id", Performer, unknown),
            ("change_id", Change, _("Unknown change.")),
        )
    }
    if not errors:
        errors = _cast_errors(scene, character, *picked.values())
    if errors:
        raise BreakdownError(errors)
    row = row or SceneCast(scene=scene, character=character)
    row.performer, row.double, row.change = picked.values()
    db.session.add(row)
    if row.performer is not None:
        record_event(
            "edit",
            user,
            performer=row.performer,
            summary=f"Scene {scene.label}: {character.name}"
            + (f", change {row.change.number}" if row.change else ""),
        )
    _finish(commit)
    return row


def remove_cast(row: SceneCast, user) -> None:
    """Take a character out of a scene."""
    db.session.delete(row)
    db.session.commit()


# ---------- Shooting days ----------


def save_shooting_day(
    day: ShootingDay | None, values: dict[str, Any], user, *, commit: bool = True
) -> ShootingDay:
    """Add or edit a shooting day: its date at a site (one a day per site) and its scenes."""
    errors = {}
    shoot_date = values.get("shoot_date")
    if not isinstance(shoot_date, date):
        errors["shoot_date"] = _("Give the shooting day's date.")
    site = db.session.get(Site, values.get("site_id") or 0)
    if site is None:
        errors["site_id"] = _("Choose the site.")
    if site is not None and isinstance(shoot_date, date):
        other = db.session.scalar(
            select(ShootingDay).where(
                ShootingDay.site_id == site.id, ShootingDay.shoot_date == shoot_date
            )
        )
        if other is not None and other is not day:
            errors["shoot_date"] = _(
                "%(site)s already has a shooting day on that date.", site=site.name
            )
    scene_ids = [int(i) for i in values.get("scene_ids") or []]
    scenes = list(db.session.scalars(select(Scene).where(Scene.id.in_(scene_ids))))
    missing = set(scene_ids) - {s.id for s in scenes}
    if missing:
        errors["scene_ids"] = _(
            "Unknown scene id %(ids)s.", ids=", ".join(map(str, sorted(missing)))
        )
    if errors:
        raise BreakdownError(errors)
    day = day or ShootingDay()
    day.shoot_date, day.site = shoot_date, site
    day.location, day.notes = _text(values, "location"), _text(values, "notes")
    day.scenes = scenes
    db.session.add(day)
    _finish(commit)
    return day


# ---------- Changes ----------


def _change_costume(values: dict[str, Any], errors: dict[str, str]) -> Costume | None:
    costume = _get(Costume, values, "costume_id", errors, _("Unknown costume."))
    if costume is None:
        return None
    if costume.hero_id is not None:
        errors["costume_id"] = _(
            "%(code)s is a multiple of %(hero)s; a change names the hero costume %(hero)s.",
            code=costume.code,
            hero=f"C-{costume.hero_id}",
        )
    elif costume.retired:
        errors["costume_id"] = _("%(code)s is retired.", code=costume.code)
    return costume


def _extras(tags: list[str], errors: dict[str, str]) -> list[Garment]:
    codes = list(dict.fromkeys(normalise_tag(t) for t in tags if t and t.strip()))
    found = {
        g.tag_code: g
        for g in db.session.scalars(select(Garment).where(Garment.tag_code.in_(codes)))
    }
    unknown = [code for code in codes if code not in found]
    if unknown:
        errors["extra_tags"] = _("No garment has the tag code %(codes)s.", codes=", ".join(unknown))
    return [found[code] for code in codes if code in found]


def save_change(
    change: Change | None, values: dict[str, Any], user, *, commit: bool = True
) -> Change:
    """Add a change to a character, or edit one: number, hero costume, extra garments."""
    errors: dict[str, str] = {}
    character = change.character if change else None
    if character is None:
        character = _get(Character, values, "character_id", errors, _("Unknown character."))
        if character is None:
            errors.setdefault("character_id", _("Choose the character."))
    number = read_number(_text(values, "number"))
    if number is None:
        errors["number"] = _(
            "'%(text)s' is not a change number such as 2 or 2A.", text=_text(values, "number")
        )
    elif character is not None:
        other = db.session.scalar(
            select(Change).where(Change.character_id == character.id, Change.number == number)
        )
        if other is not None and other is not change:
            errors["number"] = _(
                "%(character)s already has a change %(number)s.",
                character=character.name,
                number=number,
            )
    costume = _change_costume(values, errors)
    extras = _extras(values.get("extra_tags") or [], errors)
    if errors:
        raise BreakdownError(errors)
    change = change or Change(character=character)
    change.number, change.costume = number, costume
    change.description = _text(values, "description")
    change.extras = extras
    db.session.add(change)
    if costume is not None:
        record_event(
            "edit",
            user,
            costume=costume,
            summary=f"Change {number} of {character.name}: {costume.code}",
        )
    _finish(commit)
    return change


def find_change(character_id: int, number: str) -> Change | None:
    """The character's change with that number (2a is 2A), or None."""
    stored = read_number(number)
    if stored is None:
        return None
    return db.session.scalar(
        select(Change).where(Change.character_id == character_id, Change.number == stored)
    )
