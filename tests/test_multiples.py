"""Making a multiple asks first, says what it creates, and invents no history."""

from datetime import date

import pytest

from costume_tracker.assignments.models import Assignment
from costume_tracker.assignments.services import assign_costume
from costume_tracker.catalog.models import Costume, Garment, TagSequence
from costume_tracker.extensions import db
from costume_tracker.history.models import Event
from costume_tracker.lists.models import Location
from costume_tracker.modelutil import utcnow
from tests.conftest import dressed_costume, make_performer


@pytest.fixture
def worn_hero(app):
    """The hero costume, worn since long ago by a principal whose double has nothing."""
    with app.app_context():
        costume = dressed_costume()
        principal = make_performer("Inès Laurent")
        make_performer("Clémence Aubry", kind="double", doubles_for_id=principal.id)
        assignment = assign_costume(costume, principal, None, starts_on=date(2026, 1, 5))
        return {"costume": costume.id, "assignment": assignment.id}


def _tag_numbers() -> int:
    return db.session.scalar(db.select(TagSequence.last_number))


def test_the_page_asks_first_and_lists_what_it_creates(app, as_wardrobe, worn_hero):
    with app.app_context():
        before = _tag_numbers()
    page = as_wardrobe.get("/costumes/1/multiples/new").get_data(as_text=True)
    assert "Aurora, Act III wedding, multiple 1" in page
    assert "2 new garments" in page and "Wedding tutu" in page and "Wedding bodice" in page
    assert "ET-00001" in page and "ET-00002" in page  # what each one copies
    assert "Still being made" in page
    with app.app_context():
        assert _tag_numbers() == before  # no tag code handed out by looking
        assert db.session.scalar(db.select(db.func.count(Costume.id))) == 1


def test_the_assignment_page_offers_it_without_making_anything(app, as_wardrobe, worn_hero):
    page = as_wardrobe.get(f"/assignments/{worn_hero['assignment']}").get_data(as_text=True)
    assert 'href="/costumes/1/multiples/new?back=/assignments/1"' in page
    response = as_wardrobe.post(f"/assignments/{worn_hero['assignment']}/doubles/2")
    assert "/costumes/1/multiples/new" in response.headers["Location"]
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Costume.id))) == 1


@pytest.mark.parametrize(
    "data, status", [({}, "in stock"), ({"being_made": "y"}, "in alterations")]
)
def test_a_new_multiple_has_no_made_up_history(app, as_wardrobe, worn_hero, data, status):
    with app.app_context():
        started = utcnow()
    response = as_wardrobe.post(
        "/costumes/1/multiples/new", data={**data, "back": "/assignments/1"}
    )
    assert response.headers["Location"] == "/assignments/1"
    flashed = as_wardrobe.get("/assignments/1").get_data(as_text=True)
    assert f"Made C-2 Aurora, Act III wedding, multiple 1: 2 garments, {status}." in flashed
    with app.app_context():
        multiple = db.session.get(Costume, 2)
        assert multiple.hero_id == 1
        assert [g.status for g in multiple.garments] == [status, status]
        assert all(g.location_id is None for g in multiple.garments)
        assert db.session.scalar(
            db.select(db.func.count(Assignment.id)).where(Assignment.costume_id == 2)
        ) == 0  # fmt: skip
        ids = [g.id for g in multiple.garments]
        events = db.session.scalars(db.select(Event).where(Event.garment_id.in_(ids))).all()
        assert [e.kind for e in events] == ["create", "create"]
        assert all(e.occurred_at >= started for e in events)
        assert all(e.summary.startswith("Made as a multiple of C-1") for e in events)
        assert all(e.changes["status"] == [None, status] for e in events)


def test_a_new_multiple_may_go_straight_onto_a_rack(app, as_wardrobe, worn_hero):
    with app.app_context():
        rack = db.session.scalar(db.select(Location.id).where(Location.name == "Rack A1"))
    as_wardrobe.post("/costumes/1/multiples/new", data={"location_id": str(rack)})
    with app.app_context():
        assert {g.location_id for g in db.session.get(Costume, 2).garments} == {rack}


def test_a_double_dressed_in_a_multiple_wears_it_from_today(app, as_wardrobe, worn_hero):
    as_wardrobe.post("/costumes/1/multiples/new", data={})
    as_wardrobe.post("/assignments/1/doubles/2", data={"multiple_id": "2"})
    with app.app_context():
        worn = db.session.scalar(db.select(Assignment).where(Assignment.costume_id == 2))
        assert worn.starts_on == date.today()  # not the principal's 2026-01-05
        assert all(g.status == "with performer" for g in db.session.scalars(
            db.select(Garment).where(Garment.costume_id == 2)))  # fmt: skip
