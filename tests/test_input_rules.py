"""What typed values may be: no control characters, finite numbers in range, sensible dates.

Each rule is checked on every field it covers (found by walking the pages' forms), with a
message naming the field, and nothing stored. Values stored before the rules existed
(written by SQL) must leave every page of the garment viewable.
"""

import json
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, text

from costume_tracker.catalog.models import Garment
from costume_tracker.extensions import db
from costume_tracker.imports.services import preview_import
from costume_tracker.inputs import control_character, text_problem
from costume_tracker.people.models import Measurement
from costume_tracker.scanning.views import MAX_LOG, MAX_LOG_BYTES
from tests.conftest import login
from tests.test_security_access import small_wardrobe
from tests.test_security_malformed import collect_forms

CONTROL = ["\x00", "\x07", "\x1b[31m", "\x7f", "\x85", "\u2028", "\u2029"]
# Forms with free text whose fields are not kept (search boxes, the sign-in page).
# (/scan: a code is looked up, never kept; one with a control character is "not a tag code".)
NOT_STORED = {"/login", "/labels", "/scan"}


@pytest.fixture
def wardrobe(app, users):
    with app.app_context():
        return small_wardrobe()


@pytest.mark.parametrize(
    "value, multiline, found",
    [("Aurora\x00", False, "U+0000"), ("tab\there", False, "U+0009"),
     ("tab\there", True, None), ("two\r\nlines", True, None), ("two\nlines", False, "U+000A"),
     ("\u2028", True, "U+2028"), ("\x9b", True, "U+009B"), ("Inès ‮", False, None),
     ("Léa 👩‍🎤", False, None)],
)  # fmt: skip
def test_control_characters_are_found_except_tab_and_newline_in_notes(value, multiline, found):
    assert control_character(value, multiline) == found
    problem = text_problem(value, multiline)
    if found is None:
        assert problem is None
    else:
        assert problem == f"contains a control character ({found}); remove it."


def text_fields(client, app, examples) -> list[tuple[str, dict, str, bool]]:
    """(action, the form's fields, a text field, whether it is multi-line) for every form."""
    found = []
    for form in collect_forms(client, app, examples):
        if form["action"] in NOT_STORED:
            continue
        for name in form["fields"]:
            if form["kinds"].get(name) in ("text", "input", "email", "search", "textarea"):
                found.append(
                    (form["action"], form["fields"], name, form["kinds"][name] == "textarea")
                )
    return found


def stored_control_characters(app) -> list[str]:
    """Every stored text with a control character (tab and newline allowed in notes)."""
    found = []
    with app.app_context():
        for table in db.metadata.sorted_tables:
            columns = [
                c
                for c in table.columns
                if getattr(c.type, "python_type", None) is str
                and not c.name.endswith("_key")  # sort keys: derived, never typed or shown
            ]
            for row in db.session.execute(select(*columns)) if columns else []:
                for column, value in zip(columns, row, strict=True):
                    multiline = column.name.endswith("notes") or column.name == "description"
                    if isinstance(value, str) and control_character(value, multiline):
                        found.append(f"{table.name}.{column.name}={value!r}")
    return found


def test_every_text_field_refuses_control_characters_by_name(client, app, wardrobe):
    login(client, "admin")
    fields = text_fields(client, app, wardrobe)
    assert len(fields) > 30, fields
    silent = []
    for action, data, name, multiline in fields:
        for character in CONTROL[:: 3 if multiline else 2]:
            value = f"Aurora{character}bis"
            response = client.post(action, data={**data, name: value}, follow_redirects=True)
            page = response.get_data(as_text=True)
            code = f"U+{ord(character[0]):04X}"
            if f"contains a control character ({code}); remove it." not in page:
                silent.append(f"{action} {name}={value!r}: {response.status_code}")
    assert not silent, "\n".join(silent)
    assert not stored_control_characters(app)


def test_notes_keep_tabs_and_line_breaks(as_wardrobe, app, wardrobe):
    url = f"/costumes/{wardrobe['costume_id']}/edit"
    data = {"name": "Aurora, Act III wedding", "production_id": "1",
            "notes": "Hooks:\tdouble\r\nSteam only"}  # fmt: skip
    assert as_wardrobe.post(url, data=data).status_code == 302
    with app.app_context():
        notes = db.session.scalar(text("SELECT notes FROM costume WHERE id = :id"),
                                  {"id": wardrobe["costume_id"]})  # fmt: skip
    assert notes == "Hooks:\tdouble\nSteam only"


@pytest.mark.parametrize("cell", ["Tu\x07tu", "Tu\x1btu", "Tu\u2028tu", "Tu\ttu"])
def test_an_import_refuses_a_cell_with_a_control_character(app, wardrobe, cell):
    csv = f'Tag,Name,Category,Net layers,Home site,Notes\nNEW,"{cell}",tutu,13,Paris,"a\tb"\n'
    with app.app_context():
        preview = preview_import("garments", csv.encode(), "stock.csv")
    reasons = [issue.reason for issue in preview.errors]
    code = f"U+{ord(re.sub('Tu(tu)?', '', cell)[0]):04X}"
    assert any(f"contains a control character ({code})" in reason for reason in reasons), reasons
    assert all(issue.column != "Notes" for issue in preview.errors)


# Numbers a person or an attacker may type that are not numbers the wardrobe can use.
ABSURD = ["NaN", "nan", "Infinity", "-Infinity", "1e400", "1e26", "99999999999999999999",
          "-1", "²", "0x10"]  # fmt: skip
NUMBER_FIELDS = ["replacement_cost", "net_layers", "chest_cm", "waist_cm", "hips_cm",
                 "girth_cm", "inseam_cm", "length_cm", "skirt_length_cm"]  # fmt: skip


@pytest.mark.parametrize("field", NUMBER_FIELDS)
def test_garment_numbers_refuse_non_finite_and_absurd_values(as_wardrobe, app, wardrobe, field):
    base = {"name": "Practice tutu", "category": "tutu", "home_site_id": "1",
            "condition": "good", "net_layers": "13"}  # fmt: skip
    for value in ABSURD:
        response = as_wardrobe.post("/garments/new", data={**base, field: value})
        page = response.get_data(as_text=True)
        assert response.status_code == 200, (field, value)
        assert 'class="error"' in page, (field, value)
    with app.app_context():
        assert db.session.scalar(select(func.count(Garment.id))) == 2


@pytest.mark.parametrize("value", ["NaN", "Infinity", "1e400", "1e26", "-5", "0"])
def test_measurements_refuse_non_finite_and_absurd_values(as_wardrobe, app, wardrobe, value):
    url = f"/performers/{wardrobe['performer_id']}/measurements"
    data = {"measured_on": date.today().isoformat(), "waist": value}
    response = as_wardrobe.post(url, data=data)
    assert response.status_code == 400
    assert "Waist" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Measurement.id))) == 0


@pytest.mark.parametrize(
    "when, reason",
    [(date.today() + timedelta(days=1), "is in the future"),
     (date(1899, 12, 31), "is before 1900")],
)  # fmt: skip
def test_a_measurement_date_in_the_future_or_before_1900_is_refused(
    as_wardrobe, app, wardrobe, when, reason
):
    url = f"/performers/{wardrobe['performer_id']}/measurements"
    response = as_wardrobe.post(url, data={"measured_on": when.isoformat(), "waist": "64"})
    assert response.status_code == 400
    assert f"{when.isoformat()} {reason}" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Measurement.id))) == 0
        row = f"P-{wardrobe['performer_id']},Inès Laurent,Paris,principal,{when},64"
        csv = f"Performer ID,Name,Company,Kind,Measured on,Waist (cm)\n{row}\n"
        preview = preview_import("performers", csv.encode(), "cast.csv")
        assert any(reason in issue.reason for issue in preview.errors)


def test_absurd_values_stored_before_the_rules_leave_every_page_viewable(client, app, wardrobe):
    # As an older version, a direct SQL edit or another tool could have written them.
    huge = 1e300
    with app.app_context():
        cost = "1e26" if db.engine.dialect.name == "sqlite" else "99999999.99"
        db.session.execute(
            text(f"UPDATE garment SET chest_cm = :huge, waist_cm = :tiny, replacement_cost = "
                 f"{cost}, skirt_length_cm = -3, hips_cm = :inf, girth_cm = :nan WHERE id = :id"),
            {"huge": huge, "tiny": 1e-300, "inf": float("inf"), "nan": float("nan"),
             "id": wardrobe["garment_id"]},
        )  # fmt: skip
        sheet = Measurement(measured_on=date(2020, 1, 1), waist=huge, hips=-1.0,
                            chest=float("inf"), neck=float("nan"))  # fmt: skip
        sheet.performer_id = wardrobe["performer_id"]
        db.session.add(sheet)
        db.session.commit()
    for role in ("wardrobe", "admin"):
        login(client, role)
        for unit in ("cm", "in"):
            with app.app_context():
                db.session.execute(text('UPDATE "user" SET unit = :u'), {"u": unit})
                db.session.commit()
            for url in [
                "/garments/{garment_id}", "/garments/{garment_id}/edit", "/g/{tag}",
                "/costumes/{costume_id}", "/performers/{performer_id}", "/garments",
                "/labels?garment={garment_id}", "/reports/inventory", "/reports/inventory.csv",
                "/reports/tutus", "/reports/performers", "/reports/performers.csv",
                "/assignments/{assignment_id}", "/where",
            ]:  # fmt: skip
                response = client.get(url.format(**wardrobe))
                assert response.status_code == 200, (role, unit, url, response.status_code)
        client.post("/logout")


def scan(client, log, code=""):
    return client.post(
        "/scan",
        data={"action": "laundry", "code": code, "log": log},
        headers={"Accept": "application/json"},
    )


def test_the_scan_list_sent_back_is_bounded_before_it_is_read(as_wardrobe, wardrobe):
    row = {"tag": "ET-00001", "ok": True, "message": "To laundry: done", "name": "x" * 160}
    # Over the bound, under the size of form the server reads at all (413 above that).
    too_big = json.dumps([row] * (MAX_LOG_BYTES // len(json.dumps(row)) + 20))
    response = as_wardrobe.post("/scan", data={"action": "laundry", "log": too_big})
    assert response.status_code == 400
    assert f"larger than {MAX_LOG} scans can be" in response.get_data(as_text=True)
    forged = json.dumps([{"tag": f"ET-{n:05d}"} for n in range(100_000)], separators=(",", ":"))
    assert scan(as_wardrobe, forged).status_code in (400, 413)


@pytest.mark.parametrize(
    "log",
    ["[" * 5000, '{"a":' * 5000, "[1, 2, 3]", '"text"', "null", "{}",
     json.dumps([{"tag": 5}, {"tag": "ET-1", "ok": "yes", "garment_id": 10**40,
                  "message": ["x"], "name": {"a": 1}, "extra": {"deep": [1]}}])],
)  # fmt: skip
def test_a_garbled_scan_list_is_cleaned_and_the_batch_goes_on(as_wardrobe, wardrobe, log):
    reply = scan(as_wardrobe, log, wardrobe["tag"]).get_json()
    assert reply["feedback"]["tag"] == wardrobe["tag"]
    for row in reply["log"]:
        assert isinstance(row["tag"], str) and isinstance(row["ok"], bool)
        assert isinstance(row["message"], str) and isinstance(row["name"], str)
        assert row["garment_id"] is None or isinstance(row["garment_id"], int)
        assert "extra" not in row
    page = as_wardrobe.post("/scan", data={"action": "laundry", "log": json.dumps(reply["log"])})
    assert page.status_code == 200


def test_the_scan_list_keeps_at_most_max_log_rows(as_wardrobe, wardrobe):
    rows = [{"tag": f"ET-{n:05d}", "ok": True, "message": "done", "name": ""} for n in range(900)]
    reply = scan(as_wardrobe, json.dumps(rows, separators=(",", ":"))).get_json()
    assert len(reply["log"]) == MAX_LOG
