"""Put a restored database in place of the instance's own, all at once or not at all.

SQLite: the backup is loaded into a new file beside the database, checked, and renamed over
it. PostgreSQL: the old tables are dropped and the backup loaded in one transaction, which
commits only when every check passed.
"""

import os
import sqlite3
import uuid
from contextlib import closing, suppress
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from ..extensions import db
from ..search.index import drop_routines
from .archive import BackupError, Manifest
from .load import first_line, load_backup
from .verify import check_scratch_sqlite

# A restore waits this long for an app server's lock before saying the database is in use.
LOCK_TIMEOUT = "10s"
# How long a restore waits for another program to let go of the SQLite file.
BUSY_SECONDS = 3
SIDE_FILES = ("-wal", "-shm", "-journal")


def restore_into_sqlite(path: Path, manifest: Manifest, copy: Path) -> None:
    """Build the restored database as a scratch file beside the target, then swap it in."""
    target = _database_file()
    scratch = target.with_name(f".{target.name}.restoring-{uuid.uuid4().hex[:8]}")
    try:
        scratch.touch(exist_ok=False)
    except OSError as err:
        raise BackupError(
            _(
                "Cannot create a scratch database beside %(target)s: %(error)s.",
                target=target,
                error=err.strerror,
            )
        ) from err
    engine = create_engine(f"sqlite:///{scratch}", poolclass=NullPool)
    try:
        with engine.begin() as connection:
            load_backup(path, manifest, copy, connection)
            check_scratch_sqlite(path, connection)
        engine.dispose()
        _leave_wal(scratch, _("The restored database"))
        _take_owner_and_mode(scratch, target)
        db.session.remove()
        db.engine.dispose()
        if target.exists():
            _leave_wal(target, _("The database"))
        os.replace(scratch, target)
    finally:
        engine.dispose()
        for name in ("", *SIDE_FILES):
            Path(f"{scratch}{name}").unlink(missing_ok=True)


def _database_file() -> Path:
    """The SQLite file this instance uses; a database in memory cannot be restored into."""
    name = db.engine.url.database
    if not name or name == ":memory:" or name.startswith("file:"):
        raise BackupError(_("This instance's SQLite database is not a plain file; cannot restore."))
    return Path(name).resolve()


def _cannot_replace(what: str, database: Path, err: Exception) -> str:
    return _(
        "%(what)s %(database)s cannot be replaced (%(error)s).",
        what=what,
        database=database,
        error=err,
    )


def _leave_wal(database: Path, what: str) -> None:
    """Fold the write-ahead log into the file and switch it off.

    Afterwards the file alone is the database: no -wal or -shm file of the old database is
    left to be read together with the new one. Refused while another program has it open.
    """
    in_use = BackupError(
        _(
            "%(what)s %(database)s is in use by another program; stop the app servers and run "
            "restore again.",
            what=what,
            database=database,
        )
    )
    try:
        with closing(sqlite3.connect(database, timeout=BUSY_SECONDS)) as connection:
            mode = connection.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    except sqlite3.OperationalError as err:
        if "locked" in str(err) or "busy" in str(err):
            raise in_use from err
        raise BackupError(_cannot_replace(what, database, err)) from err
    except sqlite3.Error as err:
        raise BackupError(_cannot_replace(what, database, err)) from err
    if str(mode).lower() != "delete":
        raise in_use
    for name in ("-wal", "-shm"):
        Path(f"{database}{name}").unlink(missing_ok=True)


def _take_owner_and_mode(scratch: Path, target: Path) -> None:
    """The new file gets the old one's permissions and owner, so the app can still write it."""
    if not target.exists():
        return
    status = target.stat()
    os.chmod(scratch, status.st_mode & 0o777)
    if (status.st_uid, status.st_gid) != (os.getuid(), os.getgid()):
        with suppress(PermissionError):  # not root: the file stays ours, as a copy would
            os.chown(scratch, status.st_uid, status.st_gid)


def restore_into_postgresql(path: Path, manifest: Manifest, copy: Path) -> None:
    """Drop the old tables and load the backup in one transaction; any failure rolls back."""
    db.session.remove()
    db.engine.dispose()
    try:
        with db.engine.connect() as connection:
            try:
                with connection.begin():
                    _drop_tables(connection)
                    load_backup(path, manifest, copy, connection)
            finally:
                connection.invalidate()  # the dump's session settings go with it
    except SQLAlchemyError as err:
        raise BackupError(
            _("Restoring %(path)s failed (%(error)s).", path=path, error=first_line(err))
        ) from err


def _drop_tables(connection) -> None:
    """Drop every table of the target, waiting a short while for locks held by others."""
    connection.execute(text(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'"))
    try:
        for name in inspect(connection).get_table_names():
            connection.execute(text(f'DROP TABLE IF EXISTS "{name}" CASCADE'))
        drop_routines(connection)  # the backup brings its own search functions
    except SQLAlchemyError as err:
        raise BackupError(
            _(
                "The database is in use (%(error)s); stop the app servers and run restore again.",
                error=first_line(err),
            )
        ) from err
    connection.execute(text("SET LOCAL lock_timeout = 0"))
