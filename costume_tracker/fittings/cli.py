"""``flask --app costume_tracker calendar``: a site's fittings as an iCalendar file."""

import click


@click.command("calendar")
def calendar() -> None:
    """Write a site's fittings as an iCalendar (.ics) file."""
