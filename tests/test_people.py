"""Performers, measurement sheets in cm or inches, fit check, privacy of measurements."""

from datetime import date

import pytest

from costume_tracker.assignments.fit import fit_check
from costume_tracker.assignments.services import assign_costume
from costume_tracker.auth.models import User
from costume_tracker.extensions import db
from costume_tracker.people.models import Measurement, Performer
from costume_tracker.people.services import PerformerError, record_measurement
from costume_tracker.people.units import from_unit, show, to_unit
from tests.conftest import dressed_costume, make_performer


def test_units_round_trip():
    assert from_unit(34, "in") == 86.36
    assert to_unit(86.36, "in") == 34.0
    assert show(64, "cm") == "64 cm" and show(63.5, "in") == "25 in"


def test_remeasure_keeps_the_old_sheet(app):
    with app.app_context():
        dancer = make_performer()
        record_measurement(dancer, {"waist": 66}, "cm", date(2026, 6, 1), None)
        record_measurement(dancer, {"waist": 64}, "cm", date(2026, 11, 1), None)
        db.session.refresh(dancer)
        assert [m.waist for m in dancer.measurements] == [64, 66]
        assert dancer.current_measurement.waist == 64


def test_measurement_entered_in_inches_is_stored_in_cm(app, as_wardrobe, users):
    with app.app_context():
        db.session.get(User, users["wardrobe"]).unit = "in"
        db.session.commit()
        dancer_id = make_performer().id
    as_wardrobe.post(
        f"/performers/{dancer_id}/measurements",
        data={"measured_on": "2026-11-20", "waist": "25", "girth": "62"},
    )
    with app.app_context():
        sheet = db.session.scalar(db.select(Measurement))
        assert (sheet.waist, sheet.girth) == (63.5, 157.48)
    page = as_wardrobe.get(f"/performers/{dancer_id}").get_data(as_text=True)
    assert "25 in" in page and "62 in" in page


def test_bad_measurement_is_refused_by_name(app):
    with app.app_context():
        dancer = make_performer()
        with pytest.raises(PerformerError, match="waist must be between 1 and 300 cm"):
            record_measurement(dancer, {"waist": 640}, "cm", date.today(), None)
        with pytest.raises(PerformerError, match="at least one measurement"):
            record_measurement(dancer, {}, "cm", date.today(), None)


def test_measurements_hidden_from_viewers(app, as_viewer):
    with app.app_context():
        dancer = make_performer()
        record_measurement(dancer, {"waist": 64.5}, "cm", date.today(), None)
        costume = dressed_costume()
        assignment_id = assign_costume(costume, dancer, None).id
        dancer_id = dancer.id
    page = as_viewer.get(f"/performers/{dancer_id}").get_data(as_text=True)
    assert "Measurements" not in page and "64.5" not in page
    page = as_viewer.get(f"/assignments/{assignment_id}").get_data(as_text=True)
    assert "visible to wardrobe staff only" in page and "64.5" not in page


@pytest.mark.parametrize(
    "unit, tolerance, waist, flagged",
    [
        ("cm", 2.0, 64, []),  # exact fit
        ("cm", 2.0, 66, []),  # exactly the tolerance apart: still fits
        ("cm", 2.0, 66.1, ["waist", "waist"]),  # beyond it: both pieces flagged
        ("in", 2.0, 26.0, ["waist", "waist"]),  # 66.04 cm
        ("in", 2.0, 25.9, []),  # 65.79 cm
        ("cm", 3.0, 66.5, []),
    ],
)
def test_fit_check_thresholds_in_both_units(app, unit, tolerance, waist, flagged):
    with app.app_context():
        dancer = make_performer()
        record_measurement(dancer, {"waist": waist}, unit, date.today(), None)
        costume = dressed_costume()  # tutu and bodice, both waist 64 cm
        flags = fit_check(dancer, costume, tolerance)
        assert [f.measurement for f in flags] == flagged
        for flag in flags:
            assert flag.action == "let out"


def test_fit_flags_shown_on_assignment_in_users_unit(app, as_wardrobe):
    with app.app_context():
        dancer = make_performer()
        record_measurement(dancer, {"chest": 90}, "cm", date.today(), None)
        assignment_id = assign_costume(dressed_costume(), dancer, None).id
    page = as_wardrobe.get(f"/assignments/{assignment_id}").get_data(as_text=True)
    assert "alteration: let out 6 cm" in page


def test_performer_form_and_list_filters(app, as_wardrobe):
    with app.app_context():
        principal = make_performer("Inès Laurent")
        make_performer("Clémence Aubry", kind="double", doubles_for_id=principal.id)
        make_performer("Sam Corps", kind="corps")
        from costume_tracker.lists.models import Site

        ny = db.session.scalar(db.select(Site.id).where(Site.name == "New York"))
    response = as_wardrobe.post(
        "/performers/new",
        data={"name": "Jordan Reyes", "company_site_id": str(ny), "kind": "soloist", "notes": ""},
    )
    assert response.status_code == 302
    text = as_wardrobe.get("/performers?has_double=1").get_data(as_text=True)
    assert "Inès Laurent" in text and "Sam Corps" not in text
    text = as_wardrobe.get(f"/performers?site={ny}").get_data(as_text=True)
    assert "Jordan Reyes" in text and "Inès Laurent" not in text


def test_double_of_a_double_is_refused(app, as_wardrobe):
    with app.app_context():
        principal = make_performer("Inès Laurent")
        double = make_performer("Clémence Aubry", kind="double", doubles_for_id=principal.id)
        double_id, site = double.id, principal.company_site_id
    text = as_wardrobe.post(
        "/performers/new",
        data={
            "name": "X",
            "company_site_id": str(site),
            "kind": "double",
            "doubles_for_id": str(double_id),
        },
    ).get_data(as_text=True)
    assert "is a double; choose the principal" in text or "Not a valid choice" in text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Performer.id))) == 2


def test_performer_list_shows_a_photo_or_initials(app, as_viewer):
    import io

    from PIL import Image

    from costume_tracker.catalog.photos import add_photo

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (20, 90, 160)).save(buffer, "PNG")
    with app.app_context():
        pictured = make_performer("Inès Laurent")
        photo_id = add_photo(pictured, buffer.getvalue(), "ines.png", None).id
        make_performer("Clémence Aubry", kind="double", doubles_for_id=pictured.id)
        make_performer("Madonna")
    text = as_viewer.get("/performers").get_data(as_text=True)
    assert f'src="/photos/{photo_id}/thumb" alt="Photo of Inès Laurent" loading="lazy"' in text
    assert '<span class="list-thumb avatar" aria-hidden="true">CA</span>' in text
    assert '<span class="list-thumb avatar" aria-hidden="true">M</span>' in text
    assert "doubles Inès Laurent" in text  # the phone row's second line
    text = as_viewer.get("/performers?kind=double&has_double=1").get_data(as_text=True)
    assert " Filters (2)</summary>" in text and "Clear filters" in text
