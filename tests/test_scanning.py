"""The label URL's phone page, floor actions, and batch scanning."""

import json

import pytest

from costume_tracker.catalog.models import Garment
from costume_tracker.extensions import db
from costume_tracker.lists.models import Location
from costume_tracker.scanning.services import tag_from_scan
from tests.conftest import make_garment


@pytest.mark.parametrize(
    "text, tag",
    [
        ("ET-00042", "ET-00042"),
        ("et-00042\n", "ET-00042"),
        ("HTTPS://WARDROBE.EXAMPLE.ORG/G/ET-00042", "ET-00042"),
        ("https://wardrobe.example.org/g/et-00042/", "ET-00042"),
        ("hello", None),
        ("", None),
        ("ET-42", None),
    ],
)
def test_tag_from_scan(text, tag):
    assert tag_from_scan(text) == tag


def test_phone_page_shows_actions_and_unknown_tag_page(app, as_wardrobe):
    with app.app_context():
        make_garment(name="Lilac Fairy tutu", category="tutu")
    page = as_wardrobe.get("/G/ET-00001").get_data(as_text=True)
    assert "Lilac Fairy tutu" in page and "To laundry" in page and "Back in stock" in page
    response = as_wardrobe.get("/g/XX-99999")
    assert response.status_code == 404 and "Unknown tag" in response.get_data(as_text=True)


def test_action_is_confirmed_then_recorded(app, as_wardrobe):
    with app.app_context():
        make_garment()
    confirm = as_wardrobe.get("/g/et-00001/laundry").get_data(as_text=True)
    assert "Confirm: to laundry" in confirm
    with app.app_context():
        assert db.session.get(Garment, 1).status == "in stock"
    response = as_wardrobe.post("/g/et-00001/laundry", data={"version": "1"}, follow_redirects=True)
    assert "ET-00001: to laundry — recorded." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Garment, 1).status == "in laundry"


def test_back_in_stock_needs_a_rack(app, as_wardrobe):
    with app.app_context():
        garment = make_garment()
        garment.status = "in laundry"
        db.session.commit()
        rack = db.session.scalar(db.select(Location.id).where(Location.name == "Rack A1"))
    text = as_wardrobe.post("/g/ET-00001/stock", data={}, follow_redirects=True).get_data(
        as_text=True
    )
    assert "Choose the rack it goes back to." in text
    as_wardrobe.post("/g/ET-00001/stock", data={"location_id": str(rack)})
    with app.app_context():
        garment = db.session.get(Garment, 1)
        assert (garment.status, garment.location.name) == ("in stock", "Rack A1")


def test_viewer_sees_the_page_but_cannot_act(app, as_viewer):
    with app.app_context():
        make_garment()
    assert "To laundry" not in as_viewer.get("/g/ET-00001").get_data(as_text=True)
    assert as_viewer.post("/g/ET-00001/laundry").status_code == 403


def test_batch_scan_reports_done_refused_and_repeats_once(app, as_wardrobe):
    with app.app_context():
        for n in range(3):
            make_garment(name=f"Shirt {n}", category="shirt")
        retired = db.session.get(Garment, 3)
        retired.status = "retired"
        db.session.commit()
    log = "[]"
    feedback = []
    for code in ["ET-00001", "https://x.example/g/et-00002", "ET-00001", "ET-00003", "ZZ-00000"]:
        reply = as_wardrobe.post(
            "/scan",
            data={"action": "laundry", "code": code, "log": log},
            headers={"Accept": "application/json"},
        ).get_json()
        log = json.dumps(reply["log"])
        feedback.append(reply["feedback"])
    rows = json.loads(log)
    tags = ["ZZ-00000", "ET-00003", "ET-00001", "ET-00002", "ET-00001"]
    assert [r["tag"] for r in rows] == tags
    assert [r["ok"] for r in rows] == [False, False, False, True, True]
    assert [r.get("repeat", False) for r in rows] == [False, False, True, False, False]
    assert "retired" in rows[1]["message"] and "No garment has tag code" in rows[0]["message"]
    assert reply["counts"] == "2 done, 2 refused, 1 already scanned"
    assert feedback[2]["repeat"] and feedback[2]["message"] == "already scanned in this batch"
    with app.app_context():
        garments = db.session.scalars(db.select(Garment).order_by(Garment.id))
        assert [g.status for g in garments] == [
            "in laundry",
            "in laundry",
            "retired",
        ]


def test_batch_scan_without_javascript_renders_the_list(app, as_wardrobe):
    with app.app_context():
        make_garment()
    page = as_wardrobe.post("/scan", data={"action": "laundry", "code": "ET-00001", "log": "[]"})
    text = page.get_data(as_text=True)
    assert "1 done, 0 refused" in text and "To laundry: done" in text


def test_tampered_batch_log_is_ignored(app, as_wardrobe):
    page = as_wardrobe.post("/scan", data={"action": "laundry", "code": "", "log": "{not json"})
    assert page.status_code == 200
