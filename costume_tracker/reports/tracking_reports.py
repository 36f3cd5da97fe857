"""Tracking reports: what is out (with whom or where, since when, overdue) and history."""

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased, joinedload

from ..catalog.models import Garment
from ..catalog.workflow import OUT_STATUSES
from ..history.models import EVENT_KINDS, Event
from ..i18n.times import to_local
from ..lists.models import Location
from .catalog_reports import code, performer_label, wearers_by_costume
from .core import Report, ReportContext
from .csvfile import text
from .filters import ReportFilters

OUT_COLUMNS = (
    "Tag", "Name", "Category", "Costume ID", "Costume", "Production", "Status",
    "With / where", "Out since", "Days out", "Due on", "Overdue",
)  # fmt: skip
HISTORY_COLUMNS = (
    "When", "Kind", "By", "Tag", "Garment", "Costume ID", "Costume", "Performer ID",
    "Performer", "Summary", "Changes",
)  # fmt: skip


def out_report_select(filters: ReportFilters) -> Select:
    """Garments not in stock, longest out first, as on the where-is-everything page."""
    here = aliased(Location)  # where the garment is now, for the site filter
    query = (
        select(Garment)
        .outerjoin(here, Garment.location_id == here.id)
        .where(Garment.status.in_([filters.status] if filters.status else OUT_STATUSES))
        .options(
            joinedload(Garment.costume),
            joinedload(Garment.production),
            joinedload(Garment.home_site),
            joinedload(Garment.location).joinedload(Location.site),
        )
    )
    conditions = (
        (filters.site, lambda: func.coalesce(here.site_id, Garment.home_site_id) == filters.site),
        (filters.production, lambda: Garment.production_id == filters.production),
        (filters.since, lambda: Garment.status_since >= filters.since_at()),
        (filters.until, lambda: Garment.status_since < filters.until_before()),
    )
    for value, condition in conditions:
        if value not in (None, ""):
            query = query.where(condition())
    return query.order_by(Garment.status_since, Garment.id)


def out_rows(garments: Sequence[Garment], context: ReportContext) -> list[list[str]]:
    """One row per garment out: with whom or where, since when, for how long, overdue."""
    wearers = wearers_by_costume({g.costume_id for g in garments if g.costume_id})
    rows = []
    for g in garments:
        worn = wearers.get(g.costume_id, []) if g.status == "with performer" else []
        where = [performer_label(a.performer) for a in worn]
        if g.location:
            where.append(str(g.location))
        elif not worn:
            where.append(g.home_site.name)
        due = min((a.due_on for a in worn if a.due_on), default=None)
        values = (
            g.tag_code, g.name, g.category, code("C", g.costume_id),
            g.costume.name if g.costume else "", g.production.name if g.production else "",
            g.status, "; ".join(where), g.status_since,
            (context.today - to_local(g.status_since, context.zone).date()).days, due,
            any(a.is_overdue() for a in worn),  # late from midnight at the performer's site
        )  # fmt: skip
        rows.append(list(values))
    return rows


def history_select(filters: ReportFilters) -> Select:
    """Events in the date range, newest first."""
    query = select(Event).options(
        joinedload(Event.user),
        joinedload(Event.garment),
        joinedload(Event.costume),
        joinedload(Event.performer),
    )
    conditions = (
        (filters.kind, lambda: Event.kind == filters.kind),
        (filters.garment, lambda: Event.garment_id == filters.garment),
        (filters.performer, lambda: Event.performer_id == filters.performer),
        (filters.user, lambda: Event.user_id == filters.user),
        (filters.since, lambda: Event.occurred_at >= filters.since_at()),
        (filters.until, lambda: Event.occurred_at < filters.until_before()),
    )
    for value, condition in conditions:
        if value not in (None, ""):
            query = query.where(condition())
    return query.order_by(Event.occurred_at.desc(), Event.id.desc())


def changes_text(changes: dict | None) -> str:
    """'status: in stock → in laundry; location: — → Paris · Laundry'."""
    parts = []
    for field, pair in (changes or {}).items():
        old, new = (text(v) or "—" for v in pair) if len(pair) == 2 else ("—", "—")
        parts.append(f"{field.replace('_cm', ' (cm)').replace('_', ' ')}: {old} → {new}")
    return "; ".join(parts)


def history_rows(events: Sequence[Event], context: ReportContext) -> list[list[str]]:
    """One row per event: when, kind, who, about which garment, costume or performer."""
    rows = []
    for e in events:
        g, c, p = e.garment, e.costume, e.performer
        values = (
            e.occurred_at, e.kind, e.user.display_name if e.user else "system",
            g.tag_code if g else "", g.name if g else "", c.code if c else "",
            c.name if c else "", p.code if p else "", p.name if p else "", e.summary,
            changes_text(e.changes),
        )  # fmt: skip
        rows.append(list(values))
    return rows


REPORTS = (
    Report(
        name="out",
        title=_l("Out of stock"),
        description=_l(
            "Garments not in stock: with whom or where, since when, for how many "
            "days, and whether their costume is overdue."
        ),
        filters={
            "site": None,
            "production": None,
            "status": OUT_STATUSES,
            "since": None,
            "until": None,
        },  # fmt: skip
        headers=lambda context: OUT_COLUMNS,
        select=out_report_select,
        rows=out_rows,
    ),
    Report(
        name="history",
        title=_l("History"),
        description=_l(
            "Every event in a date range (status and location changes, "
            "assignments, returns, edits, imports…), by garment, performer, user or kind."
        ),
        filters={
            "since": None,
            "until": None,
            "garment": None,
            "performer": None,
            "user": None,
            "kind": EVENT_KINDS,
        },  # fmt: skip
        headers=lambda context: HISTORY_COLUMNS,
        select=history_select,
        rows=history_rows,
    ),
)
