"""``flask --app costume_tracker calendar``: a site's fittings as an iCalendar file."""

from datetime import date

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from ..extensions import db
from ..i18n.times import day_end, day_start, site_zone
from ..lists.models import Site
from ..outfile import atomic_output, check_output, is_stdout
from ..wording import plural
from .ics import build_calendar, select_fittings


def find_site(text: str) -> Site:
    """The site named or coded ``text`` (any case); UsageError listing the sites otherwise."""
    wanted = text.strip().lower()
    site = db.session.scalar(
        select(Site).where(or_(func.lower(Site.name) == wanted, func.lower(Site.code) == wanted))
    )
    if site is None:
        names = ", ".join(
            f"{s.name} ({s.code})" for s in db.session.scalars(select(Site).order_by(Site.name_key))
        )
        raise click.UsageError(
            _("--site: no site called '%(site)s'. Sites: %(sites)s.", site=text, sites=names or "—")
        )
    return site


def _day(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            _("'%(text)s' is not a date; write it as 2026-12-03.", text=value), param_hint=option
        ) from None


@click.command("calendar")
@click.option("--site", "site_name", required=True, help="Site name or code (Paris, NYC).")
@click.option("--out", required=True, help="The .ics file to write, or - for standard output.")
@click.option("--since", help="First day (2026-12-01); default 30 days ago.")
@click.option("--until", help="Last day included (2026-12-31); default no end.")
@with_appcontext
def calendar(site_name: str, out: str, since: str | None, until: str | None) -> None:
    """Write a site's fittings as an iCalendar (.ics) file."""
    site = find_site(site_name)
    first, last = _day(since, "--since"), _day(until, "--until")
    if first and last and last < first:
        raise click.BadParameter(_("--until is before --since."), param_hint="--until")
    check_output(out)
    zone = site_zone(site)
    fittings = select_fittings(
        site_id=site.id,
        since=day_start(first, zone) if first else None,
        until=day_end(last, zone) if last else None,
    )
    data = build_calendar(fittings, _("Fittings at %(site)s", site=site.name))
    with atomic_output(out) as handle:
        handle.write(data)
    if not is_stdout(out):
        click.echo(
            _(
                "Wrote %(count)s at %(site)s to %(file)s.",
                count=plural(len(fittings), "fitting", "fittings"),
                site=site.name,
                file=out,
            )
        )
