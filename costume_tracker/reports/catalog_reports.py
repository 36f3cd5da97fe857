"""Catalog reports: inventory (every garment), tutus, costumes."""

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, literal, select
from sqlalchemy.orm import joinedload

from ..assignments.models import Assignment
from ..catalog.models import CATEGORIES, STATUSES, Costume, Garment
from ..extensions import db
from ..history.models import Event
from .columns import COSTUME_COLUMNS, GARMENT_COLUMNS
from .core import Report, ReportContext
from .filters import ReportFilters

COSTUME_STATES = ("active", "retired")
TUTU_COLUMNS = (
    "Tag", "Name", "Costume ID", "Costume", "Character", "Production", "Tutu style",
    "Net layers", "Hoop", "Net type", "Skirt length (cm)", "Condition", "Status",
    "Home site", "Last cleaned", "Last repaired",
)  # fmt: skip


def code(prefix: str, number: int | None) -> str:
    """A reference as the app prints it: C-12, P-7 (blank when there is none)."""
    return f"{prefix}-{number}" if number else ""


def performer_label(performer) -> str:
    """'Geneviève Lacombe (P-3)'."""
    return f"{performer.name} ({performer.code})"


def wearers_by_costume(costume_ids: set[int]) -> dict[int, list[Assignment]]:
    """Active assignments with their performers, by costume id (one query per chunk)."""
    if not costume_ids:
        return {}
    rows = db.session.scalars(
        select(Assignment)
        .options(joinedload(Assignment.performer))
        .where(Assignment.costume_id.in_(costume_ids), Assignment.returned_at.is_(None))
        .order_by(Assignment.assigned_at, Assignment.id)
    )
    found: dict[int, list[Assignment]] = {}
    for row in rows:
        found.setdefault(row.costume_id, []).append(row)
    return found


def _garment_filters(query: Select, filters: ReportFilters) -> Select:
    exact = {
        Garment.home_site_id: filters.site,
        Garment.production_id: filters.production,
        Garment.status: filters.status,
        Garment.category: filters.category,
    }
    for column, value in exact.items():
        if value not in (None, ""):
            query = query.where(column == value)
    return query


def inventory_select(filters: ReportFilters) -> Select:
    """Every garment matching the filters, retired ones included, by tag code."""
    query = select(Garment).options(
        joinedload(Garment.costume),
        joinedload(Garment.production),
        joinedload(Garment.home_site),
        joinedload(Garment.location),
    )
    return _garment_filters(query, filters).order_by(Garment.tag_code, Garment.id)


def inventory_rows(garments: Sequence[Garment], context: ReportContext) -> list[list[str]]:
    """One row per garment under GARMENT_COLUMNS."""
    wearers = wearers_by_costume({g.costume_id for g in garments if g.costume_id})
    rows = []
    for g in garments:
        worn = wearers.get(g.costume_id, []) if g.status == "with performer" else []
        values = (
            g.tag_code, g.name, g.category, code("C", g.costume_id),
            g.costume.name if g.costume else "", g.production.name if g.production else "",
            g.colour, g.fabric, g.size_label, g.chest_cm, g.waist_cm, g.hips_cm, g.girth_cm,
            g.inseam_cm, g.length_cm, g.tutu_style, g.net_layers, g.hoop, g.net_type,
            g.skirt_length_cm, g.home_site.name, g.location.name if g.location else "",
            g.status, g.status_since, g.condition, g.care_notes, g.replacement_cost, g.notes,
            "; ".join(performer_label(a.performer) for a in worn),
        )  # fmt: skip
        rows.append(list(values))
    return rows


def _left_status(status: str):
    """Per garment, the last time it left ``status`` (from its status-change events)."""
    old = Event.changes[("status", 0)].as_string()
    new = Event.changes[("status", 1)].as_string()
    return (
        select(Event.garment_id.label("garment_id"), func.max(Event.occurred_at).label("at"))
        .where(Event.garment_id.is_not(None), old == literal(status), new != literal(status))
        .group_by(Event.garment_id)
        .subquery()
    )


def tutus_select(filters: ReportFilters) -> Select:
    """Tutus with the last time each left the laundry and the workshop, by tag code."""
    cleaned, repaired = _left_status("in laundry"), _left_status("in repair")
    query = (
        select(Garment, cleaned.c.at, repaired.c.at)
        .outerjoin(cleaned, cleaned.c.garment_id == Garment.id)
        .outerjoin(repaired, repaired.c.garment_id == Garment.id)
        .options(
            joinedload(Garment.costume).joinedload(Costume.character),
            joinedload(Garment.production),
            joinedload(Garment.home_site),
        )
        .where(Garment.category == "tutu")
    )
    return _garment_filters(query, filters).order_by(Garment.tag_code, Garment.id)


def tutus_rows(units: Sequence, context: ReportContext) -> list[list[str]]:
    """One row per tutu under TUTU_COLUMNS."""
    rows = []
    for g, cleaned, repaired in units:
        character = g.costume.character if g.costume else None
        values = (
            g.tag_code, g.name, code("C", g.costume_id), g.costume.name if g.costume else "",
            character.name if character else "", g.production.name if g.production else "",
            g.tutu_style, g.net_layers, g.hoop, g.net_type, g.skirt_length_cm, g.condition,
            g.status, g.home_site.name, cleaned, repaired,
        )  # fmt: skip
        rows.append(list(values))
    return rows


def costumes_select(filters: ReportFilters) -> Select:
    """Costumes with their garment counts, by name (a multiple follows its hero)."""
    counts = (
        select(Garment.costume_id, func.count().label("n"))
        .where(Garment.costume_id.is_not(None))
        .group_by(Garment.costume_id)
        .subquery()
    )
    query = (
        select(Costume, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.costume_id == Costume.id)
        .options(joinedload(Costume.production), joinedload(Costume.character))
    )
    if filters.production:
        query = query.where(Costume.production_id == filters.production)
    if filters.status:
        query = query.where(Costume.retired.is_(filters.status == "retired"))
    return query.order_by(Costume.name_key, Costume.id)


def costumes_rows(units: Sequence, context: ReportContext) -> list[list[str]]:
    """One row per costume under COSTUME_COLUMNS."""
    rows = []
    for c, garments in units:
        values = (
            c.code, c.name, c.production.name if c.production else "",
            c.character.name if c.character else "", c.look, code("C", c.hero_id), c.shared,
            c.retired, garments, c.notes,
        )  # fmt: skip
        rows.append(list(values))
    return rows


GARMENT_FILTERS = {"site": None, "production": None, "status": STATUSES, "category": CATEGORIES}

REPORTS = (
    Report(
        name="inventory",
        title=_l("Inventory"),
        description=_l(
            "Every garment with all its catalog fields, costume, status, location "
            "and current wearer; the file the garment import reads back."
        ),
        filters=GARMENT_FILTERS,
        headers=lambda context: GARMENT_COLUMNS,
        select=inventory_select,
        rows=inventory_rows,
    ),
    Report(
        name="tutus",
        title=_l("Tutus"),
        description=_l(
            "Every tutu: style, net layers, hoop, net type, condition, status, and "
            "when it last came back from the laundry and from repair."
        ),
        filters={k: v for k, v in GARMENT_FILTERS.items() if k != "category"},
        headers=lambda context: TUTU_COLUMNS,
        select=tutus_select,
        rows=tutus_rows,
        scalar=False,
    ),
    Report(
        name="costumes",
        title=_l("Costumes"),
        description=_l(
            "Every costume with its production, character, look and hero; the file "
            "the costume import reads back."
        ),
        filters={"production": None, "status": COSTUME_STATES},
        headers=lambda context: COSTUME_COLUMNS,
        select=costumes_select,
        rows=costumes_rows,
        scalar=False,
    ),
)
