"""Which garments a label job prints: one garment, a costume, a filtered list, a selection."""

from dataclasses import dataclass, field

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from sqlalchemy import func
from sqlalchemy.orm import selectinload

from ..catalog.models import Costume, Garment
from ..catalog.queries import GarmentFilters, garment_select
from ..catalog.services import normalise_tag
from ..extensions import db
from ..wording import plural
from .services import MAX_LABELS, LabelError


@dataclass
class LabelSource:
    """Garments to label: ids (one or a checked selection), tag codes, a costume or a list."""

    garment_ids: list[int] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    costume_id: int | None = None
    filters: GarmentFilters | None = None  # the garment list as filtered on its page
    everything: bool = False  # every garment not retired


@dataclass
class Selection:
    """The garments found for a source and a few words saying what they are.

    ``what`` is in the reader's language; ``file_part`` says the same in plain ASCII for
    the PDF's file name ("costume-C-7", "12-garments").
    """

    garments: list[Garment]
    what: str
    file_part: str = ""

    def __post_init__(self):
        self.file_part = self.file_part or self.what


def _counted(count: int) -> tuple[str, str]:
    """'12 garments' in the reader's language, and in English for a file name."""
    return plural(count, "garment", "garments"), f"{count} garments"


def select_garments(source: LabelSource) -> Selection:
    """The garments ``source`` names, in label order; LabelError when none or unknown."""
    if source.costume_id is not None:
        selection = _costume(source.costume_id)
    elif source.filters is not None or source.everything:
        selection = _listed(source.filters or GarmentFilters())
    elif source.tags:
        selection = _by_tags(source.tags)
    else:
        selection = _by_ids(source.garment_ids)
    if not selection.garments:
        raise LabelError(
            {"garments": _("No garments to print labels for (%(what)s).", what=selection.what)}
        )
    return selection


def _with_costume(query):
    return query.options(selectinload(Garment.costume))


def _by_ids(ids: list[int]) -> Selection:
    wanted = list(dict.fromkeys(ids))[: MAX_LABELS + 1]
    if not wanted:
        raise LabelError({"garments": _("Choose at least one garment to print labels for.")})
    rows = db.session.scalars(_with_costume(db.select(Garment).where(Garment.id.in_(wanted))))
    by_id = {garment.id: garment for garment in rows}
    garments = [by_id[i] for i in wanted if i in by_id]
    if len(garments) == 1:
        return Selection(garments, garments[0].tag_code)
    return Selection(garments, *_counted(len(garments)))


def _by_tags(tags: list[str]) -> Selection:
    wanted = list(dict.fromkeys(normalise_tag(tag) for tag in tags))
    rows = db.session.scalars(_with_costume(db.select(Garment).where(Garment.tag_code.in_(wanted))))
    by_tag = {garment.tag_code: garment for garment in rows}
    unknown = [tag for tag in wanted if tag not in by_tag]
    if unknown:
        message = ngettext(
            "Unknown tag code: %(tags)s.", "Unknown tag codes: %(tags)s.", len(unknown),
            tags=", ".join(unknown),
        )  # fmt: skip
        raise LabelError({"tags": message})
    garments = [by_tag[tag] for tag in wanted]
    if len(wanted) == 1:
        return Selection(garments, wanted[0])
    return Selection(garments, *_counted(len(wanted)))


def _costume(costume_id: int) -> Selection:
    costume = db.session.get(Costume, costume_id)
    if costume is None:
        raise LabelError({"costume": _("There is no costume C-%(id)s.", id=costume_id)})
    query = db.select(Garment).where(Garment.costume_id == costume.id, Garment.status != "retired")
    garments = list(db.session.scalars(_with_costume(query.order_by(Garment.tag_code))))
    what = _("costume %(code)s", code=costume.code)
    return Selection(garments, what, f"costume {costume.code}")


def _listed(filters: GarmentFilters) -> Selection:
    query = garment_select(filters)
    count = db.session.scalar(db.select(func.count()).select_from(query.order_by(None).subquery()))
    if count > MAX_LABELS:
        raise LabelError(
            {
                "garments": _(
                    "The list has %(count)s garments; at most %(most)s labels "
                    "are printed at once. Narrow the filters or print it in parts.",
                    count=format_decimal(count),
                    most=format_decimal(MAX_LABELS),
                )
            }
        )
    garments = list(db.session.scalars(_with_costume(query)))
    return Selection(garments, *_counted(len(garments)))
