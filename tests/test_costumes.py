"""Costumes: garments in and out, multiples and their hero, list filters."""

import io

from PIL import Image

from costume_tracker.catalog.models import Costume, Garment
from costume_tracker.catalog.photos import add_photo
from costume_tracker.extensions import db
from costume_tracker.history.models import Event
from costume_tracker.lists.models import Character
from tests.conftest import dressed_costume, make_costume, make_garment, production_id


def test_create_costume_for_a_character(app, as_wardrobe):
    with app.app_context():
        aurora = db.session.scalar(db.select(Character.id).where(Character.name == "Aurora"))
    response = as_wardrobe.post(
        "/costumes/new",
        data={
            "name": "Aurora, Act III wedding",
            "look": "Act III wedding",
            "production_id": "",
            "character_id": str(aurora),
        },
    )
    assert response.status_code == 302
    with app.app_context():
        costume = db.session.scalar(db.select(Costume))
        # The production follows from the character.
        assert costume.production.name == "Sleeping Beauty"


def test_character_from_another_production_is_refused(app, as_wardrobe):
    with app.app_context():
        clara = db.session.scalar(db.select(Character.id).where(Character.name == "Clara"))
        beauty = production_id()
    response = as_wardrobe.post(
        "/costumes/new",
        data={"name": "Mixed", "production_id": str(beauty), "character_id": str(clara)},
    )
    assert "Clara belongs to The Nutcracker" in response.get_data(as_text=True)


def test_garments_move_between_costumes_with_history(app, as_wardrobe):
    with app.app_context():
        first, second = make_costume("Aurora Act I"), make_costume("Aurora Act III")
        garment = make_garment(costume_id=first.id)
        ids = first.id, second.id, garment.id
    response = as_wardrobe.post(f"/costumes/{ids[1]}/garments", data={"tag": " et-00001 "})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Garment, ids[2]).costume_id == ids[1]
        summaries = db.session.scalars(db.select(Event.summary).where(Event.garment_id == ids[2]))
        assert any("Moved from Aurora Act I" in s for s in summaries)
    page = as_wardrobe.get(f"/costumes/{ids[1]}").get_data(as_text=True)
    assert "ET-00001" in page
    assert (
        "ET-00001"
        not in as_wardrobe.get(f"/costumes/{ids[0]}")
        .get_data(as_text=True)
        .split('<h2 id="history">')[0]
    )
    response = as_wardrobe.post(
        f"/costumes/{ids[1]}/garments", data={"tag": "ET-99999"}, follow_redirects=True
    )
    assert "No garment has tag code &#39;ET-99999&#39;" in response.get_data(as_text=True)


def test_remove_garment_from_costume(app, as_wardrobe):
    with app.app_context():
        costume = make_costume()
        garment = make_garment(costume_id=costume.id)
        ids = costume.id, garment.id
    as_wardrobe.post(f"/costumes/{ids[0]}/garments/{ids[1]}/remove")
    with app.app_context():
        assert db.session.get(Garment, ids[1]).costume_id is None


def test_multiples_list_on_hero_and_copies_of_copies_join_the_hero(app, as_wardrobe):
    with app.app_context():
        hero = make_costume("Aurora wedding")
        copy = make_costume("Aurora wedding (double)", hero_id=hero.id)
        hero_id, copy_id = hero.id, copy.id
    response = as_wardrobe.post(
        "/costumes/new",
        data={"name": "Aurora wedding (stand-in)", "hero": f"C-{copy_id}", "production_id": ""},
    )
    assert response.status_code == 302
    with app.app_context():
        standin = db.session.scalar(db.select(Costume).where(Costume.name.like("%stand-in%")))
        assert standin.hero_id == hero_id
    page = as_wardrobe.get(f"/costumes/{hero_id}").get_data(as_text=True)
    assert "Aurora wedding (double)" in page and "Aurora wedding (stand-in)" in page
    page = as_wardrobe.get(f"/costumes/{copy_id}").get_data(as_text=True)
    assert "This is a multiple of" in page


def test_hero_with_multiples_cannot_become_a_copy(app, as_wardrobe):
    with app.app_context():
        hero = make_costume("Hero")
        make_costume("Copy", hero_id=hero.id)
        other = make_costume("Other")
        hero_id, other_id = hero.id, other.id
    response = as_wardrobe.post(
        f"/costumes/{hero_id}/edit",
        data={"name": "Hero", "hero": f"C-{other_id}", "production_id": ""},
    )
    assert "it cannot itself be a copy" in response.get_data(as_text=True)
    response = as_wardrobe.post(
        f"/costumes/{other_id}/edit",
        data={"name": "Other", "hero": f"C-{other_id}", "production_id": ""},
    )
    assert "cannot be a multiple of itself" in response.get_data(as_text=True)


def test_costume_list_filters_and_suggestions(app, as_viewer):
    with app.app_context():
        hero = make_costume("Sugar Plum Fairy")
        make_costume("Sugar Plum Fairy (double)", hero_id=hero.id)
        make_costume("Snowflake")
    text = as_viewer.get("/costumes?multiples=copies").get_data(as_text=True)
    assert "Sugar Plum Fairy (double)" in text and "Snowflake" not in text
    text = as_viewer.get("/costumes?q=snow").get_data(as_text=True)
    assert "Snowflake" in text and "Sugar" not in text
    rows = as_viewer.get("/costumes/suggest?q=plum").get_json()
    assert [row["value"] for row in rows] == [
        "C-1 Sugar Plum Fairy",
        "C-2 Sugar Plum Fairy (double)",
    ]


def _png(colour=(200, 40, 90)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, "PNG")
    return buffer.getvalue()


def test_costume_list_and_page_show_the_costume_photo_else_a_garments(app, as_viewer):
    with app.app_context():
        own = dressed_costume("Sugar Plum Fairy")
        own_photo = add_photo(own, _png(), "sugar-plum.png", None).id
        add_photo(own.garments[0], _png((0, 0, 0)), "tutu.png", None)
        borrowed = dressed_costume("Snowflake")
        tutu = next(g for g in borrowed.garments if g.is_tutu)
        tutu_photo = add_photo(tutu, _png((10, 10, 200)), "snow-tutu.png", None).id
        tutu_tag, bare_id, own_id = tutu.tag_code, make_costume("Bare").id, own.id
        borrowed_id = borrowed.id
    text = as_viewer.get("/costumes").get_data(as_text=True)
    assert f'src="/photos/{own_photo}/thumb" alt="Photo of Sugar Plum Fairy" loading="lazy"' in text
    assert f'src="/photos/{tutu_photo}/thumb" alt="Photo of Snowflake" loading="lazy"' in text
    assert text.count('<img class="list-thumb"') == 2  # "Bare" has an empty frame
    assert "2 garments" in text  # the phone row's second line
    # The costume page opens on its photo, then its garments with their thumbnails.
    page = as_viewer.get(f"/costumes/{own_id}").get_data(as_text=True)
    hero = page.index('<figure class="costume-hero">')
    assert f'src="/photos/{own_photo}/thumb"' in page[hero : hero + 400]
    assert hero < page.index("<h1>") < page.index('id="costume-garments"')
    assert page.count('<img class="list-thumb"') == 1
    # No photo of its own: the first garment photo, captioned with that garment.
    page = as_viewer.get(f"/costumes/{borrowed_id}").get_data(as_text=True)
    assert f'src="/photos/{tutu_photo}/thumb" alt="Photo of Wedding tutu"' in page
    assert f">{tutu_tag}</a> Wedding tutu</figcaption>" in page
    page = as_viewer.get(f"/costumes/{bare_id}").get_data(as_text=True)
    assert "costume-hero" not in page and "costume-top no-photo" in page


def test_costume_filters_are_counted(app, as_viewer):
    with app.app_context():
        make_costume("Snowflake")
        production = production_id()
    text = as_viewer.get(f"/costumes?production={production}&multiples=heroes").text
    assert " Filters (2)</summary>" in text and 'class="clear-filters" href="/costumes"' in text
    assert "Clear filters" not in as_viewer.get("/costumes").text
