"""``flask --app costume_tracker report NAME``: a report's CSV from the command line."""

from pathlib import Path

import click
from flask.cli import with_appcontext

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
    "--out",
    required=True,
    type=click.Path(readable=False, path_type=Path),
    help="CSV file to write ('-' for standard output); it appears only when complete.",
)
@with_appcontext
def report(name: str, out: Path, no_measurements: bool, **filters) -> None:
    """Write report NAME as CSV, the same file as the page's Download CSV."""
    try:
        chosen = get_report(name)
    except ReportError as error:
        raise click.BadParameter(error.errors["report"], param_hint="NAME") from None
    given = {key: value for key, value in filters.items() if value is not None}
    context = ReportContext(measurements=not no_measurements)
    try:
        read_filters(chosen, given, strict=True)  # refuse bad filters before touching a file
        check_output(out)
        with atomic_output(out) as handle:
            rows = write_report(name, handle, context=context, **given)
    except ReportError as error:
        raise click.UsageError(_message(error)) from None
    if not is_stdout(out):
        click.echo(f"Wrote {plural(rows, 'row', 'rows')} of the {name} report to {out}.")


def _message(error: ReportError) -> str:
    return " ".join(f"--{field}: {reason}" for field, reason in error.errors.items())
