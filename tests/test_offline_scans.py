"""Scans sent from a phone's offline queue: each key applied once, late scans not applied
over someone else's change, and the installable app's manifest and service worker."""

import json
from datetime import timedelta

import pytest

from costume_tracker.auth.models import User
from costume_tracker.catalog.models import Garment
from costume_tracker.catalog.workflow import change_status
from costume_tracker.extensions import db
from costume_tracker.history.models import Event
from costume_tracker.i18n.times import now
from tests.conftest import make_garment

JSON = {"Accept": "application/json"}
KEY = "0f8e9c1a-5b7d-4c2e-9a31-2d4f6b8c0e11"


def _send(client, code="ET-00001", action="laundry", **fields):
    data = {"action": action, "code": code, "log": "[]", **fields}
    return client.post("/scan", data=data, headers=JSON)


def _events(app, kind="status"):
    with app.app_context():
        return db.session.scalars(db.select(Event).where(Event.kind == kind)).all()


def test_the_same_scan_key_twice_is_applied_once(app, as_wardrobe):
    with app.app_context():
        make_garment()
    first = _send(as_wardrobe, scan_key=KEY).get_json()["feedback"]
    again = _send(as_wardrobe, scan_key=KEY).get_json()["feedback"]
    assert first["ok"] and first["outcome"] == "done"
    assert again["outcome"] == "recorded" and again["ok"]
    assert "already recorded" in again["text"] and "in laundry" in again["text"]
    events = _events(app)
    assert len(events) == 1 and events[0].scan_key == KEY


def test_a_resent_scan_is_recognised_after_the_garment_moved_on(app, as_wardrobe):
    """The first answer was lost, someone sent it back to stock: the resend changes nothing."""
    with app.app_context():
        make_garment()
    _send(as_wardrobe, scan_key=KEY)
    _send(as_wardrobe, code="ET-00001", action="checkin")
    again = _send(as_wardrobe, scan_key=KEY).get_json()["feedback"]
    assert again["outcome"] == "recorded" and "in stock" in again["text"]
    with app.app_context():
        assert db.session.get(Garment, 1).status == "in stock"
    assert len(_events(app)) == 2


def test_a_form_posted_twice_without_script_is_applied_once(app, as_wardrobe):
    with app.app_context():
        make_garment()
    page = as_wardrobe.get("/scan").get_data(as_text=True)
    assert 'name="scan_key" value="' in page
    for _ in range(2):
        as_wardrobe.post("/scan", data={"action": "laundry", "code": "ET-00001", "scan_key": KEY})
    assert len(_events(app)) == 1


@pytest.mark.parametrize("key", ["x" * 65, "semi;colon", "<script>", "spaced key", "é-accent"])
def test_a_bad_scan_key_is_refused_clearly(app, as_wardrobe, key):
    with app.app_context():
        make_garment()
    response = _send(as_wardrobe, scan_key=key)
    assert response.status_code == 400
    feedback = response.get_json()["feedback"]
    assert feedback["outcome"] == "refused" and "Scan key" in feedback["message"]
    assert _events(app) == []


@pytest.mark.parametrize(
    "when, reason",
    [("yesterday", "not a date and time"), ("2026-12-01T10:00:00", "time zone"),
     ("in-future", "in the future")],
)  # fmt: skip
def test_a_bad_scan_time_is_refused(app, as_wardrobe, when, reason):
    with app.app_context():
        make_garment()
        if when == "in-future":
            when = (now() + timedelta(hours=1)).isoformat()
    response = _send(as_wardrobe, scan_key=KEY, scanned_at=when)
    assert response.status_code == 400 and reason in response.get_json()["feedback"]["message"]
    assert _events(app) == []


def test_a_scan_made_before_someone_elses_change_is_not_applied(app, as_wardrobe, users):
    with app.app_context():
        garment = make_garment()
        scanned_at = (now() - timedelta(minutes=10)).isoformat()
        viewer = db.session.get(User, users["admin"])
        change_status(garment, "in repair", garment.location_id, viewer)
    reply = _send(as_wardrobe, scan_key=KEY, scanned_at=scanned_at).get_json()
    feedback = reply["feedback"]
    assert feedback["outcome"] == "changed" and not feedback["ok"]
    assert "someone else changed it meanwhile: Admin" in feedback["text"]
    assert "it is now in repair" in feedback["text"]
    assert reply["log"][0]["outcome"] == "changed"
    with app.app_context():
        assert db.session.get(Garment, 1).status == "in repair"
    assert len(_events(app)) == 1


def test_a_scan_made_after_the_last_change_or_over_ones_own_is_applied(app, as_wardrobe, users):
    with app.app_context():
        garment = make_garment()
        me = db.session.get(User, users["wardrobe"])
        change_status(garment, "in repair", garment.location_id, me)
    earlier = (now() - timedelta(minutes=10)).isoformat()
    feedback = _send(as_wardrobe, scan_key=KEY, scanned_at=earlier).get_json()["feedback"]
    assert feedback["outcome"] == "done"
    with app.app_context():
        assert db.session.get(Garment, 1).status == "in laundry"


def test_a_race_between_two_identical_scans_is_settled_by_the_key(app, as_wardrobe, users):
    """The second request got past the look-up before the first committed: the index wins."""
    from costume_tracker.scanning import services

    with app.app_context():
        make_garment()
    _send(as_wardrobe, scan_key=KEY)
    original = services.recorded_scan
    calls = []

    def late_lookup(text, key):
        calls.append(key)
        return None if len(calls) == 1 else original(text, key)

    services.recorded_scan = late_lookup
    try:
        with app.app_context():
            db.session.get(Garment, 1).status = "in stock"
            db.session.commit()
        feedback = _send(as_wardrobe, scan_key=KEY).get_json()["feedback"]
    finally:
        services.recorded_scan = original
    assert feedback["outcome"] == "recorded" and len(calls) == 2
    assert len(_events(app)) == 1


def test_manifest_is_served_for_installing(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    data = json.loads(response.data)
    assert data["start_url"] == "/" and data["scope"] == "/" and data["display"] == "standalone"
    purposes = {(icon["sizes"], icon["purpose"]) for icon in data["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= purposes
    for icon in data["icons"]:
        with client.get(icon["src"]) as image:
            assert image.mimetype == "image/png"


def test_service_worker_is_served_from_the_root_uncached_and_versioned(app, client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert "Service-Worker-Allowed" not in response.headers  # its own path already covers /
    source = response.get_data(as_text=True)
    assert "__VERSION__" not in source and '"/scan"' in source and "/static/scan.js" in source
    assert '"/offline/garment"' in source


def test_sign_out_clears_what_this_browser_kept(as_wardrobe):
    response = as_wardrobe.post("/logout")
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'


def test_the_offline_label_page_offers_the_floor_actions(as_wardrobe):
    page = as_wardrobe.get("/offline/garment").get_data(as_text=True)
    assert 'data-queue-action="laundry"' in page and "offline.js" in page
