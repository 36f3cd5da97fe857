"""Files the commands write: checked before any work, written whole or not at all.

Every command that writes a file (``labels``, ``report``, ``backup``, ``import --errors``)
goes through :func:`check_output` before doing its work, so a typo in a folder name costs
nothing, and through :func:`atomic_output`, so a failure halfway never leaves a truncated
PDF or CSV behind under the name the user asked for. ``-`` means standard output.
"""

import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import click
from flask_babel import gettext as _

STDOUT = "-"


class OutputError(click.ClickException):
    """The output path cannot be written; one line saying why (exit code 1)."""


def is_stdout(path) -> bool:
    """True when the user asked for standard output (``--out -``)."""
    return str(path) == STDOUT


def check_output(path, *, allow_stdout: bool = True, overwrite: bool = True) -> None:
    """Refuse, before any work, an output path that cannot be written."""
    if is_stdout(path):
        if not allow_stdout:
            raise OutputError(_("This command cannot write to standard output; give a file name."))
        return
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise OutputError(_("%(path)s is a folder; give a file name.", path=path))
    if not overwrite and path.exists():
        raise OutputError(_("%(path)s already exists; choose a new file name.", path=path))
    if not folder.exists():
        raise OutputError(
            _(
                "Cannot write %(path)s: the folder %(folder)s does not exist.",
                path=path,
                folder=folder,
            )
        )
    if not folder.is_dir():
        raise OutputError(
            _("Cannot write %(path)s: %(folder)s is not a folder.", path=path, folder=folder)
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(
            _(
                "Cannot write %(path)s: the folder %(folder)s is not writable.",
                path=path,
                folder=folder,
            )
        )
    if path.exists() and not os.access(path, os.W_OK):
        raise OutputError(_("Cannot write %(path)s: the file is not writable.", path=path))
    _probe(path, folder)


def cannot_write(path, error: OSError) -> str:
    """'Cannot write out.csv: Permission denied.' in the reader's language."""
    return _("Cannot write %(path)s: %(error)s.", path=path, error=error.strerror or error)


def _probe(path: Path, folder: Path) -> None:
    """Create and remove a file in the folder, to be sure one can be written there."""
    # Permissions alone do not tell (root, read-only mounts, network shares).
    try:
        descriptor, probe = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".check")
    except OSError as error:
        raise OutputError(cannot_write(path, error)) from error
    os.close(descriptor)
    os.unlink(probe)


@contextmanager
def atomic_output(path, *, mode: int | None = None):
    """A binary handle whose file appears under ``path`` only when the block ends cleanly.

    Standard output for ``-``. The temporary file sits beside the target (same file system,
    so the final rename is atomic) and is removed on any failure.
    """
    if is_stdout(path):
        stream = sys.stdout.buffer
        yield stream
        stream.flush()
        return
    path = Path(path)
    check_output(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        descriptor, partial = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".part")
    except OSError as error:
        raise OutputError(cannot_write(path, error)) from error
    try:
        os.fchmod(descriptor, _default_mode() if mode is None else mode)
        with os.fdopen(descriptor, "wb") as handle:
            yield handle
        os.replace(partial, path)
    except OSError as error:
        raise OutputError(cannot_write(path, error)) from error
    finally:
        Path(partial).unlink(missing_ok=True)


def _default_mode() -> int:
    """What a plain ``open(path, "w")`` would give: 0o666 less the umask (mkstemp gives 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_output(path, data: bytes, *, mode: int | None = None) -> None:
    """Write ``data`` whole to ``path`` (or standard output for ``-``)."""
    with atomic_output(path, mode=mode) as handle:
        handle.write(data)
