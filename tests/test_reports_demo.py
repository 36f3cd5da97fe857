"""Reports on the demo wardrobe: every page together equals the CSV; figures match the app."""

import io

import pandas
import pytest
from sqlalchemy import func, select

from costume_tracker import create_app
from costume_tracker.assignments.doubles import coverage_gaps
from costume_tracker.auth.services import save_user
from costume_tracker.catalog.models import Garment
from costume_tracker.catalog.workflow import OUT_STATUSES
from costume_tracker.extensions import db
from costume_tracker.people.models import Performer
from costume_tracker.reports.columns import GARMENT_COLUMNS
from costume_tracker.reports.services import REPORTS

from .conftest import PASSWORD, scratch_database
from .reporting import all_page_rows, csv_cells


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """An app with the demo wardrobe loaded once, and a wardrobe user."""
    path = tmp_path_factory.mktemp("demo-reports")
    with scratch_database(path) as url:
        app = create_app({
            "TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False, "TAG_PREFIX": "ET",
            "SQLALCHEMY_DATABASE_URI": url, "UPLOAD_FOLDER": str(path / "uploads"),
        })  # fmt: skip
        with app.app_context():
            db.create_all()
        assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
        with app.app_context():
            save_user("desk@example.org", "wardrobe", PASSWORD, name="Desk")
        yield app
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def desk(demo):
    client = demo.test_client()
    response = client.post("/login", data={"email": "desk@example.org", "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_demo_inventory_pages_equal_the_csv(demo, desk):
    headers, page_rows = all_page_rows(desk, "/reports/inventory")
    response = desk.get("/reports/inventory.csv")
    assert response.is_streamed
    data = response.get_data()
    header, rows = csv_cells(data)
    assert tuple(header) == GARMENT_COLUMNS == tuple(headers)
    assert rows == page_rows
    with demo.app_context():
        garments = db.session.scalar(select(func.count(Garment.id)))
        tags = list(db.session.scalars(select(Garment.tag_code).order_by(Garment.tag_code)))
    assert len(rows) == garments > 500
    assert [row[0] for row in rows] == tags
    frame = pandas.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, na_filter=False)
    assert frame.shape == (garments, len(GARMENT_COLUMNS))
    assert frame["Tag"].tolist() == tags


@pytest.mark.parametrize("name", [n for n in REPORTS if n != "inventory"])
def test_demo_report_pages_equal_the_csv(desk, name):
    headers, page_rows = all_page_rows(desk, f"/reports/{name}")
    header, rows = csv_cells(desk.get(f"/reports/{name}.csv").get_data())
    assert header == headers and rows == page_rows and rows


def test_demo_figures_match_the_rest_of_the_app(demo, desk):
    _, out = csv_cells(desk.get("/reports/out.csv").get_data())
    _, gaps = csv_cells(desk.get("/reports/doubles-coverage.csv?status=gap").get_data())
    header, performers = csv_cells(desk.get("/reports/performers.csv").get_data())
    with demo.app_context():
        out_count = db.session.scalar(
            select(func.count(Garment.id)).where(Garment.status.in_(OUT_STATUSES))
        )
        assert len(out) == out_count
        assert len(gaps) == len(coverage_gaps()) >= 1
        assert len(performers) == db.session.scalar(select(func.count(Performer.id)))
    measured = [row for row in performers if row[header.index("Measured on")]]
    assert measured, "the demo cast is measured"
