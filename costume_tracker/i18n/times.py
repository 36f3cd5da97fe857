"""Local time: storage stays UTC; pages show each viewer's zone, due dates are site dates.

The viewer's zone is their own setting, else their home site's, else ``DEFAULT_TIMEZONE``.
A date that means "a day at a site" (a due date) is a date in that site's zone, so it
flips at the site's local midnight. ``now()`` is the single clock: tests replace it
rather than sleep.

Templates use the filters ``when`` ("2 Dec 2026 14:05 CET"), ``day`` ("2 Dec 2026"),
``age`` ("3 days") and ``number`` (a decimal comma in French).
"""

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel.dates import format_date, format_time
from babel.numbers import format_decimal
from flask import Flask, current_app, has_app_context, has_request_context
from flask_babel import get_locale, ngettext
from flask_login import current_user

# Day, abbreviated month and year in both languages: "2 Dec 2026", "2 déc. 2026".
DAY_PATTERN = "d MMM y"
TIME_PATTERN = "HH:mm"


def now() -> datetime:
    """The current instant, timezone-aware UTC (the one clock tests replace)."""
    return datetime.now(UTC)


def zone(name: str | None) -> tzinfo | None:
    """The zone called ``name`` ("Europe/Paris"), or None when empty or unknown."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def is_known_zone(name: str) -> bool:
    """True when ``name`` is an IANA zone this machine knows."""
    return name in known_zones()


_KNOWN: frozenset[str] | None = None


def known_zones() -> frozenset[str]:
    """Every IANA zone name this machine knows (read once)."""
    global _KNOWN
    if _KNOWN is None:
        _KNOWN = frozenset(available_timezones())
    return _KNOWN


def default_zone() -> tzinfo:
    """The configured default zone (DEFAULT_TIMEZONE), UTC when unset or unknown."""
    name = current_app.config.get("DEFAULT_TIMEZONE", "UTC") if has_app_context() else "UTC"
    return zone(name) or UTC


def viewer_zone() -> tzinfo:
    """The signed-in viewer's zone: their own, else their site's, else the default."""
    if has_request_context() and current_user and current_user.is_authenticated:
        found = zone(current_user.zone_name)
        if found is not None:
            return found
    return default_zone()


def site_zone(site) -> tzinfo:
    """A site's zone (its due dates are dates there); the default for no site."""
    found = zone(getattr(site, "timezone", None)) if site is not None else None
    return found or default_zone()


def _as_zone(where) -> tzinfo:
    if where is None:
        return viewer_zone()
    if isinstance(where, str):
        return zone(where) or default_zone()
    return where


def local_today(zone=None, at: datetime | None = None) -> date:
    """Today's date in ``zone`` (the viewer's by default), at ``at`` (now by default)."""
    return (at or now()).astimezone(_as_zone(zone)).date()


def to_local(value: datetime, zone=None) -> datetime:
    """A stored UTC instant in ``zone`` (the viewer's by default); naive means UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(_as_zone(zone))


def day_start(day: date, zone=None) -> datetime:
    """The UTC instant of local midnight starting ``day`` in ``zone`` (viewer's by default)."""
    local = datetime.combine(day, time(0), tzinfo=_as_zone(zone))
    try:
        return local.astimezone(UTC)
    except OverflowError:  # 1 January of year 1 east of Greenwich: before any instant
        return datetime.min.replace(tzinfo=UTC)


def day_end(day: date, zone=None) -> datetime:
    """The UTC instant of local midnight ending ``day`` (the next day's start)."""
    if day == date.max:
        return datetime.max.replace(tzinfo=UTC)
    return day_start(day + timedelta(days=1), zone)


def _locale():
    return get_locale() or "en"


def show_when(value, zone=None) -> str:
    """Date, 24-hour time and zone abbreviation: '2 Dec 2026 14:05 CET'."""
    if not value:
        return ""
    if not isinstance(value, datetime):
        return show_day(value)
    local = to_local(value, zone)
    moment = format_time(local.time(), TIME_PATTERN, locale=_locale())
    return f"{format_date(local.date(), DAY_PATTERN, locale=_locale())} {moment} {local.tzname()}"


def show_day(value, zone=None) -> str:
    """A date ('2 Dec 2026' / '2 déc. 2026'); an instant is first read in ``zone``."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = to_local(value, zone).date()
    return format_date(value, DAY_PATTERN, locale=_locale())


def show_age(value, at: datetime | None = None) -> str:
    """How long ago, in minutes, hours or days: '5 min', '4 h', '3 days'."""
    if not value:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    seconds = ((at or now()) - value).total_seconds()
    if seconds < 3600:
        minutes = max(int(seconds // 60), 0)
        return ngettext("%(num)d min", "%(num)d min", minutes)
    if seconds < 2 * 86400:
        hours = int(seconds // 3600)
        return ngettext("%(num)d h", "%(num)d h", hours)
    days = int(seconds // 86400)
    return ngettext("%(num)d day", "%(num)d days", days)


def show_number(value) -> str:
    """A number in the reader's language: '86.5' / '86,5'."""
    if value is None:
        return ""
    return format_decimal(value, locale=_locale())


def decimal_symbol() -> str:
    """The reader's decimal separator ('.' in English, ',' in French)."""
    return format_decimal(1.5, locale=_locale())[1]


def register_time_filters(app: Flask) -> None:
    """Filters ``when``, ``day``, ``age``, ``number``; globals ``today_date``, ``now_utc``."""
    app.jinja_env.filters["when"] = show_when
    app.jinja_env.filters["day"] = show_day
    app.jinja_env.filters["age"] = show_age
    app.jinja_env.filters["number"] = show_number
    app.jinja_env.globals["today_date"] = local_today
    app.jinja_env.globals["now_utc"] = lambda: now()
