"""Performer records, measurement sheets and the performer list."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy import exists, select
from sqlalchemy.orm import selectinload

from ..catalog.queries import ListFilters
from ..catalog.services import labelled
from ..extensions import db
from ..history.services import record_event
from ..i18n.values import shown
from ..lists.models import Character, Site
from .models import MEASUREMENT_FIELDS, PERFORMER_KINDS, Measurement, Performer
from .units import from_unit

PERFORMER_FIELDS = ("name", "company_site_id", "kind", "doubles_for_id", "notes")


class PerformerError(ValueError):
    """A performer change was refused; ``errors`` maps field names to reasons."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def check_performer(performer: Performer | None, fields: dict[str, Any]) -> None:
    """Refuse performer data that makes no sense, naming the field."""
    errors = {}
    if not (fields.get("name") or "").strip():
        errors["name"] = _("A performer needs a name.")
    if fields.get("kind") not in PERFORMER_KINDS:
        kinds = ", ".join(shown(kind, "performer_kind") for kind in PERFORMER_KINDS)
        errors["kind"] = _("Kind must be one of %(kinds)s.", kinds=kinds)
    if db.session.get(Site, fields.get("company_site_id") or 0) is None:
        errors["company_site_id"] = _("Choose the performer's company.")
    principal_id = fields.get("doubles_for_id")
    if principal_id:
        principal = db.session.get(Performer, principal_id)
        if principal is None:
            errors["doubles_for_id"] = _("Unknown performer to double for.")
        elif performer is not None and principal.id == performer.id:
            errors["doubles_for_id"] = _("A performer cannot double for themselves.")
        elif principal.doubles_for_id:
            errors["doubles_for_id"] = _(
                "%(name)s is a double; choose the principal they double for.",
                name=principal.name,
            )
    if errors:
        raise PerformerError(errors)


def save_performer(
    performer: Performer | None, fields: dict[str, Any], character_ids: list[int], user
) -> Performer:
    """Create or update a performer and the characters they play."""
    fields = {k: v for k, v in fields.items() if k in PERFORMER_FIELDS}
    fields["name"] = (fields.get("name") or "").strip()
    check_performer(performer, fields)
    created = performer is None
    performer = performer or Performer()
    changes = {
        k: (getattr(performer, k, None), v)
        for k, v in fields.items()
        if getattr(performer, k, None) != v
    }
    for key, value in fields.items():
        setattr(performer, key, value)
    performer.characters = list(
        db.session.scalars(select(Character).where(Character.id.in_(character_ids or [])))
    )
    db.session.add(performer)
    db.session.flush()
    if created or changes:
        record_event(
            "create" if created else "edit",
            user,
            performer=performer,
            summary=("Added " if created else "Edited ") + performer.name,
            changes=labelled({k: v for k, v in changes.items() if k != "notes"}),
        )
    db.session.commit()
    return performer


def record_measurement(
    performer: Performer,
    values: dict[str, float | None],
    unit: str,
    measured_on: date,
    user,
    shoe_size: str = "",
    notes: str = "",
) -> Measurement:
    """Add a measuring in the user's unit; earlier measurements stay as they were."""
    cm = {field: from_unit(values.get(field), unit) for field in MEASUREMENT_FIELDS}
    if all(v is None for v in cm.values()) and not shoe_size.strip():
        raise PerformerError({"measurements": _("Enter at least one measurement.")})
    for field, value in cm.items():
        if value is not None and not 1 <= value <= 300:
            reason = _(
                "%(field)s must be between %(low)s and %(high)s cm, not %(value)s cm.",
                field=shown(field, "field"),
                low=format_decimal(1),
                high=format_decimal(300),
                value=format_decimal(value),
            )
            raise PerformerError({field: reason})
    measurement = Measurement(
        performer=performer,
        measured_on=measured_on,
        shoe_size=shoe_size,
        measured_by_id=getattr(user, "id", None),
        notes=notes,
        **cm,
    )
    db.session.add(measurement)
    record_event(
        "measurement", user, performer=performer, summary=f"Measured on {measured_on.isoformat()}"
    )
    db.session.commit()
    return measurement


# What a performer list row shows, loaded with the page (a few queries, not one per row).
PERFORMER_LIST_RELATIONS = (
    selectinload(Performer.photos),
    selectinload(Performer.company_site),
    selectinload(Performer.characters),
    selectinload(Performer.doubles_for),
    selectinload(Performer.doubles),
)


@dataclass
class PerformerFilters(ListFilters):
    """What the performer list shows; read from the URL."""

    q: str = ""
    site: int | None = None
    kind: str = ""
    character: int | None = None
    has_double: bool = False

    @classmethod
    def from_args(cls, args) -> "PerformerFilters":
        """Read filters from request args, ignoring values that are not allowed."""
        return cls(
            q=args.get("q", "").strip()[:100],
            site=args.get("site", type=int),
            kind=args.get("kind", "") if args.get("kind") in PERFORMER_KINDS else "",
            character=args.get("character", type=int),
            has_double=args.get("has_double") == "1",
        )


def performer_select(filters: PerformerFilters):
    """The SELECT for the performer list."""
    from .models import performer_character

    query = select(Performer)
    if filters.q:
        query = query.where(Performer.name.icontains(filters.q, autoescape=True))
    if filters.site:
        query = query.where(Performer.company_site_id == filters.site)
    if filters.kind:
        query = query.where(Performer.kind == filters.kind)
    if filters.character:
        query = query.where(
            exists().where(
                performer_character.c.performer_id == Performer.id,
                performer_character.c.character_id == filters.character,
            )
        )
    if filters.has_double:
        double = db.aliased(Performer)
        query = query.where(exists().where(double.doubles_for_id == Performer.id))
    return query.order_by(Performer.name_key, Performer.id)


def parse_performer_ref(text: str | None) -> Performer | None:
    """The performer named by 'P-12' or by exact name; None when nothing matches."""
    text = (text or "").strip()
    if not text or not text.isprintable():  # control characters name nobody (NUL upsets SQL)
        return None
    head = text.split(" ")[0].upper()
    # isdecimal, not isdigit: "²" is a digit that int() refuses; 18 digits fit any id column.
    if head.startswith("P-") and head[2:].isdecimal() and len(head) <= 20:
        found = db.session.get(Performer, int(head[2:]))
        if found is not None:
            return found
    matches = db.session.scalars(select(Performer).where(Performer.name == text).limit(2)).all()
    return matches[0] if len(matches) == 1 else None
