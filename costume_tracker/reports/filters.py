"""Report filters, read from a URL query or the command line, each checked with a clear reason."""

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..auth.models import UNITS, User
from ..catalog.services import find_garment_by_tag
from ..extensions import db
from ..i18n.times import day_end, day_start
from ..lists.models import Production, Site
from ..people.models import Performer

# What each filter is called in messages (the CLI option and the page label agree).
LABELS = {
    "site": _l("Site"), "production": _l("Production"), "status": _l("Status"),
    "category": _l("Category"), "since": _l("Since"), "until": _l("Until"),
    "garment": _l("Garment"), "performer": _l("Performer"), "user": _l("User"),
    "kind": _l("Kind"), "unit": _l("Unit"), "date": _l("Date"), "episode": _l("Episode"),
}  # fmt: skip


class ReportError(ValueError):
    """A report could not be made as asked; ``errors`` maps filter names to reasons."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(
            "; ".join(
                _("%(label)s: %(reason)s", label=LABELS.get(k, k), reason=v)
                for k, v in errors.items()
            )
        )
        self.errors = errors


@dataclass
class ReportFilters:
    """The filters of one report run; empty values mean 'any'."""

    site: int | None = None
    production: int | None = None
    status: str = ""
    category: str = ""
    since: date | None = None
    until: date | None = None
    garment: int | None = None
    garment_tag: str = ""
    performer: int | None = None
    user: int | None = None
    kind: str = ""
    unit: str = ""  # performers' measurements; blank: the reader's own unit
    episode: int | None = None  # an episode's number (change plot)
    # One day (a shooting day: pull list); last, as its name hides the type below it.
    date: "date | None" = None

    def as_args(self) -> dict[str, str]:
        """The set filters as URL query arguments (ids for lists, ISO dates, tag codes)."""
        args = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if field.name == "garment" or value in (None, ""):
                continue
            key = "garment" if field.name == "garment_tag" else field.name
            args[key] = value.isoformat() if isinstance(value, date) else str(value)
        return args

    def since_at(self) -> datetime | None:
        """The UTC instant the 'since' day starts in the reader's zone."""
        return day_start(self.since) if self.since else None

    def until_before(self) -> datetime | None:
        """The UTC instant the day after 'until' starts in the reader's zone (included)."""
        return day_end(self.until) if self.until else None


def _id(value: str) -> int | None:
    """A row id typed as digits, or None (huge numbers name no row and upset PostgreSQL)."""
    return int(value) if value.isdecimal() and len(value) <= 18 else None


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            _("'%(text)s' is not a date; use the form 2026-11-24.", text=value)
        ) from None


def _site(value: str) -> int:
    if _id(value) and db.session.get(Site, _id(value)):
        return _id(value)
    found = db.session.scalar(
        select(Site.id).where(
            (func.lower(Site.name) == value.lower()) | (func.lower(Site.code) == value.lower())
        )
    )
    if found is None:
        names = ", ".join(db.session.scalars(select(Site.name).order_by(Site.name_key)))
        raise ValueError(
            _("no site called '%(name)s' (sites: %(names)s).", name=value, names=names)
        )
    return found


def _production(value: str) -> int:
    if _id(value) and db.session.get(Production, _id(value)):
        return _id(value)
    found = db.session.scalar(
        select(Production.id).where(func.lower(Production.name) == value.lower())
    )
    if found is None:
        raise ValueError(_("no production called '%(name)s'.", name=value))
    return found


def _performer(value: str) -> int:
    code = value.strip().upper().removeprefix("P").lstrip("-").strip()
    if _id(code) and db.session.get(Performer, _id(code)):
        return _id(code)
    matches = db.session.scalars(
        select(Performer.id).where(func.lower(Performer.name) == value.lower()).limit(2)
    ).all()
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise ValueError(
            _("several performers are called '%(name)s'; give their code (P-7).", name=value)
        )
    raise ValueError(
        _("no performer '%(name)s'; give a code such as P-7 or a full name.", name=value)
    )


def _user(value: str) -> int:
    if _id(value) and db.session.get(User, _id(value)):
        return _id(value)
    found = db.session.scalar(select(User.id).where(func.lower(User.email) == value.lower()))
    if found is None:
        raise ValueError(_("no user with the email '%(email)s'.", email=value))
    return found


def _choice(allowed: tuple[str, ...]):
    def check(value: str) -> str:
        if value.lower() not in allowed:
            raise ValueError(
                _("'%(text)s' is not one of: %(choices)s.", text=value, choices=", ".join(allowed))
            )
        return value.lower()

    return check


def _episode(value: str) -> int:
    from ..breakdown.models import Episode

    number = _id(value.strip().lower().removeprefix("ep").strip(" .-"))
    if (
        number is None
        or db.session.scalar(select(Episode.id).where(Episode.number == number)) is None
    ):
        numbers = ", ".join(
            str(n) for n in db.session.scalars(select(Episode.number).order_by(Episode.number))
        )
        raise ValueError(
            _(
                "no episode %(number)s (episodes: %(numbers)s).",
                number=value,
                numbers=numbers or "-",
            )
        )
    return number


PARSERS = {
    "date": _date,
    "episode": _episode,
    "site": _site,
    "production": _production,
    "since": _date,
    "until": _date,
    "performer": _performer,
    "user": _user,
    "unit": _choice(UNITS),
}


def parse_filters(
    raw: Mapping[str, str | None],
    accepted: Mapping[str, tuple[str, ...] | None],
    *,
    strict: bool = False,
) -> ReportFilters:
    """Read the filters a report accepts; ``accepted`` maps each to its allowed values.

    Unknown values raise :class:`ReportError` naming every bad filter. With ``strict`` a
    filter the report does not take is an error too (the command line); a page ignores it.
    """
    filters, errors = ReportFilters(), {}
    for name, value in raw.items():
        value = (value or "").strip() if isinstance(value, str) else value
        if value in (None, ""):
            continue
        if name not in accepted:
            if strict:
                errors[name] = _("does not apply to this report.")
            continue
        if not str(value).isprintable() or len(str(value)) > 200:
            errors[name] = _("contains control characters or is too long.")
            continue
        try:
            _apply(filters, name, str(value), accepted[name])
        except ValueError as error:
            errors[name] = str(error)
    if filters.since and filters.until and filters.since > filters.until:
        errors["until"] = _(
            "%(until)s is before the 'since' date %(since)s.",
            until=filters.until,
            since=filters.since,
        )
    if errors:
        raise ReportError(errors)
    return filters


def _apply(filters: ReportFilters, name: str, value: str, allowed) -> None:
    if name == "garment":
        garment = find_garment_by_tag(value)
        if garment is None:
            raise ValueError(_("no garment has the tag code '%(tag)s'.", tag=value.strip().upper()))
        filters.garment, filters.garment_tag = garment.id, garment.tag_code
        return
    parser = _choice(allowed) if allowed else PARSERS[name]
    setattr(filters, name, parser(value))
