"""The script breakdown's rules and pages: episodes, scenes, cast, shooting days, changes."""

from datetime import date, timedelta

import pytest
from sqlalchemy import event

from costume_tracker.assignments.services import assign_costume
from costume_tracker.breakdown.models import Scene, SceneCast
from costume_tracker.breakdown.services import (
    BreakdownError,
    create_scene,
    read_story_day,
    save_cast,
    save_change,
    save_episode,
    save_shooting_day,
    story_day_shown,
    update_scene,
)
from costume_tracker.catalog.workflow import change_status
from costume_tracker.extensions import db
from tests.breakdown_factories import (
    cast,
    character,
    make_change,
    make_episode,
    make_scene,
    shooting_day,
)
from tests.conftest import dressed_costume, make_costume, make_garment, make_performer, site_id


def refused(call, field: str) -> str:
    """The reason the service gives for ``field``; fails when it accepts."""
    with pytest.raises(BreakdownError) as caught:
        call()
    db.session.rollback()
    assert field in caught.value.errors, caught.value.errors
    return caught.value.errors[field]


def scene_values(**changes):
    values = {"episode_id": make_episode(3).id, "number": "14", "story_day": "D3", "int_ext": "INT"}
    return values | changes


# ---------- Episodes and scenes ----------


@pytest.mark.parametrize("number", [0, 100, None])
def test_episode_number_is_1_to_99(app, number):
    with app.app_context():
        assert "1 to 99" in refused(lambda: save_episode(None, {"number": number}, None), "number")


def test_episode_number_is_unique(app):
    with app.app_context():
        save_episode(None, {"number": 3, "title": "Giselle"}, None)
        assert "already exists" in refused(
            lambda: save_episode(None, {"number": 3}, None), "number"
        )


def test_scene_number_is_stored_upper_case_and_unique_in_its_episode(app):
    with app.app_context():
        scene = create_scene(scene_values(number="14a"), None)
        assert scene.number == "14A" and scene.label == "3/14A"
        reason = refused(lambda: create_scene(scene_values(number="14A"), None), "number")
        assert "already has a scene 14A" in reason
        # The same number in another episode is another scene.
        create_scene(scene_values(number="14A", episode_id=make_episode(4).id), None)
        # Saving a scene under its own number is no clash.
        update_scene(scene, scene_values(number="14A", set_name="Foyer"), None)


@pytest.mark.parametrize("number", ["A14", "14ABC", "", "1 4-", "12345"])
def test_scene_number_is_digits_then_up_to_two_letters(app, number):
    with app.app_context():
        refused(lambda: create_scene(scene_values(number=number), None), "number")


def test_story_day_reads_d_n_and_french_j():
    assert read_story_day("d3") == "D3"
    assert read_story_day("N2") == "N2"
    assert read_story_day("J3") == "D3"
    assert read_story_day("") == ""
    assert read_story_day("X3") is None and read_story_day("D") is None


def test_story_day_refused_and_shown_in_french(app):
    with app.app_context():
        assert "not a story day" in refused(
            lambda: create_scene(scene_values(story_day="day 3"), None), "story_day"
        )
        assert create_scene(scene_values(story_day="j3"), None).story_day == "D3"
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        assert story_day_shown("D3") == "J3" and story_day_shown("N2") == "N2"
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert story_day_shown("D3") == "D3"


def test_int_ext_is_known(app):
    with app.app_context():
        refused(lambda: create_scene(scene_values(int_ext="OUT"), None), "int_ext")
        assert create_scene(scene_values(int_ext="int/ext"), None).int_ext == "INT/EXT"


# ---------- Cast ----------


def test_one_cast_row_per_character_editing_it_updates_it(app):
    with app.app_context():
        scene, aurora = make_scene(), character()
        one, two = make_change(aurora, "1"), make_change(aurora, "2")
        principal = make_performer("Inès Laurent")
        row = save_cast(scene, {"character_id": aurora.id, "performer_id": principal.id,
                                "change_id": one.id}, None)  # fmt: skip
        again = save_cast(scene, {"character_id": aurora.id, "change_id": two.id}, None)
        assert again.id == row.id and again.change_id == two.id
        assert again.performer_id == principal.id  # only the keys given change
        assert db.session.query(SceneCast).count() == 1


def test_change_must_be_the_row_characters(app):
    with app.app_context():
        scene, aurora, clara = make_scene(), character(), character("Clara", "The Nutcracker")
        hers = make_change(clara, "1")
        reason = refused(
            lambda: save_cast(scene, {"character_id": aurora.id, "change_id": hers.id}, None),
            "change_id",
        )
        assert "Clara" in reason and "Aurora" in reason


def test_double_must_double_for_the_performer(app):
    with app.app_context():
        scene, aurora = make_scene(), character()
        principal = make_performer("Inès Laurent")
        other = make_performer("Maya Okafor")
        double = make_performer("Léa Moreau", kind="double", doubles_for_id=principal.id)
        stranger = make_performer("Noa Petit", kind="double", doubles_for_id=other.id)
        values = {"character_id": aurora.id, "performer_id": principal.id}
        reason = refused(
            lambda: save_cast(scene, values | {"double_id": stranger.id}, None), "double_id"
        )
        assert "Noa Petit does not double for Inès Laurent" in reason
        refused(lambda: save_cast(scene, values | {"double_id": principal.id}, None), "double_id")
        row = save_cast(scene, values | {"double_id": double.id}, None)
        assert row.double_id == double.id


# ---------- Changes ----------


def test_change_number_unique_per_character(app):
    with app.app_context():
        aurora, clara = character(), character("Clara", "The Nutcracker")
        first = save_change(None, {"character_id": aurora.id, "number": "2a"}, None)
        assert first.number == "2A"
        reason = refused(
            lambda: save_change(None, {"character_id": aurora.id, "number": "2A"}, None), "number"
        )
        assert "Aurora already has a change 2A" in reason
        save_change(None, {"character_id": clara.id, "number": "2A"}, None)
        refused(lambda: save_change(None, {"character_id": aurora.id, "number": "B"}, None),
                "number")  # fmt: skip


def test_change_costume_is_a_hero_not_retired(app):
    with app.app_context():
        aurora = character()
        hero = make_costume("Aurora, wedding")
        multiple = make_costume("Aurora, wedding (copy)", hero_id=hero.id)
        values = {"character_id": aurora.id, "number": "1"}
        reason = refused(
            lambda: save_change(None, values | {"costume_id": multiple.id}, None), "costume_id"
        )
        assert hero.code in reason and "multiple" in reason
        retired = make_costume("Old")
        retired.retired = True
        db.session.commit()
        assert "retired" in refused(
            lambda: save_change(None, values | {"costume_id": retired.id}, None), "costume_id"
        )
        assert save_change(None, values | {"costume_id": hero.id}, None).costume_id == hero.id


def test_change_extras_by_tag_code(app):
    with app.app_context():
        aurora = character()
        crown = make_garment(name="Crown", category="headpiece")
        values = {"character_id": aurora.id, "number": "1"}
        reason = refused(
            lambda: save_change(None, values | {"extra_tags": [crown.tag_code, "ET-99999"]}, None),
            "extra_tags",
        )
        assert "ET-99999" in reason
        saved = save_change(None, values | {"extra_tags": [crown.tag_code.lower()]}, None)
        assert [g.id for g in saved.extras] == [crown.id]


# ---------- Shooting days ----------


def test_shooting_day_unique_per_site_and_date(app):
    with app.app_context():
        scene = make_scene()
        on = date(2026, 12, 3)
        values = {"shoot_date": on, "site_id": site_id(), "scene_ids": [scene.id]}
        day = save_shooting_day(None, values, None)
        assert [s.id for s in day.scenes] == [scene.id]
        assert "already has a shooting day" in refused(
            lambda: save_shooting_day(None, values, None), "shoot_date"
        )
        save_shooting_day(None, values | {"site_id": site_id("New York")}, None)
        assert "999" in refused(
            lambda: save_shooting_day(day, values | {"scene_ids": [999]}, None), "scene_ids"
        )


# ---------- Pages ----------


@pytest.fixture
def scene_with_cast(app):
    """Scene 3/14: Aurora's principal in change 1 (the hero, dressed) and a double with no
    multiple; one garment of the hero in the laundry; a Paris shooting day tomorrow."""
    with app.app_context():
        aurora = character()
        hero = dressed_costume("Aurora, Act III wedding")
        principal = make_performer("Inès Laurent")
        double = make_performer("Léa Moreau", kind="double", doubles_for_id=principal.id)
        assign_costume(hero, principal, None)
        change_status(hero.garments[0], "in laundry", None, None)
        change = make_change(aurora, "1", costume=hero)
        make_change(aurora, "2")
        scene = make_scene("14", 3)
        row = cast(scene, aurora, performer=principal, change=change, double=double)
        shooting_day(date.today() + timedelta(days=1), scene)
        return {"scene": scene.id, "row": row.id, "change": change.id, "character": aurora.id}


def test_scene_page_answers_who_wears_what(client, as_viewer, scene_with_cast):
    page = client.get(f"/scenes/{scene_with_cast['scene']}").get_data(as_text=True)
    assert "Inès Laurent" in page and "Léa Moreau" in page
    assert "no multiple assigned to Léa Moreau" in page
    assert "not ready" in page and "in laundry" in page
    assert "C-1" in page


def test_pages_answer_for_a_viewer(client, as_viewer, scene_with_cast):
    ids = scene_with_cast
    for url in (
        "/breakdown",
        "/episodes/3",
        f"/scenes/{ids['scene']}",
        "/shooting-days",
        f"/characters/{ids['character']}/changes",
        f"/changes/{ids['change']}",
    ):
        assert client.get(url).status_code == 200, url
    assert client.get("/episodes/3/edit").status_code == 403
    assert client.post(f"/scenes/{ids['scene']}/cast", data={}).status_code == 403


@pytest.mark.parametrize(
    "url", ["/episodes/9", "/scenes/999", "/changes/999", "/characters/999/changes",
            "/shooting-days/999/edit", "/scenes/999/edit", "/episodes/9/scenes/new"],
)  # fmt: skip
def test_unknown_ids_are_404(client, as_wardrobe, url):
    assert client.get(url).status_code == 404


def test_french_scene_page_shows_j(client, as_viewer, scene_with_cast):
    page = client.get("/episodes/3", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "J3" in page


def test_changing_a_scenes_change_is_one_submit(app, client, as_wardrobe, scene_with_cast):
    ids = scene_with_cast
    with app.app_context():
        two = db.session.scalar(db.select(SceneCast)).character_id
        from costume_tracker.breakdown.models import Change

        second = db.session.scalar(db.select(Change).where(Change.number == "2")).id
    prefix = f"row{ids['row']}"
    response = client.post(
        f"/scenes/{ids['scene']}/cast",
        data={f"{prefix}-cast_id": ids["row"], f"{prefix}-change_id": second,
              f"{prefix}-double_id": ""},
    )  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        row = db.session.get(SceneCast, ids["row"])
        assert row.change_id == second and row.double_id is None and row.character_id == two


def test_add_cast_by_form_and_refusal_names_the_change(app, client, as_wardrobe, scene_with_cast):
    ids = scene_with_cast
    with app.app_context():
        clara = character("Clara", "The Nutcracker").id
    data = {"add-character_id": clara, "add-performer": "P-1", "add-change": "7"}
    response = client.post(f"/scenes/{ids['scene']}/cast", data=data)
    assert response.status_code == 400
    assert "no change 7" in response.get_data(as_text=True)
    response = client.post(f"/scenes/{ids['scene']}/cast", data=data | {"add-change": ""})
    assert response.status_code == 302


def test_forms_create_episode_scene_change_and_day(app, client, as_wardrobe, scene_with_cast):
    ids = scene_with_cast
    assert client.post("/episodes/new", data={"number": "5", "title": "Swan"}).status_code == 302
    with app.app_context():
        ep5 = make_episode(5).id
    response = client.post(
        "/episodes/5/scenes/new",
        data={"episode_id": ep5, "number": "2b", "story_day": "N1", "int_ext": "EXT"},
    )
    assert response.status_code == 302
    response = client.post(
        f"/characters/{ids['character']}/changes/new",
        data={"number": "3", "costume": "C-1", "extras": "ET-00002"},
    )
    assert response.status_code == 302
    response = client.post(
        f"/characters/{ids['character']}/changes/new", data={"number": "4", "extras": "ET-77777"}
    )
    assert response.status_code == 200 and "ET-77777" in response.get_data(as_text=True)
    response = client.post(
        "/shooting-days/new",
        data={"shoot_date": "2026-12-20", "site_id": "1", "scene_ids": [str(ids["scene"])]},
    )
    assert response.status_code == 302
    page = client.get("/shooting-days").get_data(as_text=True)
    assert "3/14" in page


def test_remove_cast_row(app, client, as_wardrobe, scene_with_cast):
    ids = scene_with_cast
    assert client.post(f"/scenes/{ids['scene']}/cast/999/remove").status_code == 404
    response = client.post(f"/scenes/{ids['scene']}/cast/{ids['row']}/remove")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(SceneCast, ids["row"]) is None


def _statements(app, client, path: str) -> int:
    counter = {"n": 0}

    def count(*_args):
        counter["n"] += 1

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(path).status_code == 200, path
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return counter["n"]


def _grow(scenes: int, start: int) -> None:
    """More scenes in episode 3, each with Aurora in change 1 and shot on a day of its own."""
    aurora = character()
    first = db.session.scalar(db.select(SceneCast)).change
    for n in range(start, start + scenes):
        scene = make_scene(str(100 + n), 3)
        cast(scene, aurora, change=first)
        make_change(aurora, str(10 + n))
        shooting_day(date(2027, 1, 1) + timedelta(days=n), scene)


def test_list_pages_run_no_query_per_row(app, client, as_viewer, scene_with_cast):
    ids = scene_with_cast
    paths = ("/breakdown", "/episodes/3", "/shooting-days", f"/changes/{ids['change']}",
             f"/characters/{ids['character']}/changes")  # fmt: skip
    with app.app_context():
        _grow(2, 0)
    before = {path: _statements(app, client, path) for path in paths}
    with app.app_context():
        _grow(20, 2)
    after = {path: _statements(app, client, path) for path in paths}
    assert after == before


def _more_cast(count: int, start: int, scene_id: int) -> None:
    """More characters in the scene, each dressed in a change of the first costume."""
    scene = db.session.get(Scene, scene_id)
    costume = db.session.scalar(db.select(SceneCast)).change.costume
    for n in range(start, start + count):
        who = character(f"Fairy {n}")
        performer = make_performer(f"Dancer {n}")
        double = make_performer(f"Double {n}", kind="double", doubles_for_id=performer.id)
        cast(scene, who, performer=performer, change=make_change(who, "1", costume), double=double)


def test_scene_page_runs_no_query_per_cast_row(app, client, as_wardrobe, scene_with_cast):
    path = f"/scenes/{scene_with_cast['scene']}"
    with app.app_context():
        _more_cast(2, 0, scene_with_cast["scene"])
    before = _statements(app, client, path)
    with app.app_context():
        _more_cast(8, 2, scene_with_cast["scene"])
    assert _statements(app, client, path) == before


def test_an_import_can_apply_many_rows_in_one_transaction(app):
    with app.app_context():
        episode = save_episode(None, {"number": 6}, None, commit=False)
        create_scene(scene_values(episode_id=episode.id, number="1"), None, commit=False)
        refused(
            lambda: create_scene(
                scene_values(episode_id=episode.id, number="1"), None, commit=False
            ),
            "number",
        )  # nothing was committed: rolling the refusal back leaves no row of the batch
        assert db.session.scalar(db.select(db.func.count()).select_from(Scene)) == 0
