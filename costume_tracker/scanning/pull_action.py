"""The batch scan's "pulled for the day" action: each scan ticks a garment off a pull list."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..breakdown.models import ShootingDay
from ..catalog.services import find_garment_by_tag
from ..extensions import db
from ..pulls.services import next_shooting_day, upcoming_days
from ..pulls.ticks import mark_pulled
from .services import ACTIONS, Action, ScanResult, tag_from_scan

# Not a status change, so not one of the garment page's floor actions (ACTIONS).
PULL_ACTION = Action("pulled", _l("Pulled for the day"), "")


def batch_action(key: str) -> Action | None:
    """The batch scan action called ``key``: a floor action, or "pulled for the day"."""
    return PULL_ACTION if key == PULL_ACTION.key else ACTIONS.get(key)


def pull_day(user, day_id: int | None) -> ShootingDay | None:
    """The day picked on the batch page, else the next shooting day at the user's site."""
    if day_id:
        return db.session.get(ShootingDay, day_id)
    return next_shooting_day(getattr(user, "site", None))


def pull_days(user) -> list[ShootingDay]:
    """Upcoming shooting days for the batch page's choice (the user's site first)."""
    days = upcoming_days()
    site_id = getattr(user, "site_id", None)
    return sorted(days, key=lambda d: (d.site_id != site_id, d.shoot_date, d.site_id))


def pull_scan(text: str, user, day_id: int | None, scan_key: str | None = None) -> ScanResult:
    """Tick the scanned garment off the day's pull list, with the same messages as the list."""
    day = pull_day(user, day_id)
    tag = tag_from_scan(text)
    if day is None:
        message = _("There is no upcoming shooting day at your site: pick a shooting day.")
        return ScanResult(text, tag, False, message)
    if tag is None:
        message = _("'%(text)s' is not a tag code or label", text=text.strip()[:40])
        return ScanResult(text, None, False, message)
    garment = find_garment_by_tag(tag)
    result = mark_pulled(day, garment, user, scan_key=scan_key, tag=tag)
    found = result.garment
    outcome = "recorded" if result.repeat else ("done" if result.ok else "refused")
    return ScanResult(
        text, result.tag or tag, result.ok, result.message,
        found.id if found else None, found.name if found else "", outcome,
    )  # fmt: skip
