"""Garment operations: tag codes, create, edit, status and location, retire."""

import re
from functools import wraps
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import update
from sqlalchemy.orm.exc import StaleDataError

from ..extensions import db
from ..history.services import record_event
from ..i18n.values import shown
from .models import CATEGORIES, NET_LAYERS_MAX, NET_LAYERS_MIN, Garment, TagSequence

TAG_PATTERN = re.compile(r"^[A-Z]{1,6}-\d{5,}$")
# Fields a catalog edit may change; status, location and tag code have their own operations.
EDITABLE_FIELDS = (
    "name", "category", "costume_id", "production_id", "colour", "fabric", "size_label",
    "chest_cm", "waist_cm", "hips_cm", "girth_cm", "inseam_cm", "length_cm",
    "home_site_id", "condition", "care_notes", "replacement_cost", "notes",
    "net_layers", "tutu_style", "hoop", "net_type", "skirt_length_cm",
)  # fmt: skip
TUTU_ONLY_FIELDS = {
    "net_layers": _l("Net layers"),
    "tutu_style": _l("Tutu style"),
    "hoop": _l("Hoop"),
}


class GarmentError(ValueError):
    """A garment change was refused; ``errors`` maps field names to reasons."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class ConflictError(GarmentError):
    """Someone else changed the garment since it was loaded."""


def conflict_error(error: StaleDataError) -> ConflictError:
    """The refusal a user sees when someone else saved the same garment or costume first."""
    if "'costume'" in str(error):
        message = _(
            "Someone else changed this costume meanwhile. Nothing was saved; "
            "reload it and make your change again."
        )
    else:
        message = _(
            "Someone else changed this garment meanwhile. Nothing was saved; "
            "reload it and make your change again."
        )
    return ConflictError({"version": message})


def refuses_conflicts(service):
    """Run a service as one unit of work: a concurrent change met anywhere in it is a refusal.

    SQLAlchemy finds a stale garment when it writes it, and a query before the commit writes
    it too (autoflush): the whole service is watched, all of it is rolled back, and the user
    gets ConflictError instead of an error page.
    """

    @wraps(service)
    def guarded(*args, **kwargs):
        try:
            return service(*args, **kwargs)
        except StaleDataError as error:
            db.session.rollback()
            raise conflict_error(error) from error

    return guarded


def tutu_field_errors(category: str | None, fields: dict[str, Any]) -> dict[str, str]:
    """Reasons the tutu-only fields are wrong for this category (empty when all is well)."""
    errors: dict[str, str] = {}
    if category == "tutu":
        layers = fields.get("net_layers")
        if layers is None:
            errors["net_layers"] = _(
                "A tutu needs its net-layer count (real tutus have about 6 to 18 layers)."
            )
        elif not NET_LAYERS_MIN <= layers <= NET_LAYERS_MAX:
            errors["net_layers"] = _(
                "Net layers must be between %(low)s and %(high)s, not %(layers)s.",
                low=NET_LAYERS_MIN,
                high=NET_LAYERS_MAX,
                layers=layers,
            )
        return errors
    for field, label in TUTU_ONLY_FIELDS.items():
        if fields.get(field) not in (None, ""):
            errors[field] = _(
                "%(field)s applies only to tutus; this garment is a %(category)s. "
                "Clear it, or set the category back to tutu.",
                field=label,
                category=shown(category, "category"),
            )
    return errors


def check_garment_fields(fields: dict[str, Any]) -> None:
    """Refuse garment data the database would refuse, with a reason per field."""
    errors = {}
    if not (fields.get("name") or "").strip():
        errors["name"] = _("A garment needs a name.")
    if fields.get("category") not in CATEGORIES:
        errors["category"] = _("Unknown category '%(category)s'.", category=fields.get("category"))
    if fields.get("home_site_id") is None:
        errors["home_site_id"] = _("A garment needs a home site.")
    errors.update(tutu_field_errors(fields.get("category"), fields))
    if errors:
        raise GarmentError(errors)


def next_tag_code(prefix: str | None = None) -> str:
    """Hand out the next tag code for the prefix; numbers are never handed out twice."""
    return next_tag_codes(1, prefix)[0]


def next_tag_codes(count: int, prefix: str | None = None) -> list[str]:
    """Hand out ``count`` consecutive tag codes at once (an import catalogues thousands)."""
    prefix = (prefix or current_app.config["TAG_PREFIX"]).upper()
    if count < 1:
        return []
    sequence = db.session.get(TagSequence, prefix)
    if sequence is None:
        sequence = TagSequence(prefix=prefix, last_number=0)
        db.session.add(sequence)
        db.session.flush()
    # An UPDATE takes the row's write lock, so two writers cannot draw the same number.
    db.session.execute(
        update(TagSequence)
        .where(TagSequence.prefix == prefix)
        .values(last_number=TagSequence.last_number + count)
    )
    db.session.refresh(sequence)
    first = sequence.last_number - count + 1
    return [f"{prefix}-{number:05d}" for number in range(first, sequence.last_number + 1)]


def normalise_tag(text: str) -> str:
    """A tag code as printed (upper case, trimmed), from anything a person or scanner typed."""
    return text.strip().upper()


def find_garment_by_tag(tag: str) -> Garment | None:
    """The garment with this tag code, in any letter case."""
    code = normalise_tag(tag)
    # Longer than the column, or with control characters (NUL upsets SQL): no garment has it.
    if not code or len(code) > Garment.tag_code.type.length or not code.isprintable():
        return None
    return db.session.scalar(db.select(Garment).where(Garment.tag_code == code))


def create_garment(fields: dict[str, Any], user, *, location_id: int | None = None) -> Garment:
    """Catalog a new garment with a fresh tag code, recorded as a 'create' event."""
    fields = {k: v for k, v in fields.items() if k in EDITABLE_FIELDS}
    check_garment_fields(fields)
    garment = Garment(tag_code=next_tag_code(), location_id=location_id, **fields)
    db.session.add(garment)
    db.session.flush()
    record_event(
        "create",
        user,
        garment=garment,
        summary=f"Catalogued {garment.tag_code}",
        changes=labelled({k: (None, v) for k, v in fields.items() if v not in (None, "")}),
    )
    db.session.commit()
    return garment


@refuses_conflicts
def update_garment(
    garment: Garment, fields: dict[str, Any], user, expected_version: int | None = None
) -> dict[str, tuple]:
    """Apply catalog edits, recording what changed; refuses edits made on a stale copy."""
    if expected_version is not None and expected_version != garment.version:
        raise ConflictError(
            {
                "version": _(
                    "Someone else changed this garment while you were "
                    "editing it. Your changes were not saved; review theirs below."
                )
            }
        )
    merged = {f: getattr(garment, f) for f in EDITABLE_FIELDS} | {
        k: v for k, v in fields.items() if k in EDITABLE_FIELDS
    }
    check_garment_fields(merged)
    changes = {
        f: (getattr(garment, f), merged[f])
        for f in EDITABLE_FIELDS
        if _differs(getattr(garment, f), merged[f])
    }
    if not changes:
        return {}
    for field, (_old, new) in changes.items():
        setattr(garment, field, new)
    logged = labelled(changes)
    record_event(
        "edit",
        user,
        garment=garment,
        changes=logged,
        summary="Edited " + ", ".join(_field_label(f) for f in logged),
    )
    commit_or_conflict()
    return changes


def labelled(changes: dict) -> dict:
    """Name linked records (site, location, production, costume…) in history, not their ids."""
    from ..lists.models import Character, Location, Production, Site
    from ..people.models import Performer
    from .models import Costume

    models = {"location_id": Location, "home_site_id": Site, "production_id": Production,
              "costume_id": Costume, "character_id": Character, "hero_id": Costume,
              "company_site_id": Site, "doubles_for_id": Performer}  # fmt: skip
    labelled = {}
    for field, pair in changes.items():
        model = models.get(field)
        if model is None:
            labelled[field] = pair
            continue
        names = tuple(str(db.session.get(model, i)) if i else None for i in pair)
        labelled[field.removesuffix("_id")] = names
    return labelled


def _field_label(field: str) -> str:
    return field.removesuffix("_cm").replace("_", " ")


def _differs(old, new) -> bool:
    if old in (None, "") and new in (None, ""):
        return False
    if isinstance(old, int | float) and isinstance(new, int | float) and not isinstance(old, bool):
        return float(old) != float(new)
    return old != new


def commit_or_conflict() -> None:
    """Commit, or roll back and raise ConflictError when someone else saved first."""
    try:
        db.session.commit()
    except StaleDataError as error:
        db.session.rollback()
        raise conflict_error(error) from error
