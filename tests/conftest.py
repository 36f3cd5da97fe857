"""Shared fixtures: a fresh database per test, users per role, small factories.

Tests run on SQLite (a file per test) unless TEST_DATABASE_URL names a PostgreSQL database,
as ``make test`` does for its second run (scripts/with-test-postgres.sh).
"""

import os
import threading
import uuid
from contextlib import contextmanager

import pytest
from playwright.sync_api import sync_playwright
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.pool import NullPool
from werkzeug.serving import make_server

from costume_tracker import create_app
from costume_tracker.auth.services import save_user
from costume_tracker.catalog.costumes import save_costume
from costume_tracker.catalog.services import create_garment
from costume_tracker.extensions import db
from costume_tracker.lists.models import Character, Location, Production, Site

PASSWORD = "correct horse battery"
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
ON_POSTGRES = (
    make_url(TEST_DATABASE_URL).get_backend_name() == "postgresql" if TEST_DATABASE_URL else False
)
_postgres_schema_built = False


def make_config(tmp_path, **overrides) -> dict:
    """Test settings: the test database (a SQLite file of the test's own) and uploads folder."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": TEST_DATABASE_URL or f"sqlite:///{tmp_path / 'test.sqlite'}",
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "WTF_CSRF_ENABLED": False,
        "TAG_PREFIX": "ET",
        # Apps that tests build and drop leave no PostgreSQL connection open behind them.
        **({"SQLALCHEMY_ENGINE_OPTIONS": {"poolclass": NullPool}} if ON_POSTGRES else {}),
        **overrides,
    }


def empty_schema() -> None:
    """Leave the app's database with every table and no rows; call inside an app context.

    SQLite gets a new file per test. PostgreSQL shares one database for the session: the
    schema is built once, then every table is emptied and its ids restart at 1, as on SQLite.
    """
    global _postgres_schema_built
    if db.engine.dialect.name != "postgresql":
        db.create_all()
        return
    with db.engine.begin() as connection:
        if _postgres_schema_built:
            tables = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            return
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    db.create_all()
    _postgres_schema_built = True


@contextmanager
def scratch_database(tmp_path):
    """The URL of an empty database of its own: a SQLite file, or a new PostgreSQL database."""
    if not ON_POSTGRES:
        yield f"sqlite:///{tmp_path / f'scratch-{uuid.uuid4().hex[:8]}.sqlite'}"
        return
    name = f"costume_tracker_scratch_{uuid.uuid4().hex[:12]}"
    admin = create_engine(TEST_DATABASE_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(TEST_DATABASE_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def app(tmp_path):
    app = create_app(make_config(tmp_path))
    with app.app_context():
        empty_schema()
        add_reference_lists()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def add_reference_lists() -> None:
    """Two sites with a rack each, two productions with characters."""
    paris = Site(name="Paris", code="PAR", company="Le Ballet National")
    new_york = Site(name="New York", code="NYC", company="Metropolitan Ballet Theater")
    beauty = Production(name="Sleeping Beauty")
    nutcracker = Production(name="The Nutcracker")
    db.session.add_all([
        paris, new_york, beauty, nutcracker,
        Location(site=paris, name="Rack A1", kind="rack"),
        Location(site=new_york, name="Rack B3", kind="rack"),
        Character(production=beauty, name="Aurora"),
        Character(production=nutcracker, name="Clara"),
    ])  # fmt: skip
    db.session.commit()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def users(app):
    """One user per role, keyed by role; passwords are PASSWORD."""
    with app.app_context():
        return {
            role: save_user(f"{role}@example.org", role, PASSWORD, name=role.title())[0].id
            for role in ("viewer", "wardrobe", "admin")
        }


def login(client, role: str):
    """Sign the test client in as the user of that role."""
    response = client.post("/login", data={"email": f"{role}@example.org", "password": PASSWORD})
    assert response.status_code == 302, response.data
    return client


@pytest.fixture
def as_wardrobe(client, users):
    return login(client, "wardrobe")


@pytest.fixture
def as_viewer(client, users):
    return login(client, "viewer")


@pytest.fixture
def as_admin(client, users):
    return login(client, "admin")


def site_id(name: str = "Paris") -> int:
    return db.session.scalar(db.select(Site.id).where(Site.name == name))


def production_id(name: str = "Sleeping Beauty") -> int:
    return db.session.scalar(db.select(Production.id).where(Production.name == name))


def make_garment(**fields):
    """Catalog a garment with sensible defaults (a Paris bodice); call inside an app context."""
    values = {
        "name": "Wedding bodice",
        "category": "bodice",
        "home_site_id": site_id(),
        "colour": "ivory",
        "production_id": production_id(),
    }
    values.update(fields)
    if values["category"] == "tutu":
        values.setdefault("net_layers", 13)
    return create_garment(values, None)


def make_costume(name: str = "Aurora, Act III wedding", **fields):
    """Create a costume; call inside an app context."""
    return save_costume(None, {"name": name, "production_id": production_id(), **fields}, None)


def make_performer(name: str = "Inès Laurent", kind: str = "principal", **fields):
    """Add a performer (Paris by default); call inside an app context."""
    from costume_tracker.people.services import save_performer

    values = {"name": name, "kind": kind, "company_site_id": site_id(), **fields}
    return save_performer(None, values, [], None)


def dressed_costume(name: str = "Aurora, Act III wedding", **fields):
    """A costume with a tutu and a bodice; call inside an app context."""
    costume = make_costume(name, **fields)
    make_garment(name="Wedding tutu", category="tutu", costume_id=costume.id, waist_cm=64)
    make_garment(name="Wedding bodice", costume_id=costume.id, chest_cm=84, waist_cm=64)
    db.session.refresh(costume)
    return costume


CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}  # fmt: skip


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (no browser download)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@contextmanager
def serve(tmp_path, fill):
    """Serve a fresh app (CSRF on) on 127.0.0.1 after ``fill()`` adds data; yields its URL."""
    app = create_app(make_config(tmp_path, WTF_CSRF_ENABLED=True, TESTING=False))
    with app.app_context():
        empty_schema()
        add_reference_lists()
        fill()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
        with app.app_context():
            db.engine.dispose()
