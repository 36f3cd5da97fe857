"""``flask --app costume_tracker backup FILE`` and ``restore FILE``."""

from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import ngettext

from ..outfile import check_output
from .archive import BackupError
from .restore import restore_backup
from .services import create_backup, summary


@click.command("backup")
@click.argument("file", type=click.Path(readable=False, path_type=Path))
@with_appcontext
def backup(file: Path) -> None:
    """Write the database and the photos to FILE (a .tar.gz) while the app keeps running."""
    check_output(file, allow_stdout=False, overwrite=False)
    try:
        manifest = create_backup(file)
    except BackupError as err:
        raise click.ClickException(one_line(err)) from err
    click.echo(_("Backup written to %(file)s: %(summary)s.", file=file, summary=summary(manifest)))
    if manifest.missing_photos:
        click.echo(
            ngettext(
                "Warning: %(num)s photo file the database lists was not in the uploads folder "
                "(%(example)s).",
                "Warning: %(num)s photo files the database lists were not in the uploads folder "
                "(e.g. %(example)s).",
                len(manifest.missing_photos),
                example=manifest.missing_photos[0],
            ),
            err=True,
        )


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that already holds data.")
@with_appcontext
def restore(file: Path, force: bool) -> None:
    """Load a backup FILE into this instance's database and uploads folder (stop the app first)."""
    try:
        manifest = restore_backup(file, force=force)
    except BackupError as err:
        raise click.ClickException(one_line(err)) from err
    click.echo(
        _(
            "Restored %(file)s (made %(made)s): %(summary)s.",
            file=file,
            made=manifest.created_at,
            summary=summary(manifest),
        )
    )
    click.echo(_("The schema is upgraded to this version's latest revision."))


def one_line(err: BackupError) -> str:
    """The message on one line, whatever a tool it quotes printed."""
    return " ".join(str(err).split())
