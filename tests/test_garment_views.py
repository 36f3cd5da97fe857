"""Garment pages: create, edit, list filters, status, retire, history."""

import io

import pytest
from PIL import Image

from costume_tracker.catalog.models import Garment
from costume_tracker.catalog.photos import add_photo
from costume_tracker.extensions import db
from costume_tracker.history.models import Event
from costume_tracker.lists.models import Location
from tests.conftest import make_costume, make_garment, production_id, site_id


def _form(app, **overrides):
    with app.app_context():
        data = {
            "name": "Lilac Fairy tutu",
            "category": "tutu",
            "home_site_id": site_id(),
            "production_id": production_id(),
            "condition": "good",
            "net_layers": "13",
            "tutu_style": "classical pancake",
            "hoop": "yes",
            "colour": "lilac",
        }
    data.update(overrides)
    return data


def test_create_tutu_assigns_tag_and_records_event(app, as_wardrobe):
    response = as_wardrobe.post("/garments/new", data=_form(app))
    assert response.status_code == 302
    with app.app_context():
        garment = db.session.scalar(db.select(Garment))
        assert garment.tag_code == "ET-00001"
        assert (garment.net_layers, garment.hoop) == (13, True)
        event = db.session.scalar(db.select(Event).where(Event.garment_id == garment.id))
        assert event.kind == "create" and event.user.email == "wardrobe@example.org"
    page = as_wardrobe.get(response.headers["Location"]).get_data(as_text=True)
    assert "ET-00001" in page and "13 net layers" in page


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"net_layers": ""}, "A tutu needs its net-layer count"),
        (
            {"category": "bodice", "tutu_style": "", "hoop": ""},
            "Net layers applies only to tutus; this garment is a bodice.",
        ),
        ({"net_layers": "45"}, "Net layers must be between 1 and 30"),
        ({"net_layers": "many"}, "Give a whole number such as 13."),
        ({"name": ""}, "This field is required"),
        ({"costume": "C-999"}, "No costume matches"),
        ({"replacement_cost": "-5"}, "A cost cannot be negative."),
    ],
)
def test_create_refuses_bad_input_with_named_field(app, as_wardrobe, overrides, message):
    response = as_wardrobe.post("/garments/new", data=_form(app, **overrides))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Garment.id))) == 0


def test_edit_changes_layer_count_and_history_shows_who_and_what(app, as_wardrobe):
    with app.app_context():
        garment = make_garment(category="tutu", net_layers=13, name="Aurora tutu")
        garment_id = garment.id
    data = _form(app, name="Aurora tutu", net_layers="14", version="1")
    response = as_wardrobe.post(f"/garments/{garment_id}/edit", data=data)
    assert response.status_code == 302
    page = as_wardrobe.get(f"/garments/{garment_id}").get_data(as_text=True)
    assert "net layers</b>: 13 → 14" in page
    assert "Wardrobe" in page


def test_edit_on_stale_copy_is_refused(app, as_wardrobe):
    with app.app_context():
        garment_id = make_garment(category="tutu", name="Aurora tutu").id
    first = as_wardrobe.post(
        f"/garments/{garment_id}/edit",
        data=_form(app, name="Aurora tutu", colour="gold", version="1"),
    )
    assert first.status_code == 302
    second = as_wardrobe.post(
        f"/garments/{garment_id}/edit",
        data=_form(app, name="Aurora tutu", colour="red", version="1"),
    )
    assert "Someone else changed this garment" in second.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Garment, garment_id).colour == "gold"


def test_list_filters_live_in_the_url(app, as_viewer):
    with app.app_context():
        make_garment(category="tutu", name="Aurora tutu", net_layers=13)
        make_garment(category="tutu", name="Practice tutu", net_layers=9)
        make_garment(
            category="tutu", name="Snowflake tutu", net_layers=13, home_site_id=site_id("New York")
        )
        make_garment(name="Bodice")
        paris = site_id()
    page = as_viewer.get(f"/garments?category=tutu&site={paris}&net_layers=13")
    text = page.get_data(as_text=True)
    assert "Aurora tutu" in text
    assert "Practice tutu" not in text and "Snowflake tutu" not in text and ">Bodice<" not in text
    assert "1 found" in text


def test_list_search_sort_and_paging(app, as_viewer):
    app.config["PER_PAGE"] = 2
    with app.app_context():
        for name in ("Crimson cape", "Amber sash", "Blue jacket"):
            make_garment(name=name, notes="velvet" if name == "Blue jacket" else "")
    text = as_viewer.get("/garments?sort=name").get_data(as_text=True)
    assert text.index("Amber sash") < text.index("Blue jacket")
    assert "Crimson cape" not in text and "Page 1 of 2" in text
    text = as_viewer.get("/garments?sort=name&page=2").get_data(as_text=True)
    assert "Crimson cape" in text
    assert "Blue jacket" in as_viewer.get("/garments?q=VELVET").get_data(as_text=True)
    assert "Blue jacket" in as_viewer.get("/garments?q=et-00003").get_data(as_text=True)


def test_status_change_and_refused_transition(app, as_wardrobe):
    with app.app_context():
        garment_id = make_garment().id
        rack = db.session.scalar(db.select(Location.id).where(Location.name == "Rack A1"))
    response = as_wardrobe.post(
        f"/garments/{garment_id}/status",
        data={"status": "in laundry", "location_id": "", "version": "1"},
    )
    assert response.status_code == 302
    as_wardrobe.post(f"/garments/{garment_id}/retire", data={"reason": "Moth damage"})
    response = as_wardrobe.post(
        f"/garments/{garment_id}/status", data={"status": "in laundry", "location_id": str(rack)}
    )
    assert response.status_code == 400
    assert "is retired; a retired garment cannot go in laundry" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Garment, garment_id).status == "retired"
        kinds = db.session.scalars(db.select(Event.kind).where(Event.garment_id == garment_id))
        assert list(kinds) == ["create", "status", "retire"]


def test_retired_garment_leaves_the_list_but_keeps_its_page(app, as_wardrobe):
    with app.app_context():
        garment_id = make_garment(name="Torn shirt").id
    as_wardrobe.post(f"/garments/{garment_id}/retire", data={"reason": "Torn"})
    assert "Torn shirt" not in as_wardrobe.get("/garments").get_data(as_text=True)
    assert "Torn shirt" in as_wardrobe.get("/garments?include_retired=1").get_data(as_text=True)
    assert as_wardrobe.get(f"/garments/{garment_id}").status_code == 200


def test_scan_url_accepts_any_case_and_unknown_tags_get_a_page(app, as_viewer):
    with app.app_context():
        make_garment(name="Wedding bodice")
    assert "Wedding bodice" in as_viewer.get("/g/et-00001").get_data(as_text=True)
    assert "Wedding bodice" in as_viewer.get("/G/ET-00001").get_data(as_text=True)
    response = as_viewer.get("/g/ZZ-12345")
    assert response.status_code == 404
    assert "Unknown tag" in response.get_data(as_text=True)


def test_garment_joins_costume_by_code(app, as_wardrobe):
    with app.app_context():
        costume = make_costume()
        code = costume.code
    response = as_wardrobe.post(
        "/garments/new", data=_form(app, costume=f"{code} Aurora, Act III wedding")
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(Garment)).costume.code == code


def _png(colour=(200, 40, 90)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, "PNG")
    return buffer.getvalue()


def test_list_rows_show_each_garments_first_photo(app, as_viewer):
    with app.app_context():
        pictured = make_garment(name="Lilac tutu", category="tutu")
        first = add_photo(pictured, _png(), "front.png", None).id
        add_photo(pictured, _png((0, 0, 0)), "back.png", None)
        make_garment(name="Plain bodice")
    text = as_viewer.get("/garments").get_data(as_text=True)
    # Sized before it loads (no jump), loaded when scrolled to, described in words.
    assert (
        f'<img class="list-thumb" src="/photos/{first}/thumb" alt="Photo of Lilac tutu" '
        'loading="lazy" decoding="async" width="48" height="48">'
    ) in text
    assert text.count('<img class="list-thumb"') == 1
    assert 'class="list-thumb no-photo" aria-hidden="true"' in text  # the bodice has none
    french = as_viewer.get("/garments", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert 'alt="Photo de Lilac tutu"' in french


def test_filters_button_counts_the_filters_set_and_one_link_clears_them(app, as_viewer):
    with app.app_context():
        make_garment(name="Aurora tutu", category="tutu")
        paris = site_id()
    text = as_viewer.get("/garments").get_data(as_text=True)
    assert '<details class="filter-panel">' in text and " Filters</summary>" in text
    assert "Clear filters" not in text
    # Sort and page are not filters: two are counted, and clearing keeps the order.
    text = as_viewer.get(f"/garments?category=tutu&site={paris}&sort=name&page=1").text
    assert " Filters (2)</summary>" in text
    assert '<a class="clear-filters" href="/garments?sort=name">' in text
    french = as_viewer.get(
        f"/garments?category=tutu&site={paris}", headers={"Accept-Language": "fr"}
    ).text
    assert " Filtres (2)</summary>" in french and "Effacer les filtres" in french
    # The search box is in view, not behind the button: it is not counted, but clearing does.
    text = as_viewer.get("/garments?q=aurora").get_data(as_text=True)
    assert " Filters</summary>" in text and '<a class="clear-filters" href="/garments">' in text
    assert "Clear filters" in text
    text = as_viewer.get("/garments?include_retired=1&net_layers=13&status=in+stock").text
    assert " Filters (3)</summary>" in text
