"""Fill an empty database with a backup's schema and rows, check them, migrate to head.

Everything runs on one connection the caller owns: a scratch SQLite file, or a PostgreSQL
transaction the caller commits only when all of it succeeded.
"""

import sqlite3
from pathlib import Path

from alembic import command
from alembic.util import CommandError
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from ..search.index import NAMES as SEARCH_INDEX_TABLES
from .archive import BackupError, Manifest
from .copy import copy_rows, reset_sequences
from .pgscript import run_dump
from .snapshot import VERSION_TABLE
from .verify import verify_counts


def load_backup(path: Path, manifest: Manifest, copy: Path, connection: Connection) -> None:
    """Load the backup's rows at its own schema revision, verify the counts, then migrate."""
    try:
        if manifest.engine == "postgresql":
            run_dump(path, copy, manifest, connection)
        else:
            migrate(connection, manifest.schema_revision or "head")
            _copy_sqlite(copy, connection)
        verify_counts(path, manifest, connection)
    except (SQLAlchemyError, sqlite3.Error, CommandError) as err:
        raise BackupError(
            _(
                "%(path)s is damaged: its rows could not be loaded (%(error)s).",
                path=path,
                error=first_line(err),
            )
        ) from err
    try:
        migrate(connection, "head")
    except (SQLAlchemyError, CommandError) as err:
        raise BackupError(
            _(
                "Migrating the restored database from %(revision)s to this version's schema "
                "failed (%(error)s).",
                revision=manifest.schema_revision,
                error=first_line(err),
            )
        ) from err


def migrate(connection: Connection, revision: str) -> None:
    """Alembic upgrade to ``revision`` on this connection, inside its transaction."""
    config = current_app.extensions["migrate"].migrate.get_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def _copy_sqlite(copy: Path, connection: Connection) -> None:
    """Copy every row of the archive's SQLite copy into the freshly built schema."""
    source = create_engine(f"sqlite:///{copy}", poolclass=NullPool)
    try:
        with source.connect() as reader:
            # The target's search triggers index the rows as they arrive.
            copy_rows(reader, connection, skip={VERSION_TABLE, *SEARCH_INDEX_TABLES})
        if connection.dialect.name == "postgresql":
            reset_sequences(connection)
    finally:
        source.dispose()


def first_line(err: BaseException) -> str:
    """The driver's own words, first line only: a command prints one line, not a traceback."""
    text = str(getattr(err, "orig", None) or err)
    return text.strip().splitlines()[0] if text.strip() else type(err).__name__
