"""Fittings as iCalendar (RFC 5545) for calendar apps: secret feeds and the ``calendar`` command.

Each fitting is one VEVENT whose UID never changes (``fitting-<id>@<host>``), with its
start and end in the site's own zone (TZID plus a VTIMEZONE), and a SEQUENCE that grows with
every edit so a subscribed calendar replaces the old copy. A cancelled fitting stays in the
feed with STATUS:CANCELLED, so calendars remove it instead of keeping a ghost.
"""

import secrets
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _
from icalendar import Calendar, Event
from sqlalchemy import select

from ..extensions import db
from ..i18n import times
from ..i18n.times import site_zone
from ..lists.models import Site
from ..modelutil import utcnow
from .models import CalendarFeed, Fitting
from .services import _loaded

FEED_HISTORY_DAYS = 30
ICS_STATUS = {"planned": "CONFIRMED", "done": "CONFIRMED", "cancelled": "CANCELLED"}


def uid_host() -> str:
    """The host part of every UID: PUBLIC_BASE_URL's host, so UIDs stay the same everywhere."""
    base = (current_app.config.get("PUBLIC_BASE_URL") or "").strip()
    try:
        host = urlsplit(base).hostname if base else None
    except ValueError:
        host = None
    return host or "costume-tracker.invalid"


def fitting_uid(fitting: Fitting) -> str:
    return f"fitting-{fitting.id}@{uid_host()}"


def _description(fitting: Fitting) -> str:
    lines = []
    if fitting.costumes:
        costumes = ", ".join(f"{c.code} {c.name}" for c in fitting.costumes)
        lines.append(_("Costumes: %(costumes)s", costumes=costumes))
    if fitting.changes:
        changes = ", ".join(ch.label for ch in fitting.changes)
        lines.append(_("Changes: %(changes)s", changes=changes))
    if fitting.fitter is not None:
        lines.append(_("Fitter: %(name)s", name=fitting.fitter.display_name))
    if fitting.notes:
        lines.append(_("Notes: %(notes)s", notes=fitting.notes))
    return "\n".join(lines)


def summary_text(fitting: Fitting) -> str:
    """'Fitting: Inès Laurent — C-12'."""
    what = ", ".join([c.code for c in fitting.costumes] + [ch.label for ch in fitting.changes])
    if what:
        return _("Fitting: %(performer)s — %(what)s", performer=fitting.performer.name, what=what)
    return _("Fitting: %(performer)s", performer=fitting.performer.name)


def fitting_event(fitting: Fitting, stamp: datetime) -> Event:
    """One fitting as a VEVENT, its times in the site's zone."""
    zone = site_zone(fitting.site)
    event = Event()
    event.add("uid", fitting_uid(fitting))
    event.add("dtstamp", stamp)
    event.add("dtstart", fitting.starts_at.astimezone(zone))
    event.add("dtend", fitting.ends_at.astimezone(zone))
    event.add("summary", summary_text(fitting))
    if fitting.room:
        event.add("location", f"{fitting.room}, {fitting.site.name}")
    else:
        event.add("location", fitting.site.name)
    description = _description(fitting)
    if description:
        event.add("description", description)
    event.add("sequence", fitting.sequence or 0)
    event.add("status", ICS_STATUS.get(fitting.state, "CONFIRMED"))
    event.add("last-modified", (fitting.updated_at or stamp).astimezone(UTC))
    return event


def build_calendar(fittings: list[Fitting], name: str) -> bytes:
    """The fittings as one iCalendar file, with a VTIMEZONE for each site zone used."""
    calendar = Calendar()
    calendar.add("prodid", "-//Costume Tracker//Fittings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = times.now().replace(microsecond=0)
    for fitting in fittings:
        calendar.add_component(fitting_event(fitting, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def select_fittings(
    *, site_id=None, fitter_id=None, since: datetime | None = None, until=None
) -> list[Fitting]:
    """Fittings of a site or of a fitter from ``since`` (default 30 days ago) until ``until``."""
    since = since or times.now() - timedelta(days=FEED_HISTORY_DAYS)
    query = select(Fitting).where(Fitting.starts_at >= since)
    if until is not None:
        query = query.where(Fitting.starts_at < until)
    if site_id is not None:
        query = query.where(Fitting.site_id == site_id)
    if fitter_id is not None:
        query = query.where(Fitting.fitter_id == fitter_id)
    return list(db.session.scalars(_loaded(query)))


def feed_name(feed: CalendarFeed) -> str:
    """What a calendar app calls the feed."""
    if feed.site is not None:
        return _("Fittings at %(site)s", site=feed.site.name)
    return _("Fittings of %(name)s", name=feed.user.display_name if feed.user else "?")


def feed_calendar(feed: CalendarFeed) -> bytes:
    """A feed's fittings (from 30 days ago on) as iCalendar."""
    if feed.site_id is not None:
        fittings = select_fittings(site_id=feed.site_id)
    else:
        fittings = select_fittings(fitter_id=feed.user_id)
    return build_calendar(fittings, feed_name(feed))


def live_feed(token: str) -> CalendarFeed | None:
    """The feed with this secret token, unless it was revoked."""
    if not token or len(token) > 64:
        return None
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.token == token))
    return feed if feed is not None and feed.revoked_at is None else None


def create_feed(user, site: Site | None = None) -> CalendarFeed:
    """A new secret feed: the user's own fittings, or every fitting at ``site``."""
    feed = CalendarFeed(
        token=secrets.token_urlsafe(32),
        user_id=None if site is not None else user.id,
        site_id=site.id if site is not None else None,
        created_by_id=getattr(user, "id", None),
    )
    db.session.add(feed)
    db.session.commit()
    return feed


def revoke_feed(feed: CalendarFeed) -> None:
    """Kill a feed's URL for good: calendars subscribed to it get nothing more."""
    if feed.revoked_at is None:
        feed.revoked_at = utcnow()
        db.session.commit()


def visible_feeds(user) -> list[CalendarFeed]:
    """The live feeds a user sees: their own and the site feeds they made (admins: all)."""
    query = select(CalendarFeed).where(CalendarFeed.revoked_at.is_(None))
    if not user.has_role("admin"):
        query = query.where(
            (CalendarFeed.user_id == user.id) | (CalendarFeed.created_by_id == user.id)
        )
    return list(db.session.scalars(query.order_by(CalendarFeed.created_at, CalendarFeed.id)))


def may_revoke(user, feed: CalendarFeed) -> bool:
    """Own feed (or one they made), or an admin."""
    return user.has_role("admin") or user.id in (feed.user_id, feed.created_by_id)
