"""Sites, locations, productions and characters as editable lists."""

from costume_tracker.extensions import db
from costume_tracker.lists.models import Character, Location, Site
from tests.conftest import production_id, site_id


def test_wardrobe_adds_location_and_character(app, as_wardrobe):
    with app.app_context():
        paris, beauty = site_id(), production_id()
    response = as_wardrobe.post(
        "/lists/locations/new", data={"site_id": paris, "name": "Bin 7", "kind": "bin"}
    )
    assert response.status_code == 302
    as_wardrobe.post("/lists/characters/new", data={"production_id": beauty, "name": "Bluebird"})
    page = as_wardrobe.get("/lists").get_data(as_text=True)
    assert "Bin 7" in page and "Bluebird" in page
    with app.app_context():
        assert db.session.scalar(db.select(Location).where(Location.name == "Bin 7")).kind == "bin"
        assert db.session.scalar(db.select(Character).where(Character.name == "Bluebird"))


def test_duplicate_location_is_refused_with_reason(app, as_wardrobe):
    with app.app_context():
        paris = site_id()
    response = as_wardrobe.post(
        "/lists/locations/new",
        follow_redirects=True,
        data={"site_id": paris, "name": "Rack A1", "kind": "rack"},
    )
    assert "That site already has a location named Rack A1." in response.get_data(as_text=True)


def test_rename_production(app, as_wardrobe):
    with app.app_context():
        beauty = production_id()
    response = as_wardrobe.post(
        f"/lists/productions/{beauty}/edit", data={"name": "The Sleeping Beauty", "notes": ""}
    )
    assert response.status_code == 302
    assert "The Sleeping Beauty" in as_wardrobe.get("/lists").get_data(as_text=True)


def test_only_admins_manage_sites(app, as_wardrobe):
    response = as_wardrobe.post(
        "/lists/sites/new", data={"name": "London", "code": "LON", "company": "x"}
    )
    assert response.status_code == 403
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Site.id))) == 2


def test_admin_adds_site(app, as_admin):
    as_admin.post("/lists/sites/new", data={"name": "London", "code": "lon", "company": "RBL"})
    with app.app_context():
        assert db.session.scalar(db.select(Site.code).where(Site.name == "London")) == "LON"
