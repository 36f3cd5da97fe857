"""Status and location agree: racks hold stock; a garment away from stock is on none."""

import pytest

from costume_tracker.assignments.services import assign_costume, return_assignment
from costume_tracker.catalog.models import Garment
from costume_tracker.catalog.services import GarmentError
from costume_tracker.catalog.workflow import change_status
from costume_tracker.extensions import db
from costume_tracker.lists.models import Location
from costume_tracker.scanning.services import ACTIONS, scan
from tests.conftest import dressed_costume, make_garment, make_performer, site_id

AWAY = ["at fitting", "in alterations", "in laundry", "in repair", "in transit", "lost"]


def _rack() -> int:
    return db.session.scalar(db.select(Location.id).where(Location.name == "Rack A1"))


def _laundry_room() -> int:
    room = Location(site_id=site_id(), name="Laundry", kind="room")
    db.session.add(room)
    db.session.commit()
    return room.id


def _racked_garment() -> Garment:
    return _on_rack(make_garment())


def _on_rack(garment: Garment) -> Garment:
    garment.location_id = _rack()
    db.session.commit()
    return garment


@pytest.mark.parametrize("status", AWAY)
def test_leaving_stock_takes_a_garment_off_its_rack(app, status):
    with app.app_context():
        garment = _racked_garment()
        change_status(garment, status, garment.location_id, None)
        assert garment.status == status and garment.location_id is None


@pytest.mark.parametrize("status", AWAY)
def test_a_rack_chosen_for_a_garment_away_is_refused(app, status):
    with app.app_context():
        garment = make_garment()
        with pytest.raises(GarmentError, match=f"cannot be {status} on Paris · Rack A1"):
            change_status(garment, status, _rack(), None)
        assert db.session.get(Garment, garment.id).location_id is None


def test_a_garment_in_the_laundry_may_be_in_the_laundry_room(app):
    with app.app_context():
        garment, room = _racked_garment(), _laundry_room()
        change_status(garment, "in laundry", room, None)
        assert garment.location_id == room


def test_back_in_stock_without_a_rack_goes_back_where_it_hung(app):
    with app.app_context():
        garment = _racked_garment()
        change_status(garment, "in laundry", garment.location_id, None)
        change_status(garment, "in stock", None, None)
        assert garment.location_id == _rack()


def test_garment_page_says_where_it_hung_last(app, as_wardrobe):
    with app.app_context():
        garment = _racked_garment()
        change_status(garment, "in repair", garment.location_id, None)
        garment_id, tag = garment.id, garment.tag_code
    page = as_wardrobe.get(f"/garments/{garment_id}").get_data(as_text=True)
    assert "last on Paris · Rack A1" in page
    assert "<b>location</b>: Paris · Rack A1 → —" in page
    floor = as_wardrobe.get(f"/g/{tag}").get_data(as_text=True)
    assert "last on Paris · Rack A1" in floor


def test_status_form_leaving_the_rack_as_shown_clears_it(app, as_wardrobe):
    with app.app_context():
        garment = _racked_garment()
        data = {"status": "in laundry", "location_id": str(_rack()), "version": "2"}
        garment_id = garment.id
    response = as_wardrobe.post(f"/garments/{garment_id}/status", data=data)
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Garment, garment_id).location_id is None


def test_scans_to_laundry_then_check_in_keep_status_and_place_in_step(app, users):
    with app.app_context():
        garment = _racked_garment()
        assert scan(garment.tag_code, ACTIONS["laundry"], None).ok
        assert db.session.get(Garment, garment.id).location_id is None
        assert scan(garment.tag_code, ACTIONS["checkin"], None).ok
        back = db.session.get(Garment, garment.id)
        assert (back.status, back.location_id) == ("in stock", _rack())


def test_worn_garments_leave_their_rack_and_return_to_it(app):
    with app.app_context():
        costume = dressed_costume()
        for garment in costume.garments:
            _on_rack(garment)
        assignment = assign_costume(costume, make_performer(), None)
        assert all(g.location_id is None for g in costume.garments)
        return_assignment(assignment, None)
        assert all((g.status, g.location_id) == ("in stock", _rack()) for g in costume.garments)
