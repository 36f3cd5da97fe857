"""The demo's script breakdown: episodes, scenes, changes, shooting days, continuity, fittings."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from costume_tracker import create_app
from costume_tracker.assignments.models import Alteration, Assignment
from costume_tracker.breakdown.models import (
    Change,
    ContinuityNote,
    ContinuityPhoto,
    Episode,
    Scene,
    SceneCast,
    ShootingDay,
)
from costume_tracker.breakdown.wearing import is_ready, wearers
from costume_tracker.catalog.models import Garment
from costume_tracker.extensions import db
from costume_tracker.fittings.models import Fitting
from costume_tracker.fittings.services import clashes
from costume_tracker.history.models import Event
from costume_tracker.lists.models import Character, Site
from costume_tracker.people.models import Performer
from tests.conftest import scratch_database

TABLES = (
    Episode, Scene, SceneCast, Change, ShootingDay, ContinuityPhoto, ContinuityNote, Fitting,
    Alteration, Event, Garment, Assignment,
)  # fmt: skip
PASSWORD = re.compile(r"as admin@example\.org with password (\S+)")
CAST_LOADED = (
    selectinload(SceneCast.performer),
    selectinload(SceneCast.double),
    selectinload(SceneCast.change),
    selectinload(SceneCast.character),
)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """An app on an empty database with the demo loaded once; its upload folder."""
    path = tmp_path_factory.mktemp("demo-breakdown")
    with scratch_database(path) as url:
        app = create_app({
            "TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False, "TAG_PREFIX": "ET",
            "SQLALCHEMY_DATABASE_URI": url, "UPLOAD_FOLDER": str(path / "uploads"),
        })  # fmt: skip
        with app.app_context():
            db.create_all()
        result = app.test_cli_runner().invoke(args=["seed-demo"])
        assert result.exit_code == 0, result.output
        app.config["DEMO_PASSWORD"] = PASSWORD.search(result.output).group(1)
        with app.app_context():
            yield app, path / "uploads"
            db.session.remove()
            db.engine.dispose()


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def site(code: str) -> Site:
    return db.session.scalar(select(Site).where(Site.code == code))


def today_at(code: str):
    return datetime.now(ZoneInfo(site(code).timezone)).date()


def scene(label: str) -> Scene:
    episode, number = label.split("/")
    return db.session.scalar(
        select(Scene).join(Episode).where(Episode.number == int(episode), Scene.number == number)
    )


def cast_of(*scenes: Scene) -> list[SceneCast]:
    return db.session.scalars(
        select(SceneCast)
        .where(SceneCast.scene_id.in_([s.id for s in scenes]))
        .order_by(SceneCast.id)
        .options(*CAST_LOADED)
    ).all()


def test_seeding_twice_adds_and_changes_nothing(seeded):
    app, _uploads = seeded
    before = {model.__name__: count(model) for model in TABLES}
    statuses = db.session.scalars(select(Garment.status).order_by(Garment.id)).all()
    days = db.session.execute(select(ShootingDay.site_id, ShootingDay.shoot_date)).all()
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "already loaded; nothing changed" in result.output
    db.session.expire_all()
    assert {model.__name__: count(model) for model in TABLES} == before
    assert db.session.scalars(select(Garment.status).order_by(Garment.id)).all() == statuses
    assert db.session.execute(select(ShootingDay.site_id, ShootingDay.shoot_date)).all() == days


def test_eight_episodes_and_scenes_for_the_ballet_ones(seeded):
    episodes = db.session.scalars(select(Episode).order_by(Episode.number)).all()
    assert [e.number for e in episodes] == list(range(1, 9))
    assert all(e.title for e in episodes)
    assert episodes[2].title == "The Sleeping Beauty"
    assert episodes[2].production.name == "Sleeping Beauty"
    for episode in episodes:
        if episode.production is not None:
            assert 6 <= len(episode.scenes) <= 12, episode.number
            assert all(s.set_name and s.story_day[0] in "DN" for s in episode.scenes)
            assert all(s.cast and s.description for s in episode.scenes)
        else:
            assert not episode.scenes
    numbers = [s.number for s in episodes[2].scenes]  # in number_key order
    assert numbers.index("14") < numbers.index("14A") < numbers.index("15")
    assert {s.int_ext for s in db.session.scalars(select(Scene))} == {"INT", "EXT"}


def test_every_principal_character_has_changes_and_doubles_work_in_scenes(seeded):
    principals = db.session.scalars(select(Performer).where(Performer.kind == "principal"))
    characters = {c.id for p in principals for c in p.characters}
    changed = set(db.session.scalars(select(Change.character_id)))
    assert characters <= changed
    aurora = db.session.scalar(select(Character).where(Character.name == "Aurora"))
    numbers = db.session.scalars(
        select(Change.number).where(Change.character_id == aurora.id).order_by(Change.number_key)
    ).all()
    assert numbers[:4] == ["1", "2", "3", "3A"]
    rows = db.session.scalars(select(SceneCast).where(SceneCast.double_id.is_not(None))).all()
    assert len(rows) >= 10
    assert all(r.double.doubles_for_id == r.performer_id for r in rows)
    assert all(r.change.character_id == r.character_id for r in db.session.scalars(
        select(SceneCast).where(SceneCast.change_id.is_not(None))))  # fmt: skip


def test_shooting_days_around_today_at_both_sites(seeded):
    for code in ("PAR", "NYC"):
        today = today_at(code)
        days = db.session.scalars(
            select(ShootingDay).where(ShootingDay.site_id == site(code).id)
        ).all()
        offsets = {(d.shoot_date - today).days for d in days}
        assert min(offsets) < 0 and 0 in offsets and max(offsets) >= 7, code
        assert all(d.scenes for d in days)
    assert (today_at("PAR") + timedelta(days=1) - today_at("PAR")).days == 1
    assert len(scene("3/14").shooting_days) == 2


def test_tomorrows_paris_pull_list_has_ready_and_not_ready_garments(seeded):
    tomorrow = today_at("PAR") + timedelta(days=1)
    day = db.session.scalar(
        select(ShootingDay).where(
            ShootingDay.site_id == site("PAR").id, ShootingDay.shoot_date == tomorrow
        )
    )
    assert day is not None and day.scenes
    worn = wearers(cast_of(*day.scenes))
    garments = [g for w in worn for g in w.garments]
    assert any(is_ready(g) for g in garments)
    assert any(not is_ready(g) for g in garments)
    doubles = [w for w in worn if w.is_double]
    assert doubles and all(w.covered for w in doubles)  # the deliberate gap is not tomorrow
    washed = [g for w in doubles for g in w.garments if g.status == "in laundry"]
    assert washed and all(g.costume.hero_id is not None for g in washed)  # a multiple
    assert all(g.location.name == "Blanchisserie" for g in washed)


def test_the_deliberate_double_gap_is_in_a_scene_shot_later(seeded):
    rows = db.session.scalars(
        select(SceneCast).where(SceneCast.double_id.is_not(None)).options(*CAST_LOADED)
    ).all()
    gaps = [w for w in wearers(rows) if w.is_double and not w.covered]
    assert len(gaps) == 1
    dates = [d.shoot_date for d in gaps[0].cast.scene.shooting_days]
    assert dates and min(dates) > today_at("PAR") + timedelta(days=1)


def test_episode_3_scene_14_aurora_her_double_and_last_time_photo(seeded):
    _app, uploads = seeded
    fourteen = scene("3/14")
    (aurora,) = [r for r in cast_of(fourteen) if r.character.name == "Aurora"]
    assert aurora.performer.kind == "principal" and aurora.double is not None
    worn = {w.is_double: w for w in wearers([aurora])}
    assert worn[False].assigned and worn[False].costume.id == aurora.change.costume_id
    assert worn[True].covered and worn[True].costume.hero_id == aurora.change.costume_id
    photos = db.session.scalars(
        select(ContinuityPhoto).where(ContinuityPhoto.change_id == aurora.change_id)
    ).all()
    earlier = [p for p in photos if p.scene.number_key < fourteen.number_key]
    assert earlier and earlier[0].performer_id == aurora.performer_id
    assert earlier[0].taken_at < datetime.now(UTC)
    assert earlier[0].scene.shooting_days[0].shoot_date < today_at("PAR")
    for photo in photos:
        assert (uploads / photo.filename).read_bytes()[:3] == b"\xff\xd8\xff"
        assert Path(uploads / photo.thumb_filename).stat().st_size > 0
    notes = db.session.scalars(
        select(ContinuityNote.text).where(ContinuityNote.scene_id == fourteen.id)
    ).all()
    assert any("séq. 14" in text for text in notes)


def test_fittings_this_week_at_both_sites_without_clashes(seeded):
    for code in ("PAR", "NYC"):
        here = site(code)
        zone = ZoneInfo(here.timezone)
        monday = today_at(code) - timedelta(days=today_at(code).weekday())
        fittings = db.session.scalars(
            select(Fitting).where(Fitting.site_id == here.id).order_by(Fitting.starts_at)
        ).all()
        week = [f for f in fittings if 0 <= (f.starts_at.astimezone(zone).date() - monday).days < 7]
        assert len(week) >= 3, code
        assert all(f.room and f.fitter and (f.costumes or f.changes) for f in fittings)
        for n, first in enumerate(fittings):
            for other in fittings[n + 1 :]:
                overlap = first.starts_at < other.ends_at and other.starts_at < first.ends_at
                if overlap:
                    assert first.room != other.room and first.performer_id != other.performer_id
        for fitting in (f for f in fittings if f.state == "planned"):
            slot = (fitting.performer_id, fitting.room, fitting.starts_at, fitting.minutes)
            assert clashes(here.id, *slot, own_id=fitting.id) == {}
        done = [f for f in fittings if f.state == "done"]
        assert len(done) == 1 and done[0].notes and done[0].ends_at < datetime.now(UTC)
        tasks = db.session.scalars(select(Alteration).where(Alteration.site_id == here.id)).all()
        assert {t.state for t in tasks} == {"to do", "doing", "done"}
        assert all(t.maker and t.due_on for t in tasks)
        assert all(t.done_at for t in tasks if t.state == "done")
        assert [t.fitting_id for t in tasks if t.fitting_id] == [done[0].id]


def tomorrows_paris_day() -> ShootingDay:
    tomorrow = today_at("PAR") + timedelta(days=1)
    return db.session.scalar(
        select(ShootingDay).where(
            ShootingDay.site_id == site("PAR").id, ShootingDay.shoot_date == tomorrow
        )
    )


@pytest.mark.parametrize("email", ["paris@example.org", "newyork@example.org"])
def test_the_supervisors_questions_have_pages_in_both_languages(seeded, email):
    """Scene 3/14, tomorrow's Paris pull list, the change plot and this week's fittings."""
    app, _uploads = seeded
    client = app.test_client()
    client.post("/login", data={"email": email, "password": app.config["DEMO_PASSWORD"]})
    day, fourteen = tomorrows_paris_day(), scene("3/14")
    pages = {
        f"/scenes/{fourteen.id}": ("Geneviève Lacombe", "Inès Marchetti"),
        f"/pull-list/{day.id}": ("Wedding tights", "Rémi Castagne"),
        f"/pull-list/{day.id}/print": ("Wedding tights",),
        "/episodes/3/change-plot": ("14A", "Aurora"),
        "/pull-list": (), "/breakdown": (), "/episodes/3": (), "/shooting-days": (),
        "/day-out-of-days": (), "/fittings": (), "/fittings/week": (), "/alterations": (),
        "/doubles": (),
    }  # fmt: skip
    for path, words in pages.items():
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.get_data(as_text=True)
        assert all(word in page for word in words), path


def test_tomorrows_paris_pull_list_and_the_change_plot_as_csv(seeded, tmp_path):
    app, _uploads = seeded
    runner = app.test_cli_runner()
    tomorrow = tomorrows_paris_day().shoot_date.isoformat()
    out = tmp_path / "pull.csv"
    args = ["report", "pull-list", "--date", tomorrow, "--site", "Paris", "--out", str(out)]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8-sig")
    assert "Wedding tights" in text and "in laundry" in text
    out = tmp_path / "plot.csv"
    result = runner.invoke(args=["report", "change-plot", "--episode", "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "14A" in out.read_text(encoding="utf-8-sig")
