"""Export the demo wardrobe, re-import it: no change; edit cells: exactly those changes."""

import csv
import io

import pytest

from costume_tracker.catalog.models import Costume, Garment
from costume_tracker.demo.seed import load_demo
from costume_tracker.extensions import db
from costume_tracker.imports import apply_import, preview_import
from costume_tracker.people.models import Measurement, Performer
from costume_tracker.reports.core import ReportContext
from costume_tracker.reports.services import write_report

EXPORTS = {
    "garments": ("inventory", ReportContext()),
    "costumes": ("costumes", ReportContext()),
    "performers": ("performers", ReportContext(measurements=True)),
}


@pytest.fixture
def demo(app):
    with app.app_context():
        load_demo()
        yield


def export(kind: str, unit: str = "cm") -> list[list[str]]:
    """The report the import reads back, as a spreadsheet opens it."""
    name, context = EXPORTS[kind]
    if unit != "cm":
        context = ReportContext(unit=unit, measurements=True)
    out = io.BytesIO()
    write_report(name, out, context=context)
    return list(csv.reader(io.StringIO(out.getvalue().decode("utf-8-sig"))))


def as_file(rows: list[list[str]]) -> bytes:
    """Saved again by a spreadsheet: UTF-8 with BOM, CRLF."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode()


def set_cell(rows, row_index: int, column: str, value: str) -> None:
    rows[row_index][rows[0].index(column)] = value


@pytest.mark.parametrize("kind, unit", [("garments", "cm"), ("costumes", "cm"),
                                        ("performers", "cm"), ("performers", "in")])  # fmt: skip
def test_unchanged_export_reimports_with_zero_changes(demo, kind, unit):
    rows = export(kind, unit)
    assert len(rows) > 50
    preview = preview_import(kind, as_file(rows), f"{kind}.csv")
    assert preview.ok, [str(e) for e in preview.errors[:5]]
    assert (preview.created, preview.updated) == (0, 0)
    assert preview.unchanged == len(rows) - 1


def test_edited_garment_cells_are_exactly_the_changes(demo):
    rows = export("garments")
    tutu = next(i for i, r in enumerate(rows) if r[rows[0].index("Category")] == "tutu")
    bodice = next(i for i, r in enumerate(rows) if r[rows[0].index("Category")] == "bodice")
    tutu_tag, bodice_tag = rows[tutu][0], rows[bodice][0]
    set_cell(rows, tutu, "Net layers", "14")
    set_cell(rows, bodice, "Colour", "midnight blue")
    set_cell(rows, bodice, "Chest (cm)", "91,5")
    rows.append(["NEW", "Spare tights", "tights"] + [""] * (len(rows[0]) - 3))
    set_cell(rows, len(rows) - 1, "Home site", "New York")
    result = apply_import("garments", as_file(rows), "inventory-edited.csv", None)
    assert result.applied, [str(e) for e in result.preview.errors]
    changed = {p.key: p.changes for p in result.preview.changed_plans}
    assert changed[tutu_tag] == {"Net layers": ("13", "14")}
    assert changed[bodice_tag]["Colour"][1] == "midnight blue"
    assert set(changed[bodice_tag]) == {"Colour", "Chest (cm)"}
    assert (result.preview.created, result.preview.updated) == (1, 2)
    garment = db.session.scalar(db.select(Garment).where(Garment.tag_code == bodice_tag))
    assert (garment.colour, garment.chest_cm) == ("midnight blue", 91.5)
    again = preview_import("garments", as_file(export("garments")), "inventory.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, len(rows) - 1)


def test_edited_costume_cells_are_exactly_the_changes(demo):
    rows = export("costumes")
    set_cell(rows, 3, "Look", "Act II, revised")
    set_cell(rows, 5, "Notes", "Hem let down 2 cm")
    result = apply_import("costumes", as_file(rows), "costumes.csv", None)
    assert result.applied, [str(e) for e in result.preview.errors]
    assert [(p.row, list(p.changes)) for p in result.preview.changed_plans] == [
        (4, ["Look"]),
        (6, ["Notes"]),
    ]
    costume = db.session.get(Costume, int(rows[3][0].removeprefix("C-")))
    assert costume.look == "Act II, revised"
    assert db.session.scalar(db.select(db.func.count()).select_from(Costume)) == len(rows) - 1


def test_edited_performer_cells_are_exactly_the_changes(demo):
    rows = export("performers", "in")
    measured = next(i for i, r in enumerate(rows[1:], 1) if r[rows[0].index("Chest (in)")])
    set_cell(rows, measured, "Chest (in)", "40")
    set_cell(rows, measured, "Measured on", "")
    set_cell(rows, 2, "Notes", "Allergic to wool")
    before = db.session.scalar(db.select(db.func.count()).select_from(Measurement))
    result = apply_import("performers", as_file(rows), "cast.csv", None)
    assert result.applied, [str(e) for e in result.preview.errors]
    changes = {p.row: p.changes for p in result.preview.changed_plans}
    assert set(changes[measured + 1]) == {"Chest (in)", "Measured on"}
    assert changes[measured + 1]["Chest (in)"][1] == "40"
    assert changes[3] == {"Notes": ("", "Allergic to wool")}
    performer = db.session.get(Performer, int(rows[measured][0].removeprefix("P-")))
    assert performer.current_measurement.chest == pytest.approx(101.6)
    assert db.session.scalar(db.select(db.func.count()).select_from(Measurement)) == before + 1
    again = preview_import("performers", as_file(export("performers")), "cast.csv")
    assert (again.created, again.updated) == (0, 0)
