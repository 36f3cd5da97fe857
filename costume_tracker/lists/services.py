"""Add and rename entries of the reference lists."""

from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..i18n.zones import zone_problem
from .models import LOCATION_KINDS, Character, Location, Production, Site


class ListError(ValueError):
    """A list entry was refused; the message says why."""


def _commit(duplicate_message: str) -> None:
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise ListError(duplicate_message) from error


def _clean(name: str, what: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ListError(f"A {what} needs a name.")
    return name


def save_site(
    site: Site | None, name: str, code: str, company: str, timezone: str | None = None
) -> Site:
    """Create or rename a site (a company's home), or change its time zone."""
    name, code = _clean(name, "site"), _clean(code, "site code").upper()
    problem = zone_problem(timezone.strip()) if timezone is not None else None
    if problem:
        raise ListError(problem)
    site = site or Site()
    site.name, site.code, site.company = name, code, (company or "").strip()
    if timezone is not None:
        site.timezone = timezone.strip()
    db.session.add(site)
    _commit(f"A site named {name} or coded {code} already exists.")
    return site


def save_location(location: Location | None, site_id: int, name: str, kind: str) -> Location:
    """Create or rename a room, rack or bin at a site."""
    name = _clean(name, "location")
    if kind not in LOCATION_KINDS:
        raise ListError(f"Location kind must be one of {', '.join(LOCATION_KINDS)}.")
    if db.session.get(Site, site_id) is None:
        raise ListError("Choose the site the location is at.")
    location = location or Location()
    location.site_id, location.name, location.kind = site_id, name, kind
    db.session.add(location)
    _commit(f"That site already has a location named {name}.")
    return location


def save_production(production: Production | None, name: str, notes: str = "") -> Production:
    """Create or rename a production."""
    name = _clean(name, "production")
    production = production or Production()
    production.name, production.notes = name, (notes or "").strip()
    db.session.add(production)
    _commit(f"A production named {name} already exists.")
    return production


def save_character(character: Character | None, production_id: int, name: str) -> Character:
    """Create or rename a character of a production."""
    name = _clean(name, "character")
    if db.session.get(Production, production_id) is None:
        raise ListError("Choose the production the character is in.")
    character = character or Character()
    character.production_id, character.name = production_id, name
    db.session.add(character)
    _commit(f"That production already has a character named {name}.")
    return character
