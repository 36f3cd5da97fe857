"""The change plot of an episode and the costumes' day-out-of-days: pages, reports, CLI."""

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import event

from costume_tracker.assignments.services import assign_costume
from costume_tracker.breakdown.models import SceneCast
from costume_tracker.extensions import db
from costume_tracker.reports.core import ReportContext
from costume_tracker.reports.services import write_report
from tests.breakdown_factories import (
    cast,
    character,
    make_change,
    make_episode,
    make_scene,
    shooting_day,
)
from tests.conftest import dressed_costume, make_costume, make_performer

from .reporting import all_page_rows, csv_cells

TODAY = date.today()


def small_episode() -> dict:
    """Episode 3: scenes 14, 14A, 15 (written out of order); Aurora (with a double in 14A)
    and the Lilac Fairy (in 15 only); shot today in Paris (14, 14A) and in three days (15)."""
    ep = make_episode(3, "Giselle")
    s15 = make_scene("15", 3, set_name="Foyer de la danse", story_day="N2")
    s14 = make_scene("14", 3, set_name="Palais Garnier, stage", story_day="D3")
    s14a = make_scene("14A", 3, set_name="Palais Garnier, wings", story_day="D3")
    aurora, lilac = character("Aurora"), character("Lilac Fairy")
    wedding = dressed_costume("Aurora, Act III wedding")
    multiple = make_costume("Aurora, Act III wedding, multiple 1", hero_id=wedding.id)
    rehearsal = make_costume("Aurora, rehearsal")
    fairy = make_costume("Lilac Fairy, prologue")
    principal = make_performer("Inès Laurent")
    double = make_performer("Zoé Martin", kind="double", doubles_for_id=principal.id)
    fairy_dancer = make_performer("Maya Okafor", kind="soloist")
    assign_costume(multiple, double, None)
    one, two = make_change(aurora, "1", rehearsal), make_change(aurora, "2", wedding)
    lilac_one = make_change(lilac, "1", fairy)
    cast(s14, aurora, principal, one)
    cast(s14a, aurora, principal, two, double=double)
    cast(s15, aurora, principal, two)
    cast(s15, lilac, fairy_dancer, lilac_one)
    shooting_day(TODAY, s14, s14a)
    shooting_day(TODAY + timedelta(days=3), s15)
    shooting_day(TODAY - timedelta(days=5), s15, site="New York")
    return {
        "episode": ep, "scenes": (s14, s14a, s15), "aurora": aurora, "wedding": wedding,
        "multiple": multiple, "rehearsal": rehearsal, "fairy": fairy, "changes": (one, two),
    }  # fmt: skip


@pytest.fixture
def episode(app):
    with app.app_context():
        made = small_episode()
        return {
            "wedding": made["wedding"].code,
            "multiple": made["multiple"].code,
            "rehearsal": made["rehearsal"].code,
            "fairy": made["fairy"].code,
            "s14a": made["scenes"][1].id,
            "aurora": made["aurora"].id,
            "change1": made["changes"][0].id,
        }


def export(name: str, context: ReportContext | None = None, **filters) -> bytes:
    out = io.BytesIO()
    write_report(name, out, context=context, **filters)
    return out.getvalue()


def test_change_plot_page_shows_character_by_scene(as_viewer, episode):
    response = as_viewer.get("/episodes/3/change-plot")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.index(">14<") < html.index(">14A<") < html.index(">15<")
    assert "Palais Garnier, wings" in html and "D3" in html and "N2" in html
    assert "Inès Laurent" in html and "Zoé Martin" in html
    assert "plot-frame" in html


def test_change_plot_page_in_french_shows_story_days_with_j(app, client, users, episode):
    with app.app_context():
        from costume_tracker.auth.models import User

        user = db.session.get(User, users["viewer"])
        user.locale = "fr"
        db.session.commit()
    from tests.conftest import login

    html = login(client, "viewer").get("/episodes/3/change-plot").get_data(as_text=True)
    assert "J3" in html and "N2" in html and "D3" not in html


def test_unknown_episode_is_not_found(as_viewer, episode):
    assert as_viewer.get("/episodes/9/change-plot").status_code == 404


def test_change_plot_csv_has_a_column_per_scene(app, episode):
    with app.app_context():
        header, rows = csv_cells(export("change-plot", episode="3"))
    assert header == ["Character", "Performer", "Double", "Sc. 14", "Sc. 14A", "Sc. 15"]
    assert rows == [
        ["Aurora", "Inès Laurent", "Zoé Martin", "1", "2", "2"],
        ["Lilac Fairy", "Maya Okafor", "", "", "", "1"],
    ]


def test_french_change_plot_headers_say_seq(app, episode):
    with app.app_context():
        data = export("change-plot", ReportContext(dialect="fr"), episode="3")
    first = data.decode("utf-8-sig").split("\r\n", 1)[0].split(";")
    assert first[3:] == ["Séq. 14", "Séq. 14A", "Séq. 15"]
    assert first[0] == "Personnage"


def test_a_change_swapped_in_one_scene_shows_in_the_plot(app, episode):
    with app.app_context():
        row = db.session.scalar(db.select(SceneCast).where(SceneCast.scene_id == episode["s14a"]))
        row.change_id = episode["change1"]
        db.session.commit()
        _header, rows = csv_cells(export("change-plot", episode="3"))
    assert rows[0][3:] == ["1", "1", "2"]


def test_report_page_of_the_change_plot(as_viewer, episode):
    html = as_viewer.get("/reports/change-plot?episode=3").get_data(as_text=True)
    assert "Sc. 14A" in html and "Inès Laurent" in html
    empty = as_viewer.get("/reports/change-plot")
    assert empty.status_code == 200


def test_cli_writes_the_change_plot(runner, app, episode, tmp_path):
    out = tmp_path / "plot.csv"
    result = runner.invoke(args=["report", "change-plot", "--episode", "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Wrote 2 rows of the change-plot report" in result.output
    header, _rows = csv_cells(out.read_bytes())
    assert header[3:] == ["Sc. 14", "Sc. 14A", "Sc. 15"]


def test_cli_refuses_the_change_plot_without_an_episode(runner, app, episode, tmp_path):
    out = tmp_path / "plot.csv"
    result = runner.invoke(args=["report", "change-plot", "--out", str(out)])
    assert result.exit_code != 0
    assert "give --episode" in result.output
    assert not out.exists()
    result = runner.invoke(args=["report", "change-plot", "--episode", "8", "--out", str(out)])
    assert result.exit_code != 0 and "no episode 8" in result.output


def _dood(app, **filters):
    with app.app_context():
        return csv_cells(export("day-out-of-days", **filters))


def test_day_out_of_days_marks_each_costume_on_the_days_it_is_needed(app, episode):
    header, rows = _dood(app)
    later = (TODAY + timedelta(days=3)).isoformat()
    assert header == [
        "Costume ID", "Costume", "Hero ID", "Character", "Change", "Worn by",
        TODAY.isoformat(), later, "Days",
    ]  # fmt: skip
    by_code = {row[0]: row for row in rows}
    assert by_code[episode["rehearsal"]][6:] == ["X", "", "1"]
    assert by_code[episode["wedding"]][6:] == ["X", "X", "2"]  # Inès wears the hero
    # The double's multiple is needed on the day the double works, in its own row.
    multiple = by_code[episode["multiple"]]
    assert multiple[2] == episode["wedding"] and multiple[5] == "Zoé Martin"
    assert multiple[6:] == ["X", "", "1"]
    assert by_code[episode["fairy"]][6:] == ["", "X", "1"]
    assert [row[3] for row in rows] == ["Aurora"] * 3 + ["Lilac Fairy"]


def test_day_out_of_days_by_site_and_dates(app, episode):
    past = (TODAY - timedelta(days=5)).isoformat()
    header, rows = _dood(app, site="New York", since=past)
    assert header[6:] == [past, "Days"]
    assert sorted(row[0] for row in rows) == sorted([episode["wedding"], episode["fairy"]])
    header, rows = _dood(app, until=TODAY.isoformat(), since=past)
    assert header[6:] == [past, TODAY.isoformat(), "Days"]


def test_day_out_of_days_page(as_viewer, episode):
    html = as_viewer.get("/day-out-of-days").get_data(as_text=True)
    assert episode["multiple"] in html and "Zoé Martin" in html
    assert "plot-frame" in html
    html = as_viewer.get("/day-out-of-days?site=2").get_data(as_text=True)
    assert episode["multiple"] not in html
    bad = as_viewer.get("/day-out-of-days?since=yesterday")
    assert bad.status_code == 200 and "is not a date" in bad.get_data(as_text=True)


def _add_scenes(count: int, start: int) -> None:
    aurora = character("Aurora")
    principal = db.session.scalar(
        db.select(SceneCast.performer_id).where(SceneCast.character_id == aurora.id)
    )
    changes = {}
    for n in range(start, start + count):
        scene = make_scene(f"{20 + n}", 3)
        costume = make_costume(f"Look {n}")
        change = changes[n] = make_change(aurora, f"{10 + n}", costume)
        db.session.add(
            SceneCast(scene=scene, character=aurora, performer_id=principal, change=change)
        )
        shooting_day(TODAY + timedelta(days=10 + n), scene)
    db.session.commit()


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


PATHS = (
    "/episodes/3/change-plot",
    "/day-out-of-days",
    "/reports/change-plot?episode=3",
    "/reports/change-plot.csv?episode=3",
    "/reports/day-out-of-days",
    "/reports/day-out-of-days.csv",
)


def test_plots_run_as_many_statements_for_many_scenes(app, as_viewer, episode):
    app.config["PER_PAGE"] = 200
    with app.app_context():
        _add_scenes(2, 0)
    few = {path: _statements(app, as_viewer, path) for path in PATHS}
    with app.app_context():
        _add_scenes(25, 2)
    many = {path: _statements(app, as_viewer, path) for path in PATHS}
    assert many == few


@pytest.mark.parametrize(
    "url", ["change-plot?episode=3", "change-plot", "day-out-of-days", "scene-doubles"]
)
def test_report_pages_hold_the_csv_rows(app, as_viewer, episode, url):
    app.config["PER_PAGE"] = 1  # one unit a page: the rows of every page make the CSV
    name, _, query = url.partition("?")
    headers, page_rows = all_page_rows(as_viewer, f"/reports/{url}")
    header, rows = csv_cells(as_viewer.get(f"/reports/{name}.csv?{query}").get_data())
    assert header == headers and rows == page_rows and rows
