"""Queries for the where-is-everything page, the out list and the activity feed."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..assignments.models import Assignment
from ..catalog.models import STATUSES, Garment
from ..catalog.workflow import OUT_STATUSES
from ..extensions import db
from ..history.models import EVENT_KINDS, Event
from ..history.services import event_relations
from ..i18n.times import day_start
from ..lists.models import Location, Site

# Where a garment is now: its location's site, or its home site when it has no location.
CURRENT_SITE = func.coalesce(Location.site_id, Garment.home_site_id)


def status_counts() -> tuple[list[Site], dict[tuple[str, int], int]]:
    """Garment counts by status and current site (retired left out).

    Counted by status, home site and location from one covering index, then folded
    into sites here: a location's site, else the home site.
    """
    rows = db.session.execute(
        select(Garment.status, Garment.home_site_id, Garment.location_id, func.count())
        .where(Garment.status != "retired")
        .group_by(Garment.status, Garment.home_site_id, Garment.location_id)
    )
    site_of = dict(db.session.execute(select(Location.id, Location.site_id)).all())
    counts: dict[tuple[str, int], int] = {}
    for status, home_site_id, location_id, n in rows:
        key = (status, site_of.get(location_id, home_site_id))
        counts[key] = counts.get(key, 0) + n
    sites = list(db.session.scalars(select(Site).order_by(Site.name_key)))
    return sites, counts


@dataclass
class OutFilters:
    """Filters of the out list: status, current site, out since a date."""

    status: str = ""
    site: int | None = None
    since: date | None = None

    @classmethod
    def from_args(cls, args) -> "OutFilters":
        """Read filters from request args; a bad date is ignored and reported by the view."""
        status = args.get("status", "")
        try:
            since = date.fromisoformat(args["since"]) if args.get("since") else None
        except ValueError:
            since = None
        return cls(
            status=status if status in OUT_STATUSES else "",
            site=args.get("site", type=int),
            since=since,
        )


def out_select(filters: OutFilters, load: tuple | None = None):
    """Garments not in stock (with performer, laundry, repair, lost…), longest out first.

    ``load``: what to load with each garment (the out list's costume and location by default).
    """
    if load is None:
        load = (selectinload(Garment.costume), selectinload(Garment.location))
    query = (
        select(Garment)
        .outerjoin(Location, Garment.location_id == Location.id)
        .where(Garment.status.in_([filters.status] if filters.status else OUT_STATUSES))
        .order_by(Garment.status_since, Garment.id)
        .options(*load)
    )
    if filters.site:
        query = query.where(filters.site == CURRENT_SITE)
    if filters.since:
        # The day the viewer typed starts at their local midnight.
        query = query.where(Garment.status_since >= day_start(filters.since))
    return query


def wearers_for(garments: list[Garment]) -> dict[int, list[Assignment]]:
    """Active assignments by costume id for the garments shown (one query)."""
    costume_ids = {g.costume_id for g in garments if g.costume_id}
    if not costume_ids:
        return {}
    rows = db.session.scalars(
        select(Assignment)
        .where(Assignment.costume_id.in_(costume_ids), Assignment.returned_at.is_(None))
        .options(selectinload(Assignment.performer))
    )
    found: dict[int, list[Assignment]] = {}
    for row in rows:
        found.setdefault(row.costume_id, []).append(row)
    return found


def activity_select(
    kind: str = "",
    user_id: int | None = None,
    site_id: int | None = None,
    load: tuple | None = None,
):
    """All events, newest first, optionally of one kind, by one user, or on one site's garments.

    A site's events are those of the garments whose home it is. ``load``: what to load with
    each event (what an event list shows, by default).
    """
    query = (
        select(Event)
        .order_by(Event.occurred_at.desc(), Event.id.desc())
        .options(*(event_relations() if load is None else load))
    )
    if kind in EVENT_KINDS:
        query = query.where(Event.kind == kind)
    if user_id:
        query = query.where(Event.user_id == user_id)
    if site_id:
        query = query.join(Garment, Event.garment_id == Garment.id).where(
            Garment.home_site_id == site_id
        )
    return query


__all__ = ["STATUSES", "OUT_STATUSES"]
