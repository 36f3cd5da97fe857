"""Consistent copies of a running database, and what they hold (revision, counts, photos)."""

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import column, create_engine, func, inspect, select, table, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import NullPool

from ..search.index import is_index_table
from . import postgres
from .archive import BackupError

VERSION_TABLE = "alembic_version"


@dataclass
class Contents:
    """What one consistent view of the database holds."""

    schema_revision: str | None
    counts: dict[str, int]
    photos: list[str]


def read_contents(connection: Connection) -> Contents:
    """Schema revision, rows per table and photo file names, as this connection sees them."""
    # The search index is rebuilt from the rows (FTS5's own tables vary with its merges).
    names = sorted(n for n in inspect(connection).get_table_names() if not is_index_table(n))
    counts = {
        name: connection.scalar(select(func.count()).select_from(table(name)))
        for name in names
        if name != VERSION_TABLE
    }
    revision = None
    if VERSION_TABLE in names:
        revision = connection.scalar(
            select(column("version_num")).select_from(table(VERSION_TABLE))
        )
    photos = []
    if "photo" in names:
        rows = connection.execute(
            select(column("filename"), column("thumb_filename")).select_from(table("photo"))
        )
        photos = sorted({name for row in rows for name in row if name})
    return Contents(revision, counts, photos)


def sqlite_copy(engine: Engine, target: Path) -> Contents:
    """Copy a SQLite database with the backup API: one read transaction, writers carry on."""
    if not engine.url.database or engine.url.database == ":memory:":
        raise BackupError(_("The database is in memory; there is no file to back up."))
    with engine.connect() as connection:
        source = connection.connection.driver_connection
        try:
            with closing(sqlite3.connect(target)) as copy:
                source.backup(copy)  # all pages in one step: a consistent snapshot
                copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        except sqlite3.Error as err:
            raise BackupError(
                _(
                    "The database could not be copied into %(folder)s (%(error)s).",
                    folder=target.parent.parent,
                    error=err,
                )
            ) from err
    reader = create_engine(f"sqlite:///{target}", poolclass=NullPool)
    try:
        with reader.connect() as connection:
            return read_contents(connection)
    finally:
        reader.dispose()


def postgres_dump(engine: Engine, target: Path) -> tuple[Contents, int]:
    """pg_dump in the custom format, from the same snapshot the counts are read in.

    A REPEATABLE READ transaction exports its snapshot; pg_dump --snapshot sees exactly it,
    so the manifest's counts and photo list describe the dump, while the app keeps writing.
    """
    with engine.connect() as connection:
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
        server_major = connection.dialect.server_version_info[0]
        pg_dump = postgres.tool("pg_dump", server_major)
        with connection.begin():
            snapshot = connection.scalar(text("SELECT pg_export_snapshot()"))
            contents = read_contents(connection)
            postgres.run(
                [pg_dump, "--format=custom", "--no-owner", "--no-privileges",
                 f"--snapshot={snapshot}", f"--file={target}"],
                engine.url,
                "pg_dump",
            )  # fmt: skip
    return contents, server_major
