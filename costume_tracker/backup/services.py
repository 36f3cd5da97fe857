"""Make a backup of the running instance: database and photos in one archive."""

import tempfile
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from ..extensions import db
from ..wording import plural
from . import snapshot
from .archive import BackupError, Manifest, write_archive


def create_backup(path: Path) -> Manifest:
    """Write a consistent backup of the database and its photos to ``path`` while the app runs.

    The database is copied first (one snapshot); then the photos that snapshot refers to are
    added. Photo files are written before their row is committed, so every photo in the
    snapshot is already on disk; newer uploads are left for the next backup.
    """
    path = Path(path)
    if path.exists():
        raise BackupError(_("%(path)s already exists; choose a new file name.", path=path))
    if not path.parent.is_dir():
        raise BackupError(
            _("Cannot write %(path)s: %(folder)s is not a folder.", path=path, folder=path.parent)
        )
    try:
        with tempfile.TemporaryDirectory(dir=path.parent, prefix=".backup-") as work:
            return _write_backup(path, Path(work))
    except OSError as err:
        problem = err.strerror or err
        raise BackupError(
            _(
                "Cannot write %(path)s: %(error)s (%(file)s).",
                path=path,
                error=problem,
                file=err.filename,
            )
            if err.filename
            else _("Cannot write %(path)s: %(error)s.", path=path, error=problem)
        ) from err


def _write_backup(path: Path, work: Path) -> Manifest:
    """Copy the database into ``work``, then write it and its photos into the archive."""
    engine = db.engine
    uploads = Path(current_app.config["UPLOAD_FOLDER"])
    created_at = datetime.now(UTC).isoformat(timespec="seconds")
    server_version = None
    if engine.dialect.name == "sqlite":
        copy = work / "costume_tracker.sqlite"
        contents = snapshot.sqlite_copy(engine, copy)
    elif engine.dialect.name == "postgresql":
        copy = work / "costume_tracker.dump"
        contents, server_version = snapshot.postgres_dump(engine, copy)
    else:
        raise BackupError(
            _("Backups of %(engine)s databases are not supported.", engine=engine.dialect.name)
        )
    present = [name for name in contents.photos if (uploads / name).is_file()]
    manifest = Manifest(
        engine=engine.dialect.name,
        created_at=created_at,
        schema_revision=contents.schema_revision,
        counts=contents.counts,
        photos=present,
        missing_photos=[name for name in contents.photos if name not in set(present)],
        server_version=server_version,
    )
    write_archive(path, manifest, copy, uploads)
    return manifest


def summary(manifest: Manifest) -> str:
    """One line a person reads after a backup or restore: what it holds."""
    counts = manifest.counts
    parts = [
        plural(counts.get("garment", 0), "garment", "garments"),
        plural(counts.get("costume", 0), "costume", "costumes"),
        plural(counts.get("performer", 0), "performer", "performers"),
        plural(counts.get("event", 0), "event", "events"),
        plural(len(manifest.photos), "photo file", "photo files"),
    ]
    revision = manifest.schema_revision or _("none recorded")
    return _("%(counts)s; schema revision %(revision)s", counts=", ".join(parts), revision=revision)
