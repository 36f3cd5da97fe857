"""Load a pg_dump archive on the restore's own connection, inside its transaction.

``pg_restore --single-transaction`` runs in a process of its own, so the target's old tables
could not be dropped in the same transaction. Instead pg_restore only turns the dump into
its SQL script (no server involved, so a damaged dump is refused before anything happens),
and the script's statements and COPY data are sent on the restore's connection. Owners,
privileges and comments are left out: the restoring role owns what it creates, and needs
no rights on the schema itself (a comment on ``public`` would need its owner).
"""

import re
from pathlib import Path

import psycopg
from flask_babel import gettext as _
from sqlalchemy import text
from sqlalchemy.engine import Connection

from . import postgres
from .archive import BackupError, Manifest

COPY_START = re.compile(rb"^COPY .+ FROM stdin;\n$")
COPY_END = b"\\.\n"
# psql commands pg_restore writes around the script (PostgreSQL 17.6, 16.10, 15.14 and later).
PSQL_COMMANDS = (b"\\restrict ", b"\\unrestrict ")


def run_dump(path: Path, dump: Path, manifest: Manifest, connection: Connection) -> None:
    """Create the dump's tables and load its rows on ``connection``; nothing is committed."""
    script = dump.with_suffix(".sql")
    server_major = connection.dialect.server_version_info[0]
    pg_restore = postgres.tool("pg_restore", max(server_major, manifest.server_version or 0))
    try:
        postgres.run(
            [pg_restore, "--no-owner", "--no-privileges", "--no-comments", "--exit-on-error",
             f"--file={script}", str(dump)],
            None,
            "pg_restore",
        )  # fmt: skip
    except BackupError as err:
        raise BackupError(
            _(
                "%(path)s is damaged: the database dump cannot be read (%(error)s).",
                path=path,
                error=err,
            )
        ) from err
    search_path = connection.scalar(text("SHOW search_path"))
    try:
        _execute(script, connection.connection.driver_connection)
    except (psycopg.Error, BackupError) as err:
        message = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise BackupError(
            _(
                "%(path)s is damaged: its dump could not be loaded (%(error)s).",
                path=path,
                error=message,
            )
        ) from err
    # The script empties search_path for the session; the checks and migrations need it back.
    restore_path = text("SELECT set_config('search_path', :path, false)")
    connection.execute(restore_path, {"path": search_path})


def _execute(script: Path, driver: psycopg.Connection) -> None:
    """Send the script's statements in batches and each table's data through COPY."""
    statements: list[bytes] = []
    with script.open("rb") as lines, driver.cursor() as cursor:
        for line in lines:
            if COPY_START.match(line):
                _flush(cursor, statements)
                _copy(cursor, line[: -len(b";\n")].decode(), lines)
            elif line.startswith(PSQL_COMMANDS):
                continue
            elif line.startswith(b"\\"):
                raise BackupError(
                    _("unexpected psql command in the dump: %(line)s", line=repr(line[:40]))
                )
            else:
                statements.append(line)
        _flush(cursor, statements)


def _flush(cursor: psycopg.Cursor, statements: list[bytes]) -> None:
    """Run the statements gathered so far (no parameters: several statements in one go)."""
    sql = b"".join(statements).decode()
    statements.clear()
    if sql.strip():
        cursor.execute(sql)


def _copy(cursor: psycopg.Cursor, statement: str, lines) -> None:
    """Stream one table's COPY data, up to its terminating ``\\.`` line."""
    with cursor.copy(statement) as copy:
        for line in lines:
            if line == COPY_END:
                return
            copy.write(line)
    raise BackupError(_("the dump's table data ends before its end marker"))
