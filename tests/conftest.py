"""Shared fixtures: a fresh database per test, users per role, small factories."""

import pytest

from costume_tracker import create_app
from costume_tracker.auth.services import save_user
from costume_tracker.catalog.costumes import save_costume
from costume_tracker.catalog.services import create_garment
from costume_tracker.extensions import db
from costume_tracker.lists.models import Character, Location, Production, Site

PASSWORD = "correct horse battery"


def make_config(tmp_path, **overrides) -> dict:
    """Test settings: a SQLite file and uploads folder of the test's own."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite'}",
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "WTF_CSRF_ENABLED": False,
        "TAG_PREFIX": "ET",
        **overrides,
    }


@pytest.fixture
def app(tmp_path):
    app = create_app(make_config(tmp_path))
    with app.app_context():
        db.create_all()
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
