"""Where is everything, the out list with how long, and the activity feed."""

from datetime import UTC, datetime, timedelta

from costume_tracker.assignments.services import assign_costume
from costume_tracker.catalog.models import Garment
from costume_tracker.catalog.workflow import change_status
from costume_tracker.extensions import db
from costume_tracker.lists.models import Location
from tests.conftest import dressed_costume, make_garment, make_performer, site_id


def test_where_counts_by_status_and_current_site(app, as_viewer):
    with app.app_context():
        rack_b3 = db.session.scalar(db.select(Location).where(Location.name == "Rack B3"))
        # A garment in transit is on no rack: it waits in New York's receiving room.
        receiving = Location(site=rack_b3.site, name="Receiving room", kind="room")
        db.session.add(receiving)
        db.session.commit()
        make_garment(name="Paris bodice")
        travelling = make_garment(name="Travelling tutu", category="tutu")
        change_status(travelling, "in transit", receiving.id, None)
        paris, new_york = site_id(), site_id("New York")
    page = as_viewer.get("/where").get_data(as_text=True)
    assert f'href="/where?status=in+transit&amp;site={new_york}">1</a>' in page
    assert f'href="/garments?status=in+stock&amp;site={paris}">1</a>' in page


def test_out_list_shows_wearer_and_filters_laundry_in_paris_since_yesterday(app, as_viewer):
    with app.app_context():
        dancer = make_performer("Inès Laurent")
        assign_costume(dressed_costume(), dancer, None)
        old = make_garment(name="Old laundry shirt", category="shirt")
        change_status(old, "in laundry", None, None)
        old.status_since = datetime.now(UTC) - timedelta(days=5)
        new = make_garment(name="Fresh laundry tights", category="tights")
        change_status(new, "in laundry", None, None)
        db.session.commit()
        paris = site_id()
    page = as_viewer.get("/where").get_data(as_text=True)
    assert "Inès Laurent" in page and "5 days" in page
    yesterday = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
    page = as_viewer.get(f"/where?status=in+laundry&site={paris}&since={yesterday}")
    text = page.get_data(as_text=True)
    assert "Fresh laundry tights" in text and "Old laundry shirt" not in text
    assert "Wedding tutu" not in text
    text = as_viewer.get("/where?since=yesterday").get_data(as_text=True)
    assert "Since: use a date such as" in text


def test_status_since_moves_only_when_status_changes(app):
    with app.app_context():
        garment = make_garment()
        first = garment.status_since
        change_status(garment, "in stock", db.session.scalar(db.select(Location.id)), None)
        assert garment.status_since == first
        change_status(garment, "in repair", None, None)
        assert db.session.get(Garment, garment.id).status_since > first


def test_activity_feed_pages_and_filters(app, as_viewer):
    with app.app_context():
        for n in range(3):
            make_garment(name=f"Shirt {n}", category="shirt")
        change_status(db.session.get(Garment, 1), "in laundry", None, None)
    text = as_viewer.get("/activity").get_data(as_text=True)
    assert "Catalogued ET-00003" in text and "in laundry" in text
    text = as_viewer.get("/activity?kind=status").get_data(as_text=True)
    assert "Catalogued" not in text and "in laundry" in text


def test_performer_history_lists_assignments_and_returns(app, as_wardrobe):
    from costume_tracker.assignments.services import return_assignment

    with app.app_context():
        dancer = make_performer("Inès Laurent")
        assignment = assign_costume(dressed_costume(), dancer, None)
        return_assignment(assignment, None)
        dancer_id = dancer.id
    page = as_wardrobe.get(f"/performers/{dancer_id}").get_data(as_text=True)
    assert "Costumes before" in page
    assert "assigned to Inès Laurent" in page and "returned by Inès Laurent" in page
