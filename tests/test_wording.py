"""Counts in words and history as people read it: 'hoop: no → yes', '1 change'."""

import pytest

from costume_tracker.history.readable import change_lines, value_text
from costume_tracker.wording import plural
from tests.conftest import make_costume, make_garment, production_id, site_id


@pytest.mark.parametrize(
    "n, one, many, expected",
    [
        (0, "change", "changes", "0 changes"),
        (1, "change", "changes", "1 change"),
        (2, "change", "changes", "2 changes"),
        (4, "change", "changes", "4 changes"),
        (1, "garment", "garments", "1 garment"),
        (3, "garment", "garments", "3 garments"),
        (1, "multiple", "multiples", "1 multiple"),
        (21, "gap", "gaps", "21 gaps"),
    ],
)
def test_plural_words(n, one, many, expected):
    assert plural(n, one, many) == expected


def test_plural_with_a_shown_count():
    assert plural(1000, "garment", "garments", "1,000+") == "1,000+ garments"


@pytest.mark.parametrize(
    "key, value, unit, expected",
    [
        ("hoop", True, "cm", "yes"),
        ("hoop", False, "cm", "no"),
        ("hoop", None, "cm", "—"),
        ("shared", False, "cm", "no"),
        ("waist_cm", 64, "cm", "64 cm"),
        ("waist_cm", 66.675, "in", "26¼ in"),
        ("skirt_length_cm", 40.5, "cm", "40.5 cm"),
        ("replacement_cost", "1200.5", "cm", "1,200.50"),
        ("net_layers", 13, "cm", "13"),
        ("status", "in laundry", "cm", "in laundry"),
        ("location", "Paris · Rack A1", "cm", "Paris · Rack A1"),
        ("colour", "", "cm", "—"),
    ],
)
def test_logged_values_read_as_words_and_units(key, value, unit, expected):
    assert value_text(key, value, unit) == expected


def test_change_lines_name_fields_without_codes():
    lines = change_lines({"net_layers": [13, 14], "waist_cm": [64, 66], "hoop": [False, True]})
    assert lines == [("net layers", "13", "14"), ("waist", "64 cm", "66 cm"), ("hoop", "no", "yes")]


def _tutu_form(**overrides):
    data = {
        "name": "Lilac Fairy tutu", "category": "tutu", "home_site_id": site_id(),
        "production_id": production_id(), "condition": "good", "net_layers": "13",
        "tutu_style": "classical pancake", "hoop": "no", "colour": "lilac", "version": "1",
    }  # fmt: skip
    return data | overrides


def _lilac_tutu() -> int:
    garment = make_garment(
        category="tutu", name="Lilac Fairy tutu", hoop=False, colour="lilac",
        tutu_style="classical pancake",
    )  # fmt: skip
    return garment.id


def test_garment_history_shows_hoop_as_yes_and_no(app, as_wardrobe):
    with app.app_context():
        garment_id = _lilac_tutu()
        data = _tutu_form(hoop="yes")
    response = as_wardrobe.post(f"/garments/{garment_id}/edit", data=data, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Saved 1 change to ET-00001." in page
    assert "<b>hoop</b>: no → yes" in page
    assert "False" not in page and "True" not in page


def test_edit_of_two_fields_says_changes(app, as_wardrobe):
    with app.app_context():
        garment_id = _lilac_tutu()
        data = _tutu_form(hoop="yes", net_layers="14")
    response = as_wardrobe.post(f"/garments/{garment_id}/edit", data=data, follow_redirects=True)
    assert "Saved 2 changes to ET-00001." in response.get_data(as_text=True)


@pytest.mark.parametrize("count, words", [(1, "1 garment"), (2, "2 garments")])
def test_costume_page_counts_a_multiples_garments_in_words(app, as_wardrobe, count, words):
    with app.app_context():
        hero = make_costume("Aurora, Act III wedding")
        copy = make_costume("Aurora, multiple 1", hero_id=hero.id)
        for n in range(count):
            make_garment(name=f"Piece {n}", costume_id=copy.id)
        hero_id = hero.id
    page = as_wardrobe.get(f"/costumes/{hero_id}").get_data(as_text=True)
    assert f"— {words}" in page and "garment(s)" not in page
