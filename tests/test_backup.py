"""backup and restore: an online, consistent copy of database and photos, into a new instance."""

import io
import json
import tarfile
import threading
from contextlib import ExitStack
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from flask_migrate import upgrade
from PIL import Image
from sqlalchemy import func, select, text

from costume_tracker import create_app
from costume_tracker.catalog.models import Garment, Photo
from costume_tracker.catalog.photos import add_photo
from costume_tracker.catalog.workflow import change_status
from costume_tracker.extensions import db
from costume_tracker.history.models import Event
from tests.conftest import (
    ON_POSTGRES,
    add_reference_lists,
    make_config,
    make_garment,
    scratch_database,
)


def photo_bytes(colour=(200, 40, 90)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def instances(tmp_path):
    """Build instances, each on a new migrated database with an uploads folder of its own."""
    with ExitStack() as stack:

        def make(name: str, url: str | None = None):
            folder = tmp_path / name
            folder.mkdir()
            url = url or stack.enter_context(scratch_database(folder))
            app = create_app(make_config(folder, SQLALCHEMY_DATABASE_URI=url))
            stack.callback(_dispose, app)
            with app.app_context():
                upgrade()
            return app

        yield make


def _dispose(app):
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def at_head(app) -> bool:
    """The instance's schema is at the newest migration."""
    head = ScriptDirectory(app.extensions["migrate"].directory).get_current_head()
    with app.app_context(), db.engine.connect() as connection:
        return connection.scalar(text("SELECT version_num FROM alembic_version")) == head


def invoke(app, *args):
    return app.test_cli_runner().invoke(args=[str(arg) for arg in args])


class Writer(threading.Thread):
    """Catalogs garments, moves them to laundry and adds photos in a loop, committing each."""

    def __init__(self, app):
        super().__init__(daemon=True)
        self.app, self.stop, self.commits, self.error = app, threading.Event(), 0, None
        self.progress = threading.Condition()

    def run(self):
        try:
            with self.app.app_context():
                while not self.stop.is_set():
                    garment = make_garment(name=f"Corps tutu {self.commits}", category="tutu")
                    change_status(garment, "in laundry", None, None)
                    if garment.id % 5 == 0:
                        add_photo(garment, photo_bytes(), "laundry.png", None)
                    with self.progress:
                        self.commits += 1
                        self.progress.notify_all()
        except Exception as err:  # reported by the test, not lost in the thread
            self.error = err

    def wait_for(self, commits: int):
        with self.progress:
            assert self.progress.wait_for(lambda: self.commits >= commits or self.error, 60)


def committed_state():
    """Tag codes, event ids and photo files committed so far."""
    return (
        set(db.session.scalars(select(Garment.tag_code))),
        set(db.session.scalars(select(Event.id))),
        set(db.session.scalars(select(Photo.filename)))
        | set(db.session.scalars(select(Photo.thumb_filename))),
    )


def dangling_references() -> list[str]:
    """Foreign keys that point at no row, for every foreign key of the schema."""
    problems = []
    for table in db.metadata.sorted_tables:
        for fk in table.foreign_keys:
            parent = fk.column.table.alias()
            target = parent.c[fk.column.name]
            query = (
                select(func.count())
                .select_from(table.outerjoin(parent, fk.parent == target))
                .where(fk.parent.is_not(None), target.is_(None))
            )
            if n := db.session.scalar(query):
                problems.append(f"{table.name}.{fk.parent.name}: {n}")
    return problems


def fill(app, garments=30):
    """A wardrobe of tutus, some with photos."""
    with app.app_context():
        add_reference_lists()
        for n in range(garments):
            garment = make_garment(name=f"Swan tutu {n}", category="tutu")
            if n % 10 == 0:
                add_photo(garment, photo_bytes((n, 80, 120)), f"swan-{n}.png", None)


def test_backup_while_writing_restores_everything_committed_before(instances, tmp_path):
    source = instances("source")
    fill(source)
    archive = tmp_path / "wardrobe.tar.gz"
    writer = Writer(source)
    writer.start()
    try:
        writer.wait_for(3)
        with source.app_context():
            tags, events, photos = committed_state()
        started_at = writer.commits
        result = invoke(source, "backup", archive)
        writer.wait_for(started_at + 3)  # the app kept writing through and after the backup
    finally:
        writer.stop.set()
        writer.join()
    assert writer.error is None, writer.error
    assert result.exit_code == 0, result.output
    assert "Backup written to" in result.output and "garments" in result.output
    assert archive.stat().st_mode & 0o777 == 0o600

    target = instances("target")
    result = invoke(target, "restore", archive)
    assert result.exit_code == 0, result.output
    with target.app_context():
        restored_tags, restored_events, restored_photos = committed_state()
        assert tags <= restored_tags and events <= restored_events and photos <= restored_photos
        assert dangling_references() == []
        uploads = target.config["UPLOAD_FOLDER"]
        missing = [name for name in restored_photos if not (Path(uploads) / name).is_file()]
        assert missing == []
        # New rows after a restore get fresh ids and tag codes, not the restored ones.
        tag = make_garment(name="After restore").tag_code
        assert tag not in restored_tags
        assert int(tag.split("-")[1]) == len(restored_tags) + 1
    assert at_head(target)


def test_restore_refuses_a_target_holding_data_unless_forced(instances, tmp_path):
    source = instances("source")
    fill(source, garments=3)
    archive = tmp_path / "small.tar.gz"
    assert invoke(source, "backup", archive).exit_code == 0
    target = instances("target")
    fill(target, garments=5)
    result = invoke(target, "restore", archive)
    assert result.exit_code == 1
    assert "already holds data" in result.output and "--force" in result.output
    with target.app_context():
        assert db.session.scalar(select(func.count(Garment.id))) == 5
    result = invoke(target, "restore", "--force", archive)
    assert result.exit_code == 0, result.output
    with target.app_context():
        assert db.session.scalar(select(func.count(Garment.id))) == 3
        assert dangling_references() == []


def test_backup_refuses_to_overwrite_and_names_a_missing_folder(instances, tmp_path):
    app = instances("source")
    existing = tmp_path / "existing.tar.gz"
    existing.write_bytes(b"keep me")
    result = invoke(app, "backup", existing)
    assert result.exit_code == 1 and "already exists" in result.output
    assert existing.read_bytes() == b"keep me"
    result = invoke(app, "backup", tmp_path / "no-such-folder" / "b.tar.gz")
    assert result.exit_code == 1 and "does not exist" in result.output


def _tar(path, members: dict[str, bytes]):
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def _manifest(**changes) -> bytes:
    manifest = {
        "format": "costume-tracker-backup", "format_version": 1, "engine": "sqlite",
        "created_at": "2026-01-01T00:00:00+00:00", "schema_revision": None, "counts": {},
        "photos": [], "missing_photos": [], "server_version": None,
    }  # fmt: skip
    return json.dumps({**manifest, **changes}).encode()


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda d: d / "missing.tar.gz", "no such file"),
        (lambda d: d, "is a directory"),
        (lambda d: (d / "text.tar.gz").write_text("hello") and d / "text.tar.gz", "not a backup"),
        (lambda d: _tar(d / "other.tar.gz", {"notes.txt": b"hi"}), "not a Costume Tracker backup"),
        (lambda d: _tar(d / "j.tar.gz", {"manifest.json": b"{"}), "not valid JSON"),
        (
            lambda d: _tar(d / "v.tar.gz", {"manifest.json": _manifest(format_version=9)}),
            "format version 9",
        ),
        (
            lambda d: _tar(d / "r.tar.gz", {"manifest.json": _manifest(schema_revision="abc")}),
            "schema revision abc is unknown",
        ),
        (
            lambda d: _tar(d / "p.tar.gz", {"manifest.json": _manifest(photos=["../evil"])}),
            "refusing the photo name",
        ),
        (lambda d: _tar(d / "e.tar.gz", {"manifest.json": _manifest()}), "is incomplete"),
    ],
)
def test_bad_archives_get_a_clear_message(instances, tmp_path, build, message):
    target = instances("target")
    folder = tmp_path / "archives"
    folder.mkdir()
    result = invoke(target, "restore", build(folder))
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_truncated_archive_is_refused_and_leaves_the_target_alone(instances, tmp_path):
    source = instances("source")
    fill(source, garments=12)
    archive = tmp_path / "full.tar.gz"
    assert invoke(source, "backup", archive).exit_code == 0
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    target = instances("target")
    result = invoke(target, "restore", cut)
    assert result.exit_code == 1 and "damaged" in result.output
    assert at_head(target)


@pytest.mark.skipif(not ON_POSTGRES, reason="needs TEST_DATABASE_URL on PostgreSQL")
def test_sqlite_backup_moves_a_wardrobe_onto_postgresql(instances, tmp_path):
    source = instances("sqlite", url=f"sqlite:///{tmp_path / 'one-machine.sqlite'}")
    fill(source)
    archive = tmp_path / "move.tar.gz"
    assert invoke(source, "backup", archive).exit_code == 0
    with source.app_context():
        before = committed_state()
        statuses = dict(db.session.execute(select(Garment.tag_code, Garment.status_since)).all())
    target = instances("postgres")
    result = invoke(target, "restore", archive)
    assert result.exit_code == 0, result.output
    with target.app_context():
        assert committed_state() == before
        restored = dict(db.session.execute(select(Garment.tag_code, Garment.status_since)).all())
        assert restored == statuses  # same instants, timezone-aware
        assert dangling_references() == []


@pytest.mark.skipif(not ON_POSTGRES, reason="needs TEST_DATABASE_URL on PostgreSQL")
def test_postgresql_dump_is_not_restored_into_sqlite(instances, tmp_path):
    source = instances("postgres")
    fill(source, garments=2)
    archive = tmp_path / "pg.tar.gz"
    assert invoke(source, "backup", archive).exit_code == 0
    target = instances("sqlite", url=f"sqlite:///{tmp_path / 'small.sqlite'}")
    result = invoke(target, "restore", archive)
    assert result.exit_code == 1 and "holds a PostgreSQL dump" in result.output
