"""A restore is all or nothing: a damaged archive leaves the target's rows and photos as they were.

Each kind of damage is tried from a SQLite backup and, on the PostgreSQL run, from a
PostgreSQL backup too, into the test database (SQLite, or PostgreSQL on the second run).
"""

import io
import json
import random
import sqlite3
import tarfile
from contextlib import ExitStack, closing
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from costume_tracker import create_app
from costume_tracker.auth.services import save_user
from costume_tracker.catalog.models import Garment
from costume_tracker.catalog.photos import add_photo
from costume_tracker.extensions import db
from tests.conftest import (
    ON_POSTGRES,
    PASSWORD,
    add_reference_lists,
    make_config,
    make_garment,
    scratch_database,
)
from tests.test_backup import _dispose, at_head, fill, instances, invoke, photo_bytes  # noqa: F401

SOURCES = ["sqlite", *(["postgres"] if ON_POSTGRES else [])]


@pytest.fixture(scope="module", params=SOURCES)
def good_archive(request, tmp_path_factory):
    """A sound backup of a small wardrobe with photos, made once per source engine."""
    folder = tmp_path_factory.mktemp(f"source-{request.param}")
    with ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{folder / 'source.sqlite'}"
        else:
            url = stack.enter_context(scratch_database(folder))
        app = create_app(make_config(folder, SQLALCHEMY_DATABASE_URI=url))
        stack.callback(_dispose, app)
        with app.app_context():
            upgrade()
        fill(app, garments=12)
        archive = folder / "good.tar.gz"
        result = invoke(app, "backup", archive)
        assert result.exit_code == 0, result.output
        yield archive


@pytest.fixture
def target(instances):  # noqa: F811
    """An instance holding a wardrobe of its own: users, garments with history, photos."""
    app = instances("target")
    with app.app_context():
        add_reference_lists()
        save_user("head@example.org", "admin", PASSWORD, name="Head of wardrobe")
        save_user("dresser@example.org", "wardrobe", PASSWORD, name="Dresser")
        for n in range(4):
            garment = make_garment(name=f"Clara nightgown {n}")
            add_photo(garment, photo_bytes((10, 20 * n, 30)), f"clara-{n}.png", None)
    pending = Path(app.config["UPLOAD_FOLDER"]) / "imports" / "pending.csv"
    pending.parent.mkdir(parents=True, exist_ok=True)
    pending.write_bytes(b"\xef\xbb\xbfTag code,Name\r\n")
    return app


def state(app):
    """Every row of every table, the schema revision, the uploads folder's files, byte for byte."""
    with app.app_context():
        rows = {
            table.name: sorted((tuple(row) for row in db.session.execute(select(table))), key=repr)
            for table in db.metadata.sorted_tables
        }
        db.session.remove()
    uploads = Path(app.config["UPLOAD_FOLDER"])
    files = {str(p.relative_to(uploads)): p.read_bytes() for p in uploads.rglob("*") if p.is_file()}
    return rows, files


def leftovers(app) -> list[str]:
    """Scratch files or folders a restore left beside the database or the uploads folder."""
    folders = {Path(app.config["UPLOAD_FOLDER"]).parent}
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        folders.add(Path(app.config["SQLALCHEMY_DATABASE_URI"][len("sqlite:///") :]).parent)
    return sorted(p.name for folder in folders for p in folder.iterdir() if "restor" in p.name)


def rebuild(archive: Path, damaged: Path, change) -> Path:
    """Copy the archive member by member, letting ``change`` alter the manifest and members."""
    with tarfile.open(archive) as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}
    manifest = json.loads(members["manifest.json"])
    change(manifest, members)
    members["manifest.json"] = json.dumps(manifest).encode()
    with tarfile.open(damaged, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return damaged


def database_member(members: dict) -> str:
    return next(name for name in members if name.startswith("database/"))


def _random_database(manifest, members):
    name = database_member(members)
    members[name] = random.Random(7).randbytes(len(members[name]))


def _truncated_database(manifest, members):
    name = database_member(members)
    members[name] = members[name][: len(members[name]) // 2]


def _counts(table: str, delta: int):
    def change(manifest, members):
        manifest["counts"][table] += delta

    return change


def _missing_photo(manifest, members):
    del members[next(name for name in members if name.startswith("uploads/"))]


def _unknown_revision(manifest, members):
    manifest["schema_revision"] = "0123456789ab"


def _photo_on_a_folder(manifest, members):
    manifest["photos"].append("imports")  # the target's pending imports live in that folder
    members["uploads/imports"] = b"not a photo"


def _cut_archive(archive: Path, damaged: Path) -> Path:
    damaged.write_bytes(archive.read_bytes()[: archive.stat().st_size * 2 // 3])
    return damaged


DAMAGE = {
    "database of random bytes": (lambda a, d: rebuild(a, d, _random_database), "is damaged"),
    "truncated database": (lambda a, d: rebuild(a, d, _truncated_database), "is damaged"),
    "truncated archive": (_cut_archive, "is damaged"),
    "manifest counts one garment more": (
        lambda a, d: rebuild(a, d, _counts("garment", 1)),
        "garment: 12 rows in the database copy, 13 in the manifest",
    ),
    "manifest counts one event fewer": (
        lambda a, d: rebuild(a, d, _counts("event", -1)),
        "the database copy and the manifest disagree (event:",
    ),
    "manifest counts a table the copy lacks": (
        lambda a, d: rebuild(a, d, lambda m, _: m["counts"].update(wig=3)),
        "wig: no such table in the database copy, 3 in the manifest",
    ),
    "schema from a newer version": (
        lambda a, d: rebuild(a, d, _unknown_revision),
        "schema revision 0123456789ab is unknown",
    ),
    "database member missing": (
        lambda a, d: rebuild(a, d, lambda _, members: members.pop(database_member(members))),
        "is incomplete: database/costume_tracker.",
    ),
    "photo missing": (lambda a, d: rebuild(a, d, _missing_photo), "is incomplete: uploads/"),
    "photo named like a folder": (
        lambda a, d: rebuild(a, d, _photo_on_a_folder),
        "the photo name 'imports' is a folder of",
    ),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_backup_changes_nothing(good_archive, target, tmp_path, damage):
    build, message = DAMAGE[damage]
    damaged = build(good_archive, tmp_path / "damaged.tar.gz")
    before = state(target)
    result = invoke(target, "restore", "--force", damaged)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    errors = [line for line in lines if line.startswith("Error:")]
    assert errors == [lines[-1]], result.output  # one line, and the last thing said
    assert message in errors[0] and errors[0].endswith("Nothing was changed.")
    assert str(damaged) in errors[0]
    assert "Traceback" not in result.output
    assert state(target) == before
    assert at_head(target)
    assert leftovers(target) == []


def test_a_good_backup_replaces_the_rows_and_keeps_the_photos_already_there(good_archive, target):
    _, files_before = state(target)
    result = invoke(target, "restore", "--force", good_archive)
    assert result.exit_code == 0, result.output
    rows, files = state(target)
    assert len(rows["garment"]) == 12 and rows["user"] == []
    assert files_before.items() <= files.items()  # nothing of the old uploads was removed
    with tarfile.open(good_archive) as tar:
        restored = {m.name.removeprefix("uploads/") for m in tar if m.name.startswith("uploads/")}
    assert restored and restored <= files.keys()
    assert at_head(target)
    assert leftovers(target) == []


@pytest.mark.skipif(ON_POSTGRES, reason="the target's own file: SQLite only")
def test_restore_waits_for_other_programs_to_close_the_sqlite_file(good_archive, target):
    database = Path(target.config["SQLALCHEMY_DATABASE_URI"][len("sqlite:///") :])
    before = state(target)
    with closing(sqlite3.connect(database)) as other:
        other.execute("PRAGMA journal_mode=WAL")
        other.execute("SELECT count(*) FROM garment").fetchall()
        result = invoke(target, "restore", "--force", good_archive)
        assert result.exit_code == 1
        assert "in use by another program" in result.output
        assert state(target) == before
    result = invoke(target, "restore", "--force", good_archive)
    assert result.exit_code == 0, result.output
    assert not Path(f"{database}-wal").exists() or Path(f"{database}-wal").stat().st_size == 0
    with closing(sqlite3.connect(database)) as fresh:  # what opens next is the restored file
        assert fresh.execute("SELECT count(*) FROM garment").fetchone() == (12,)
        assert fresh.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with target.app_context():
        assert db.session.scalar(select(func.count(Garment.id))) == 12
