"""Restore a backup into a new, empty instance (or over one, when forced)."""

import tempfile
from pathlib import Path

from alembic.script import ScriptDirectory
from flask import current_app
from flask_migrate import upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.pool import NullPool

from ..extensions import db
from . import postgres
from .archive import BackupError, Manifest, extract, read_manifest
from .copy import copy_rows, reset_sequences
from .snapshot import VERSION_TABLE, read_contents


def restore_backup(path: Path, *, force: bool = False) -> Manifest:
    """Load a backup's database and photos into this instance; the schema ends at head."""
    path = Path(path)
    manifest = read_manifest(path)
    _check_revision(manifest)
    engine = db.engine
    if manifest.engine == "postgresql" and engine.dialect.name != "postgresql":
        raise BackupError(
            f"{path} holds a PostgreSQL dump; restore it into PostgreSQL "
            "(DATABASE_URL=postgresql+psycopg://…)."
        )
    held = _rows_held()
    if held and not force:
        listed = ", ".join(f"{n:,} {name}" for name, n in list(held.items())[:4])
        raise BackupError(
            f"The target database already holds data ({listed}). Restore into a new, empty "
            "instance, or add --force to replace everything in it."
        )
    uploads = Path(current_app.config["UPLOAD_FOLDER"])
    with tempfile.TemporaryDirectory(prefix="costume-tracker-restore-") as work:
        database_file = extract(path, manifest, Path(work), uploads)
        db.session.remove()
        _drop_all_tables()
        if manifest.engine == "postgresql":
            _pg_restore(database_file, manifest)
        else:
            _load_sqlite_copy(database_file, manifest.schema_revision)
    _verify_counts(path, manifest)
    upgrade()
    return manifest


def _check_revision(manifest: Manifest) -> None:
    """Refuse a backup whose schema this version of the app does not know."""
    if manifest.schema_revision is None:
        return
    directory = current_app.extensions["migrate"].directory
    scripts = ScriptDirectory(directory)
    if manifest.schema_revision not in {script.revision for script in scripts.walk_revisions()}:
        raise BackupError(
            f"The backup's schema revision {manifest.schema_revision} is unknown to this version "
            "of Costume Tracker; restore it with the version that made it, or a newer one."
        )


def _rows_held() -> dict[str, int]:
    """Tables of the target database that hold rows (the schema version table aside)."""
    with db.engine.connect() as connection:
        counts = read_contents(connection).counts
    return {name: n for name, n in sorted(counts.items(), key=lambda item: -item[1]) if n}


def _drop_all_tables() -> None:
    """Empty the target completely, so the backup's schema and rows go in as they were."""
    engine = db.engine
    names = inspect(engine).get_table_names()
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            for name in names:
                connection.execute(text(f'DROP TABLE IF EXISTS "{name}" CASCADE'))
        else:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            for name in names:
                connection.execute(text(f'DROP TABLE IF EXISTS "{name}"'))
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")


def _pg_restore(dump: Path, manifest: Manifest) -> None:
    """pg_restore the dump in one transaction: all of it or none of it."""
    engine = db.engine
    with engine.connect() as connection:
        server_major = connection.dialect.server_version_info[0]
    pg_restore = postgres.tool("pg_restore", max(server_major, manifest.server_version or 0))
    postgres.run(
        [pg_restore, "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
         str(dump)],
        engine.url,
        "pg_restore",
    )  # fmt: skip


def _load_sqlite_copy(copy: Path, revision: str | None) -> None:
    """Build the backup's schema revision on the target, then copy every row across."""
    upgrade(revision=revision or "head")
    source = create_engine(f"sqlite:///{copy}", poolclass=NullPool)
    try:
        with source.connect() as reader, db.engine.begin() as writer:
            copy_rows(reader, writer, skip={VERSION_TABLE})
            if writer.dialect.name == "postgresql":
                reset_sequences(writer)
    finally:
        source.dispose()


def _verify_counts(path: Path, manifest: Manifest) -> None:
    """Every table holds as many rows as the manifest says were backed up."""
    with db.engine.connect() as connection:
        counts = read_contents(connection).counts
    wrong = {
        name: (expected, counts.get(name))
        for name, expected in manifest.counts.items()
        if counts.get(name) != expected
    }
    if wrong:
        detail = ", ".join(
            f"{name}: {got} rows, {want} expected" for name, (want, got) in wrong.items()
        )
        raise BackupError(f"Restoring {path} gave different row counts ({detail}).")
