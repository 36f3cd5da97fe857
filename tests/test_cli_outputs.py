"""The files the report, backup and import commands write: checked first, whole or not at all.

Tests run as root, so a folder without write permission would not stop them; the paths that
really fail are a folder that does not exist, a "folder" that is a file, a folder that is
not a folder at all, and /sys, where not even root may create a file. A failure halfway is
a real one: the process's file size limit (RLIMIT_FSIZE) makes the write fail with EFBIG.
"""

import csv
import io
import os
import resource
import signal
from contextlib import contextmanager
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import text

from costume_tracker.catalog.photos import add_photo
from costume_tracker.extensions import db
from tests.conftest import ON_POSTGRES, make_garment

BAD_GARMENTS = b"Tag,Name,Category,Home site,Colour\n" + b"".join(
    f"NEW,Cape {n},cape,Atlantis,red\n".encode() for n in range(200)
)


def report(out):
    return ["report", "inventory", "--out", out]


def backup(out):
    return ["backup", out]


def import_errors(out, source):
    return ["import", "garments", source, "--dry-run", "--errors", out]


@pytest.fixture
def source_csv(tmp_path):
    path = tmp_path / "stock.csv"
    path.write_bytes(BAD_GARMENTS)
    return str(path)


@pytest.fixture
def commands(source_csv):
    return {
        "report": report,
        "backup": backup,
        "import": lambda out: import_errors(out, source_csv),
    }


def bad_paths(tmp_path):
    """Output paths that cannot be written, even by root, and why."""
    notes = tmp_path / "notes.txt"
    notes.write_text("not a folder")
    folder = tmp_path / "a-folder"
    folder.mkdir()
    return {
        "missing folder": (tmp_path / "no-such-folder" / "out.csv", "does not exist"),
        "parent is a file": (notes / "out.csv", "is not a folder"),
        "path is a folder": (folder, "is a folder"),
        "folder nobody may write": (Path("/sys/costume-tracker-out.csv"), "Cannot write"),
    }


def one_error_line(result) -> str:
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    assert "Traceback" not in result.output
    return lines[0]


@pytest.mark.parametrize("command", ["report", "backup", "import"])
@pytest.mark.parametrize(
    "where", ["missing folder", "parent is a file", "path is a folder", "folder nobody may write"]
)
def test_an_output_path_that_cannot_be_written_is_refused_in_one_line(
    runner, commands, tmp_path, command, where
):
    path, reason = bad_paths(tmp_path)[where]
    before = set(path.parent.iterdir()) if path.parent.is_dir() else None
    result = runner.invoke(args=commands[command](str(path)))
    assert result.exit_code == 1
    line = one_error_line(result)
    assert reason in line and str(path) in line
    if path.parent.is_dir():
        assert set(path.parent.iterdir()) == before  # no file, no temporary file left


def test_backup_refuses_standard_output(runner):
    result = runner.invoke(args=["backup", "-"])
    assert result.exit_code == 1
    assert "give a file name" in one_error_line(result)


def test_report_to_standard_output(runner, app):
    with app.app_context():
        make_garment(name="Lilac fairy tutu", category="tutu")
    result = runner.invoke(args=report("-"))
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbf")
    assert "Lilac fairy tutu" in result.stdout_bytes.decode("utf-8-sig")


def test_import_errors_to_standard_output_are_a_csv_of_row_column_reason(runner, source_csv):
    result = runner.invoke(args=import_errors("-", source_csv))
    assert result.exit_code == 1
    data = result.stdout_bytes
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["Row", "Column", "Reason"]
    assert ["2", "Category"] in [row[:2] for row in rows[1:]]
    assert {row[0] for row in rows[1:]} >= {str(n) for n in range(2, 202)}
    assert "rows" not in data.decode("utf-8-sig").split("\r\n")[-1]  # the summary is on stderr
    assert "Dry run" in result.stderr


def test_import_errors_file_is_written_with_the_summary_on_screen(runner, source_csv, tmp_path):
    out = tmp_path / "errors.csv"
    result = runner.invoke(args=import_errors(str(out), source_csv))
    assert result.exit_code == 1
    assert "Dry run: nothing was written." in result.stdout
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["Row", "Column", "Reason"] and len(rows) > 200


def test_a_clean_import_writes_a_header_only_errors_file(runner, tmp_path):
    source = tmp_path / "good.csv"
    source.write_bytes(b"Tag,Name,Category,Home site,Colour\nNEW,Corps tights,tights,Paris,pink\n")
    out = tmp_path / "errors.csv"
    result = runner.invoke(args=["import", "garments", str(source), "--errors", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == b"\xef\xbb\xbfRow,Column,Reason\r\n"


@contextmanager
def file_size_limit(limit: int):
    """Writes past ``limit`` bytes fail with EFBIG (the signal that would kill us is ignored)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


def noisy_photo() -> bytes:
    """A photo that does not compress: its JPEG stays large."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (900, 900), os.urandom(900 * 900 * 3)).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_report_that_fails_halfway_leaves_no_file(runner, app, tmp_path):
    with app.app_context():
        for n in range(60):
            make_garment(name=f"Snowflake tutu {n}", category="tutu")
    folder = tmp_path / "reports"
    folder.mkdir()
    with file_size_limit(2048):
        result = runner.invoke(args=report(str(folder / "inventory.csv")))
    assert result.exit_code == 1
    assert "File too large" in one_error_line(result)
    assert list(folder.iterdir()) == []  # neither the report nor its temporary file


def test_import_errors_that_fail_halfway_leave_no_file(runner, source_csv, tmp_path):
    folder = tmp_path / "errors"
    folder.mkdir()
    with file_size_limit(2048):
        result = runner.invoke(args=import_errors(str(folder / "errors.csv"), source_csv))
    assert result.exit_code == 1
    assert "Cannot write" in result.output and "File too large" in result.output
    assert "Traceback" not in result.output
    assert list(folder.iterdir()) == []


def test_a_backup_that_fails_halfway_leaves_no_file(runner, app, tmp_path):
    with app.app_context():
        for n in range(3):
            add_photo(make_garment(name=f"Firebird {n}"), noisy_photo(), "firebird.png", None)
        db.session.remove()
    folder = tmp_path / "backups"
    folder.mkdir()
    with app.app_context():
        database = _database_bytes()
    uploads = sum(p.stat().st_size for p in Path(app.config["UPLOAD_FOLDER"]).rglob("*.jpg"))
    limit = database + 64 * 1024  # room for the database copy, not for the photos after it
    assert uploads > 2 * limit, "the photos must not fit under the limit"
    with file_size_limit(limit):
        result = runner.invoke(args=backup(str(folder / "wardrobe.tar.gz")))
    assert result.exit_code == 1
    assert "File too large" in one_error_line(result)
    assert list(folder.iterdir()) == []


def _database_bytes() -> int:
    """How big the backup's copy of the database is: SQLite's pages, or PostgreSQL's dump."""
    if ON_POSTGRES:
        return 512 * 1024  # pg_dump's compressed dump of a few rows is far smaller
    pages = db.session.scalar(text("PRAGMA page_count"))
    return pages * db.session.scalar(text("PRAGMA page_size"))
