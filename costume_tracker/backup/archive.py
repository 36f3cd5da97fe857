"""The backup archive: a .tar.gz holding a manifest, the database copy and the photos.

Layout::

    manifest.json            what is inside: engine, schema revision, row counts, photo files
    database/costume_tracker.sqlite   (SQLite: a page-by-page copy made with the backup API)
    database/costume_tracker.dump     (PostgreSQL: pg_dump's custom format)
    uploads/<file>           the photos and thumbnails the database refers to
"""

import gzip
import io
import json
import os
import tarfile
import tempfile
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath

from flask_babel import gettext as _

FORMAT = "costume-tracker-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_FILES = {
    "sqlite": "database/costume_tracker.sqlite",
    "postgresql": "database/costume_tracker.dump",
}


class BackupError(Exception):
    """A backup or restore was refused or failed; the message says why and what to do."""


@dataclass
class Manifest:
    """What a backup holds, written first in the archive so it can be read quickly."""

    engine: str
    created_at: str
    schema_revision: str | None
    counts: dict[str, int]
    photos: list[str] = field(default_factory=list)
    missing_photos: list[str] = field(default_factory=list)
    server_version: int | None = None
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    @property
    def database_member(self) -> str:
        return DATABASE_FILES[self.engine]


def write_archive(path: Path, manifest: Manifest, database_file: Path, uploads: Path) -> None:
    """Write the archive next to ``path`` and move it into place only when it is complete."""
    # mkstemp's file is the owner's only (0600): password hashes and personal measurements.
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(descriptor)
    partial = Path(name)
    try:
        with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
            data = json.dumps(asdict(manifest), indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(database_file.stat().st_mtime), 0o644
            tar.addfile(info, io.BytesIO(data))
            tar.add(database_file, arcname=manifest.database_member, recursive=False)
            for name in manifest.photos:
                tar.add(uploads / name, arcname=f"uploads/{name}", recursive=False)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def read_manifest(path: Path) -> Manifest:
    """Open an archive and return its manifest, refusing anything that is not our backup."""
    if not path.exists():
        raise BackupError(_("%(path)s: no such file.", path=path))
    if not path.is_file():
        raise BackupError(_("%(path)s is not a file.", path=path))
    try:
        with tarfile.open(path, "r:*") as tar:
            member = tar.next()
            if member is None or member.name != MANIFEST or not member.isfile():
                raise BackupError(
                    _(
                        "%(path)s is not a Costume Tracker backup (no %(manifest)s first).",
                        path=path,
                        manifest=MANIFEST,
                    )
                )
            data = json.loads(tar.extractfile(member).read())
    except tarfile.ReadError as err:
        raise BackupError(
            _("%(path)s is not a backup archive (not a readable .tar.gz).", path=path)
        ) from err
    except (tarfile.TarError, EOFError, OSError, zlib.error) as err:
        raise BackupError(
            _("%(path)s is not a readable backup archive (%(error)s).", path=path, error=err)
        ) from err
    except ValueError as err:
        raise BackupError(
            _("%(path)s: the manifest is not valid JSON (%(error)s).", path=path, error=err)
        ) from err
    return _manifest_from(path, data)


def _manifest_from(path: Path, data) -> Manifest:
    """Check the manifest's fields; an archive from elsewhere gets a clear refusal."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(
            _("%(path)s is not a Costume Tracker backup (unknown manifest).", path=path)
        )
    if data.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            _(
                "%(path)s is a backup of format version %(found)s; this version of Costume "
                "Tracker reads version %(expected)s.",
                path=path,
                found=data.get("format_version"),
                expected=FORMAT_VERSION,
            )
        )
    if data.get("engine") not in DATABASE_FILES:
        raise BackupError(
            _(
                "%(path)s: unknown database engine %(engine)s in manifest.",
                path=path,
                engine=repr(data.get("engine")),
            )
        )
    try:
        manifest = Manifest(**data)
    except TypeError as err:
        raise BackupError(
            _("%(path)s: the manifest is damaged (%(error)s).", path=path, error=err)
        ) from err
    if not _counts_are_sound(manifest.counts) or not isinstance(manifest.photos, list):
        raise BackupError(
            _("%(path)s: the manifest is damaged (its row counts or photo list).", path=path)
        )
    for name in manifest.photos:
        if not _plain_file_name(name):
            raise BackupError(
                _(
                    "%(path)s: refusing the photo name %(name)s in the manifest.",
                    path=path,
                    name=repr(name),
                )
            )
    return manifest


def _counts_are_sound(counts) -> bool:
    """Row counts are a table name to a whole number of rows, nothing else."""
    return isinstance(counts, dict) and all(
        isinstance(name, str) and type(n) is int and n >= 0 for name, n in counts.items()
    )


def _plain_file_name(name: str) -> bool:
    """A bare file name: no folders, no '..', nothing that could land outside uploads."""
    return (
        isinstance(name, str) and name not in ("", ".", "..") and PurePosixPath(name).name == name
    )


def extract(path: Path, manifest: Manifest, workdir: Path, photos: Path) -> Path:
    """Unpack the database copy into ``workdir`` and the photos into ``photos``; returns the copy.

    Only the members the manifest names are taken, each as a regular file with a plain name.
    Both folders are scratch space: nothing of the instance is touched here.
    """
    wanted = {manifest.database_member} | {f"uploads/{name}" for name in manifest.photos}
    found: set[str] = set()
    database_file = workdir / PurePosixPath(manifest.database_member).name
    try:
        with tarfile.open(path, "r:*") as tar:
            for member in tar:
                if member.name not in wanted or member.name in found:
                    continue
                if not member.isfile():
                    raise BackupError(
                        _(
                            "%(path)s: %(member)s is not a regular file.",
                            path=path,
                            member=member.name,
                        )
                    )
                target = database_file if member.name == manifest.database_member else photos
                if target is photos:
                    target = photos / PurePosixPath(member.name).name
                _copy_member(tar, member, target)
                found.add(member.name)
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as err:
        raise BackupError(
            _(
                "%(path)s is damaged: the archive is cut short or corrupt (%(error)s).",
                path=path,
                error=err,
            )
        ) from err
    except OSError as err:
        raise BackupError(
            _(
                "%(path)s could not be unpacked: %(error)s.",
                path=path,
                error=err.strerror or err,
            )
        ) from err
    missing = sorted(wanted - found)
    if missing:
        raise BackupError(
            _(
                "%(path)s is incomplete: %(members)s missing.",
                path=path,
                members=", ".join(missing[:5]),
            )
        )
    return database_file


def _copy_member(tar: tarfile.TarFile, member: tarfile.TarInfo, target: Path) -> None:
    """Write one archive member to ``target`` through a temporary name."""
    partial = target.with_name(target.name + ".partial")
    source = tar.extractfile(member)
    with open(partial, "wb") as out:
        while chunk := source.read(1 << 20):
            out.write(chunk)
    os.replace(partial, target)
