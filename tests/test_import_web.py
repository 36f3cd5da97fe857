"""The import page and the `flask import` command, over the same service functions."""

import io
import re
from pathlib import Path

import pytest

from costume_tracker.catalog.models import Garment
from costume_tracker.extensions import db
from costume_tracker.history.models import Event
from tests.conftest import login, make_garment

GOOD = (
    b"Tag,Name,Category,Home site,Colour\nET-00001,Wedding bodice,bodice,Paris,gold\n"
    b"NEW,Corps tights,tights,New York,pink\n"
)
BAD = GOOD + b"NEW,Cape,cape,Paris,red\n"


@pytest.fixture
def bodice(app):
    with app.app_context():
        make_garment()


def garment_count(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(Garment))


def upload(client, data: bytes, name: str = "stock.csv", kind: str = "garments"):
    return client.post(
        "/imports",
        data={"kind": kind, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" type="hidden" value="([^"]+)"', html).group(1)


def test_viewers_cannot_import(as_viewer, bodice):
    assert as_viewer.get("/imports").status_code == 403
    assert upload(as_viewer, GOOD).status_code == 403


def test_nav_links_to_import_for_wardrobe(as_wardrobe):
    assert b'href="/imports"' in as_wardrobe.get("/garments").data


def test_preview_lists_errors_and_writes_nothing(app, as_wardrobe, bodice):
    response = upload(as_wardrobe, BAD)
    html = response.data.decode()
    assert response.status_code == 200
    assert "1 to create" in html and "1 to update" in html and "1 error" in html
    assert "Unknown category &#39;cape&#39;" in html
    assert 'name="fingerprint"' not in html  # nothing to confirm
    assert garment_count(app) == 1


def test_preview_then_confirm_writes_and_cleans_up(app, as_wardrobe, bodice, tmp_path):
    html = upload(as_wardrobe, GOOD).data.decode()
    assert "Colour</b>: ivory → gold" in html
    assert garment_count(app) == 1  # a preview writes nothing
    token = hidden(html, "token")
    pending = Path(app.config["UPLOAD_FOLDER"]) / "imports"
    assert (pending / f"{token}.csv").exists()
    response = as_wardrobe.post(
        "/imports/confirm", data={"token": token, "fingerprint": hidden(html, "fingerprint")}
    )
    assert response.status_code == 302
    assert garment_count(app) == 2
    assert not list(pending.iterdir())
    page = as_wardrobe.get(response.headers["Location"]).data.decode()
    assert "Imported stock.csv: 1 created, 1 updated, 0 unchanged." in page
    assert "Corps tights" in page


def test_confirm_of_a_changed_wardrobe_shows_the_new_preview(app, as_wardrobe, bodice):
    html = upload(as_wardrobe, GOOD).data.decode()
    with app.app_context():
        db.session.get(Garment, 1).colour = "gold"
        db.session.commit()
    response = as_wardrobe.post(
        "/imports/confirm",
        data={"token": hidden(html, "token"), "fingerprint": hidden(html, "fingerprint")},
    )
    page = response.data.decode()
    assert "The wardrobe changed since your preview, so nothing was written" in page
    assert "0 to update" in page and "1 to create" in page
    assert garment_count(app) == 1


def test_an_upload_is_bound_to_its_user(app, client, users, bodice):
    html = upload(login(client, "wardrobe"), GOOD).data.decode()
    client.post("/logout")
    login(client, "admin")
    response = client.post(
        "/imports/confirm",
        data={"token": hidden(html, "token"), "fingerprint": hidden(html, "fingerprint")},
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/imports")
    assert garment_count(app) == 1


def test_cancel_forgets_the_upload(app, as_wardrobe, bodice):
    token = hidden(upload(as_wardrobe, GOOD).data.decode(), "token")
    as_wardrobe.post("/imports/cancel", data={"token": token})
    assert not list((Path(app.config["UPLOAD_FOLDER"]) / "imports").iterdir())
    assert garment_count(app) == 1


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"PK\x03\x04binary", "stock.xlsx", "is not a CSV file"),
        (b"\x00\x01\x02\x03", "stock.csv", "binary data"),
        ("Tag,Name\nÉ".encode("cp1252"), "stock.csv", "not UTF-8"),
    ],
)
def test_non_csv_uploads_are_refused_with_a_message(app, as_wardrobe, bodice, data, name, message):
    assert message in upload(as_wardrobe, data, name).data.decode()
    assert garment_count(app) == 1


def test_upload_over_the_request_limit_gets_the_413_page(app, as_wardrobe):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = upload(as_wardrobe, b"Tag,Name\n" + b"NEW,x\n" * 400)
    assert response.status_code == 413


def test_template_has_the_import_columns(as_wardrobe):
    response = as_wardrobe.get("/imports/template/performers.csv")
    header = response.data.decode("utf-8-sig").strip().split(",")
    assert header[:4] == ["Performer ID", "Name", "Company", "Kind"]
    assert "Chest (cm)" in header and "Measured on" in header


def write(tmp_path, data: bytes, name: str = "stock.csv") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_cli_dry_run_shows_changes_and_writes_nothing(app, runner, bodice, tmp_path):
    result = runner.invoke(args=["import", "garments", write(tmp_path, GOOD), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "stock.csv: 2 rows — 1 to create, 1 to update, 0 unchanged." in result.output
    assert "row 2 ET-00001 Wedding bodice: Colour: ivory → gold" in result.output
    assert "Dry run: nothing was written." in result.output
    assert garment_count(app) == 1


def test_cli_lists_every_error_and_exits_non_zero(app, runner, bodice, tmp_path):
    data = BAD + b"ET-09999,Lost,bodice,Paris,\n"
    result = runner.invoke(args=["import", "garments", write(tmp_path, data)])
    assert result.exit_code == 1
    assert "row 4\tCategory\tUnknown category 'cape'" in result.output
    assert "row 5\tTag\tUnknown tag ET-09999" in result.output
    assert "Nothing was written." in result.output
    assert garment_count(app) == 1


def test_cli_import_writes_events_as_the_given_user(app, runner, users, bodice, tmp_path):
    args = ["import", "garments", write(tmp_path, GOOD), "--user", "wardrobe@example.org"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "Imported." in result.output
    with app.app_context():
        events = db.session.scalars(db.select(Event).where(Event.kind == "import")).all()
        assert {e.user_id for e in events} == {users["wardrobe"]} and len(events) == 2


def test_cli_refuses_a_viewer_as_user(runner, users, tmp_path):
    result = runner.invoke(
        args=["import", "garments", write(tmp_path, GOOD), "--user", "viewer@example.org"]
    )
    assert result.exit_code == 2 and "not wardrobe staff" in result.output


def test_cli_takes_files_bigger_than_the_upload_limit_up_to_max_mb(app, runner, bodice, tmp_path):
    padding = b",,,,\r\n" * (2**20)  # blank trailing rows: a 6 MB file, over the page's 5 MB
    path = write(tmp_path, GOOD + padding)
    refused = runner.invoke(args=["import", "garments", path, "--dry-run", "--max-mb", "5"])
    assert refused.exit_code == 1 and "larger than 5 MB" in refused.output
    taken = runner.invoke(args=["import", "garments", path, "--dry-run"])
    assert taken.exit_code == 0, taken.output
    assert "1 to create, 1 to update" in taken.output
