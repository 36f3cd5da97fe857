"""Assigning and returning costumes: one active wearer, shared costumes, garment status."""

from datetime import date, timedelta

import pytest

from costume_tracker.assignments.models import Assignment
from costume_tracker.assignments.services import (
    AssignmentError,
    assign_costume,
    return_assignment,
)
from costume_tracker.catalog.models import Garment
from costume_tracker.catalog.services import ConflictError
from costume_tracker.catalog.workflow import change_status
from costume_tracker.extensions import db
from costume_tracker.history.models import Event
from tests.conftest import dressed_costume, make_performer


def test_assign_puts_every_garment_with_the_performer(app):
    with app.app_context():
        costume, aurora = dressed_costume(), make_performer()
        assignment = assign_costume(costume, aurora, None, episodes="Ep. 3")
        assert {g.status for g in costume.garments} == {"with performer"}
        assert assignment.active and assignment.episodes == "Ep. 3"
        kinds = db.session.scalars(db.select(Event.kind).where(Event.performer_id == aurora.id))
        assert list(kinds) == ["create", "assignment"]


def test_second_wearer_is_refused_with_the_holders_name(app):
    with app.app_context():
        costume = dressed_costume()
        assign_costume(costume, make_performer("Inès Laurent"), None)
        with pytest.raises(AssignmentError) as error:
            assign_costume(costume, make_performer("Maya Okafor"), None)
        assert "is worn by Inès Laurent since" in error.value.errors["costume"]
        assert db.session.scalar(db.select(db.func.count(Assignment.id))) == 1


def test_shared_costume_takes_several_wearers(app):
    with app.app_context():
        costume = dressed_costume("Snowflakes", shared=True)
        first = assign_costume(costume, make_performer("A. Corps", kind="corps"), None)
        assign_costume(costume, make_performer("B. Corps", kind="corps"), None)
        return_assignment(first, None)
        # Still worn by the second dancer: garments stay out.
        assert {g.status for g in costume.garments} == {"with performer"}


def test_one_garment_refusing_leaves_nothing_half_done(app):
    with app.app_context():
        costume = dressed_costume()
        tutu = costume.garments[0]
        change_status(tutu, "in laundry", None, None)
        with pytest.raises(AssignmentError) as error:
            assign_costume(costume, make_performer(), None)
        db.session.rollback()
        assert "ET-00001 Wedding tutu is in laundry" in error.value.errors["garments"]
        assert [g.status for g in costume.garments] == ["in laundry", "in stock"]
        assert db.session.scalar(db.select(db.func.count(Assignment.id))) == 0


def test_return_puts_garments_back_in_stock_and_keeps_history(app):
    with app.app_context():
        costume, aurora = dressed_costume(), make_performer()
        assignment = assign_costume(costume, aurora, None)
        return_assignment(assignment, None, note="after ep. 3")
        assert {g.status for g in costume.garments} == {"in stock"}
        assert assignment.returned_at is not None
        with pytest.raises(AssignmentError, match="already returned"):
            return_assignment(assignment, None)
        again = assign_costume(costume, make_performer("Maya Okafor"), None)
        assert again.active


def test_due_date_before_start_is_refused(app):
    with app.app_context():
        with pytest.raises(AssignmentError) as error:
            assign_costume(
                dressed_costume(),
                make_performer(),
                None,
                starts_on=date(2026, 11, 20),
                due_on=date(2026, 11, 1),
            )
        assert error.value.errors["due_on"] == "The due date is before the start date."


@pytest.mark.parametrize(
    "start, target, reason",
    [
        ("retired", "in laundry", "is retired; a retired garment cannot go in laundry"),
        ("lost", "in repair", "is lost; it must be found (back in stock) first"),
        ("in stock", "with performer", "costume is not assigned to anyone"),
        ("in stock", "retired", "use Retire to retire a garment"),
    ],
)
def test_transitions_that_make_no_sense_are_refused(app, start, target, reason):
    from costume_tracker.catalog.services import GarmentError
    from tests.conftest import make_garment

    with app.app_context():
        garment = make_garment()
        garment.status = start
        db.session.commit()
        with pytest.raises(GarmentError) as error:
            change_status(garment, target, None, None)
        assert reason in error.value.errors["status"]


def test_concurrent_status_change_is_refused_not_lost(app):
    """Two phones load the same garment; the second save is told, not silently applied."""
    from tests.conftest import make_garment

    with app.app_context():
        garment_id = make_garment().id
        loaded_version = db.session.get(Garment, garment_id).version
        change_status(
            db.session.get(Garment, garment_id),
            "in laundry",
            None,
            None,
            expected_version=loaded_version,
        )
        with pytest.raises(ConflictError, match="it is now 'in laundry'"):
            change_status(
                db.session.get(Garment, garment_id),
                "in repair",
                None,
                None,
                expected_version=loaded_version,
            )
        assert db.session.get(Garment, garment_id).status == "in laundry"


def test_concurrent_writes_from_two_sessions_conflict(app):
    """Row versioning: a stale in-memory garment cannot overwrite a newer one."""
    from sqlalchemy.orm import Session

    from tests.conftest import make_garment

    with app.app_context():
        garment_id = make_garment().id
        with Session(db.engine) as other:
            stale = other.get(Garment, garment_id)
            change_status(db.session.get(Garment, garment_id), "in laundry", None, None)
            stale.status = "in repair"
            with pytest.raises(Exception, match="expected to update 1 row"):
                other.commit()
        db.session.expire_all()
        assert db.session.get(Garment, garment_id).status == "in laundry"


def test_overdue_list_and_page(app, as_wardrobe):
    with app.app_context():
        costume, aurora = dressed_costume(), make_performer()
        today = date.today()
        assign_costume(
            costume,
            aurora,
            None,
            starts_on=today - timedelta(days=10),
            due_on=today - timedelta(days=3),
        )
    page = as_wardrobe.get("/overdue").get_data(as_text=True)
    assert "Inès Laurent" in page and '<td data-label="Days late">3</td>' in page


def test_assign_and_return_through_the_pages(app, as_wardrobe):
    with app.app_context():
        costume, aurora = dressed_costume(), make_performer()
        codes = costume.code, aurora.code
    response = as_wardrobe.post(
        "/assignments/new",
        data={
            "costume": codes[0],
            "performer": f"{codes[1]} Inès Laurent",
            "starts_on": "2026-11-24",
            "episodes": "Ep. 1–2",
            "character_id": "",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    detail = as_wardrobe.get(response.headers["Location"]).get_data(as_text=True)
    assert "worn now" in detail
    garment_page = as_wardrobe.get("/garments/1").get_data(as_text=True)
    assert "Worn by" in garment_page and "Inès Laurent" in garment_page
    response = as_wardrobe.post(
        response.headers["Location"] + "/return", data={"location_id": "", "note": ""}
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Garment, 1).status == "in stock"


def test_assign_page_names_unknown_performer_and_holder(app, as_wardrobe):
    with app.app_context():
        costume = dressed_costume()
        assign_costume(costume, make_performer(), None)
        code = costume.code
    text = as_wardrobe.post(
        "/assignments/new", data={"costume": code, "performer": "Nobody", "starts_on": "2026-11-24"}
    ).get_data(as_text=True)
    assert "No single performer matches" in text
    with app.app_context():
        other = make_performer("Maya Okafor").code
    text = as_wardrobe.post(
        "/assignments/new", data={"costume": code, "performer": other, "starts_on": "2026-11-24"}
    ).get_data(as_text=True)
    assert "is worn by Inès Laurent since" in text


def test_viewer_cannot_assign(as_viewer):
    assert as_viewer.get("/assignments/new").status_code == 403
