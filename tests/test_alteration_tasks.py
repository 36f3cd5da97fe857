"""Alteration tasks: states, mirrors on multiples, the workroom queue, fit check to tasks."""

import html
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from costume_tracker.assignments.alteration_tasks import create_task
from costume_tracker.assignments.alterations import AlterationError, move_alteration
from costume_tracker.assignments.doubles import create_multiple
from costume_tracker.assignments.models import Alteration
from costume_tracker.assignments.services import assign_costume
from costume_tracker.auth.models import User
from costume_tracker.catalog.costumes import retire_costume
from costume_tracker.catalog.models import Costume
from costume_tracker.extensions import db
from costume_tracker.history.models import Event
from costume_tracker.i18n import times
from costume_tracker.lists.models import Site
from costume_tracker.people.services import record_measurement
from tests.conftest import dressed_costume, make_garment, make_performer, site_id

FR = {"Accept-Language": "fr"}
# 02:00 UTC on 3 December: already the 3rd in Paris, still the 2nd in New York.
NIGHT = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)


def counts() -> tuple[int, int]:
    """How many alterations and alteration events exist."""
    return (
        db.session.scalar(select(func.count(Alteration.id))),
        db.session.scalar(select(func.count(Event.id)).where(Event.kind == "alteration")),
    )


def user(role: str = "wardrobe") -> User:
    return db.session.scalar(select(User).where(User.role == role))


def set_zones() -> None:
    """The two sites in their real zones (the shared factories leave them in UTC)."""
    for site in db.session.scalars(select(Site)):
        site.timezone = {"Paris": "Europe/Paris", "New York": "America/New_York"}[site.name]
    db.session.commit()


@pytest.fixture
def hero(app, users):
    """A hero costume (tutu and bodice, Paris) with two multiples, the second retired."""
    with app.app_context():
        set_zones()
        costume = dressed_costume()
        first = create_multiple(costume, None)
        second = create_multiple(costume, None)
        db.session.commit()
        retire_costume(second, None, "Torn beyond repair")
        db.session.commit()
        return {"hero": costume.id, "first": first.id, "second": second.id}


@pytest.fixture
def night(monkeypatch):
    monkeypatch.setattr(times, "now", lambda: NIGHT)


def test_states_move_forward_and_back_and_refuse_the_rest(app, hero, as_wardrobe):
    with app.app_context():
        costume = db.session.get(Costume, hero["hero"])
        task = create_task(costume, "Hem raised 2 cm", user(), garment=costume.garments[0])
        assert (task.state, task.done_at, task.site_id) == ("to do", None, site_id("Paris"))
        move_alteration(task, "doing", user())
        assert task.state == "doing" and task.pending
        with pytest.raises(AlterationError, match="already in progress"):
            move_alteration(task, "doing", user())
        move_alteration(task, "done", user())
        assert task.state == "done" and task.done_at and task.done_by_id == user().id
        with pytest.raises(AlterationError, match="reopened as in progress first"):
            move_alteration(task, "to do", user())
        with pytest.raises(AlterationError, match="not a task state"):
            move_alteration(task, "lost", user())
        move_alteration(task, "doing", user())
        assert task.state == "doing" and task.done_at is None and task.done_by_id is None
        move_alteration(task, "to do", user())
        assert task.state == "to do"
        summaries = db.session.scalars(
            select(Event.summary).where(Event.kind == "alteration").order_by(Event.id)
        ).all()
        assert summaries[0] == "To do: Hem raised 2 cm"
        assert "Doing: Hem raised 2 cm" in summaries and "Done: Hem raised 2 cm" in summaries
    page = as_wardrobe.get(f"/costumes/{hero['hero']}").text
    assert "Alteration in progress: Hem raised 2 cm" in page  # the history, in words


def test_done_on_a_hero_flags_each_live_multiple_once(app, hero):
    with app.app_context():
        costume = db.session.get(Costume, hero["hero"])
        bodice = costume.garments[1]
        task = create_task(costume, "Bodice taken in 1 cm at the waist", user(), garment=bodice)
        assert move_alteration(task, "doing", user()) == 0
        assert move_alteration(task, "done", user()) == 1
        mirrors = db.session.scalars(select(Alteration).where(Alteration.mirrors_id == task.id))
        mirrors = mirrors.all()
        assert [m.costume_id for m in mirrors] == [hero["first"]]  # none on the retired one
        mirror = mirrors[0]
        assert (mirror.state, mirror.description) == ("to do", "Bodice taken in 1 cm at the waist")
        assert mirror.garment.costume_id == hero["first"] and mirror.garment.name == bodice.name
        # Reopened and done again: still one mirror.
        move_alteration(task, "doing", user())
        assert move_alteration(task, "done", user()) == 0
        assert (
            db.session.scalar(
                select(func.count(Alteration.id)).where(Alteration.mirrors_id == task.id)
            )
            == 1
        )
        # The mirror is done as mirrors always were, and flags nothing further.
        assert move_alteration(mirror, "done", user()) == 0
        assert mirror.done_at is not None


def test_mirror_is_done_from_the_queue_with_the_old_route(app, hero, as_wardrobe):
    with app.app_context():
        costume = db.session.get(Costume, hero["hero"])
        task = create_task(costume, "Straps shortened", user())
        move_alteration(task, "done", user())
        mirror_id = db.session.scalar(
            select(Alteration.id).where(Alteration.mirrors_id.is_not(None))
        )
    page = as_wardrobe.get("/alterations?site=all").text
    assert f'action="/alterations/{mirror_id}/done"' in page and "Mark mirrored" in page
    response = as_wardrobe.post(f"/alterations/{mirror_id}/done", data={"back": "/alterations"})
    assert response.headers["Location"] == "/alterations"
    with app.app_context():
        assert db.session.get(Alteration, mirror_id).state == "done"


def plan(costume, text, due, site, maker=None):
    task = create_task(costume, text, user(), due_on=due, site_id=site_id(site), maker=maker)
    return task.id


def queue_order(page: str) -> list[str]:
    return re.findall(r'<tr class="task [^"]*" id="task-(\d+)"', page.split('id="done"')[0])


def test_queue_is_per_site_overdue_first_by_due_date(app, hero, as_wardrobe, night):
    with app.app_context():
        costume = db.session.get(Costume, hero["hero"])
        today = date(2026, 12, 3)
        later = plan(costume, "Later", today + timedelta(days=5), "Paris")
        undated = plan(costume, "Whenever", None, "Paris")
        soon = plan(costume, "Soon", today, "Paris")
        ny = plan(costume, "New York hem", today + timedelta(days=1), "New York")
        late = plan(costume, "Late", today + timedelta(days=1), "Paris")
        # Planned earlier, waited too long.
        db.session.get(Alteration, late).due_on = today - timedelta(days=2)
        done = plan(costume, "Finished", today, "Paris")
        move_alteration(db.session.get(Alteration, done), "done", user())
        db.session.commit()
        paris = site_id("Paris")
        mirror = db.session.scalar(select(Alteration.id).where(Alteration.mirrors_id == done))
    page = as_wardrobe.get(f"/alterations?site={paris}").text
    assert queue_order(page) == [str(i) for i in (late, soon, later, undated, mirror)]
    assert f'id="task-{ny}"' not in page
    assert "5 alterations waiting" in page
    recent = page.split('id="done"')[1]
    assert f'id="task-{done}"' in recent and "Finished" in recent
    everywhere = as_wardrobe.get("/alterations?site=all").text
    assert f'id="task-{ny}"' in everywhere
    only_done = as_wardrobe.get(f"/alterations?site={paris}&state=done").text
    assert queue_order(only_done) == [str(done)]


def test_queue_defaults_to_the_viewers_home_site(app, hero, client, night):
    from tests.conftest import login

    with app.app_context():
        costume = db.session.get(Costume, hero["hero"])
        paris_task = plan(costume, "Paris hem", None, "Paris")
        ny_task = plan(costume, "NY hem", None, "New York")
        user("viewer").site_id = site_id("New York")
        db.session.commit()
    page = login(client, "viewer").get("/alterations").text
    assert f'id="task-{ny_task}"' in page and f'id="task-{paris_task}"' not in page
    assert 'action="/alterations/' not in page  # a viewer reads the queue, moves nothing


def test_overdue_is_judged_by_each_sites_own_date(app, hero, as_wardrobe, night):
    with app.app_context():
        costume = db.session.get(Costume, hero["hero"])
        due = date(2026, 12, 2)
        rows = []
        for site in ("Paris", "New York"):
            task = Alteration(costume=costume, description=f"{site} task", state="to do",
                              due_on=due, site_id=site_id(site))  # fmt: skip
            db.session.add(task)
            db.session.flush()
            rows.append(task.id)
        db.session.commit()
    page = as_wardrobe.get("/alterations?site=all").text
    paris_row = re.search(rf'<tr class="([^"]*)" id="task-{rows[0]}"', page).group(1)
    ny_row = re.search(rf'<tr class="([^"]*)" id="task-{rows[1]}"', page).group(1)
    assert "task-late" in paris_row and "task-late" not in ny_row
    assert "overdue by 1 day" in page
    assert queue_order(page)[0] == str(rows[0])


@pytest.mark.parametrize(
    "form, field, reason",
    [
        ({"costume": "C-999"}, "costume", "No costume matches 'C-999'"),
        ({"garment": "ET-00099"}, "garment", "No garment has the tag code ET-00099"),
        ({"garment": "OTHER"}, "garment", "is not part of C-1"),
        ({"due_on": "2026-12-02"}, "due_on", "The due date 2026-12-02 has passed."),
        ({"description": ""}, "description", "This field is required."),
        ({"maker_id": "VIEWER"}, "maker_id", "Choose one from the list."),
    ],
)
def test_new_task_refuses_bad_input_and_writes_nothing(
    app, hero, as_wardrobe, night, form, field, reason
):
    with app.app_context():
        other = make_garment(name="Loose shirt", category="shirt").tag_code
        viewer = user("viewer").id
        before = counts()
    data = {"costume": "C-1", "description": "Hem raised 2 cm", "due_on": "2026-12-04"} | form
    data = {k: {"OTHER": other, "VIEWER": str(viewer)}.get(v, v) for k, v in data.items()}
    response = as_wardrobe.post("/alterations/new", data=data)
    assert response.status_code == 400
    assert reason in html.unescape(response.text)
    assert f'id="{field}-error"' in response.text
    with app.app_context():
        assert counts() == before


def test_new_task_from_a_fitting_link_then_planned(app, hero, as_wardrobe, night):
    with app.app_context():
        costume = db.session.get(Costume, hero["hero"])
        bodice = costume.garments[1]
        wardrobe = user()
        ids = {"costume": costume.id, "garment": bodice.id, "tag": bodice.tag_code}
    form = as_wardrobe.get(f"/alterations/new?costume={ids['costume']}&garment={ids['garment']}")
    assert f'value="C-{ids["costume"]} Aurora, Act III wedding"' in form.text
    assert f'value="{ids["tag"]}"' in form.text
    response = as_wardrobe.post(
        "/alterations/new",
        data={
            "costume": f"C-{ids['costume']}",
            "garment": ids["tag"].lower(),
            "description": "Bodice taken in 1 cm",
            "maker_id": str(wardrobe.id),
            "due_on": "2026-12-03",  # today in Paris
        },
    )
    assert response.status_code == 302
    with app.app_context():
        task = db.session.scalar(select(Alteration).where(Alteration.state == "to do"))
        assert (task.garment_id, task.maker_id, task.due_on) == (
            ids["garment"], wardrobe.id, date(2026, 12, 3)
        )  # fmt: skip
        assert task.site_id == site_id("Paris")
    page = as_wardrobe.get(response.headers["Location"]).text
    assert "Bodice taken in 1 cm" in page and "Wardrobe" in page


def test_state_route_moves_and_explains_a_refusal(app, hero, as_wardrobe):
    with app.app_context():
        task_id = create_task(db.session.get(Costume, hero["hero"]), "Hem", user()).id
    back = "/alterations?site=all"
    moved = as_wardrobe.post(f"/alterations/{task_id}/state", data={"state": "doing", "back": back})
    assert moved.headers["Location"] == back
    again = as_wardrobe.post(
        f"/alterations/{task_id}/state", data={"state": "doing", "back": back},
        follow_redirects=True,
    )  # fmt: skip
    assert "This task is already in progress." in again.text
    assert as_wardrobe.post("/alterations/99999/state", data={"state": "doing"}).status_code == 404


def test_edit_changes_maker_due_and_description(app, hero, as_wardrobe, night):
    with app.app_context():
        task_id = create_task(db.session.get(Costume, hero["hero"]), "Hem", user()).id
        maker = user("admin").id
    response = as_wardrobe.post(
        f"/alterations/{task_id}/edit",
        data={"description": "Hem raised 3 cm", "maker_id": str(maker), "due_on": "2026-12-10"},
    )
    assert response.status_code == 302
    refused = as_wardrobe.post(
        f"/alterations/{task_id}/edit",
        data={"description": "Hem raised 3 cm", "maker_id": "", "due_on": "2026-11-30"},
    )
    assert refused.status_code == 400 and "has passed" in refused.text
    with app.app_context():
        task = db.session.get(Alteration, task_id)
        assert (task.description, task.maker_id, task.due_on) == (
            "Hem raised 3 cm", maker, date(2026, 12, 10)
        )  # fmt: skip


@pytest.fixture
def fitted(app, users):
    """Inès (chest 84, waist 61) in the wedding costume: garment chest 86, waists 64."""
    with app.app_context():
        set_zones()
        costume = dressed_costume()
        bodice = costume.garments[1]
        bodice.chest_cm = 86.5
        ines = make_performer()
        record_measurement(ines, {"chest": 84, "waist": 61}, "cm", date(2026, 11, 1), None)
        assignment = assign_costume(costume, ines, None)
        db.session.commit()
        return {
            "costume": costume.id,
            "performer": ines.id,
            "assignment": assignment.id,
            "tutu": costume.garments[0].id,
            "bodice": bodice.id,
        }


def test_fit_check_offers_its_differences_as_tasks(app, fitted, as_wardrobe):
    page = as_wardrobe.get(f"/assignments/{fitted['assignment']}").text
    assert "Turn these differences into alteration tasks" in page
    boxes = re.findall(r'name="difference" value="([^"]+)" checked', page)
    assert boxes == [f"{fitted['tutu']}:waist", f"{fitted['bodice']}:chest",
                     f"{fitted['bodice']}:waist"]  # fmt: skip
    assert "Wedding bodice: chest −2.5 cm (garment 86.5, performer 84)" in page


def from_fit(client, fitted, differences, headers=None, **extra):
    data = {
        "costume_id": fitted["costume"],
        "performer_id": fitted["performer"],
        "difference": differences,
        "due_on": "2026-12-05",
        "back": f"/assignments/{fitted['assignment']}",
    } | extra
    return client.post("/alterations/from-fit", data=data, headers=headers or {})


def test_from_fit_makes_one_task_per_chosen_difference(app, fitted, as_wardrobe, night):
    with app.app_context():
        maker = user().id
    chosen = [f"{fitted['bodice']}:chest", f"{fitted['tutu']}:waist"]
    response = from_fit(as_wardrobe, fitted, chosen, maker_id=str(maker))
    assert response.headers["Location"] == f"/assignments/{fitted['assignment']}"
    with app.app_context():
        tasks = db.session.scalars(select(Alteration).order_by(Alteration.id)).all()
        assert [t.description for t in tasks] == [
            "Wedding tutu: waist −3.0 cm (garment 64, performer 61)",
            "Wedding bodice: chest −2.5 cm (garment 86.5, performer 84)",
        ]
        assert [t.garment_id for t in tasks] == [fitted["tutu"], fitted["bodice"]]
        assert {(t.state, t.maker_id, t.due_on, t.site_id) for t in tasks} == {
            ("to do", maker, date(2026, 12, 5), site_id("Paris"))
        }
    followed = as_wardrobe.get(response.headers["Location"]).text
    assert "2 alteration tasks to do, in the workroom queue." in followed


def needs_french(app, msgid: str, context: str | None = None) -> None:
    """Skip until the French catalog holds this part's strings (they are merged in later)."""
    from flask_babel import force_locale, gettext, pgettext

    with app.test_request_context(), force_locale("fr"):
        if (pgettext(context, msgid) if context else gettext(msgid)) == msgid:
            pytest.skip(f"French catalog does not translate {msgid!r} yet")


def test_from_fit_in_inches(app, fitted, as_wardrobe, night):
    with app.app_context():
        user().unit = "in"
        db.session.commit()
    from_fit(as_wardrobe, fitted, [f"{fitted['bodice']}:chest"])
    with app.app_context():
        text = db.session.scalar(select(Alteration.description))
    # 86.5 cm and 84 cm to the nearest eighth; the change is −2.5 cm to the nearest eighth.
    assert text == "Wedding bodice: chest −1 in (garment 34, performer 33⅛)"


def test_from_fit_in_french(app, fitted, as_wardrobe, night):
    needs_french(
        app,
        "%(garment)s: %(measurement)s %(change)s (garment %(garment_size)s, "
        "performer %(performer_size)s)",
    )
    from_fit(as_wardrobe, fitted, [f"{fitted['bodice']}:chest"], headers=FR)
    with app.app_context():
        text = db.session.scalar(select(Alteration.description))
    assert text == "Wedding bodice\u00a0: tour de poitrine −2,5 cm (pièce 86,5, artiste 84)"


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"difference": []}, "Tick at least one difference."),
        ({"difference": ["GONE"]}, "The fit check no longer shows"),
        ({"due_on": "2026-12-01"}, "has passed"),
        ({"costume_id": "999"}, "Choose the costume and the performer"),
        ({"fitting_id": "999"}, "That fitting is not Inès Laurent"),
    ],
)
def test_from_fit_is_all_or_nothing(app, fitted, as_wardrobe, night, change, reason):
    with app.app_context():
        before = counts()
    chosen = [f"{fitted['bodice']}:chest", f"{fitted['tutu']}:waist"]
    if change.get("difference") == ["GONE"]:  # a difference the fit check no longer shows
        change = {"difference": chosen + [f"{fitted['bodice']}:hips"]}
    response = from_fit(as_wardrobe, fitted, chosen, **change)
    assert response.status_code == 302
    followed = as_wardrobe.get(response.headers["Location"]).text
    assert reason in html.unescape(followed)
    with app.app_context():
        assert counts() == before


def test_queue_in_french(app, hero, as_wardrobe):
    needs_french(app, "to do", "alteration state")
    with app.app_context():
        create_task(db.session.get(Costume, hero["hero"]), "Ourlet", user())
        paris = db.session.scalar(select(Site.id).where(Site.name == "Paris"))
    page = as_wardrobe.get(f"/alterations?site={paris}", headers=FR).text
    assert "à faire" in page and "Commencer" in page


def statements(app, client, url: str) -> int:
    """How many SQL statements the page runs."""
    from sqlalchemy import event

    seen = []
    with app.app_context():
        engine = db.engine
    listener = lambda *args: seen.append(1)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(seen)


def test_queue_runs_no_query_per_task(app, hero, as_wardrobe):
    def add(n):
        with app.app_context():
            for i in range(n):
                costume = dressed_costume(f"Swan {i}")
                task = create_task(costume, f"Hem {i}", user(), garment=costume.garments[0],
                                   maker=user("admin"))  # fmt: skip
                if i % 3 == 0:
                    move_alteration(task, "done", user())

    add(3)
    small = statements(app, as_wardrobe, "/alterations?site=all")
    add(12)
    large = statements(app, as_wardrobe, "/alterations?site=all")
    assert large <= small + 1, (small, large)
