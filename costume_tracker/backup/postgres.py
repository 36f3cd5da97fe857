"""pg_dump and pg_restore: finding a version that fits the server, and running them."""

import os
import re
import shutil
import subprocess
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.engine import URL

from .archive import BackupError

VERSION = re.compile(r"\b(\d+)(?:\.\d+)+")


def tool(name: str, server_major: int) -> str:
    """The path of ``name`` (pg_dump, pg_restore) at least as new as the server.

    Looks in the PG_BIN setting or environment variable, then in Debian's
    /usr/lib/postgresql/<major>/bin, then on PATH.
    """
    candidates = []
    if folder := current_app.config.get("PG_BIN") or os.environ.get("PG_BIN"):
        candidates.append(Path(folder) / name)
    candidates.append(Path(f"/usr/lib/postgresql/{server_major}/bin/{name}"))
    if found := shutil.which(name):
        candidates.append(Path(found))
    seen = []
    for path in candidates:
        if not (path.is_file() and os.access(path, os.X_OK)):
            continue
        major = tool_major(path)
        if major is not None and major >= server_major:
            return str(path)
        seen.append(_("%(path)s is version %(version)s", path=path, version=major))
    words = {"tool": name, "major": server_major, "found": "; ".join(seen)}
    if seen:
        raise BackupError(
            _(
                "%(tool)s for PostgreSQL %(major)s or newer was not found (%(found)s). Install "
                "it (Debian: apt-get install postgresql-client-%(major)s) or set PG_BIN to its "
                "folder.",
                **words,
            )
        )
    raise BackupError(
        _(
            "%(tool)s for PostgreSQL %(major)s or newer was not found. Install it (Debian: "
            "apt-get install postgresql-client-%(major)s) or set PG_BIN to its folder.",
            **words,
        )
    )


def tool_major(path: Path) -> int | None:
    """The major version a pg_dump/pg_restore reports, or None when it does not answer."""
    try:
        output = subprocess.run(
            [str(path), "--version"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except OSError:
        return None
    match = VERSION.search(output)
    return int(match.group(1)) if match else None


def run(command: list[str], url: URL | None, what: str) -> None:
    """Run a PostgreSQL client tool against ``url`` (None: no server, e.g. dump to script).

    The password travels in the environment, not on the command line.
    """
    env = {**os.environ}
    arguments = list(command)
    if url is not None:
        if url.password:
            env["PGPASSWORD"] = str(url.password)
        arguments.append(f"--dbname={libpq_uri(url)}")
    try:
        result = subprocess.run(arguments, env=env, capture_output=True, text=True, check=False)
    except OSError as err:
        raise BackupError(_("%(tool)s could not run: %(error)s.", tool=what, error=err)) from err
    if result.returncode != 0:
        message = result.stderr.strip().splitlines()[-5:]
        detail = " ".join(message) or _("exit %(code)s", code=result.returncode)
        raise BackupError(_("%(tool)s failed: %(error)s", tool=what, error=detail))


def libpq_uri(url: URL) -> str:
    """The SQLAlchemy URL as a libpq connection URI, without driver name or password."""
    plain = url._replace(drivername="postgresql", password=None)  # set() keeps a None password
    return plain.render_as_string(hide_password=False)
