"""Make a backup of the running instance: database and photos in one archive."""

import tempfile
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app

from ..extensions import db
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
        raise BackupError(f"{path} already exists; choose a new file name.")
    if not path.parent.is_dir():
        raise BackupError(f"Cannot write {path}: {path.parent} is not a folder.")
    try:
        with tempfile.TemporaryDirectory(dir=path.parent, prefix=".backup-") as work:
            return _write_backup(path, Path(work))
    except OSError as err:
        where = f" ({err.filename})" if err.filename else ""
        raise BackupError(f"Cannot write {path}: {err.strerror or err}{where}.") from err


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
        raise BackupError(f"Backups of {engine.dialect.name} databases are not supported.")
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
        f"{counts.get('garment', 0):,} garments",
        f"{counts.get('costume', 0):,} costumes",
        f"{counts.get('performer', 0):,} performers",
        f"{counts.get('event', 0):,} events",
        f"{len(manifest.photos):,} photo files",
    ]
    revision = manifest.schema_revision or "none recorded"
    return f"{', '.join(parts)}; schema revision {revision}"
