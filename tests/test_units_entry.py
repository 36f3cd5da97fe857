"""Lengths typed in inches (quarters, eighths) or cm, on performer and garment forms."""

from datetime import date

import pytest

from costume_tracker.auth.models import User
from costume_tracker.catalog.models import Garment
from costume_tracker.extensions import db
from costume_tracker.history.models import Event
from costume_tracker.people.models import Measurement
from costume_tracker.people.units import from_unit, show, to_input
from tests.conftest import make_garment, make_performer, production_id, site_id


def _use_unit(users, unit: str) -> None:
    db.session.get(User, users["wardrobe"]).unit = unit
    db.session.commit()


@pytest.mark.parametrize(
    "typed, shown",
    [(26.75, "26¾ in"), (26.125, "26⅛ in"), (26.5, "26½ in"), (26.875, "26⅞ in"), (26, "26 in"),
     (0.375, "⅜ in"), (33.25, "33¼ in")],
)  # fmt: skip
def test_eighths_of_an_inch_survive_storage_in_cm(typed, shown):
    cm = from_unit(typed, "in")
    assert to_input(cm, "in") == typed
    assert show(cm, "in") == shown


def test_inches_display_to_the_nearest_eighth():
    assert show(86, "cm") == "86 cm" and show(86, "in") == "33⅞ in"  # 33.858 in


@pytest.mark.parametrize("typed, shown", [("26.75", "26¾ in"), ("26.125", "26⅛ in")])
def test_performer_measured_in_inches_round_trips(app, as_wardrobe, users, typed, shown):
    with app.app_context():
        _use_unit(users, "in")
        dancer_id = make_performer().id
    response = as_wardrobe.post(
        f"/performers/{dancer_id}/measurements",
        data={"measured_on": "2026-11-20", "waist": typed},
    )
    assert response.status_code == 302
    with app.app_context():
        waist = db.session.scalar(db.select(Measurement.waist))
        assert waist == pytest.approx(float(typed) * 2.54, abs=1e-9)
    page = as_wardrobe.get(f"/performers/{dancer_id}").get_data(as_text=True)
    assert shown in page
    assert "Waist (in)" in page and "in inches" in page and "in in<" not in page
    assert 'step="any"' in page


def test_performer_measured_in_cm_round_trips(app, as_wardrobe, users):
    with app.app_context():
        dancer_id = make_performer().id
    as_wardrobe.post(
        f"/performers/{dancer_id}/measurements",
        data={"measured_on": "2026-11-20", "waist": "67.5", "hips": "91,5"},
    )
    with app.app_context():
        sheet = db.session.scalar(db.select(Measurement))
        assert (sheet.waist, sheet.hips) == (67.5, 91.5)
    page = as_wardrobe.get(f"/performers/{dancer_id}").get_data(as_text=True)
    assert "67.5 cm" in page and "Waist (cm)" in page


@pytest.mark.parametrize("unit, typed", [("in", "150"), ("in", "0.1"), ("cm", "400")])
def test_out_of_range_length_is_shown_next_to_its_field(app, as_wardrobe, users, unit, typed):
    with app.app_context():
        _use_unit(users, unit)
        dancer_id = make_performer().id
    response = as_wardrobe.post(
        f"/performers/{dancer_id}/measurements", data={"measured_on": "2026-11-20", "waist": typed}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f"Waist ({unit}): Must be between" in page
    assert 'href="#waist"' in page  # the error summary links to the field
    assert '<details class="measure-form" open>' in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Measurement.id))) == 0


def _garment_form(**overrides):
    data = {
        "name": "Wedding bodice", "category": "bodice", "home_site_id": site_id(),
        "production_id": production_id(), "condition": "good", "colour": "ivory",
    }  # fmt: skip
    return data | overrides


@pytest.mark.parametrize("typed", ["26.75", "26.125", "25"])
def test_garment_key_measurements_in_inches_round_trip(app, as_wardrobe, users, typed):
    with app.app_context():
        _use_unit(users, "in")
        data = _garment_form(waist_cm=typed, chest_cm="33.5")
    response = as_wardrobe.post("/garments/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        garment = db.session.scalar(db.select(Garment))
        assert garment.waist_cm == pytest.approx(float(typed) * 2.54, abs=1e-9)
        garment_id = garment.id
    form = as_wardrobe.get(f"/garments/{garment_id}/edit").get_data(as_text=True)
    assert "Waist (in)" in form and f'value="{float(typed):g}"' in form
    page = as_wardrobe.get(f"/garments/{garment_id}").get_data(as_text=True)
    assert show(float(typed) * 2.54, "in") in page and "33½ in" in page


def test_garment_key_measurements_in_cm_round_trip(app, as_wardrobe):
    with app.app_context():
        data = _garment_form(waist_cm="64.5")
    as_wardrobe.post("/garments/new", data=data)
    with app.app_context():
        garment_id = db.session.scalar(db.select(Garment.id))
    form = as_wardrobe.get(f"/garments/{garment_id}/edit").get_data(as_text=True)
    assert "Waist (cm)" in form and 'value="64.5"' in form
    assert "64.5 cm" in as_wardrobe.get(f"/garments/{garment_id}").get_data(as_text=True)


def test_saving_a_garment_unchanged_in_inches_keeps_its_centimetres(app, as_wardrobe, users):
    with app.app_context():
        _use_unit(users, "in")
        garment = make_garment(waist_cm=64, chest_cm=84)  # 25.197 in, shown as 25¼
        garment_id = garment.id
        data = _garment_form(waist_cm="25.25", chest_cm="33.125", version="1")
    response = as_wardrobe.post(f"/garments/{garment_id}/edit", data=data, follow_redirects=True)
    assert "Nothing changed." in response.get_data(as_text=True)
    with app.app_context():
        garment = db.session.get(Garment, garment_id)
        assert (garment.waist_cm, garment.chest_cm) == (64, 84)
        assert db.session.scalar(db.select(db.func.count()).where(Event.kind == "edit")) == 0


def test_account_offers_cm_or_inches(as_wardrobe):
    page = as_wardrobe.get("/account").get_data(as_text=True)
    assert "Measurement unit" in page and ">inches</option>" in page
    assert "Measurements in" not in page


def test_tolerance_and_fit_read_in_inches(app, as_wardrobe, users):
    from costume_tracker.assignments.services import assign_costume
    from costume_tracker.people.services import record_measurement
    from tests.conftest import dressed_costume

    with app.app_context():
        _use_unit(users, "in")
        dancer = make_performer()
        record_measurement(dancer, {"chest": 90}, "cm", date.today(), None)
        assignment_id = assign_costume(dressed_costume(), dancer, None).id
    page = as_wardrobe.get(f"/assignments/{assignment_id}").get_data(as_text=True)
    assert "alteration: let out 2⅜ in" in page  # 6 cm
