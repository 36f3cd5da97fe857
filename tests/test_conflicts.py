"""Two people change the same garment or costume at the same moment: the second is told.

``someone_else_saves`` plays the other person: as soon as the request reads the garment (or
costume), another database connection saves a change to it, as a second browser would.
The request's own write then finds the row changed. Whether SQLAlchemy finds that at the
commit or in a query before it (autoflush), the user gets "Someone else changed this …
meanwhile", and nothing of the request is written.
"""

import re
from contextlib import contextmanager

import pytest
from sqlalchemy import event, func, select, text

from costume_tracker.assignments.models import Assignment
from costume_tracker.assignments.services import return_assignment
from costume_tracker.catalog.models import Costume, Garment
from costume_tracker.catalog.services import ConflictError
from costume_tracker.catalog.workflow import change_status
from costume_tracker.extensions import db
from costume_tracker.history.models import Event
from costume_tracker.imports.services import apply_import
from costume_tracker.lists.models import Location
from tests.conftest import login, make_costume, make_garment
from tests.test_security_access import small_wardrobe

MEANWHILE = "Someone else changed this {} meanwhile"


@contextmanager
def someone_else_saves(app, model=Garment, saves=None):
    """While inside, the first time a request loads a ``model`` row, another user saves it.

    ``saves`` names another table whose rows they all save instead (e.g. the garments of
    an assignment, saved when the request reads the assignment, before it writes anything).
    """
    saved = []

    def save_elsewhere(target, _context):
        if saved:
            return
        saved.append(target.id)
        table = saves or model.__tablename__
        where = "" if saves else f" WHERE id = {int(target.id)}"
        with db.engine.begin() as other:  # a connection of its own: another user's request
            other.execute(text(f"UPDATE {table} SET version = version + 1{where}"))

    event.listen(model, "load", save_elsewhere)
    try:
        yield saved
    finally:
        event.remove(model, "load", save_elsewhere)


def counts(app) -> tuple[int, dict]:
    """Events so far and each garment's status, location and version."""
    with app.app_context():
        garments = {
            g.id: (g.status, g.location_id, g.version) for g in db.session.scalars(select(Garment))
        }
        return db.session.scalar(select(func.count(Event.id))), garments


@pytest.fixture
def wardrobe(app, users):
    with app.app_context():
        examples = small_wardrobe()
        examples["rack_id"] = db.session.scalar(select(Location.id).order_by(Location.id))
        laundry = Location(site_id=1, name="Laundry", kind="room")
        db.session.add(laundry)
        db.session.commit()
        spare = make_garment(name="Practice tutu", category="tutu", location_id=examples["rack_id"])
        free = make_costume("Clara, party dress")
        make_garment(name="Party dress", category="dress", costume_id=free.id)
        examples.update(room_id=laundry.id, spare_id=spare.id, spare_tag=spare.tag_code,
                        free_costume=free.code)  # fmt: skip
        return examples


def test_a_status_change_on_a_stale_garment_is_refused_even_when_a_query_flushes_it(app, wardrobe):
    # The location's name is read after the garment changed: that query writes the garment
    # early (autoflush), outside the commit that used to be the only place conflicts were met.
    with app.app_context():
        garment = db.session.get(Garment, wardrobe["garment_id"])
        status_before = garment.status
        with db.engine.begin() as other:
            other.execute(text("UPDATE garment SET version = version + 1 WHERE id = :id"),
                          {"id": garment.id})  # fmt: skip
        with pytest.raises(ConflictError) as refused:
            change_status(garment, "in laundry", wardrobe["room_id"], None)
        assert MEANWHILE.format("garment") in str(refused.value)
        db.session.expire_all()
        assert db.session.get(Garment, wardrobe["garment_id"]).status == status_before


# (what, url, form data, the record whose version the form carries, what the other user saves)
WRITES = [
    ("status change", "/garments/{spare_id}/status",
     {"status": "in laundry", "location_id": "{room_id}", "version": ""}, Garment, None),
    ("location change", "/garments/{garment_id}/status",
     {"status": "with performer", "location_id": "{room_id}", "version": ""}, Garment, None),
    ("garment edit", "/garments/{spare_id}/edit",
     {"name": "Practice tutu, let out", "category": "tutu", "net_layers": "13", "costume": "",
      "home_site_id": "1", "condition": "good", "version": ""}, Garment, None),
    ("retire", "/garments/{spare_id}/retire", {"reason": "Torn beyond repair"}, Garment, None),
    ("floor action", "/g/{spare_tag}/laundry", {"version": ""}, Garment, None),
    ("costume edit", "/costumes/{costume_id}/edit",
     {"name": "Aurora, Act III wedding (long)", "production_id": "1"}, Costume, None),
    ("assignment", "/assignments/new",
     {"costume": "{free_costume}", "performer": "P-{double_id}", "starts_on": "2026-01-05"},
     Garment, None),
    ("garment into costume", "/costumes/{costume_id}/garments", {"tag": "{spare_tag}"},
     Garment, None),
    ("costume retire", "/costumes/{costume_id}/retire", {"reason": "Replaced"}, Costume, None),
]  # fmt: skip


@pytest.mark.parametrize("what, url, data, model, saves", WRITES, ids=[w[0] for w in WRITES])
def test_a_write_that_meets_someone_elses_change_is_refused_and_writes_nothing(
    app, client, wardrobe, what, url, data, model, saves
):
    login(client, "wardrobe")
    url = url.format(**wardrobe)
    data = {key: value.format(**wardrobe) for key, value in data.items()}
    if "version" in data:
        with app.app_context():
            garment_id = int(url.split("/")[2]) if url.startswith("/garments") else None
            garment = db.session.get(Garment, garment_id) if garment_id else None
            garment = garment or db.session.get(Garment, wardrobe["spare_id"])
            data["version"] = str(garment.version)
    before = counts(app)
    with someone_else_saves(app, model, saves) as saved:
        response = client.post(url, data=data, headers={"Referer": f"http://localhost{url}"})
    assert saved, f"{what}: the request never read the {model.__tablename__}"
    assert response.status_code in (200, 302, 303, 400, 409), response.status_code
    page = response.get_data(as_text=True)
    if response.status_code in (302, 303):
        page = client.get(response.headers["Location"]).get_data(as_text=True)
    told = MEANWHILE.format("costume" if model is Costume else "garment")
    assert told in page, f"{what}: not told; the page says:\n" + re.sub(r"<[^>]+>", "", page)
    events, garments = counts(app)
    assert events == before[0], f"{what}: events were written"
    # Only the other user's version bump changed anything.
    assert {k: v[:2] for k, v in garments.items()} == {k: v[:2] for k, v in before[1].items()}


def test_a_return_of_garments_someone_else_moved_meanwhile_is_refused(app, wardrobe):
    # A return writes the assignment first, so on SQLite nobody can save in between through
    # the web; the service is called with the garments read before the other user saves.
    with app.app_context():
        assignment = db.session.get(Assignment, wardrobe["assignment_id"])
        statuses = [g.status for g in assignment.costume.garments]
        with db.engine.begin() as other:
            other.execute(text("UPDATE garment SET version = version + 1"))
        with pytest.raises(ConflictError, match=MEANWHILE.format("garment")):
            return_assignment(assignment, None, location_id=wardrobe["rack_id"])
        db.session.expire_all()
        assignment = db.session.get(Assignment, wardrobe["assignment_id"])
        assert assignment.active
        assert [g.status for g in assignment.costume.garments] == statuses


def test_a_batch_scan_that_meets_a_change_reports_it_on_the_row(app, client, wardrobe):
    login(client, "wardrobe")
    before = counts(app)
    with someone_else_saves(app):
        response = client.post(
            "/scan",
            data={"action": "laundry", "code": wardrobe["tag"], "log": "[]"},
            headers={"Accept": "application/json"},
        )
    assert response.status_code == 200
    reply = response.get_json()
    assert reply["feedback"]["ok"] is False
    assert MEANWHILE.format("garment") in reply["feedback"]["message"]
    assert counts(app)[0] == before[0]


def test_a_conflict_answers_json_with_409(app, client, wardrobe):
    login(client, "wardrobe")
    with someone_else_saves(app, Costume):
        response = client.post(
            f"/costumes/{wardrobe['costume_id']}/edit",
            data={"name": "Renamed", "production_id": "1"},
            headers={"Accept": "application/json"},
        )
    assert response.status_code == 409
    assert MEANWHILE.format("costume") in response.get_json()["error"]


def test_a_conflict_without_a_page_to_go_back_to_is_a_409_page(app, client, wardrobe):
    login(client, "wardrobe")
    with someone_else_saves(app, Costume):
        response = client.post(
            f"/costumes/{wardrobe['costume_id']}/retire", data={"reason": "Replaced"}
        )
    assert response.status_code == 409
    assert MEANWHILE.format("costume") in response.get_data(as_text=True)


def test_an_import_that_meets_a_change_writes_nothing_and_shows_the_new_preview(app, wardrobe):
    csv = f"Tag,Name,Category,Home site,Colour\n{wardrobe['tag']},Wedding tutu,tutu,Paris,gold\n"
    with app.app_context():
        with someone_else_saves(app):
            result = apply_import("garments", csv.encode(), "stock.csv", None)
        assert not result.applied and result.stale
        assert db.session.get(Garment, wardrobe["garment_id"]).colour != "gold"
