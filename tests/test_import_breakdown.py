"""The breakdown import and its export: preview, errors by row and column, all or nothing."""

import csv
import io
import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, func, select

from costume_tracker.breakdown.models import Change, Episode, Scene, SceneCast, ShootingDay
from costume_tracker.extensions import db
from costume_tracker.imports import apply_import, preview_import
from costume_tracker.reports.core import ReportContext
from costume_tracker.reports.services import write_report
from tests.breakdown_factories import cast, character, make_change, make_episode, make_scene
from tests.breakdown_factories import shooting_day as make_day
from tests.conftest import make_costume, make_performer

HEADER = (
    "episode,scene,set,story_day,int_ext,description,character,production,performer,"
    "double,change,costume,shooting_days"
)


@pytest.fixture
def cast_list(app):
    """Episode 3 (Sleeping Beauty) with Aurora's principal, her double and costumes."""
    with app.app_context():
        make_episode(3, production="Sleeping Beauty")
        principal = make_performer("Inès Laurent")
        double = make_performer("Léa Morel", kind="double", doubles_for_id=principal.id)
        other = make_performer("Zoé Martin")
        hero = make_costume("Aurora, Act I")
        act3 = make_costume("Aurora, Act III")
        multiple = make_costume("Aurora, Act I (double)", hero_id=hero.id)
        retired = make_costume("Aurora, old")
        retired.retired = True
        db.session.commit()
        yield {
            "principal": principal.code, "double": double.code, "other": other.code,
            "hero": hero.code, "act3": act3.code, "multiple": multiple.code,
            "retired": retired.code,
        }  # fmt: skip


def good_file(ids: dict) -> bytes:
    """Scene 3/14 with Aurora (performer and double), 3/14A without cast, 4/2 with Clara."""
    lines = [
        HEADER,
        f'3,14,"Palais Garnier, stage",D3,INT,Aurora\'s entrance,Aurora,,{ids["principal"]},'
        f"{ids['double']},1,{ids['hero']},2026-12-03 Paris; 2026-12-04 PAR",
        "3,14a,Foyer,J3,ext,,,,,,,,2026-12-04 Paris",
        f"4,2,Studio,N2,INT/EXT,,Clara,The Nutcracker,Zoé Martin,,1,{ids['act3']},"
        "2026-12-05 New York",
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def export(episode: int | None = None, dialect: str = "en") -> bytes:
    out = io.BytesIO()
    filters = {"episode": episode} if episode else {}
    write_report("breakdown", out, context=ReportContext(dialect=dialect), **filters)
    return out.getvalue()


def test_good_file_previews_then_applies(app, cast_list):
    data = good_file(cast_list)
    with app.app_context():
        preview = preview_import("breakdown", data, "breakdown.csv")
        assert preview.ok, [str(e) for e in preview.errors]
        assert (preview.created, preview.updated, preview.removed) == (3, 0, 0)
        assert "1 new episode" in preview.notes and "3 new scenes" in preview.notes
        assert "3 new shooting days" in preview.notes and "2 new changes" in preview.notes
        assert count(Scene) == 0  # a preview writes nothing
        result = apply_import("breakdown", data, "breakdown.csv", None)
        assert result.applied
        scene = db.session.scalar(select(Scene).where(Scene.number == "14"))
        assert (scene.set_name, scene.story_day, scene.int_ext) == (
            "Palais Garnier, stage", "D3", "INT")  # fmt: skip
        assert [d.shoot_date.day for d in scene.shooting_days] == [3, 4]
        [row] = scene.cast
        assert (row.performer.code, row.double.code) == (cast_list["principal"],
                                                         cast_list["double"])  # fmt: skip
        assert (row.change.number, row.change.costume.code) == ("1", cast_list["hero"])
        short = db.session.scalar(select(Scene).where(Scene.number == "14A"))
        assert (short.story_day, short.int_ext, short.cast) == ("D3", "EXT", [])
        assert [d.site.name for d in short.shooting_days] == ["Paris"]
        assert db.session.scalar(select(Episode.id).where(Episode.number == 4))
        assert count(ShootingDay) == 3


def test_reimport_replaces_cast_and_reports_changes(app, cast_list):
    with app.app_context():
        assert apply_import("breakdown", good_file(cast_list), "b.csv", None).applied
        clara = db.session.scalar(select(Scene).where(Scene.number == "2")).cast[0]
        cast(clara.scene, character("Aurora"), change=None)  # a second character in 4/2
        lines = [
            HEADER,
            f'3,14,"Palais Garnier, stage",D3,INT,Aurora\'s entrance,Aurora,,'
            f"{cast_list['principal']},,1,{cast_list['act3']},2026-12-03 Paris",
            f"4,2,Studio,N2,INT/EXT,,Clara,The Nutcracker,{cast_list['other']},,1,,"
            "2026-12-05 New York",
        ]
        data = ("\n".join(lines) + "\n").encode()
        preview = preview_import("breakdown", data, "b.csv")
        assert preview.ok, [str(e) for e in preview.errors]
        assert (preview.created, preview.updated, preview.unchanged, preview.removed) == (
            0, 1, 1, 1)  # fmt: skip
        [update] = [p for p in preview.plans if p.action == "update"]
        assert update.changes["double"][1] == ""
        assert update.changes["costume"][1].startswith(cast_list["act3"])
        assert update.changes["shooting_days"] == (
            "2026-12-03 Paris; 2026-12-04 Paris", "2026-12-03 Paris")  # fmt: skip
        [removed] = [p for p in preview.plans if p.action == "remove"]
        assert (removed.key, removed.name) == ("4/2", "Aurora")
        assert "1 change with another costume" in preview.notes
        assert apply_import("breakdown", data, "b.csv", None).applied
        db.session.expire_all()
        scene = db.session.scalar(select(Scene).where(Scene.number == "14"))
        assert scene.cast[0].double is None and len(scene.shooting_days) == 1
        assert scene.cast[0].change.costume.code == cast_list["act3"]
        assert [c.character.name for c in clara.scene.cast] == ["Clara"]
        assert count(ShootingDay) == 3  # a day no scene lists any more is kept


BAD_CELLS = [
    ("episode", "0", "out of range"),
    ("episode", "", "Required"),
    ("scene", "14-B", "not a scene number"),
    ("story_day", "X3", "not a story day"),
    ("int_ext", "outside", "not INT, EXT or INT/EXT"),
    ("character", "Odette", "Unknown character 'Odette' in Sleeping Beauty"),
    ("production", "Swan Lake", "Unknown production 'Swan Lake'"),
    ("performer", "P-999", "Unknown performer P-999"),
    ("performer", "Nobody Here", "Unknown performer 'Nobody Here'"),
    ("double", "{other}", "does not double for"),
    ("change", "2-B", "not a change number"),
    ("costume", "{multiple}", "is a multiple of"),
    ("costume", "{retired}", "is retired"),
    ("costume", "C-999", "Unknown costume C-999"),
    ("shooting_days", "2026-12-03", "not a shooting day"),
    ("shooting_days", "2026-13-03 Paris", "not a shooting day"),
    ("shooting_days", "2026-12-03 Lyon", "Unknown site 'Lyon'"),
    ("set", "x" * 161, "Too long"),
]


@pytest.mark.parametrize("column, value, reason", BAD_CELLS)
def test_every_bad_cell_names_row_and_column_and_writes_nothing(
    app, cast_list, column, value, reason
):
    rows = list(csv.reader(io.StringIO(good_file(cast_list).decode())))
    rows[1][rows[0].index(column)] = value.format(**cast_list)
    data = as_file(rows)
    with app.app_context():
        result = apply_import("breakdown", data, "bad.csv", None)
        assert not result.applied
        errors = [(e.row, e.column) for e in result.preview.errors]
        assert (2, column) in errors, [str(e) for e in result.preview.errors]
        assert any(reason in e.reason for e in result.preview.errors)
        assert count(Scene) == count(Change) == count(ShootingDay) == 0
        assert count(Episode) == 1


@pytest.mark.parametrize(
    "line, column, reason",
    [
        (
            "3,14,Other set,D3,INT,Aurora's entrance,,,,,,,2026-12-03 Paris; 2026-12-04 Paris",
            "set",
            "every row of a scene must agree",
        ),
        (
            '3,14,"Palais Garnier, stage",D3,INT,Aurora\'s entrance,,,,,,,2026-12-03 Paris',
            "shooting_days",
            "every row of a scene must agree",
        ),
        (
            '3,14,"Palais Garnier, stage",D3,INT,Aurora\'s entrance,Aurora,,P-1,,1,,'
            "2026-12-03 Paris; 2026-12-04 Paris",
            "character",
            "already in scene 3/14",
        ),
        ("3,15,,D3,INT,,Aurora,,,,1,{act3},", "costume", "one hero costume"),
        ("3,15,,D3,INT,,Aurora,,,,2,,", "costume", "is new: fill in its hero costume"),
        ("3,15,,D3,INT,,Aurora,,,,,{act3},", "costume", "Fill in change"),
        ("3,15,,D3,INT,,Aurora,,,{double},,,", "double", "Choose the performer first"),
        ("9,1,,D1,INT,,Aurora,,,,,,", "production", "Episode 9 has no production"),
    ],
)
def test_rows_checked_together(app, cast_list, line, column, reason):
    data = good_file(cast_list) + line.format(**cast_list).encode() + b"\r\n"
    with app.app_context():
        result = apply_import("breakdown", data, "bad.csv", None)
        assert not result.applied
        errors = [(e.row, e.column, e.reason) for e in result.preview.errors]
        assert any(r == 5 and c == column and reason in why for r, c, why in errors), errors
        assert count(Scene) == 0


def test_performer_named_by_full_name_and_ambiguous_names(app, cast_list):
    with app.app_context():
        make_performer("Zoé Martin", kind="corps")
        data = good_file(cast_list)
        preview = preview_import("breakdown", data, "b.csv")
        [error] = preview.errors
        assert (error.row, error.column) == (4, "performer")
        assert "Several performers are called 'Zoé Martin'" in error.reason
        by_name = data.replace(cast_list["principal"].encode() + b",", b"in\xc3\xa8s LAURENT,")
        assert preview_import("breakdown", by_name, "b.csv").errors == preview.errors


def test_unknown_column_and_missing_required_column(app, cast_list):
    with app.app_context():
        preview = preview_import("breakdown", b"episode,scene,character,colour\n3,14,,red\n",
                                 "b.csv")  # fmt: skip
        columns = {(e.row, e.column) for e in preview.errors}
        assert (1, "colour") in columns
        assert {(1, "performer"), (1, "double"), (1, "change")} <= columns


def test_export_then_import_changes_nothing(app, cast_list):
    with app.app_context():
        assert apply_import("breakdown", good_file(cast_list), "b.csv", None).applied
        scene = make_scene("20", 3)  # made on the breakdown pages: no cast, no days
        aurora = character("Aurora")
        cast(scene, aurora, change=make_change(aurora, "2A"))  # a change without a costume
        make_day(date(2026, 12, 9), scene, site="New York")
        for dialect in ("en", "fr"):
            data = export(dialect=dialect)
            preview = preview_import("breakdown", data, f"breakdown-{dialect}.csv")
            assert preview.ok, [str(e) for e in preview.errors]
            assert preview.changed_plans == []
            assert preview.unchanged == 4
        lines = export().decode("utf-8-sig").splitlines()
        assert lines[0] == HEADER
        assert lines[1].startswith('3,14,"Palais Garnier, stage",D3,INT,')
        assert (
            lines[3] == '3,20,"Palais Garnier, stage",D3,INT,,Aurora,Sleeping Beauty,,,2A,,'
            "2026-12-09 New York"
        )
        assert len(export(episode=4).decode().splitlines()) == 2
        assert "J3" in export(dialect="fr").decode("utf-8-sig")


def test_cli_dry_run_then_import(app, runner, cast_list, tmp_path):
    path = tmp_path / "breakdown.csv"
    path.write_bytes(good_file(cast_list))
    result = runner.invoke(args=["import", "breakdown", str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "3 to create" in result.output and "Dry run" in result.output
    with app.app_context():
        assert count(Scene) == 0
    result = runner.invoke(args=["import", "breakdown", str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert count(Scene) == 3 and count(SceneCast) == 2
    path.write_bytes(good_file(cast_list).replace(b",D3,", b",Q3,"))
    result = runner.invoke(args=["import", "breakdown", str(path)])
    assert result.exit_code == 1
    assert "row 2\tstory_day" in result.output


def test_report_command_writes_the_file(app, runner, cast_list, tmp_path):
    with app.app_context():
        apply_import("breakdown", good_file(cast_list), "b.csv", None)
    out = tmp_path / "out.csv"
    result = runner.invoke(args=["report", "breakdown", "--episode", "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) == 3


def upload(client, data: bytes):
    return client.post(
        "/imports",
        data={"kind": "breakdown", "file": (io.BytesIO(data), "breakdown.csv")},
        content_type="multipart/form-data",
    )


def hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" type="hidden" value="([^"]+)"', html).group(1)


def test_web_upload_preview_confirm(app, as_wardrobe, cast_list):
    page = as_wardrobe.get("/imports").data.decode()
    assert 'value="breakdown"' in page and "/imports/template/breakdown.csv" in page
    template = as_wardrobe.get("/imports/template/breakdown.csv?dialect=en")
    assert template.data.decode("utf-8-sig").strip() == HEADER
    response = upload(as_wardrobe, good_file(cast_list))
    html = response.data.decode()
    assert response.status_code == 200
    assert "3 to create" in html and "3 new scenes" in html and "3/14A" in html
    with app.app_context():
        assert count(Scene) == 0
    response = as_wardrobe.post(
        "/imports/confirm",
        data={"token": hidden(html, "token"), "fingerprint": hidden(html, "fingerprint")},
    )
    assert response.status_code == 302 and response.location.endswith("/breakdown")
    with app.app_context():
        assert count(Scene) == 3
    page = as_wardrobe.get("/reports/breakdown?episode=3").data.decode()
    assert "Palais Garnier, stage" in page and cast_list["double"] in page
    csv_file = as_wardrobe.get("/reports/breakdown.csv?dialect=en")
    assert csv_file.data.decode("utf-8-sig").splitlines()[0] == HEADER


def test_web_errors_and_cancel(app, as_wardrobe, cast_list):
    bad = good_file(cast_list).replace(b"Aurora,,", b"Odette,,")
    html = upload(as_wardrobe, bad).data.decode()
    assert "Unknown character &#39;Odette&#39;" in html and 'name="fingerprint"' not in html
    html = upload(as_wardrobe, good_file(cast_list)).data.decode()
    response = as_wardrobe.post("/imports/cancel", data={"token": hidden(html, "token")})
    assert response.status_code == 302
    with app.app_context():
        assert count(Scene) == 0


def test_viewer_cannot_import_but_reads_the_report(as_viewer, cast_list):
    assert upload(as_viewer, b"episode\n").status_code == 403
    assert as_viewer.get("/imports/template/breakdown.csv").status_code == 403
    assert as_viewer.get("/reports/breakdown").status_code == 200


def as_file(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode()


def test_demo_breakdown_export_reimports_unchanged(app):
    from costume_tracker.demo.seed import load_demo

    with app.app_context():
        load_demo()
        data = export()
        assert len(data.splitlines()) > 20
        preview = preview_import("breakdown", data, "breakdown.csv")
        assert preview.ok, [str(e) for e in preview.errors[:5]]
        assert preview.changed_plans == [] and preview.notes == []
        result = apply_import("breakdown", data, "breakdown.csv", None)
        assert result.applied
        assert export() == data


def statements(app, work) -> int:
    """How many SQL statements ``work()`` runs."""
    seen = []

    def count_one(*_args):
        seen.append(1)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", count_one)
        try:
            work()
        finally:
            event.remove(db.engine, "before_cursor_execute", count_one)
    return len(seen)


def grown_file(ids: dict, episode: int, scenes: int) -> bytes:
    lines = [HEADER]
    for number in range(1, scenes + 1):
        lines.append(
            f"{episode},{number},Set {number},D1,INT,,Aurora,Sleeping Beauty,{ids['principal']},"
            f"{ids['double']},{number}{'ABC'[episode - 5]},{ids['hero']},2026-12-{number:02d} Paris"
        )
        lines.append(f"{episode},{number},Set {number},D1,INT,,Clara,The Nutcracker,,,,,"
                     f"2026-12-{number:02d} Paris")  # fmt: skip
    return ("\n".join(lines) + "\n").encode()


def test_import_and_report_queries_do_not_follow_the_rows(app, as_wardrobe, cast_list):
    counts = []
    for episode, scenes in ((5, 2), (6, 3), (7, 25)):
        data = grown_file(cast_list, episode, scenes)
        preview = statements(app, lambda d=data: preview_import("breakdown", d, "b.csv"))
        with app.app_context():
            assert apply_import("breakdown", data, "b.csv", None).applied
        again = statements(app, lambda d=data: apply_import("breakdown", d, "b.csv", None))
        page = statements(app, lambda e=episode: as_wardrobe.get(f"/reports/breakdown?episode={e}"))
        download = statements(app, lambda: as_wardrobe.get("/reports/breakdown.csv").data)
        counts.append((preview, again, page, download))
    # The first file meets no stored scene: their cast and days are not loaded at all.
    assert counts[1] == counts[2], counts


BREAKDOWN_CELL = st.one_of(
    st.text(max_size=10),
    st.sampled_from(
        ["3", "4", "99", "100", "0", "14", "14A", "14ab", "D3", "J3", "N2", "X", "INT", "ext",
         "INT/EXT", "Aurora", "Clara", "Sleeping Beauty", "The Nutcracker", "P-1", "P-2", "P-3",
         "P-99", "Inès Laurent", "C-1", "C-2", "C-3", "C-4", "1", "2A", "2026-12-03 Paris",
         "2026-12-03 PAR; 2026-12-04 New York", "2026-02-30 Paris", ";", "", "'=1+1"]
    ),
)  # fmt: skip


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=st.lists(st.lists(BREAKDOWN_CELL, min_size=13, max_size=13), min_size=1, max_size=4))
def test_random_breakdown_cells_never_crash(app, cast_list, rows):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER.split(","), *rows])
    with app.app_context():
        result = apply_import("breakdown", buffer.getvalue().encode(), "b.csv", None)
        for issue in result.preview.errors:
            assert issue.row is None or issue.row >= 1
            assert issue.reason.strip()
        if result.applied:  # a good file, applied: importing it again changes nothing
            again = preview_import("breakdown", buffer.getvalue().encode(), "b.csv")
            assert again.ok and again.changed_plans == [], [str(e) for e in again.errors]
