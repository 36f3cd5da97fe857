"""Costume operations: create, edit, multiples, and which garments belong to it."""

from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from ..extensions import db
from ..history.services import record_event
from ..lists.models import Character
from .models import Costume, Garment
from .services import GarmentError, find_garment_by_tag, labelled, refuses_conflicts

COSTUME_FIELDS = (
    "name", "look", "production_id", "character_id", "hero_id", "notes", "shared",
)  # fmt: skip


class CostumeError(ValueError):
    """A costume change was refused; ``errors`` maps field names to reasons."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def check_costume_fields(costume: Costume | None, fields: dict[str, Any]) -> dict[str, Any]:
    """Validate costume data; a multiple's hero is always the original, never another copy."""
    errors = {}
    if not (fields.get("name") or "").strip():
        errors["name"] = _("A costume needs a name.")
    character_id = fields.get("character_id")
    if character_id:
        character = db.session.get(Character, character_id)
        if character is None:
            errors["character_id"] = _("Unknown character.")
        elif fields.get("production_id") not in (None, character.production_id):
            errors["character_id"] = _(
                "%(character)s belongs to %(production)s, not this production.",
                character=character.name,
                production=character.production.name,
            )
        else:
            fields["production_id"] = character.production_id
    hero_id = fields.get("hero_id")
    if hero_id:
        hero = db.session.get(Costume, hero_id)
        if hero is None:
            errors["hero_id"] = _("There is no costume C-%(id)s.", id=hero_id)
        elif costume is not None and hero.id == costume.id:
            errors["hero_id"] = _("A costume cannot be a multiple of itself.")
        elif costume is not None and costume.multiples:
            errors["hero_id"] = ngettext(
                "%(name)s is the hero of %(num)d multiple; it cannot itself be a copy.",
                "%(name)s is the hero of %(num)d multiples; it cannot itself be a copy.",
                len(costume.multiples),
                name=costume.name,
            )
        else:
            fields["hero_id"] = hero.hero_id or hero.id  # copies of a copy join the hero's group
    if errors:
        raise CostumeError(errors)
    return fields


@refuses_conflicts
def save_costume(costume: Costume | None, fields: dict[str, Any], user) -> Costume:
    """Create a costume or apply edits to one, recording what changed."""
    fields = check_costume_fields(costume, {k: v for k, v in fields.items() if k in COSTUME_FIELDS})
    if costume is None:
        costume = Costume(**fields)
        db.session.add(costume)
        db.session.flush()
        record_event(
            "create",
            user,
            costume=costume,
            summary=f"Created costume {costume.name}",
            changes=labelled(
                {k: (None, v) for k, v in fields.items() if v not in (None, "", False)}
            ),
        )
    else:
        changes = {
            k: (getattr(costume, k), v)
            for k, v in fields.items()
            if getattr(costume, k) != v
            and not (getattr(costume, k) in (None, "") and v in (None, ""))
        }
        if not changes:
            return costume
        for key, (_old, new) in changes.items():
            setattr(costume, key, new)
        record_event(
            "edit",
            user,
            costume=costume,
            changes=labelled(changes),
            summary="Edited " + ", ".join(k.removesuffix("_id") for k in changes),
        )
    db.session.commit()
    return costume


@refuses_conflicts
def add_garment_to_costume(costume: Costume, tag: str, user) -> Garment:
    """Put a garment (found by tag code) into this costume, moving it from any other."""
    garment = find_garment_by_tag(tag)
    if garment is None:
        raise CostumeError({"tag": _("No garment has tag code '%(tag)s'.", tag=tag.strip())})
    if garment.retired:
        raise CostumeError({"tag": _("%(tag)s is retired.", tag=garment.tag_code)})
    if garment.costume_id == costume.id:
        raise CostumeError({"tag": _("%(tag)s is already in this costume.", tag=garment.tag_code)})
    old = garment.costume
    garment.costume_id = costume.id
    summary = (
        f"Moved from {old.name} (C-{old.id}) to {costume.name}"
        if old
        else (f"Added to {costume.name}")
    )
    record_event(
        "costume",
        user,
        garment=garment,
        summary=summary,
        changes={"costume": (old.name if old else None, costume.name)},
    )
    record_event("costume", user, costume=costume, summary=f"{garment.tag_code} added")
    if old is not None:
        record_event(
            "costume",
            user,
            costume=old,
            summary=f"{garment.tag_code} moved to {costume.name} (C-{costume.id})",
        )
    db.session.commit()
    return garment


@refuses_conflicts
def remove_garment_from_costume(costume: Costume, garment: Garment, user) -> None:
    """Take a garment out of the costume; it stays in stock as a loose piece."""
    if garment.costume_id != costume.id:
        raise GarmentError({"tag": _("%(tag)s is not in this costume.", tag=garment.tag_code)})
    garment.costume_id = None
    record_event(
        "costume",
        user,
        garment=garment,
        summary=f"Removed from {costume.name}",
        changes={"costume": (costume.name, None)},
    )
    record_event("costume", user, costume=costume, summary=f"{garment.tag_code} removed")
    db.session.commit()


@refuses_conflicts
def retire_costume(costume: Costume, user, reason: str) -> None:
    """Retire a costume; its garments keep their own status."""
    if costume.retired:
        raise CostumeError({"reason": _("This costume is already retired.")})
    if not reason.strip():
        raise CostumeError({"reason": _("Say why the costume is retired.")})
    costume.retired = True
    record_event(
        "retire", user, costume=costume, summary=reason.strip(), changes={"retired": (False, True)}
    )
    db.session.commit()
