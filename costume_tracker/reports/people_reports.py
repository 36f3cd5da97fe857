"""People reports: performers with their latest measurements."""

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload, selectinload

from ..lists.models import Character
from ..people.models import MEASUREMENT_FIELDS, PERFORMER_KINDS, Measurement, Performer
from ..people.units import to_unit
from ..sorting import sort_key
from .catalog_reports import code
from .columns import PERFORMER_COLUMNS, measurement_columns
from .core import Report, ReportContext
from .filters import ReportFilters


def performer_headers(context: ReportContext) -> tuple[str, ...]:
    """Performer columns, and the measurement columns for those allowed to see them."""
    if context.measurements:
        return PERFORMER_COLUMNS + measurement_columns(context.unit)
    return PERFORMER_COLUMNS


def performers_select(filters: ReportFilters) -> Select:
    """Performers by name, each with their latest measuring (or none)."""
    latest = (
        select(Measurement.id)
        .where(Measurement.performer_id == Performer.id)
        .order_by(Measurement.measured_on.desc(), Measurement.id.desc())
        .limit(1)
        .correlate(Performer)
        .scalar_subquery()
    )
    query = (
        select(Performer, Measurement)
        .outerjoin(Measurement, Measurement.id == latest)
        .options(
            joinedload(Performer.company_site),
            selectinload(Performer.characters).joinedload(Character.production),
        )
    )
    if filters.site:
        query = query.where(Performer.company_site_id == filters.site)
    if filters.production:
        query = query.where(Performer.characters.any(Character.production_id == filters.production))
    if filters.kind:
        query = query.where(Performer.kind == filters.kind)
    return query.order_by(Performer.name_key, Performer.id)


def characters_text(performer: Performer) -> str:
    """'Sleeping Beauty: Aurora; The Nutcracker: Clara'."""
    pairs = sorted(
        ((c.production.name, c.name) for c in performer.characters),
        key=lambda pair: (sort_key(pair[0]), sort_key(pair[1])),
    )
    return "; ".join(f"{production}: {name}" for production, name in pairs)


def performers_rows(units: Sequence, context: ReportContext) -> list[list[str]]:
    """One row per performer under PERFORMER_COLUMNS (+ measurements when allowed)."""
    rows = []
    for p, m in units:
        values = [
            p.code, p.name, p.company_site.name, p.kind, characters_text(p),
            code("P", p.doubles_for_id), p.notes,
        ]  # fmt: skip
        if context.measurements:
            values.append(m.measured_on if m else None)
            values.extend(to_unit(getattr(m, f), context.unit) if m else None
                          for f in MEASUREMENT_FIELDS)  # fmt: skip
            values.append(m.shoe_size if m else "")
        rows.append(list(values))
    return rows


REPORTS = (
    Report(
        name="performers",
        title=_l("Performers"),
        description=_l(
            "The cast: company, kind, characters, whom they double for; with the "
            "latest measurements in your unit for wardrobe staff and admins."
        ),
        filters={"site": None, "production": None, "kind": PERFORMER_KINDS, "unit": None},
        headers=performer_headers,
        select=performers_select,
        rows=performers_rows,
        scalar=False,
    ),
)
