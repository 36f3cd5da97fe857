"""Checks a restore makes before the target is touched: is the copy sound, does it match?"""

import sqlite3
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy.engine import Connection

from .archive import BackupError, Manifest
from .snapshot import read_contents

# SQLite answers integrity_check with this single row when nothing is wrong.
INTEGRITY_OK = [("ok",)]


def check_sqlite_copy(path: Path, copy: Path) -> None:
    """The archive's SQLite copy opens, read-only, and passes SQLite's own integrity check."""
    try:
        read_only = f"file:{quote(str(copy))}?mode=ro"
        with closing(sqlite3.connect(read_only, uri=True)) as connection:
            problems = connection.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as err:
        raise BackupError(
            _(
                "%(path)s is damaged: the database copy is not a SQLite database (%(error)s).",
                path=path,
                error=err,
            )
        ) from err
    if problems != INTEGRITY_OK:
        raise BackupError(
            _(
                "%(path)s is damaged: the database copy fails SQLite's integrity check "
                "(%(problem)s).",
                path=path,
                problem=problems[0][0],
            )
        )


def check_scratch_sqlite(path: Path, connection: Connection) -> None:
    """The restored SQLite database is sound and every foreign key points at a row."""
    problems = connection.exec_driver_sql("PRAGMA integrity_check").fetchall()
    if [tuple(row) for row in problems] != INTEGRITY_OK:
        raise BackupError(
            _("Restoring %(path)s gave a database that fails SQLite's integrity check.", path=path)
        )
    dangling = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if dangling:
        table, _rowid, parent, _fk = dangling[0]
        raise BackupError(
            _(
                "%(path)s is damaged: %(rows)s rows refer to rows that are not there "
                "(e.g. a %(table)s row refers to a missing %(parent)s row).",
                path=path,
                rows=len(dangling),
                table=table,
                parent=parent,
            )
        )


def verify_counts(path: Path, manifest: Manifest, connection: Connection) -> None:
    """Every table holds as many rows as the manifest says were backed up, no more, no less."""
    counts = read_contents(connection).counts
    names = sorted(set(manifest.counts) | {name for name, n in counts.items() if n})
    wrong = [
        (name, counts.get(name), manifest.counts.get(name, 0))
        for name in names
        if counts.get(name) != manifest.counts.get(name, 0)
    ]
    if wrong:
        detail = "; ".join(
            (
                _(
                    "%(table)s: no such table in the database copy, %(want)s in the manifest",
                    table=name,
                    want=format_decimal(want),
                )
                if got is None
                else _(
                    "%(table)s: %(got)s rows in the database copy, %(want)s in the manifest",
                    table=name,
                    got=format_decimal(got),
                    want=format_decimal(want),
                )
            )
            for name, got, want in wrong[:5]
        )
        raise BackupError(
            _(
                "%(path)s is damaged: the database copy and the manifest disagree (%(detail)s).",
                path=path,
                detail=detail,
            )
        )
