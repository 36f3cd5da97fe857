"""Doubles by scene: where a double works, their multiple of the change's costume is assigned."""

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import event

from costume_tracker.assignments.scene_doubles import (
    by_scene,
    scene_double_statuses,
    scene_doubles_select,
)
from costume_tracker.assignments.services import assign_costume
from costume_tracker.extensions import db
from costume_tracker.reports.doubles_reports import COVERAGE_COLUMNS
from costume_tracker.reports.services import write_report
from tests.breakdown_factories import cast, character, make_change, make_scene, shooting_day
from tests.conftest import dressed_costume, make_costume, make_performer, site_id

from .reporting import csv_cells

TODAY = date.today()


def three_scenes() -> dict:
    """Aurora in change 2 (hero C-1) in scenes 3/14 (shot in 2 days), 3/14A (not scheduled)
    and 3/15 (shot last week); Clara in change 1 (hero C-2) in 3/16 (shot tomorrow).
    Zoé Martin doubles Inès Laurent in 14, 14A and 15; Léa Moreau doubles Clara in 16."""
    wedding = dressed_costume("Aurora, Act III wedding")  # C-1
    swan = make_costume("Clara, Act I party", production_id=None)  # C-2
    aurora, odette = character("Aurora"), character("Clara", "The Nutcracker")
    ines = make_performer("Inès Laurent")
    zoe = make_performer("Zoé Martin", kind="double", doubles_for_id=ines.id)
    maya = make_performer("Maya Okafor")
    lea = make_performer("Léa Moreau", kind="double", doubles_for_id=maya.id)
    two, one = make_change(aurora, "2", wedding), make_change(odette, "1", swan)
    scenes = {n: make_scene(n, 3) for n in ("14", "14A", "15", "16")}
    for n in ("14", "14A", "15"):
        cast(scenes[n], aurora, ines, two, double=zoe)
    cast(scenes["16"], odette, maya, one, double=lea)
    shooting_day(TODAY + timedelta(days=2), scenes["14"])
    shooting_day(TODAY - timedelta(days=7), scenes["15"])
    shooting_day(TODAY + timedelta(days=1), scenes["16"], site="New York")
    return {"wedding": wedding, "swan": swan, "zoe": zoe, "lea": lea, "ines": ines}


@pytest.fixture
def scenes(app):
    with app.app_context():
        made = three_scenes()
        return {key: value.id for key, value in made.items()}


def statuses():
    return scene_double_statuses(db.session.scalars(scene_doubles_select()).all())


def test_upcoming_days_first_then_unscheduled_then_past(app, scenes):
    with app.app_context():
        found = statuses()
        assert [s.scene.label for s in found] == ["3/16", "3/14", "3/14A", "3/15"]
        assert found[1].days == [TODAY + timedelta(days=2)]
        assert found[2].days == []


def test_no_multiple_is_a_gap_that_says_one_must_be_made(app, scenes):
    with app.app_context():
        aurora = [s for s in statuses() if s.cast.character.name == "Aurora"]
        assert all(not s.covered for s in aurora)
        assert aurora[0].missing == "no multiple of C-1 assigned to Zoé Martin: make one"
        assert aurora[0].missing_text == (
            "no multiple of C-1 assigned to Zoé Martin: one must be made"
        )


def test_a_free_multiple_not_assigned_is_named(app, scenes):
    with app.app_context():
        from costume_tracker.catalog.models import Costume

        multiple = make_costume("Aurora, multiple 1", hero_id=scenes["wedding"])
        assert multiple.code == "C-3"
        found = [s for s in statuses() if s.cast.character.name == "Aurora"]
        assert [c.code for c in found[0].free] == ["C-3"]  # the hero is Inès's, not free
        assert "free: C-3 (assign it)" in found[0].missing
        assert "C-3 is free: assign it" in found[0].missing_text
        assert db.session.get(Costume, scenes["wedding"]) not in found[0].free


def test_the_doubles_assigned_multiple_covers_every_scene(app, scenes):
    with app.app_context():
        from costume_tracker.catalog.models import Costume
        from costume_tracker.people.models import Performer

        multiple = make_costume("Aurora, multiple 1", hero_id=scenes["wedding"])
        assign_costume(multiple, db.session.get(Performer, scenes["zoe"]), None)
        found = {s.scene.label: s for s in statuses()}
        for label in ("3/14", "3/14A", "3/15"):
            assert found[label].covered and found[label].multiple.code == multiple.code
            assert found[label].missing == ""
        assert not found["3/16"].covered  # Léa has no multiple of C-2
        # A multiple of another costume does not cover Clara's change.
        assign_costume(db.session.get(Costume, scenes["wedding"]), found["3/16"].double, None)
        assert not {s.scene.label: s for s in statuses()}["3/16"].covered


def test_status_and_site_filters(app, scenes):
    with app.app_context():
        from costume_tracker.people.models import Performer

        multiple = make_costume("Aurora, multiple 1", hero_id=scenes["wedding"])
        assign_costume(multiple, db.session.get(Performer, scenes["zoe"]), None)
        gaps = db.session.scalars(scene_doubles_select(status="gap")).all()
        assert [c.scene.number for c in gaps] == ["16"]
        covered = db.session.scalars(scene_doubles_select(status="covered")).all()
        assert [c.scene.number for c in covered] == ["14", "14A", "15"]
        paris = scene_doubles_select(site=site_id("Paris"))
        assert [c.scene.number for c in db.session.scalars(paris)] == ["14", "15"]
        section = by_scene()
        assert (section.gap_count, section.covered_count) == (1, 3)


def test_coverage_page_lists_gaps_by_scene_with_a_fix(as_wardrobe, app, scenes):
    with app.app_context():
        make_costume("Aurora, multiple 1", hero_id=scenes["wedding"])  # C-3, free
    html = as_wardrobe.get("/doubles").get_data(as_text=True)
    section = html[html.index('id="by-scene"') :]
    assert "4 gaps" in section
    assert section.index("3/16") < section.index("3/14<") < section.index("3/15")
    assert "Assign C-3 to Zoé Martin…" in section
    assert f"/assignments/new?costume=3&amp;performer={scenes['zoe']}" in section
    assert "Make a multiple of C-2…" in section  # nothing free for Clara's costume
    assert "not scheduled" in section


def test_coverage_page_lists_covered_rows_after_gaps(as_viewer, app, scenes):
    with app.app_context():
        from costume_tracker.people.models import Performer

        multiple = make_costume("Aurora, multiple 1", hero_id=scenes["wedding"])
        assign_costume(multiple, db.session.get(Performer, scenes["zoe"]), None)
    html = as_viewer.get("/doubles").get_data(as_text=True)
    section = html[html.index('id="by-scene"') :]
    assert "1 gap" in section
    assert section.index("3/16") < section.index("Covered") < section.index("3/14<")
    assert "Make a multiple" not in section  # a viewer reads, does not fix


def export(name: str, **filters) -> bytes:
    out = io.BytesIO()
    write_report(name, out, **filters)
    return out.getvalue()


def test_scene_doubles_report_reads_back(app, scenes):
    with app.app_context():
        make_costume("Aurora, multiple 1", hero_id=scenes["wedding"])
        header, rows = csv_cells(export("scene-doubles"))
        gaps = csv_cells(export("scene-doubles", status="gap"))[1]
        coverage = csv_cells(export("doubles-coverage"))[0]
    assert header[:4] == ["Episode", "Scene", "Shooting days", "Character"]
    assert header[-2:] == ["Coverage", "Missing"]
    record = dict(zip(header, rows[1], strict=True))
    assert record["Scene"] == "14" and record["Double"] == "Zoé Martin"
    assert record["Shooting days"] == (TODAY + timedelta(days=2)).isoformat()
    assert record["Change"] == "2" and record["Costume ID"] == "C-1"
    assert record["Coverage"] == "gap" and "free: C-3" in record["Missing"]
    assert [row[1] for row in rows] == ["16", "14", "14A", "15"]
    assert len(gaps) == 4
    assert tuple(coverage) == COVERAGE_COLUMNS  # the coverage report keeps its columns


def test_cli_writes_the_scene_doubles_report(runner, app, scenes, tmp_path):
    out = tmp_path / "doubles.csv"
    result = runner.invoke(args=["report", "scene-doubles", "--status", "gap", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Wrote 4 rows" in result.output


def _more_scenes(count: int, start: int) -> None:
    aurora = character("Aurora")
    from costume_tracker.breakdown.models import Change, SceneCast

    row = db.session.scalar(db.select(SceneCast).where(SceneCast.character_id == aurora.id))
    change = db.session.get(Change, row.change_id)
    for n in range(start, start + count):
        scene = make_scene(f"{30 + n}", 4)
        cast(scene, aurora, row.performer, change, double=row.double)
        shooting_day(TODAY + timedelta(days=20 + n), scene)
        if n % 2:
            make_costume(f"Aurora, multiple {n}", hero_id=change.costume_id)


def _statements(app, client, path: str) -> int:
    with app.app_context():
        engine = db.engine
    counter = {"n": 0}

    def count(*_args):
        counter["n"] += 1

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return counter["n"]


def test_pages_run_as_many_statements_for_many_scenes(app, as_wardrobe, scenes):
    paths = ("/doubles", "/reports/scene-doubles", "/reports/scene-doubles.csv")
    app.config["PER_PAGE"] = 200
    with app.app_context():
        _more_scenes(2, 0)
    few = {path: _statements(app, as_wardrobe, path) for path in paths}
    with app.app_context():
        _more_scenes(30, 2)
    many = {path: _statements(app, as_wardrobe, path) for path in paths}
    assert many == few
