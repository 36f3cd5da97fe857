"""``flask --app costume_tracker report NAME``: a report's CSV from the command line."""

from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from ..extensions import db
from ..i18n.times import default_zone, site_zone, zone
from ..lists.models import Site
from ..outfile import atomic_output, check_output, is_stdout
from ..wording import plural
from .core import ReportContext
from .filters import ReportError
from .services import REPORTS, get_report, read_filters, write_report

REPORT_HELP = "\b\nReports and the filters each takes:\n" + "\n".join(
    f"  {name:<17} {', '.join('--' + f for f in report.filters)}"
    for name, report in REPORTS.items()
)
OPTIONS = {
    "site": "Site name or code (Paris, NYC); for 'out', where the garment is now.",
    "production": 'Production name ("The Nutcracker").',
    "status": "Garment status; costume-plot: current|returned; doubles-coverage: "
    "covered|gap; costumes: active|retired.",
    "category": "Garment category (tutu, bodice…).",
    "since": "From this date (2026-11-01), included.",
    "until": "Up to this date, included.",
    "garment": "A garment's tag code (ET-00042).",
    "performer": "A performer's code (P-7) or full name.",
    "user": "A user's email.",
    "kind": "Event kind (history) or performer kind (performers).",
    "unit": "Measurement unit for performers: cm or in (default cm).",
    "date": "A shooting day's date (2026-12-03); pull-list: default the next one at --site.",
    "episode": "An episode's number (change-plot: required).",
}


def _filter_options(command):
    for name in reversed(list(OPTIONS)):
        command = click.option(f"--{name}", help=OPTIONS[name])(command)
    return command


@click.command("report", epilog=REPORT_HELP)
@click.argument("name", metavar="NAME")
@_filter_options
@click.option(
    "--no-measurements",
    is_flag=True,
    help="Performers without their measurements (personal data).",
)
@click.option(
    "--dialect",
    type=click.Choice(["en", "fr"]),
    default="en",
    show_default=True,
    help="en: standard CSV (commas, English headers, the import contract); fr: French "
    "spreadsheet (semicolons, decimal commas, French headers, local-time columns).",
)
@click.option(
    "--tz",
    metavar="ZONE",
    help="Time zone of the local-time columns (Europe/Paris); default: the --site's zone, "
    "else DEFAULT_TIMEZONE. Adds local-time columns to the en dialect too.",
)
@click.option(
    "--out",
    required=True,
    type=click.Path(readable=False, path_type=Path),
    help="CSV file to write ('-' for standard output); it appears only when complete.",
)
@with_appcontext
def report(
    name: str, out: Path, no_measurements: bool, dialect: str, tz: str | None, **filters
) -> None:
    """Write report NAME as CSV, the same file as the page's Download CSV."""
    try:
        chosen = get_report(name)
    except ReportError as error:
        raise click.BadParameter(error.errors["report"], param_hint="NAME") from None
    given = {key: value for key, value in filters.items() if value is not None}
    if tz and zone(tz) is None:
        raise click.BadParameter(
            _("no time zone called '%(zone)s'; use a name such as Europe/Paris.", zone=tz),
            param_hint="--tz",
        )
    try:
        parsed = read_filters(chosen, given, strict=True)  # refuse bad filters before a file
        _require(chosen, parsed)
        context = ReportContext(
            measurements=not no_measurements,
            dialect=dialect,
            zone=zone(tz) if tz else _site_zone(parsed.site),
            local_times=dialect == "fr" or bool(tz),
        )
        check_output(out)
        with atomic_output(out) as handle:
            rows = write_report(name, handle, context=context, **given)
    except ReportError as error:
        raise click.UsageError(_message(error)) from None
    if not is_stdout(out):
        click.echo(
            _(
                "Wrote %(rows)s of the %(name)s report to %(file)s.",
                rows=plural(rows, "row", "rows"),
                name=name,
                file=out,
            )
        )


def _require(chosen, parsed) -> None:
    """Refuse a run without a filter the report cannot be made without (change-plot: episode)."""
    missing = [name for name in chosen.required if getattr(parsed, name) in (None, "")]
    if missing:
        raise ReportError(
            {name: _("required for this report; give --%(name)s.", name=name) for name in missing}
        )


def _site_zone(site_id: int | None):
    """The zone of the --site filter's site, else DEFAULT_TIMEZONE."""
    if site_id is None:
        return default_zone()
    return site_zone(db.session.get(Site, site_id))


def _message(error: ReportError) -> str:
    return " ".join(f"--{field}: {reason}" for field, reason in error.errors.items())
