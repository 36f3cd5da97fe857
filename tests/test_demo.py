"""The seed-demo command: an invented wardrobe for both companies, loaded once."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from costume_tracker import create_app
from costume_tracker.assignments.doubles import coverage_gaps, group_ids
from costume_tracker.assignments.models import Alteration, Assignment
from costume_tracker.assignments.services import overdue_select
from costume_tracker.auth.models import User
from costume_tracker.auth.services import find_user, save_user
from costume_tracker.catalog.models import Costume, Garment, TagSequence
from costume_tracker.catalog.services import TAG_PATTERN, create_garment
from costume_tracker.catalog.workflow import OUT_STATUSES
from costume_tracker.demo import seed
from costume_tracker.extensions import db
from costume_tracker.history.models import Event
from costume_tracker.lists.models import Character, Location, Production, Site
from costume_tracker.people.models import Measurement, Performer
from costume_tracker.tracking.services import OutFilters, out_select
from tests.conftest import scratch_database

PASSWORD_LINE = re.compile(
    r"Sign in at http://127\.0\.0\.1:5000 as admin@example\.org "
    r"with password (\S+)"
)
TABLES = (
    Site, Location, Production, Character, Costume, Garment, Performer, User, Event,
    Assignment, Alteration, Measurement,
)  # fmt: skip
ACTIVE = Assignment.returned_at.is_(None)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """An app on an empty database (no reference lists) with the demo loaded once."""
    path = tmp_path_factory.mktemp("demo")
    with scratch_database(path) as url:
        app = create_app({
            "TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False, "TAG_PREFIX": "ET",
            "SQLALCHEMY_DATABASE_URI": url, "UPLOAD_FOLDER": str(path / "uploads"),
        })  # fmt: skip
        with app.app_context():
            db.create_all()
        result = app.test_cli_runner().invoke(args=["seed-demo"])
        yield app, result
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def snapshot() -> dict:
    """Row counts of every table, tag codes and the admin's password hash."""
    return {
        "counts": {model.__name__: count(model) for model in TABLES},
        "tags": db.session.scalars(select(Garment.tag_code).order_by(Garment.id)).all(),
        "statuses": db.session.scalars(select(Garment.status).order_by(Garment.id)).all(),
        "sequence": db.session.scalar(select(TagSequence.last_number)),
        "admin": db.session.scalar(select(User.password_hash)),
    }


def test_loads_a_wardrobe_of_both_companies(seeded):
    app, result = seeded
    assert result.exit_code == 0, result.output
    assert "Demo wardrobe loaded." in result.output
    with app.app_context():
        codes = set(db.session.scalars(select(Site.code)))
        assert codes == {"PAR", "NYC"}
        assert count(Costume) >= 200
        assert count(Garment) >= 400
        for site in db.session.scalars(select(Site)):
            assert count(Garment, Garment.home_site_id == site.id) >= 200
            assert count(Location, Location.site_id == site.id) >= 10
        assert {p for p in db.session.scalars(select(Production.name))} >= {
            "The Nutcracker", "Sleeping Beauty", "Rehearsal wear"}  # fmt: skip
        assert re.search(r"costumes\s+2\d\d\b", result.output)
        assert re.search(r"coverage gaps\s+1\n", result.output)
        for name in ("assignments (active)", "overdue", "garments out"):
            assert re.search(rf"{re.escape(name)}\s+[1-9]\d*\n", result.output), name


def test_sleeping_beauty_in_paris_has_13_layer_tutus(seeded):
    app, _result = seeded
    with app.app_context():
        paris_beauty_tutus = (
            select(Garment)
            .join(Site)
            .join(Production)
            .where(
                Site.code == "PAR", Production.name == "Sleeping Beauty", Garment.category == "tutu"
            )
        )
        tutus = db.session.scalars(paris_beauty_tutus).all()
        assert sum(t.net_layers == 13 for t in tutus) > len(tutus) / 2
        assert all(t.tutu_style and t.hoop is not None and t.net_type for t in tutus)
        assert count(Garment, Garment.category != "tutu", Garment.net_layers.is_not(None)) == 0


def test_garments_are_tagged_placed_and_recorded(seeded):
    app, _result = seeded
    with app.app_context():
        garments = db.session.scalars(select(Garment)).all()
        assert all(TAG_PATTERN.match(g.tag_code) and g.tag_code.startswith("ET-") for g in garments)
        placed = [g for g in garments if g.status == "in stock"]
        assert all(g.location.site_id == g.home_site_id for g in placed)
        # Away from stock, a garment is on no rack (a laundry room at most).
        away = [g for g in garments if g.status not in ("in stock", "retired")]
        assert away and all(g.location is None or g.location.kind == "room" for g in away)
        assert {g.status for g in garments} == {"in stock", *OUT_STATUSES} - {
            "at fitting", "in alterations"}  # fmt: skip
        assert sum(g.status == "in stock" for g in garments) > 0.5 * len(garments)
        stock = [g for g in garments if g.production.name == "Rehearsal wear"]
        assert stock and all(g.costume_id is None for g in stock)
        imports = select(Event).where(Event.kind == "import")
        events = db.session.scalars(imports).all()
        assert sorted(e.garment_id for e in events) == sorted(g.id for g in garments)
        assert {e.summary for e in events} == {"Loaded with the demo wardrobe"}


def test_principals_have_doubles_dressed_in_multiples(seeded):
    app, _result = seeded
    with app.app_context():
        assert 55 <= count(Performer) <= 65
        doubles = db.session.scalars(select(Performer).where(Performer.kind == "double")).all()
        assert len({d.doubles_for_id for d in doubles}) >= 6
        assert all(d.doubles_for.kind == "principal" for d in doubles)
        multiples = db.session.scalars(select(Costume).where(Costume.hero_id.is_not(None))).all()
        assert len(multiples) >= len(doubles)
        for multiple in multiples:
            assert multiple.hero.hero_id is None
            assert multiple.character_id == multiple.hero.character_id
            assert [g.name for g in multiple.garments] == [g.name for g in multiple.hero.garments]
            assert not {g.tag_code for g in multiple.garments} & {
                g.tag_code for g in multiple.hero.garments}  # fmt: skip
        for double in doubles:
            played = {c.id for c in double.doubles_for.characters}
            assert any(m.character_id in played and double.name in m.notes for m in multiples)


def test_admin_password_is_printed_and_works(seeded):
    app, result = seeded
    match = PASSWORD_LINE.search(result.output)
    assert match, result.output
    with app.app_context():
        admin = find_user("admin@example.org")
        assert admin.role == "admin"
        assert admin.check_password(match.group(1))


def test_sites_have_their_zones_and_users_their_home_and_language(seeded):
    app, result = seeded
    password = PASSWORD_LINE.search(result.output).group(1)
    assert "The same password signs in paris@example.org: wardrobe at Paris, pages in French." in (
        result.output
    )
    assert "newyork@example.org: wardrobe at New York, pages in English." in result.output
    with app.app_context():
        zones = dict(db.session.execute(select(Site.code, Site.timezone)).all())
        assert zones == {"PAR": "Europe/Paris", "NYC": "America/New_York"}
        paris, new_york = find_user("paris@example.org"), find_user("newyork@example.org")
        assert (paris.site.code, paris.locale, paris.zone_name) == ("PAR", "fr", "Europe/Paris")
        assert (new_york.site.code, new_york.locale, new_york.zone_name) == (
            "NYC",
            "en",
            "America/New_York",
        )
        assert paris.check_password(password) and new_york.check_password(password)
        assert find_user("admin@example.org").site.code == "PAR"
    client = app.test_client()
    client.post("/login", data={"email": "paris@example.org", "password": password})
    assert '<html lang="fr"' in client.get("/account").get_data(as_text=True)


def test_same_seed_gives_the_same_wardrobe(seeded, app, runner):
    """On the shared fixture's reference lists, the demo is the same garment by garment."""
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    rows = select(Garment.tag_code, Garment.name, Garment.size_label, Garment.net_layers,
                  Garment.replacement_cost, Garment.status).order_by(Garment.tag_code)  # fmt: skip
    worn = (
        select(Costume.name, Performer.name, Assignment.episodes, Assignment.due_on)
        .join(Assignment.costume)
        .join(Assignment.performer)
        .order_by(Assignment.id)
    )
    with app.app_context():
        here = db.session.execute(rows).all(), db.session.execute(worn).all()
    with seeded[0].app_context():
        there = db.session.execute(rows).all(), db.session.execute(worn).all()
    assert here == there


def test_second_run_changes_nothing(app, runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        before = snapshot()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "already loaded; nothing changed" in result.output
    assert "with password" not in result.output
    assert "create-user admin@example.org --role admin" in result.output
    with app.app_context():
        assert snapshot() == before


def test_existing_admin_is_left_alone(app, runner):
    with app.app_context():
        save_user("admin@example.org", "admin", "my own password")
        old_hash = find_user("admin@example.org").password_hash
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "with password" not in result.output
    assert "flask --app costume_tracker create-user admin@example.org --role admin" in result.output
    with app.app_context():
        assert find_user("admin@example.org").password_hash == old_hash
        assert count(Costume) >= 200


def test_if_empty_skips_when_there_are_garments(app, runner):
    with app.app_context():
        paris = db.session.scalar(select(Site.id).where(Site.code == "PAR"))
        create_garment({"name": "Wedding bodice", "category": "bodice", "home_site_id": paris},
                       None)  # fmt: skip
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert "already has garments" in result.output
    with app.app_context():
        assert count(Garment) == 1
        assert count(Costume) == 0
        assert find_user("admin@example.org") is None


def test_if_empty_loads_an_empty_database(app, runner):
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert PASSWORD_LINE.search(result.output)


def test_failure_saves_nothing(app, runner, monkeypatch):
    def broken(*_args):
        raise RuntimeError("sewing machine jammed")

    monkeypatch.setattr(seed, "copy_fields", broken)
    with app.app_context():
        before = snapshot()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code != 0
    assert "nothing was saved" in result.output
    with app.app_context():
        assert snapshot() == before


def test_every_principal_and_double_wears_a_costume(seeded):
    app, _result = seeded
    with app.app_context():
        kinds = ("principal", "double")
        people = db.session.scalars(select(Performer).where(Performer.kind.in_(kinds))).all()
        assert len(people) == 20
        worn = set(db.session.scalars(select(Assignment.performer_id).where(ACTIVE)))
        assert all(p.id in worn for p in people)
        for principal in (p for p in people if p.kind == "principal"):
            costumes = [a.costume for a in active_of(principal)]
            assert costumes and all(c.hero_id is None for c in costumes)
            assert {c.character_id for c in costumes} <= {c.id for c in principal.characters}


def test_doubles_wear_multiples_of_their_principals_costumes(seeded):
    app, _result = seeded
    with app.app_context():
        for double in db.session.scalars(select(Performer).where(Performer.kind == "double")):
            theirs = {a.costume_id: a for a in active_of(double.doubles_for)}
            for worn in active_of(double):
                assert worn.costume.hero_id in theirs, (double.name, worn.costume.name)
                principals = theirs[worn.costume.hero_id]
                assert (worn.character_id, worn.episodes, worn.starts_on, worn.due_on) == (
                    principals.character_id, principals.episodes, principals.starts_on,
                    principals.due_on)  # fmt: skip


def test_exactly_one_coverage_gap_with_no_free_multiple(seeded):
    app, _result = seeded
    with app.app_context():
        gaps = coverage_gaps()
        assert len(gaps) == 1
        gap = gaps[0]
        assert gap.double.doubles_for_id == gap.principal.id
        assert gap.missing == f"no free multiple of {gap.costume.code}: one must be made"
        wearers = db.session.scalars(
            select(Assignment).where(ACTIVE, Assignment.costume_id.in_(group_ids(gap.costume)))
        ).all()
        assert len(wearers) == 1 + len(gap.costume.multiples)  # all busy, none on the double
        assert gap.double.id not in {a.performer_id for a in wearers}
        assert any(a.performer.kind == "stand-in" for a in wearers)


def test_aurora_wedding_is_worn_by_a_principal_and_her_doubles(seeded):
    app, _result = seeded
    with app.app_context():
        hero = db.session.scalar(select(Costume).where(Costume.name == seed.data.MARKER_COSTUME))
        (worn,) = wearers(hero)
        assert worn.performer.kind == "principal" and worn.performer.doubles
        assert hero.multiples
        doubles = {a.performer_id for m in hero.multiples for a in wearers(m)}
        assert doubles == {d.id for d in worn.performer.doubles}


def test_a_few_assignments_are_overdue(seeded):
    app, _result = seeded
    with app.app_context():
        overdue = db.session.scalars(overdue_select(date.today())).all()
        assert 3 <= len(overdue) <= 4
        assert all(a.starts_on <= a.due_on < date.today() for a in overdue)
        assert not any(a.performer.doubles or a.performer.doubles_for for a in overdue)
        assert count(Assignment, ACTIVE, Assignment.due_on >= date.today()) > 50


def test_worn_costumes_are_with_performer_and_unshared_ones_have_one_wearer(seeded):
    app, _result = seeded
    with app.app_context():
        active = db.session.scalars(select(Assignment).where(ACTIVE)).all()
        by_costume: dict[Costume, int] = {}
        for assignment in active:
            by_costume[assignment.costume] = by_costume.get(assignment.costume, 0) + 1
        assert all(n == 1 for c, n in by_costume.items() if not c.shared)
        shared = [c for c, n in by_costume.items() if c.shared]
        assert shared and all(by_costume[c] > 1 for c in shared)
        assert {c.character.name for c in shared} <= {"Snowflakes", "Flowers", "Garland corps"}
        worn = [g for c in by_costume for g in c.garments]
        # One piece of a double's multiple was sent to wash after the last shoot (breakdown).
        (washed,) = [g for g in worn if g.status != "with performer"]
        assert (washed.status, washed.name) == ("in laundry", "Wedding tights")
        assert washed.costume.hero_id is not None
        assert count(Garment, Garment.status == "with performer") == len(worn) - 1
        events = select(Event).where(Event.kind == "assignment", Event.performer_id.is_not(None))
        assert len(db.session.scalars(events).all()) == len(active)


def test_paris_laundry_since_yesterday_and_other_garments_out(seeded):
    app, _result = seeded
    with app.app_context():
        paris = db.session.scalar(select(Site.id).where(Site.code == "PAR"))
        yesterday = datetime.now(UTC).date() - timedelta(days=1)
        laundry = OutFilters(status="in laundry", site=paris, since=yesterday)
        fresh = db.session.scalars(out_select(laundry)).all()
        assert fresh and all(g.location.name == "Blanchisserie" for g in fresh)
        assert all(g.costume_id is None for g in fresh)
        out = db.session.scalars(
            select(Garment).where(Garment.status.not_in(("in stock", "with performer")))
        ).all()
        assert {g.status for g in out} == {"in laundry", "in repair", "in transit", "lost"}
        assert 1 <= sum(g.status == "lost" for g in out) <= 2
        for garment in out:
            assert garment.status_since < datetime.now(UTC)
            worn = bool(garment.costume and wearers(garment.costume))
            if worn:  # only the double's piece washed after the last shoot (breakdown)
                assert garment.name == "Wedding tights" and garment.costume.hero_id
            (event,) = [e for e in events_of(garment) if e.kind == "status"]
            before = "with performer" if worn else "in stock"
            assert event.changes == {"status": [before, garment.status]}
            assert event.occurred_at == garment.status_since


def test_every_performer_is_measured_some_twice(seeded):
    app, _result = seeded
    with app.app_context():
        performers = db.session.scalars(select(Performer)).all()
        assert all(p.measurements for p in performers)
        for sheet in db.session.scalars(select(Measurement)):
            assert 155 <= sheet.height <= 190 and 140 <= sheet.girth <= 175
            assert sheet.waist < sheet.high_hip < sheet.hips and sheet.inseam < sheet.outseam
            assert re.fullmatch(r"(EU|US) \d+(\.5)?", sheet.shoe_size)
        twice = [p for p in performers if len(p.measurements) == 2]
        assert 2 <= len(twice) <= 4 and all(p.kind == "principal" for p in twice)
        for principal in twice:
            now, before = principal.measurements
            assert (now.measured_on - before.measured_on).days >= 60
            assert now.waist < before.waist
        events = count(Event, Event.kind == "measurement")
        assert events == count(Measurement)


def test_alteration_on_a_hero_waits_on_its_multiples(seeded):
    app, _result = seeded
    with app.app_context():
        # The breakdown's workroom tasks (from fittings, on costumes without multiples) aside.
        mine = (Alteration.mirrors_id.is_(None), Alteration.site_id.is_(None))
        done = db.session.scalars(select(Alteration).where(*mine)).all()
        assert len(done) == 1 and done[0].done_at is not None
        hero = done[0].costume
        assert hero.hero_id is None and hero.multiples
        mirrors = db.session.scalars(select(Alteration).where(Alteration.mirrors_id.is_not(None)))
        mirrors = mirrors.all()
        assert {m.costume_id for m in mirrors} == {m.id for m in hero.multiples}
        assert all(m.pending and m.garment.name == done[0].garment.name for m in mirrors)
        assert all(m.garment.costume_id == m.costume_id for m in mirrors)
        tasks = count(Alteration, Alteration.site_id.is_not(None))
        assert count(Event, Event.kind == "alteration") == 1 + len(mirrors) + tasks


def active_of(performer) -> list[Assignment]:
    query = select(Assignment).where(ACTIVE, Assignment.performer_id == performer.id)
    return db.session.scalars(query).all()


def wearers(costume) -> list[Assignment]:
    return db.session.scalars(
        select(Assignment).where(ACTIVE, Assignment.costume_id == costume.id)
    ).all()


def events_of(garment) -> list[Event]:
    return db.session.scalars(select(Event).where(Event.garment_id == garment.id)).all()


def test_search_finds_what_the_wardrobe_types_in_the_demo(seeded):
    """'desire', 'aurora wedding' and the Paris workshop's French 'tulle blanc' all find."""
    from costume_tracker.search.service import search

    app, _ = seeded
    with app.test_request_context():
        found = {group.kind: group for group in search("tulle blanc").found}
        garments = found["garment"].items
        assert garments and all(g.category == "tutu" for g in garments)
        assert all("white" in g.colour and g.home_site.code == "PAR" for g in garments)
        assert all("Tulle blanc" in g.notes for g in garments)
        assert search("desire").total and search("aurora wedding").total
