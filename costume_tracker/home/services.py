"""The figures of the home page, for one site or all: each a count and a few rows.

Every figure is one aggregate COUNT or one LIMITed list, so the page costs the same number
of queries whatever the size of the stock and its history. Each uses the query of the list
page it links to, so the count on the home page is the count on that page.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, literal, select
from sqlalchemy.orm import joinedload

from ..assignments.alterations import pending_select
from ..assignments.doubles import coverage_gaps
from ..assignments.models import Assignment
from ..assignments.services import overdue_select
from ..breakdown.models import ShootingDay, shooting_day_scene
from ..catalog.models import Garment
from ..catalog.workflow import OUT_STATUSES
from ..extensions import db
from ..fittings.models import Fitting
from ..history.models import Event
from ..i18n.times import day_end, day_start, local_today, site_zone
from ..lists.models import Location, Site
from ..paging import COUNT_CAP
from ..tracking.services import CURRENT_SITE, OutFilters, activity_select, out_select

TOP = 5  # rows a card shows
RECENT = 8  # events in the activity card
ALL = "all"
SHOOT_HORIZON = 60  # days ahead the home page looks for the next shooting day


@dataclass
class Figure:
    """A card's figure: how many (``capped`` when more than the lists count), the first rows."""

    count: int = 0
    rows: list = field(default_factory=list)
    capped: bool = False


@dataclass
class Today:
    """Everything the home page shows for one site (``site`` None: every site)."""

    site: Site | None
    out_by_status: dict[str, int]
    longest_out: list[Garment]
    overdue: Figure
    coverage: Figure
    alterations: Figure
    activity: list[Event]
    # Per site shown: its next shooting day's pull list (or None) and today's fittings there.
    shoots: list["Shoot"] = field(default_factory=list)

    @property
    def out_total(self) -> int:
        return sum(self.out_by_status.values())


@dataclass
class Shoot:
    """A site's next shooting day (with its number of scenes) and its fittings today."""

    site: Site
    day: ShootingDay | None
    scenes: int
    fittings: list[Fitting]


def shoots(site: Site | None, at: datetime) -> list[Shoot]:
    """For the site (every site when None): the next shooting day and today's fittings.

    Three statements whatever the number of sites: the candidate days, their scene counts,
    and the fittings of the sites' local todays.
    """
    sites = [site] if site else all_sites()
    if not sites:
        return []
    todays = {each.id: local_today(site_zone(each), at) for each in sites}
    first = min(todays.values())
    days = db.session.scalars(
        select(ShootingDay)
        .where(
            ShootingDay.site_id.in_(todays),
            ShootingDay.shoot_date >= first,
            ShootingDay.shoot_date <= first + timedelta(days=SHOOT_HORIZON),
        )
        .order_by(ShootingDay.shoot_date)
    ).all()
    next_day = {}
    for day in days:
        if day.shoot_date >= todays[day.site_id]:
            next_day.setdefault(day.site_id, day)
    counts = dict(
        db.session.execute(
            select(shooting_day_scene.c.shooting_day_id, func.count())
            .where(shooting_day_scene.c.shooting_day_id.in_([d.id for d in next_day.values()]))
            .group_by(shooting_day_scene.c.shooting_day_id)
        ).all()
    ) if next_day else {}  # fmt: skip
    starts = {each.id: day_start(todays[each.id], site_zone(each)) for each in sites}
    ends = {each.id: day_end(todays[each.id], site_zone(each)) for each in sites}
    fittings = db.session.scalars(
        select(Fitting)
        .where(
            Fitting.site_id.in_(todays),
            Fitting.state != "cancelled",
            Fitting.starts_at >= min(starts.values()),
            Fitting.starts_at < max(ends.values()),
        )
        .order_by(Fitting.starts_at)
        .options(
            joinedload(Fitting.performer), joinedload(Fitting.fitter), joinedload(Fitting.site)
        )
    ).all()
    result = []
    for each in sites:
        day = next_day.get(each.id)
        mine = [
            f for f in fittings
            if f.site_id == each.id and starts[each.id] <= f.starts_at < ends[each.id]
        ]  # fmt: skip
        result.append(Shoot(each, day, counts.get(day.id, 0) if day else 0, mine))
    return result


def all_sites() -> list[Site]:
    """The sites, by name, for the site switch."""
    return list(db.session.scalars(select(Site).order_by(Site.name_key)))


def chosen_site(arg: str | None, home_site_id: int | None, sites: list[Site]) -> Site | None:
    """The site the page is about: ``?site=<id>``, ``?site=all`` for every site, else home."""
    by_id = {site.id: site for site in sites}
    if arg == ALL:
        return None
    if arg and arg.isdecimal() and int(arg) in by_id:
        return by_id[int(arg)]
    return by_id.get(home_site_id)


def counted(query, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """How many rows ``query`` matches, counting at most ``cap`` (as the list pages do)."""
    number = db.session.scalar(
        select(func.count()).select_from(
            query.order_by(None)
            .with_only_columns(literal(1), maintain_column_froms=True)
            .limit(cap + 1)
            .subquery()
        )
    )
    return (cap, True) if number > cap else (number, False)


def out_by_status(site_id: int | None) -> dict[str, int]:
    """Garments out by status, where they are now (as the Where page counts), in order."""
    query = (
        select(Garment.status, func.count())
        .where(Garment.status.in_(OUT_STATUSES))
        .group_by(Garment.status)
    )
    if site_id:
        query = query.outerjoin(Location, Garment.location_id == Location.id).where(
            site_id == CURRENT_SITE
        )
    counts = dict(db.session.execute(query).all())
    return {status: counts[status] for status in OUT_STATUSES if counts.get(status)}


def longest_out(site_id: int | None, limit: int = TOP) -> list[Garment]:
    """The garments out longest at the site, first of the Where page's out list."""
    query = out_select(OutFilters(site=site_id), load=(joinedload(Garment.location),))
    return list(db.session.scalars(query.limit(limit)))


def overdue(site_id: int | None, at: datetime) -> Figure:
    """Costumes past their due date with the site's performers, most overdue first."""
    query = overdue_select(at, site_id)
    count, capped = counted(query)
    rows = query.options(joinedload(Assignment.costume), joinedload(Assignment.performer))
    rows = rows.limit(TOP)
    return Figure(count, list(db.session.scalars(rows)) if count else [], capped)


def coverage(site_id: int | None) -> Figure:
    """Doubles of the site's principals who lack a multiple of the principal's costume."""
    gaps = coverage_gaps(None, site_id)
    return Figure(len(gaps), gaps[:TOP])


def alterations(site_id: int | None) -> Figure:
    """Alterations still to mirror on the multiples of the site's costumes."""
    query = pending_select(site_id)
    count, capped = counted(query)
    rows = list(db.session.scalars(query.limit(TOP))) if count else []
    return Figure(count, rows, capped)


def recent_activity(site_id: int | None, limit: int = RECENT) -> list[Event]:
    """The latest events on the site's garments (every event for all sites), newest first."""
    # Each event's garment, costume, performer and user in the same query: one row each.
    load = tuple(
        joinedload(relation)
        for relation in (Event.user, Event.garment, Event.costume, Event.performer)
    )
    return list(db.session.scalars(activity_select(site_id=site_id, load=load).limit(limit)))


def today(site: Site | None, at: datetime) -> Today:
    """What needs the wardrobe at ``site`` (None: every site) at the instant ``at``."""
    site_id = site.id if site else None
    return Today(
        site=site,
        out_by_status=out_by_status(site_id),
        longest_out=longest_out(site_id),
        overdue=overdue(site_id, at),
        coverage=coverage(site_id),
        alterations=alterations(site_id),
        activity=recent_activity(site_id),
        shoots=shoots(site, at),
    )
