"""Report pages and their CSV downloads on a small wardrobe: same rows, filters, roles."""

import io
import re
from datetime import date, timedelta

import pandas
import pytest
from sqlalchemy import event

from costume_tracker.assignments.doubles import coverage_gaps, dress_double
from costume_tracker.assignments.services import assign_costume, return_assignment
from costume_tracker.auth.models import User
from costume_tracker.catalog.models import Garment
from costume_tracker.catalog.workflow import change_status
from costume_tracker.extensions import db
from costume_tracker.i18n.times import local_today, site_zone
from costume_tracker.lists.models import Character, Location, Site
from costume_tracker.people.models import Performer
from costume_tracker.people.services import record_measurement, save_performer
from costume_tracker.reports.columns import (
    COSTUME_COLUMNS,
    GARMENT_COLUMNS,
    PERFORMER_COLUMNS,
    measurement_columns,
)
from costume_tracker.reports.csvfile import unneutralise
from costume_tracker.reports.services import REPORTS

from .breakdown_factories import cast as breakdown_cast
from .breakdown_factories import make_change, make_episode, make_scene, shooting_day
from .conftest import (
    dressed_costume,
    login,
    make_costume,
    make_garment,
    production_id,
    site_id,
)
from .reporting import all_page_rows, csv_cells, page_table

FORMULAS = {
    "name": "=SUM(A1:A2)",
    "notes": "+33 1 40 28 28 40",
    "colour": "@home",
    "fabric": "-minus",
    "care_notes": "\tTabbed",
}


def character_id(name: str) -> int:
    return db.session.scalar(db.select(Character.id).where(Character.name == name))


def cast(name: str, kind: str = "principal", characters=("Aurora",), **fields) -> Performer:
    """Add a performer (Paris by default) playing the named characters."""
    values = {"name": name, "kind": kind, "company_site_id": site_id(), **fields}
    return save_performer(None, values, [character_id(c) for c in characters], None)


def build_wardrobe(user) -> dict:
    """Two companies' worth of pieces: a principal with a double, tutus with history, stock."""
    theatre = Location(site_id=site_id(), name="Théâtre du Châtelet", kind="room")
    db.session.add(theatre)
    db.session.commit()
    wedding = dressed_costume(character_id=character_id("Aurora"))
    birthday = dressed_costume("Aurora, Act I birthday", character_id=character_id("Aurora"))
    tutu = next(g for g in wedding.garments if g.category == "tutu")
    tutu.hoop, tutu.location_id = True, theatre.id
    db.session.commit()
    for status in ("in laundry", "in stock", "in repair", "in stock"):
        change_status(tutu, status, theatre.id, user)
    party = make_costume("Clara, Act I party", production_id=production_id("The Nutcracker"))
    dress = make_garment(
        name="Party dress", category="dress", costume_id=party.id,
        home_site_id=site_id("New York"), production_id=production_id("The Nutcracker"),
    )  # fmt: skip
    stock = make_garment(category="tights", **FORMULAS)
    make_garment(
        name="Snowflake tutu", category="tutu", net_layers=10, tutu_style="platter",
        home_site_id=site_id("New York"), production_id=production_id("The Nutcracker"),
    )  # fmt: skip
    star = cast("Geneviève Lacombe")
    double = cast("Inès Marchetti", "double", (), doubles_for_id=star.id)
    clara = cast("Oksana Reyes", "soloist", ("Clara",), company_site_id=site_id("New York"))
    fitting = assign_costume(party, clara, user, starts_on=date(2026, 9, 1))
    return_assignment(fitting, user)
    change_status(dress, "in laundry", None, user)
    yesterday = date.today() - timedelta(days=1)
    worn = assign_costume(
        wedding, star, user, episodes="Ep. 1–2", starts_on=yesterday - timedelta(days=9),
        due_on=yesterday,
    )  # fmt: skip
    dress_double(worn, double, user)
    assign_costume(birthday, star, user, episodes="Ep. 3")  # the double has no multiple: a gap
    record_measurement(star, {"chest": 85, "waist": 65}, "cm", date(2026, 1, 10), user)
    record_measurement(star, {"chest": 84, "waist": 63.5}, "cm", date(2026, 3, 1), user, "EU 38")
    # The breakdown: episode 3, scene 14 with Aurora in her wedding change and her double,
    # shot tomorrow in Paris (the pull-list, change-plot, scene-doubles… reports' rows).
    make_episode(3, "The Rose Adagio", "Sleeping Beauty")
    scene = make_scene("14", 3)
    aurora = db.session.get(Character, character_id("Aurora"))
    breakdown_cast(scene, aurora, star, make_change(aurora, "1", wedding), double=double)
    shooting_day(local_today(site_zone(db.session.get(Site, site_id()))) + timedelta(days=1), scene)
    return {"tutu": tutu.tag_code, "dress": dress.tag_code, "stock": stock.tag_code,
            "star": star.id, "double": double.id, "wedding": wedding.id}  # fmt: skip


@pytest.fixture
def wardrobe(app, users):
    with app.app_context():
        return build_wardrobe(db.session.get(User, users["wardrobe"]))


def csv_of(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, response.data[:300]
    assert response.is_streamed
    return csv_cells(response.get_data())


def column(header, rows, name):
    return [row[header.index(name)] for row in rows]


@pytest.mark.parametrize("name", list(REPORTS))
def test_report_page_and_csv_hold_the_same_rows(as_wardrobe, wardrobe, name):
    # The pull list is of one site's shooting day: the test user has no home site to default to.
    query = "?site=Paris" if name == "pull-list" else ""
    headers, page_rows = all_page_rows(as_wardrobe, f"/reports/{name}{query}")
    header, rows = csv_of(as_wardrobe, f"/reports/{name}.csv{query}")
    assert header == headers
    assert rows == page_rows
    assert rows, f"the {name} report of the test wardrobe should not be empty"
    assert all(len(row) == len(header) for row in rows)


def test_index_lists_every_report_and_nav_links_it(as_viewer):
    html = as_viewer.get("/reports").get_data(as_text=True)
    for name in REPORTS:
        assert f'href="/reports/{name}"' in html
        assert f'href="/reports/{name}.csv"' in html
    garments = as_viewer.get("/garments").get_data(as_text=True)
    assert re.search(r'<a href="/reports"[^>]*>.*?<span>Reports</span></a>', garments)


def test_inventory_uses_the_shared_headers_and_formats(app, as_wardrobe, wardrobe):
    header, rows = csv_of(as_wardrobe, "/reports/inventory.csv")
    assert tuple(header) == GARMENT_COLUMNS
    with app.app_context():
        assert len(rows) == db.session.scalar(db.select(db.func.count(Garment.id)))
    tutu = next(r for r in rows if r[0] == wardrobe["tutu"])
    cell = dict(zip(header, tutu, strict=True))
    assert cell["Costume ID"] == f"C-{wardrobe['wedding']}"
    assert cell["Hoop"] == "yes" and cell["Net layers"] == "13" and cell["Waist (cm)"] == "64"
    assert cell["Location"] == "Théâtre du Châtelet" and cell["Home site"] == "Paris"
    assert cell["Status"] == "with performer"
    assert cell["Status since"].endswith("Z") and cell["Status since"][10] == "T"
    assert cell["Current wearer"] == f"Geneviève Lacombe (P-{wardrobe['star']})"
    bodice_hoop = next(r for r in rows if r[2] == "bodice")[header.index("Hoop")]
    assert bodice_hoop == ""


def test_csv_file_format_bom_crlf_and_formula_guard(as_wardrobe, wardrobe):
    data = as_wardrobe.get("/reports/inventory.csv").get_data()
    assert data.startswith(b"\xef\xbb\xbfTag,Name,Category,")
    assert data.count(b"\r\n") >= 2 and b"\n" not in data.replace(b"\r\n", b"")
    text = data.decode("utf-8-sig")
    for value in FORMULAS.values():
        guarded = "'" + value
        assert guarded in text, f"{value!r} is not neutralised"
    assert "Geneviève Lacombe" in text and "Théâtre du Châtelet" in text
    header, rows = csv_cells(data)
    stock = dict(zip(header, next(r for r in rows if r[0] == wardrobe["stock"]), strict=True))
    assert stock["Name"] == FORMULAS["name"] and stock["Care notes"] == "\tTabbed"
    assert stock["Notes"] == FORMULAS["notes"] and stock["Fabric"] == "-minus"
    # The page shows the value as typed, without the guard.
    html = as_wardrobe.get("/reports/inventory?category=tights").get_data(as_text=True)
    assert page_table(html)[1][0][1] == "=SUM(A1:A2)"


def test_pandas_reads_the_same_cells_as_the_csv_module(as_wardrobe, wardrobe):
    for name in ("inventory", "history", "performers"):
        data = as_wardrobe.get(f"/reports/{name}.csv").get_data()
        header, rows = csv_cells(data)
        frame = pandas.read_csv(
            io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False
        )
        assert list(frame.columns) == header
        cells = [[unneutralise(v) for v in row] for row in frame.itertuples(index=False)]
        assert cells == rows
    assert "Geneviève Lacombe" in frame["Name"].tolist()


@pytest.mark.parametrize(
    ("url", "column_name", "expected"),
    [
        ("/reports/inventory?site=2", "Home site", {"New York"}),
        ("/reports/inventory?status=in+laundry", "Status", {"in laundry"}),
        ("/reports/inventory?category=tutu", "Category", {"tutu"}),
        ("/reports/tutus?status=with+performer", "Status", {"with performer"}),
        ("/reports/out?status=in+laundry", "Status", {"in laundry"}),
        ("/reports/history?kind=measurement", "Kind", {"measurement"}),
        ("/reports/performers?kind=double", "Kind", {"double"}),
        ("/reports/performers?site=2", "Company", {"New York"}),
        ("/reports/costumes?production=2", "Production", {"The Nutcracker"}),
        ("/reports/costume-plot?status=current", "Returned on", {""}),
        ("/reports/doubles-coverage?status=gap", "Coverage", {"gap"}),
        ("/reports/doubles-coverage?status=covered", "Coverage", {"covered"}),
    ],
)
def test_filters_change_rows(as_wardrobe, wardrobe, url, column_name, expected):
    name = url.split("?")[0].rsplit("/", 1)[1]
    _, everything = csv_of(as_wardrobe, f"/reports/{name}.csv")
    headers, rows = all_page_rows(as_wardrobe, url)
    assert rows and set(column(headers, rows, column_name)) == expected
    assert len(rows) < len(everything)
    header, csv_rows = csv_of(as_wardrobe, url.replace(f"/{name}", f"/{name}.csv"))
    assert csv_rows == rows


def test_download_link_keeps_the_page_filters(as_wardrobe, wardrobe):
    html = as_wardrobe.get("/reports/out?status=in+laundry&site=2&page=1").get_data(as_text=True)
    assert 'href="/reports/out.csv?site=2&amp;status=in+laundry"' in html


def test_history_filters_by_garment_user_and_dates(app, as_wardrobe, wardrobe):
    today = date.today().isoformat()
    url = f"/reports/history.csv?garment={wardrobe['tutu'].lower()}&since={today}&until={today}"
    header, rows = csv_of(as_wardrobe, url)
    assert set(column(header, rows, "Tag")) == {wardrobe["tutu"]}
    changes = column(header, rows, "Changes")
    assert "status: in stock → in laundry" in changes
    header, rows = csv_of(as_wardrobe, "/reports/history.csv?user=wardrobe@example.org")
    assert set(column(header, rows, "By")) == {"Wardrobe"}
    header, rows = csv_of(as_wardrobe, f"/reports/history.csv?performer=P-{wardrobe['double']}")
    assert rows and set(column(header, rows, "Performer")) == {"Inès Marchetti"}
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    assert csv_of(as_wardrobe, f"/reports/history.csv?until={yesterday}")[1] == []


def test_tutus_show_last_cleaned_and_repaired(as_wardrobe, wardrobe):
    header, rows = csv_of(as_wardrobe, "/reports/tutus.csv")
    tutu = dict(zip(header, next(r for r in rows if r[0] == wardrobe["tutu"]), strict=True))
    assert tutu["Character"] == "Aurora" and tutu["Hoop"] == "yes"
    assert tutu["Last cleaned"].startswith(date.today().isoformat())
    assert tutu["Last repaired"] >= tutu["Last cleaned"]
    untouched = [dict(zip(header, r, strict=True)) for r in rows if r[0] != wardrobe["tutu"]]
    assert all(t["Last cleaned"] == "" == t["Last repaired"] for t in untouched)


def test_out_report_says_with_whom_and_overdue(as_wardrobe, wardrobe):
    header, rows = csv_of(as_wardrobe, "/reports/out.csv")
    by_tag = {r[0]: dict(zip(header, r, strict=True)) for r in rows}
    tutu = by_tag[wardrobe["tutu"]]
    assert tutu["With / where"].startswith("Geneviève Lacombe (P-")
    assert tutu["Overdue"] == "yes" and tutu["Days out"] == "0"
    dress = by_tag[wardrobe["dress"]]
    assert dress["Status"] == "in laundry" and dress["With / where"] == "New York"
    assert dress["Overdue"] == "no" and dress["Due on"] == ""
    assert wardrobe["stock"] not in by_tag


def test_doubles_reports_put_the_double_beside_the_principal(app, as_wardrobe, wardrobe):
    header, rows = csv_of(as_wardrobe, "/reports/costume-plot.csv")
    assert header[-2:] == ["Double 1", "Double 1 wears"]
    assert "Inès Marchetti" not in column(header, rows, "Performer")
    wedding = next(r for r in rows if r[header.index("Costume ID")] == f"C-{wardrobe['wedding']}")
    assert wedding[header.index("Double 1")] == f"Inès Marchetti (P-{wardrobe['double']})"
    assert ", multiple 1" in wedding[header.index("Double 1 wears")]
    assert wedding[header.index("Episodes / scenes")] == "Ep. 1–2"
    birthday = next(r for r in rows if r[header.index("Costume")] == "Aurora, Act I birthday")
    assert birthday[-1] == "no multiple (gap)"
    header, rows = csv_of(as_wardrobe, "/reports/doubles-coverage.csv?status=gap")
    with app.app_context():
        gaps = coverage_gaps()
        assert [(r[4], r[6], r[-1]) for r in rows] == [
            (g.costume.code, g.double.code, g.missing) for g in gaps
        ]


def test_measurements_only_for_wardrobe_in_their_unit(app, client, users, wardrobe):
    login(client, "viewer")
    for url in ("/reports/performers.csv", "/reports/performers.csv?unit=cm"):
        header, _ = csv_of(client, url)
        assert tuple(header) == PERFORMER_COLUMNS
    html = client.get("/reports/performers").get_data(as_text=True)
    assert "Chest (cm)" not in html and "only wardrobe staff and admins" in html
    client.post("/logout")
    login(client, "wardrobe")
    header, rows = csv_of(client, "/reports/performers.csv")
    assert tuple(header) == PERFORMER_COLUMNS + measurement_columns("cm")
    star = dict(zip(header, next(r for r in rows if r[1] == "Geneviève Lacombe"), strict=True))
    assert star["Measured on"] == "2026-03-01" and star["Waist (cm)"] == "63.5"
    assert star["Shoe size"] == "EU 38"
    with app.app_context():
        db.session.get(User, users["wardrobe"]).unit = "in"
        db.session.commit()
    header, rows = csv_of(client, "/reports/performers.csv")
    star = dict(zip(header, next(r for r in rows if r[1] == "Geneviève Lacombe"), strict=True))
    assert star["Waist (in)"] == "25" and star["Chest (in)"] == "33.07"
    assert "Waist (cm)" in csv_of(client, "/reports/performers.csv?unit=cm")[0]


def test_costumes_report_uses_the_shared_headers(as_wardrobe, wardrobe):
    header, rows = csv_of(as_wardrobe, "/reports/costumes.csv")
    assert tuple(header) == COSTUME_COLUMNS
    multiple = next(r for r in rows if r[1].endswith(", multiple 1"))
    assert multiple[5] == f"C-{wardrobe['wedding']}" and multiple[8] == "2"


def test_bad_filters_are_named(as_wardrobe, wardrobe):
    response = as_wardrobe.get("/reports/out?since=24/11/2026&status=in+laundry")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Since: &#39;24/11/2026&#39; is not a date; use the form 2026-11-24." in html
    assert page_table(html)[1], "the other filters still apply"
    response = as_wardrobe.get("/reports/out.csv?since=24/11/2026")
    assert response.status_code == 400 and b"is not a date" in response.data
    response = as_wardrobe.get("/reports/history.csv?garment=ET-99999")
    assert b"no garment has the tag code" in response.data
    response = as_wardrobe.get("/reports/inventory.csv?site=Lyon")
    assert response.status_code == 400 and b"no site called" in response.data
    assert (
        as_wardrobe.get("/reports/history.csv?since=2026-02-01&until=2026-01-01").status_code == 400
    )
    assert as_wardrobe.get("/reports/nothing").status_code == 404
    assert as_wardrobe.get("/reports/inventory.csv?site=99999999999999999999999").status_code == 400


def test_reports_need_sign_in(client, wardrobe):
    assert client.get("/reports/inventory.csv").status_code == 302


def grow(user, count: int) -> None:
    """More of everything: principals with doubles in dressed costumes, measured."""
    for n in range(count):
        costume = dressed_costume(f"Lilac Fairy {n}", character_id=character_id("Aurora"))
        star = cast(f"Principal {n}")
        double = cast(f"Double {n}", "double", (), doubles_for_id=star.id)
        worn = assign_costume(costume, star, user, due_on=date.today() + timedelta(days=3))
        if n % 2:
            dress_double(worn, double, user)
        record_measurement(star, {"chest": 80 + n}, "cm", date(2026, 2, 1), user)


def statements(app, client, url: str) -> int:
    counted = []

    def count(*_args):
        counted.append(1)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(counted)


@pytest.mark.parametrize("name", list(REPORTS))
def test_queries_do_not_grow_with_rows(app, as_wardrobe, wardrobe, users, name):
    urls = (f"/reports/{name}", f"/reports/{name}.csv")
    before = {url: statements(app, as_wardrobe, url) for url in urls}
    with app.app_context():
        grow(db.session.get(User, users["wardrobe"]), 4)
    after = {url: statements(app, as_wardrobe, url) for url in before}
    assert after == before


def test_performers_of_a_production(as_wardrobe, wardrobe, app):
    with app.app_context():
        star = db.session.get(Performer, wardrobe["star"])
        star.characters.append(db.session.get(Character, character_id("Clara")))
        db.session.commit()
    header, rows = csv_of(as_wardrobe, "/reports/performers.csv?production=The+Nutcracker")
    assert column(header, rows, "Name") == ["Geneviève Lacombe", "Oksana Reyes"]
    assert rows[0][4] == "Sleeping Beauty: Aurora; The Nutcracker: Clara"
