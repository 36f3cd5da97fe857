"""Add and rename entries of the reference lists."""

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..i18n.values import shown
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


def _clean(name: str, missing: str) -> str:
    """The name without surrounding spaces; ``missing`` is the refusal when it is empty."""
    name = (name or "").strip()
    if not name:
        raise ListError(missing)
    return name


def save_site(
    site: Site | None, name: str, code: str, company: str, timezone: str | None = None
) -> Site:
    """Create or rename a site (a company's home), or change its time zone."""
    name = _clean(name, _("A site needs a name."))
    code = _clean(code, _("A site code needs a name.")).upper()
    problem = zone_problem(timezone.strip()) if timezone is not None else None
    if problem:
        raise ListError(problem)
    site = site or Site()
    site.name, site.code, site.company = name, code, (company or "").strip()
    if timezone is not None:
        site.timezone = timezone.strip()
    db.session.add(site)
    _commit(_("A site named %(name)s or coded %(code)s already exists.", name=name, code=code))
    return site


def save_location(location: Location | None, site_id: int, name: str, kind: str) -> Location:
    """Create or rename a room, rack or bin at a site."""
    name = _clean(name, _("A location needs a name."))
    if kind not in LOCATION_KINDS:
        kinds = ", ".join(shown(k, "location_kind") for k in LOCATION_KINDS)
        raise ListError(_("Location kind must be one of %(kinds)s.", kinds=kinds))
    if db.session.get(Site, site_id) is None:
        raise ListError(_("Choose the site the location is at."))
    location = location or Location()
    location.site_id, location.name, location.kind = site_id, name, kind
    db.session.add(location)
    _commit(_("That site already has a location named %(name)s.", name=name))
    return location


def save_production(production: Production | None, name: str, notes: str = "") -> Production:
    """Create or rename a production."""
    name = _clean(name, _("A production needs a name."))
    production = production or Production()
    production.name, production.notes = name, (notes or "").strip()
    db.session.add(production)
    _commit(_("A production named %(name)s already exists.", name=name))
    return production


def save_character(character: Character | None, production_id: int, name: str) -> Character:
    """Create or rename a character of a production."""
    name = _clean(name, _("A character needs a name."))
    if db.session.get(Production, production_id) is None:
        raise ListError(_("Choose the production the character is in."))
    character = character or Character()
    character.production_id, character.name = production_id, name
    db.session.add(character)
    _commit(_("That production already has a character named %(name)s.", name=name))
    return character
