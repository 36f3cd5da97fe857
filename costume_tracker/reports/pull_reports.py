"""The pull-list report: everything to prepare for a shooting day, not ready first."""

from collections.abc import Sequence

from flask import flash, g, has_request_context, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import Select, false, select

from ..breakdown.models import ShootingDay
from ..extensions import db
from ..i18n.times import local_today, site_zone
from ..lists.models import Site
from ..pulls.services import next_shooting_day, pull_list, upcoming_days
from .core import Report, ReportContext
from .filters import LABELS, ReportError, ReportFilters

PULL_COLUMNS = (
    "Ready", "Reason", "Scenes", "Character", "Change", "Wearer", "Performer or double",
    "Costume", "Tag", "Garment", "Category", "Where", "Pulled",
)  # fmt: skip


def _reader_site_id() -> int | None:
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.site_id
    return None


def _no_day(errors: dict[str, str]) -> Select:
    """No shooting day as asked: the command line stops with the reason; a page says it."""
    if not has_request_context():
        raise ReportError(errors)
    if request.endpoint == "reports.show" and not g.get("pull_list_said"):
        g.pull_list_said = True
        for name, reason in errors.items():
            flash(_("%(label)s: %(reason)s", label=LABELS.get(name, name), reason=reason), "error")
    return select(ShootingDay).where(false())


def pull_select(filters: ReportFilters) -> Select:
    """The shooting day asked for: at the site on the date, or the site's next one."""
    site_id = filters.site or _reader_site_id()
    query = select(ShootingDay).order_by(ShootingDay.shoot_date, ShootingDay.site_id)
    if site_id is None and filters.date is None:
        # No site known (the command line, a user without a home site): the next shooting
        # day at any site, each site's from its own today.
        soonest = next(iter(upcoming_days(None, limit=1)), None)
        if soonest is None:
            return _no_day({"site": _("give a site (Paris, New York) or a date.")})
        # That one day, by id: the report pages and chunks the query with its own LIMIT.
        return query.where(ShootingDay.id == soonest.id)
    site = db.session.get(Site, site_id) if site_id else None
    if filters.date is not None:
        query = query.where(ShootingDay.shoot_date == filters.date)
        if site is not None:
            query = query.where(ShootingDay.site_id == site.id)
        if db.session.scalar(query.limit(1)) is None:
            where = site.name if site else _("any site")
            return _no_day(
                {
                    "date": _(
                        "no shooting day at %(site)s on %(date)s.", site=where, date=filters.date
                    )
                }
            )
        return query
    today = local_today(site_zone(site))
    soonest = next_shooting_day(site, today)
    if soonest is None:
        return _no_day(
            {
                "site": _(
                    "no upcoming shooting day at %(site)s (from %(date)s on).",
                    site=site.name,
                    date=today,
                )
            }
        )
    return query.where(ShootingDay.id == soonest.id)


def pull_rows(days: Sequence[ShootingDay], context: ReportContext) -> list[list]:
    """One row per garment to prepare (and per missing multiple), not ready first."""
    rows = []
    for day in days:
        for line in pull_list(day).lines:
            group, garment = line.group, line.garment
            rows.append(
                [
                    line.ready,
                    "" if line.ready else (garment.status if garment else line.reason),
                    " ".join(scene.label for scene in line.scenes),
                    group.change.character.name,
                    group.change.number,
                    group.performer.name,
                    "double" if group.is_double else "performer",
                    f"{group.costume.code} {group.costume.name}" if group.costume else "",
                    garment.tag_code if garment else "",
                    garment.name if garment else "",
                    garment.category if garment else "",
                    line.where,
                    line.pulled,
                ]
            )
    return rows


REPORTS = [
    Report(
        name="pull-list",
        title=_l("Pull list"),
        description=_l(
            "Everything to prepare for a shooting day (default: the next one at the site): "
            "each garment, where it is, ready or not (not ready first), pulled or not."
        ),
        filters={"date": None, "site": None},
        headers=lambda context: PULL_COLUMNS,
        select=pull_select,
        rows=pull_rows,
    )
]
