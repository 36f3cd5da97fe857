"""Restore a backup into a new, empty instance (or over one, when forced): all or nothing.

The whole archive is unpacked and checked in scratch space beside the instance's files, and
loaded into a scratch database (SQLite) or one transaction (PostgreSQL) that is migrated to
head and counted against the manifest. Only then does it replace the instance's database,
and the photos move into the uploads folder. Any failure before that leaves both as they were.
"""

import errno
import os
import shutil
import tempfile
from pathlib import Path

from alembic.script import ScriptDirectory
from flask import current_app
from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from .archive import BackupError, Manifest, extract, read_manifest
from .load import first_line
from .snapshot import read_contents
from .targets import restore_into_postgresql, restore_into_sqlite
from .verify import check_sqlite_copy


def restore_backup(path: Path, *, force: bool = False) -> Manifest:
    """Load a backup's database and photos into this instance; the schema ends at head."""
    path = Path(path)
    uploads = Path(current_app.config["UPLOAD_FOLDER"])
    try:
        manifest = read_manifest(path)
        _check_revision(path, manifest)
        _check_engines(path, manifest)
        _check_target_is_empty(force)
        scratch = _scratch_folder(uploads)
        try:
            _restore_database(path, manifest, scratch)
        except BaseException:
            shutil.rmtree(scratch, ignore_errors=True)
            raise
    except BackupError as err:
        raise BackupError(_("%(error)s Nothing was changed.", error=err)) from err
    except (OSError, SQLAlchemyError) as err:
        detail = first_line(err)
        raise BackupError(
            _(
                "Restoring %(path)s failed (%(error)s). Nothing was changed.",
                path=path,
                error=detail,
            )
        ) from err
    _move_photos(scratch, uploads, manifest.photos)
    return manifest


def _restore_database(path: Path, manifest: Manifest, scratch: Path) -> None:
    """Unpack into ``scratch``, check the copy, and put the restored database in place."""
    (scratch / "database").mkdir()
    (scratch / "photos").mkdir()
    copy = extract(path, manifest, scratch / "database", scratch / "photos")
    _check_photo_names(path, manifest)
    if manifest.engine == "sqlite":
        check_sqlite_copy(path, copy)
    if db.engine.dialect.name == "postgresql":
        restore_into_postgresql(path, manifest, copy)
    else:
        restore_into_sqlite(path, manifest, copy)


def _check_photo_names(path: Path, manifest: Manifest) -> None:
    """No photo of the backup would land on a folder of the uploads folder (imports/)."""
    uploads = Path(current_app.config["UPLOAD_FOLDER"])
    clash = next((name for name in manifest.photos if (uploads / name).is_dir()), None)
    if clash is not None:
        raise BackupError(
            _(
                "%(path)s: the photo name %(name)s is a folder of %(uploads)s.",
                path=path,
                name=repr(clash),
                uploads=uploads,
            )
        )


def _check_revision(path: Path, manifest: Manifest) -> None:
    """Refuse a backup whose schema this version of the app does not know."""
    if manifest.schema_revision is None:
        return
    directory = current_app.extensions["migrate"].directory
    scripts = ScriptDirectory(directory)
    if manifest.schema_revision not in {script.revision for script in scripts.walk_revisions()}:
        raise BackupError(
            _(
                "%(path)s comes from another version of Costume Tracker (schema revision "
                "%(revision)s is unknown to this one); restore it with the version that made "
                "it, or a newer one.",
                path=path,
                revision=manifest.schema_revision,
            )
        )


def _check_engines(path: Path, manifest: Manifest) -> None:
    """A PostgreSQL dump goes into PostgreSQL; a SQLite copy into either."""
    dialect = db.engine.dialect.name
    if dialect not in ("sqlite", "postgresql"):
        raise BackupError(
            _("Restoring into a %(engine)s database is not supported.", engine=dialect)
        )
    if manifest.engine == "postgresql" and dialect != "postgresql":
        raise BackupError(
            _(
                "%(path)s holds a PostgreSQL dump; restore it into PostgreSQL "
                "(DATABASE_URL=postgresql+psycopg://…).",
                path=path,
            )
        )


def _check_target_is_empty(force: bool) -> None:
    """Refuse to replace a database holding rows unless the user said --force."""
    with db.engine.connect() as connection:
        counts = read_contents(connection).counts
    held = {name: n for name, n in sorted(counts.items(), key=lambda item: -item[1]) if n}
    if held and not force:
        listed = ", ".join(f"{format_decimal(n)} {name}" for name, n in list(held.items())[:4])
        raise BackupError(
            _(
                "The target database already holds data (%(rows)s). Restore into a new, empty "
                "instance, or add --force to replace everything in it.",
                rows=listed,
            )
        )


def _scratch_folder(uploads: Path) -> Path:
    """A new folder beside the uploads folder (same disk, so photos move in by renaming)."""
    try:
        uploads.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(dir=uploads.parent, prefix=f".{uploads.name}-restore-"))
    except OSError as err:
        raise BackupError(
            _(
                "Cannot unpack the backup beside %(uploads)s: %(error)s.",
                uploads=uploads,
                error=err.strerror or err,
            )
        ) from err


def _move_photos(scratch: Path, uploads: Path, names: list[str]) -> None:
    """Move the restored photos into uploads, keeping every photo already there."""
    try:
        uploads.mkdir(parents=True, exist_ok=True)
        for name in dict.fromkeys(names):
            _move(scratch / "photos" / name, uploads / name)
    except OSError as err:
        raise BackupError(
            _(
                "The database was restored, but the photos could not all be put into "
                "%(uploads)s (%(error)s); the rest are in %(scratch)s: move them there.",
                uploads=uploads,
                error=err.strerror or err,
                scratch=scratch / "photos",
            )
        ) from err
    shutil.rmtree(scratch, ignore_errors=True)


def _move(source: Path, target: Path) -> None:
    """Rename, or copy under a temporary name first when uploads is on another disk."""
    try:
        os.replace(source, target)
    except OSError as err:
        if err.errno != errno.EXDEV:  # a rename cannot cross file systems
            raise
        partial = target.with_name(f".{target.name}.partial")
        shutil.copy2(source, partial)
        os.replace(partial, target)
        source.unlink()
