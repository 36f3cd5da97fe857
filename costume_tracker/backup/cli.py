"""``flask --app costume_tracker backup FILE`` and ``restore FILE``."""

from pathlib import Path

import click
from flask.cli import with_appcontext

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
    click.echo(f"Backup written to {file}: {summary(manifest)}.")
    if manifest.missing_photos:
        click.echo(
            f"Warning: {len(manifest.missing_photos)} photo files the database lists were not "
            f"in the uploads folder (e.g. {manifest.missing_photos[0]}).",
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
    click.echo(f"Restored {file} (made {manifest.created_at}): {summary(manifest)}.")
    click.echo("The schema is upgraded to this version's latest revision.")


def one_line(err: BackupError) -> str:
    """The message on one line, whatever a tool it quotes printed."""
    return " ".join(str(err).split())
