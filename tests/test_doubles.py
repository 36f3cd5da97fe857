"""Doubles dressed identically: coverage gaps found and filled, multiples made, alterations."""

import pytest

from costume_tracker.assignments.alterations import complete_alteration, record_alteration
from costume_tracker.assignments.doubles import (
    coverage_gaps,
    create_multiple,
    doubles_status,
    dress_double,
)
from costume_tracker.assignments.models import Alteration
from costume_tracker.assignments.services import assign_costume
from costume_tracker.catalog.models import Costume, Garment
from costume_tracker.extensions import db
from tests.conftest import dressed_costume, make_performer


@pytest.fixture
def principal_with_double(app):
    """Aurora's principal wears the hero costume; her double wears nothing yet."""
    with app.app_context():
        costume = dressed_costume()
        principal = make_performer("Inès Laurent")
        double = make_performer("Clémence Aubry", kind="double", doubles_for_id=principal.id)
        assignment = assign_costume(costume, principal, None, episodes="Ep. 1–4")
        return {
            "costume": costume.id,
            "principal": principal.id,
            "double": double.id,
            "assignment": assignment.id,
        }


def test_gap_found_when_double_lacks_a_multiple(app, principal_with_double):
    with app.app_context():
        gaps = coverage_gaps()
        assert len(gaps) == 1
        assert (gaps[0].principal.name, gaps[0].double.name) == ("Inès Laurent", "Clémence Aubry")
        assert gaps[0].missing == "no free multiple of C-1: one must be made"


def test_new_multiple_copies_garments_with_new_tags_and_fills_gap(app, principal_with_double):
    from costume_tracker.assignments.models import Assignment
    from costume_tracker.people.models import Performer

    with app.app_context():
        assignment = db.session.get(Assignment, principal_with_double["assignment"])
        double = db.session.get(Performer, principal_with_double["double"])
        worn = dress_double(assignment, double, None)
        multiple = worn.costume
        assert multiple.hero_id == principal_with_double["costume"]
        hero_tags = {g.tag_code for g in assignment.costume.garments}
        copy_tags = {g.tag_code for g in multiple.garments}
        assert hero_tags == {"ET-00001", "ET-00002"} and copy_tags == {"ET-00003", "ET-00004"}
        assert [(g.name, g.category, g.net_layers, g.waist_cm) for g in multiple.garments] == [
            (g.name, g.category, g.net_layers, g.waist_cm) for g in assignment.costume.garments
        ]
        assert {g.status for g in multiple.garments} == {"with performer"}
        assert worn.episodes == "Ep. 1–4"
        assert coverage_gaps() == []
        assert doubles_status(assignment)[0].covered


def test_existing_free_multiple_is_offered_and_assigned(app, principal_with_double):
    from costume_tracker.assignments.models import Assignment
    from costume_tracker.people.models import Performer

    with app.app_context():
        assignment = db.session.get(Assignment, principal_with_double["assignment"])
        spare = create_multiple(assignment.costume, None)
        db.session.commit()
        status = doubles_status(assignment)[0]
        assert [m.id for m in status.free_multiples] == [spare.id]
        assert f"a free multiple ({spare.code}) is not assigned" in status.missing
        dress_double(
            assignment, db.session.get(Performer, principal_with_double["double"]), None, spare
        )
        assert coverage_gaps() == []


def test_coverage_page_then_fill_gap_from_it(app, principal_with_double, as_wardrobe):
    page = as_wardrobe.get("/doubles").get_data(as_text=True)
    assert "Clémence Aubry" in page and "1 gap" in page
    assert 'href="/costumes/1/multiples/new?back=/doubles' in page
    ids = principal_with_double
    response = as_wardrobe.post("/costumes/1/multiples/new", data={"back": "/doubles"})
    assert response.headers["Location"] == "/doubles"
    page = as_wardrobe.get("/doubles").get_data(as_text=True)
    assert "Assign C-2" in page
    response = as_wardrobe.post(
        f"/assignments/{ids['assignment']}/doubles/{ids['double']}",
        data={"back": "/doubles", "multiple_id": "2"},
    )
    assert response.headers["Location"] == "/doubles"
    page = as_wardrobe.get("/doubles").get_data(as_text=True)
    assert "Every double wears a multiple" in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Costume.id))) == 2
        assert db.session.scalar(db.select(db.func.count(Garment.id))) == 4


def test_alteration_on_hero_is_flagged_on_multiples(app, principal_with_double):
    with app.app_context():
        hero = db.session.get(Costume, principal_with_double["costume"])
        multiple = create_multiple(hero, None)
        db.session.commit()
        bodice = hero.garments[1]
        record_alteration(hero, "Bodice taken in 1 cm at the waist", None, bodice)
        pending = db.session.scalars(
            db.select(Alteration).where(Alteration.costume_id == multiple.id)
        ).all()
        assert len(pending) == 1 and pending[0].pending
        assert pending[0].garment.name == "Wedding bodice"
        assert pending[0].garment.costume_id == multiple.id
        complete_alteration(pending[0], None)
        assert not pending[0].pending


def test_alteration_page_flow(app, principal_with_double, as_wardrobe):
    with app.app_context():
        hero = db.session.get(Costume, principal_with_double["costume"])
        multiple_id = create_multiple(hero, None).id
        db.session.commit()
    response = as_wardrobe.post(
        f"/costumes/{principal_with_double['costume']}/alterations",
        data={"description": "Hem raised 2 cm", "garment_id": ""},
        follow_redirects=True,
    )
    assert "1 multiple flagged to mirror it" in response.get_data(as_text=True)
    page = as_wardrobe.get(f"/costumes/{multiple_id}").get_data(as_text=True)
    assert "to mirror" in page and "Hem raised 2 cm" in page
