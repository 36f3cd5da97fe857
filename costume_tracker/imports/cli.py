"""``flask --app costume_tracker import KIND FILE``: the same import as the web page."""

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from ..auth.services import find_user
from ..outfile import atomic_output, check_output, is_stdout
from ..reports.csvfile import csv_chunks
from .reader import MAX_IMPORT_BYTES
from .results import ImportPreview
from .services import KINDS, apply_import, preview_import

# Files with more data lines than this get a progress bar.
PROGRESS_FROM_LINES = 2000
# The command line takes bigger files than the upload page (a whole stock moving in).
CLI_MAX_IMPORT_MB = 200


@click.command("import")
@click.argument("kind", type=click.Choice(list(KINDS), case_sensitive=False))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Only show what would change; write nothing.")
@click.option("--user", "email", help="Record the history events as this user (an email).")
@click.option(
    "--max-mb",
    default=CLI_MAX_IMPORT_MB,
    show_default=True,
    type=click.IntRange(1, 2000),
    help=f"Largest file accepted, in MB (the upload page takes {MAX_IMPORT_BYTES // 2**20}).",
)
@click.option(
    "--errors",
    "errors_out",
    type=click.Path(readable=False, path_type=Path),
    help="Also write the errors (row, column, reason) to this CSV file ('-' for standard output).",
)
@with_appcontext
def import_command(
    kind: str, file: Path, dry_run: bool, email: str | None, max_mb: int, errors_out: Path | None
) -> None:
    """Import garments, costumes, performers or a breakdown from a CSV FILE, all rows or none."""
    kind = kind.lower()
    user = _user(email)
    if errors_out is not None:
        check_output(errors_out)
    max_bytes = max_mb * 2**20
    with file.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    lines = data.count(b"\n")
    label = (
        _("Checking %(file)s", file=file.name)
        if dry_run
        else _("Importing %(file)s", file=file.name)
    )
    with click.progressbar(length=max(lines, 1), label=label, file=_bar_stream(lines)) as bar:
        if dry_run:
            preview = preview_import(
                kind, data, file.name, max_bytes=max_bytes, progress=bar.update
            )
            written = False
        else:
            result = apply_import(
                kind, data, file.name, user, max_bytes=max_bytes, progress=bar.update
            )
            preview, written = result.preview, result.applied
    if errors_out is not None:
        _write_errors(preview, errors_out)
    _report(preview, dry_run, written, to_stderr=errors_out is not None and is_stdout(errors_out))
    if not preview.ok:
        raise SystemExit(1)


def _user(email: str | None):
    if not email:
        return None
    user = find_user(email)
    if user is None:
        raise click.BadParameter(
            _("No user has the email %(email)s.", email=email), param_hint="--user"
        )
    if not user.has_role("wardrobe"):
        raise click.BadParameter(
            _("%(email)s is not wardrobe staff or admin.", email=email), param_hint="--user"
        )
    return user


def _bar_stream(lines: int):
    """Where the progress bar is drawn: nowhere for small files."""
    return sys.stderr if lines > PROGRESS_FROM_LINES else _Silent()


class _Silent:
    def write(self, _text: str) -> None:
        pass

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


ERRORS_HEADER = ("Row", "Column", "Reason")  # a CSV header: stable, not translated


def error_rows(preview: ImportPreview) -> list[tuple[str, str, str]]:
    """Every error as a CSV row: the spreadsheet row ('file' for the whole file), column, reason."""
    return [
        (_("file") if issue.row is None else str(issue.row), issue.column, issue.reason)
        for issue in preview.errors
    ]


def _write_errors(preview: ImportPreview, path: Path) -> None:
    """The errors as a CSV that opens cleanly in a spreadsheet, like the reports."""
    with atomic_output(path) as handle:
        for piece in csv_chunks(ERRORS_HEADER, error_rows(preview)):
            handle.write(piece)


def _report(preview: ImportPreview, dry_run: bool, written: bool, *, to_stderr: bool) -> None:
    """The summary, each change of an updated record, and every error with row and column.

    With ``--errors -`` standard output carries the CSV alone, so all of this goes to stderr.
    """
    click.echo(preview.summary(), err=to_stderr)
    for note in preview.notes:
        click.echo(f"  {note}", err=to_stderr)
    for plan in preview.changed_plans:
        if plan.action == "remove":
            line = _(
                "  row %(row)s %(key)s %(name)s: removed from the scene",
                row=plan.row,
                key=plan.key,
                name=plan.name,
            )
            click.echo(line, err=to_stderr)
        elif plan.action == "update":
            changes = "; ".join(f"{col}: {old or '—'} → {new or '—'}"
                                for col, (old, new) in plan.changes.items())  # fmt: skip
            line = _(
                "  row %(row)s %(key)s %(name)s: %(changes)s",
                row=plan.row,
                key=plan.key,
                name=plan.name,
                changes=changes,
            )
            click.echo(line, err=to_stderr)
    for issue in preview.errors:
        row = _("file") if issue.row is None else _("row %(row)s", row=issue.row)
        click.echo(f"{row}\t{issue.column or '-'}\t{issue.reason}", err=True)
    if dry_run:
        click.echo(_("Dry run: nothing was written."), err=to_stderr)
    elif written:
        click.echo(_("Imported."), err=to_stderr)
    else:
        click.echo(_("Nothing was written."), err=True)
