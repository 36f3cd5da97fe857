"""The seed-demo command: an invented wardrobe for both companies, loaded once."""

import re

import pytest
from sqlalchemy import func, select

from costume_tracker import create_app
from costume_tracker.auth.models import User
from costume_tracker.auth.services import find_user, save_user
from costume_tracker.catalog.models import Costume, Garment, TagSequence
from costume_tracker.catalog.services import TAG_PATTERN, create_garment
from costume_tracker.demo import seed
from costume_tracker.extensions import db
from costume_tracker.history.models import Event
from costume_tracker.lists.models import Character, Location, Production, Site
from costume_tracker.people.models import Performer

PASSWORD_LINE = re.compile(
    r"Sign in at http://127\.0\.0\.1:5000 as admin@example\.org "
    r"with password (\S+)"
)
TABLES = (Site, Location, Production, Character, Costume, Garment, Performer, User, Event)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """An app on an empty database (no reference lists) with the demo loaded once."""
    path = tmp_path_factory.mktemp("demo")
    app = create_app({
        "TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False, "TAG_PREFIX": "ET",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path / 't.sqlite'}",
        "UPLOAD_FOLDER": str(path / "uploads"),
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
        assert all(g.location.site_id == g.home_site_id for g in garments)
        assert {g.status for g in garments} <= {"in stock", "in laundry", "in repair"}
        assert sum(g.status == "in stock" for g in garments) > 0.95 * len(garments)
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


def test_same_seed_gives_the_same_wardrobe(seeded, app, runner):
    """On the shared fixture's reference lists, the demo is the same garment by garment."""
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    rows = select(Garment.tag_code, Garment.name, Garment.size_label, Garment.net_layers,
                  Garment.replacement_cost).order_by(Garment.tag_code)  # fmt: skip
    with app.app_context():
        here = db.session.execute(rows).all()
    with seeded[0].app_context():
        there = db.session.execute(rows).all()
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
