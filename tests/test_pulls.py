"""The pull list: readiness, doubles, one line per garment, order, ticking off, report, CLI."""

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import event, func, select

from costume_tracker.assignments.doubles import create_multiple
from costume_tracker.assignments.services import assign_costume
from costume_tracker.auth.models import User
from costume_tracker.breakdown.models import Pull
from costume_tracker.catalog.models import Garment
from costume_tracker.extensions import db
from costume_tracker.history.models import Event
from costume_tracker.i18n.times import local_today, site_zone
from costume_tracker.lists.models import Location, Site
from costume_tracker.pulls.services import next_shooting_day, pull_list
from costume_tracker.pulls.ticks import mark_pulled
from tests.breakdown_factories import cast, character, make_change, make_scene, shooting_day
from tests.conftest import dressed_costume, login, make_garment, make_performer, site_id

STATUSES = [
    ("in stock", True),
    ("with performer", True),
    ("in laundry", False),
    ("in repair", False),
    ("in alterations", False),
    ("in transit", False),
    ("lost", False),
    ("at fitting", False),
]


@pytest.fixture
def ctx(app):
    """An app context for tests that call the services directly."""
    with app.app_context():
        yield app


def count_rows(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def paris_tomorrow():
    return local_today(site_zone(db.session.get(Site, site_id("Paris")))) + timedelta(days=1)


def dress_day(*, double_multiple: bool = True, scenes: int = 2):
    """Tomorrow in Paris: Aurora (principal + double) in scenes 3/14 and 3/15, change 1."""
    rack = db.session.scalar(select(Location).where(Location.name == "Rack A1"))
    hero = dressed_costume()
    for garment in hero.garments:
        garment.location_id = rack.id
    db.session.commit()
    principal = make_performer("Inès Laurent")
    double = make_performer("Clémence Aubry", kind="double", doubles_for_id=principal.id)
    if double_multiple:
        multiple = create_multiple(hero, None)
        assign_costume(multiple, double, None)
    aurora = character("Aurora")
    change = make_change(aurora, "1", costume=hero)
    found = []
    for number in ("15", "14", "16")[:scenes]:
        scene = make_scene(number)
        cast(scene, aurora, performer=principal, change=change, double=double)
        found.append(scene)
    day = shooting_day(paris_tomorrow(), *found)
    return day, hero, principal, double


@pytest.mark.parametrize(("status", "ready"), STATUSES)
def test_readiness_follows_the_status(ctx, status, ready):
    day, hero, _principal, _double = dress_day()
    tutu = next(g for g in hero.garments if g.category == "tutu")
    tutu.status = status
    db.session.commit()
    line = pull_list(day).line_for(tutu.id)
    assert line.ready is ready
    assert (line.reason == "") is ready
    if not ready:
        assert line.reason == status  # English: the status as the page shows it


def test_where_names_the_rack_or_the_performer(ctx):
    day, hero, principal, _double = dress_day()
    pulls = pull_list(day)
    assert {pulls.line_for(g.id).where for g in hero.garments} == {"Paris · Rack A1"}
    assign_costume(hero, principal, None)
    pulls = pull_list(day)
    assert {pulls.line_for(g.id).where for g in hero.garments} == {"with Inès Laurent"}
    assert all(pulls.line_for(g.id).ready for g in hero.garments)


def test_a_double_without_a_multiple_is_a_not_ready_line(ctx):
    day, hero, _principal, _double = dress_day(double_multiple=False)
    pulls = pull_list(day)
    missing = [line for line in pulls.not_ready if line.garment is None]
    assert len(missing) == 1
    assert missing[0].reason == f"no multiple of {hero.code} assigned to Clémence Aubry"
    assert [s.label for s in missing[0].scenes] == ["3/14", "3/15"]
    assert pulls.lines[0] is missing[0]


def test_a_garment_needed_in_two_scenes_is_listed_once_with_both(ctx):
    day, hero, _principal, _double = dress_day()
    pulls = pull_list(day)
    tag_codes = [line.garment.tag_code for line in pulls.lines]
    assert len(tag_codes) == len(set(tag_codes)) == 4  # hero's two pieces, the multiple's two
    for line in pulls.lines:
        assert [s.label for s in line.scenes] == ["3/14", "3/15"]  # script order
    assert [s.label for s in pulls.scenes] == ["3/14", "3/15"]
    assert pulls.garments == 4 and pulls.ready == 4 and pulls.pulled == 0
    groups = [(g.performer.name, g.is_double) for g in pulls.groups]
    assert groups == [("Inès Laurent", False), ("Clémence Aubry", True)]


def test_not_ready_first_then_to_pull_then_pulled(ctx, users):
    day, hero, _principal, _double = dress_day()
    user = db.session.get(User, users["wardrobe"])
    tutu, bodice = sorted(hero.garments, key=lambda g: g.category != "tutu")
    mark_pulled(day, tutu, user)
    bodice.status = "in laundry"
    db.session.commit()
    pulls = pull_list(day)
    ranks = [line.rank for line in pulls.lines]
    assert ranks == sorted(ranks)
    assert pulls.lines[0].garment == bodice and pulls.lines[-1].garment == tutu
    assert len(pulls.not_ready) == 1 and pulls.pulled == 1 and pulls.ready == 3


def test_next_shooting_day_starts_at_the_sites_local_today(ctx):
    paris = db.session.get(Site, site_id("Paris"))
    today = local_today(site_zone(paris))
    shooting_day(today - timedelta(days=1))
    later = shooting_day(today + timedelta(days=3))
    assert next_shooting_day(paris) == later
    same = shooting_day(today)
    assert next_shooting_day(paris) == same
    assert next_shooting_day(paris.id) == same
    assert next_shooting_day(paris, today + timedelta(days=4)) is None
    assert next_shooting_day(db.session.get(Site, site_id("New York"))) is None
    assert next_shooting_day(None) is None


def web_day(app, **options) -> dict:
    """dress_day() in its own app context, as plain values for requests."""
    with app.app_context():
        day, hero, _principal, _double = dress_day(**options)
        return {
            "id": day.id,
            "date": day.shoot_date,
            "tags": [g.tag_code for g in hero.garments],
            "garment_ids": [g.id for g in hero.garments],
            "code": hero.code,
        }


def set_home_site(app, users, role="wardrobe", site="Paris"):
    with app.app_context():
        db.session.get(User, users[role]).site_id = site_id(site)
        db.session.commit()


JSON = {"Accept": "application/json"}


def test_pulls_are_applied_once_with_a_scan_key(app, client, as_wardrobe):
    day = web_day(app)
    tag = day["tags"][0]
    url = f"/pull-list/{day['id']}/pulled"
    first = client.post(url, data={"code": f"https://x.test/g/{tag.lower()}", "scan_key": "k-1"},
                        headers=JSON)  # fmt: skip
    assert first.status_code == 200 and first.json["feedback"]["ok"]
    assert first.json["counts"]["pulled"] == 1
    assert f"{tag} pulled for" in first.json["feedback"]["text"]
    assert "1 of 4 pulled" in first.json["html"]
    again = client.post(url, data={"code": tag, "scan_key": "k-1"}, headers=JSON)
    assert again.json["feedback"]["repeat"] and "sent twice" in again.json["feedback"]["text"]
    other = client.post(url, data={"code": tag, "scan_key": "k-2"}, headers=JSON)
    assert other.json["feedback"]["repeat"]
    assert "already pulled" in other.json["feedback"]["text"]
    bad_key = client.post(url, data={"code": tag, "scan_key": "no spaces"}, headers=JSON)
    assert bad_key.status_code == 400 and "Scan key" in bad_key.json["feedback"]["text"]
    with app.app_context():
        assert count_rows(Pull) == 1
        events = db.session.scalars(select(Event).where(Event.kind == "pulled")).all()
        assert [e.summary for e in events] == [f"Pulled for {day['date'].isoformat()} (Paris)"]


def test_a_garment_not_on_the_list_is_refused(app, client, as_wardrobe):
    day = web_day(app)
    with app.app_context():
        stray = make_garment(name="Stray shirt", category="shirt").tag_code
    url = f"/pull-list/{day['id']}/pulled"
    response = client.post(url, data={"code": stray}, headers=JSON)
    assert response.status_code == 422
    when = f"{day['date'].day} {day['date']:%b}"
    expected = f"{stray} is not on the pull list for {when} (Paris)"
    assert response.json["feedback"]["text"] == expected
    unknown = client.post(url, data={"code": "ET-99999"})
    assert unknown.status_code == 302
    assert "No garment has tag code ET-99999" in client.get(unknown.location).text
    nonsense = client.post(url, data={"code": "hello"}, headers=JSON)
    assert "is not a tag code or label" in nonsense.json["feedback"]["text"]
    with app.app_context():
        assert count_rows(Pull) == 0


def test_tick_button_and_unpull_without_javascript(app, client, as_wardrobe):
    day = web_day(app)
    garment_id, tag = day["garment_ids"][0], day["tags"][0]
    response = client.post(f"/pull-list/{day['id']}/pulled", data={"garment_id": garment_id},
                           follow_redirects=True)  # fmt: skip
    assert f"{tag} pulled for" in response.text
    assert "1 of 4 pulled" in response.text
    response = client.post(f"/pull-list/{day['id']}/unpull/{garment_id}", follow_redirects=True)
    assert "no longer pulled" in response.text and "0 of 4 pulled" in response.text
    assert client.post(f"/pull-list/{day['id']}/unpull/999999").status_code == 404
    assert client.post("/pull-list/999999/pulled", data={"code": "X"}).status_code == 404


def test_viewer_reads_the_list_but_cannot_tick(app, client, users):
    day = web_day(app)
    login(client, "viewer")
    page = client.get(f"/pull-list/{day['id']}")
    assert page.status_code == 200 and day["tags"][0] in page.text
    assert "pull-code" not in page.text
    assert client.post(f"/pull-list/{day['id']}/pulled", data={"code": "X"}).status_code == 403


def test_default_page_is_the_next_shooting_day_at_my_site(app, client, as_wardrobe, users):
    set_home_site(app, users)
    assert "no upcoming shooting day at paris" in client.get("/pull-list").text.lower()
    day = web_day(app)
    page = client.get("/pull-list")
    assert page.status_code == 200 and day["tags"][0] in page.text
    assert "no upcoming shooting day" in client.get("/pull-list?site=New+York").text.lower()
    other = client.get(f"/pull-list?site=Paris&date={day['date'] + timedelta(days=1)}")
    assert "There is no shooting day at Paris on" in other.text
    assert day["tags"][0] in client.get(f"/pull-list?site=PAR&date={day['date']}").text
    printed = client.get(f"/pull-list/{day['id']}/print")
    assert printed.status_code == 200 and "tick-box" in printed.text
    assert "tabbar" not in printed.text
    assert client.get("/pull-list/999999").status_code == 404
    assert client.get("/pull-list/999999/print").status_code == 404


def test_batch_scan_pulled_for_the_day(app, client, as_wardrobe, users):
    set_home_site(app, users)
    day = web_day(app)
    with app.app_context():
        stray = make_garment(name="Stray shirt", category="shirt").tag_code
    tag = day["tags"][0]
    done = client.post("/scan", data={"action": "pulled", "code": tag, "scan_key": "b-1"},
                       headers=JSON).json  # fmt: skip
    assert done["feedback"]["ok"] and f"{tag} pulled for" in done["feedback"]["text"]
    again = client.post("/scan", data={"action": "pulled", "code": tag, "scan_key": "b-1"},
                        headers=JSON).json  # fmt: skip
    assert again["feedback"]["outcome"] == "recorded"
    refused = client.post("/scan", data={"action": "pulled", "code": stray,
                                         "day_id": day["id"]}, headers=JSON).json  # fmt: skip
    assert not refused["feedback"]["ok"]
    assert "is not on the pull list for" in refused["feedback"]["text"]
    no_js = client.post("/scan", data={"action": "pulled", "code": day["tags"][1], "log": "[]"})
    assert "pulled for" in no_js.text and "Pulled for the day" in no_js.text
    with app.app_context():
        assert count_rows(Pull) == 2


def _read_csv(data: bytes, delimiter=","):
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))


def test_report_csv_not_ready_first_in_both_dialects(app, client, as_wardrobe):
    day = web_day(app, double_multiple=False)
    with app.app_context():
        db.session.get(Garment, day["garment_ids"][1]).status = "in repair"
        db.session.commit()
    args = f"date={day['date'].isoformat()}&site=Paris"
    rows = _read_csv(client.get(f"/reports/pull-list.csv?{args}").data)
    assert rows[0] == [
        "Ready", "Reason", "Scenes", "Character", "Change", "Wearer", "Performer or double",
        "Costume", "Tag", "Garment", "Category", "Where", "Pulled",
    ]  # fmt: skip
    body = rows[1:]
    assert [r[0] for r in body] == ["no", "no", "yes"]
    reasons = {r[1] for r in body[:2]}
    assert reasons == {"in repair", f"no multiple of {day['code']} assigned to Clémence Aubry"}
    assert body[2][2] == "3/14 3/15" and body[2][5] == "Inès Laurent"
    assert body[2][-1] == "no"
    french = _read_csv(client.get(f"/reports/pull-list.csv?{args}&dialect=fr").data, ";")
    assert len(french) == 4 and [r[0] for r in french[1:]] == ["non", "non", "oui"]
    page = client.get(f"/reports/pull-list?{args}")
    assert page.status_code == 200 and day["tags"][0] in page.text


def test_report_without_a_day_says_so(app, client, as_wardrobe, runner, tmp_path):
    page = client.get("/reports/pull-list?site=Paris")
    assert page.status_code == 200 and "no upcoming shooting day at Paris" in page.text
    assert client.get("/reports/pull-list").status_code == 200
    assert client.get("/reports/pull-list.csv?site=Paris").status_code == 200
    out = tmp_path / "pull.csv"
    result = runner.invoke(
        args=["report", "pull-list", "--date", "2026-12-25", "--site", "Paris", "--out", str(out)]
    )
    assert result.exit_code != 0 and "no shooting day at Paris on 2026-12-25" in result.output
    assert not out.exists()
    result = runner.invoke(args=["report", "pull-list", "--out", str(out)])
    assert result.exit_code != 0 and "give a site" in result.output


def test_cli_writes_the_pull_list(app, runner, tmp_path):
    day = web_day(app)
    out = tmp_path / "pull.csv"
    when = day["date"].isoformat()
    result = runner.invoke(
        args=["report", "pull-list", "--date", when, "--site", "Paris", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "4 rows" in result.output
    rows = _read_csv(out.read_bytes())
    assert {r[8] for r in rows[1:]} == set(day["tags"]) | {r[8] for r in rows[1:]}
    assert set(day["tags"]) <= {r[8] for r in rows[1:]}
    result = runner.invoke(args=["report", "pull-list", "--site", "Paris", "--out", str(out)])
    assert result.exit_code == 0, result.output  # the next shooting day at Paris
    result = runner.invoke(
        args=["report", "pull-list", "--site", "PAR", "--dialect", "fr", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert _read_csv(out.read_bytes(), ";")[1][0] == "oui"


def _statements(day) -> int:
    count = 0

    def counted(*_args):
        nonlocal count
        count += 1

    engine = db.engine
    event.listen(engine, "before_cursor_execute", counted)
    try:
        db.session.expire_all()
        pulls = pull_list(day)
        [(line.where, line.reason, line.pulled) for line in pulls.lines]
    finally:
        event.remove(engine, "before_cursor_execute", counted)
    return count


def test_a_few_queries_whatever_the_size(ctx, users):
    small_day, hero, principal, double = dress_day(scenes=1)
    small = _statements(small_day)
    aurora = character("Aurora")
    scenes = []
    user = db.session.get(User, users["wardrobe"])
    for n in range(12):
        costume = dressed_costume(f"Look {n}")
        who = character(f"Lilac fairy {n}")
        dancer = make_performer(f"Dancer {n}")
        change = make_change(who, "1", costume=costume)
        scene = make_scene(f"{30 + n}")
        cast(scene, who, performer=dancer, change=change, double=double if n % 2 else None)
        if n % 3 == 0:
            assign_costume(costume, dancer, None)
        scenes.append(scene)
    cast(scenes[0], aurora, performer=principal, change=small_day.scenes[0].cast[0].change)
    big_day = shooting_day(paris_tomorrow() + timedelta(days=2), *scenes)
    mark_pulled(big_day, scenes[0].cast[0].change.costume.garments[0], user)
    assert len(pull_list(big_day).lines) > 24
    assert _statements(big_day) <= small + 2
    assert small <= 20


def test_pages_answer_in_french(app, client, as_wardrobe):
    day = web_day(app)
    french = {"Accept-Language": "fr"}
    for path in (f"/pull-list/{day['id']}", f"/pull-list/{day['id']}/print", "/scan"):
        response = client.get(path, headers=french)
        assert response.status_code == 200 and 'lang="fr"' in response.text, path
    response = client.post(f"/pull-list/{day['id']}/pulled", data={"code": day["tags"][0]},
                           headers={**french, **JSON})  # fmt: skip
    assert response.json["feedback"]["ok"]
    assert f" {day['date'].day} " in response.json["feedback"]["text"]
