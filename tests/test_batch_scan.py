"""Batch scanning without JavaScript: repeats are listed, a scan with no action is kept."""

import json

import pytest

from costume_tracker.catalog.models import Garment
from costume_tracker.extensions import db
from tests.conftest import make_garment


def _post(client, **data):
    return client.post("/scan", data={"log": "[]", **data})


def _rows(html: str) -> list[str]:
    return [line for line in html.splitlines() if "<li class=" in line and 'class="tag"' in line]


def test_a_repeat_is_shown_and_listed_not_dropped(app, as_wardrobe):
    with app.app_context():
        make_garment()
    first = as_wardrobe.post(
        "/scan", data={"action": "laundry", "code": "ET-00001", "log": "[]"},
        headers={"Accept": "application/json"},
    ).get_json()  # fmt: skip
    again = _post(as_wardrobe, action="laundry", code="et-00001", log=json.dumps(first["log"]))
    page = again.get_data(as_text=True)
    assert "ET-00001 already scanned in this batch" in page
    rows = _rows(page)
    assert len(rows) == 2 and 'class="repeat"' in rows[0] and "already scanned" in rows[0]
    assert "1 done, 0 refused, 1 already scanned" in page


@pytest.mark.parametrize("action", ["", "no-such-action"])
def test_a_scan_without_an_action_keeps_the_code_and_says_why(app, as_wardrobe, action):
    with app.app_context():
        make_garment()
    response = _post(as_wardrobe, action=action, code="ET-00001")
    page = response.get_data(as_text=True)
    assert "Choose an action first" in page
    assert 'value="ET-00001"' in page and "autofocus" in page
    with app.app_context():
        assert db.session.get(Garment, 1).status == "in stock"


def test_a_scan_without_an_action_answers_the_page_script_too(app, as_wardrobe):
    reply = as_wardrobe.post(
        "/scan", data={"action": "", "code": "ET-00001", "log": "[]"},
        headers={"Accept": "application/json"},
    ).get_json()  # fmt: skip
    assert reply["feedback"]["message"] == "Choose an action first" and reply["log"] == []


def test_a_refused_scan_can_be_tried_again(app, as_wardrobe):
    """Only a scan that was done counts as already scanned; a refusal is tried again."""
    with app.app_context():
        make_garment()
    reply = as_wardrobe.post(
        "/scan", data={"action": "checkin", "code": "ET-00001", "log": "[]"},
        headers={"Accept": "application/json"},
    ).get_json()  # fmt: skip
    assert not reply["feedback"]["ok"] and not reply["feedback"]["repeat"]
    reply = as_wardrobe.post(
        "/scan", data={"action": "checkin", "code": "ET-00001", "log": json.dumps(reply["log"])},
        headers={"Accept": "application/json"},
    ).get_json()  # fmt: skip
    assert not reply["feedback"]["repeat"] and "already in stock" in reply["feedback"]["message"]
