"""CSV import: bad files and rows are refused by name, good ones are written all or nothing."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from costume_tracker.catalog.models import Costume, Garment
from costume_tracker.extensions import db
from costume_tracker.history.models import Event
from costume_tracker.imports import apply_import, preview_import
from costume_tracker.imports.cells import CellError, read_code
from costume_tracker.imports.results import ImportIssue
from costume_tracker.lists.models import Location
from costume_tracker.people.models import Measurement, Performer
from tests.conftest import make_costume, make_garment, make_performer

GARMENT_HEADER = ["Tag", "Name", "Category", "Home site"]


def csv_bytes(rows, sep=",", bom=False, newline="\n") -> bytes:
    """A CSV file as a spreadsheet would save it."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator=newline).writerows(rows)
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode()


@pytest.fixture
def stock(app):
    """A costume, a bodice ET-00001, a tutu ET-00002 and a principal P-1, inside a context."""
    with app.app_context():
        costume = make_costume()
        make_garment(costume_id=costume.id)
        make_garment(name="Wedding tutu", category="tutu", costume_id=costume.id)
        make_performer()
        yield


def counts() -> tuple[int, int, int, int, int]:
    def count(model):
        return db.session.scalar(db.select(db.func.count()).select_from(model))

    return count(Garment), count(Costume), count(Performer), count(Measurement), count(Event)


BAD_GARMENT_FILES = [
    # (case, file bytes, file name, row, column, words in the reason)
    ("empty file", b"", "g.csv", None, "", "empty"),
    ("blank lines only", b"\n\n  \n", "g.csv", None, "", "empty"),
    ("spreadsheet workbook", b"PK\x03\x04rest-of-zip", "g.csv", None, "", "workbook"),
    ("binary data", b"Tag,Name\x00\x01\x02", "g.csv", None, "", "binary"),
    ("not UTF-8", "Tag,Name\nET-00001,Brod\xe9\n".encode("latin-1"), "g.csv", 2, "", "UTF-8"),
    ("wrong extension", b"Tag,Name,Category,Home site\n", "g.xlsx", None, "", "not a CSV"),
    ("header only", b"Tag,Name,Category,Home site\n", "g.csv", None, "", "no data rows"),
    ("no header", b",,,\nNEW,Tights,tights,Paris\n", "g.csv", 1, "", "column headers"),
]
BAD_GARMENT_ROWS = [
    # (case, header, row, column blamed, words in the reason); the row is row 2
    ("missing tag", GARMENT_HEADER, ["", "Tights", "tights", "Paris"], "Tag", "Missing tag"),
    ("unknown tag", GARMENT_HEADER, ["ET-09999", "Tights", "tights", "Paris"], "Tag",
     "Unknown tag ET-09999"),
    ("not a tag", GARMENT_HEADER, ["tights-1", "Tights", "tights", "Paris"], "Tag",
     "not a tag code"),
    ("unknown category", GARMENT_HEADER, ["NEW", "Cape", "cape", "Paris"], "Category",
     "Unknown category 'cape'"),
    ("missing category", GARMENT_HEADER, ["NEW", "Cape", "", "Paris"], "Category",
     "Missing category"),
    ("missing name", GARMENT_HEADER, ["NEW", "", "tights", "Paris"], "Name", "needs a name"),
    ("unknown site", GARMENT_HEADER, ["NEW", "Tights", "tights", "Lyon"], "Home site",
     "Unknown site 'Lyon'"),
    ("net layers on a non-tutu", [*GARMENT_HEADER, "Net layers"],
     ["NEW", "Bodice", "bodice", "Paris", "13"], "Net layers", "applies only to tutus"),
    ("tutu without net layers", [*GARMENT_HEADER, "Net layers"],
     ["NEW", "Tutu", "tutu", "Paris", ""], "Net layers", "needs its net-layer count"),
    ("net layers out of range", [*GARMENT_HEADER, "Net layers"],
     ["NEW", "Tutu", "tutu", "Paris", "40"], "Net layers", "between 1 and 30"),
    ("net layers not whole", [*GARMENT_HEADER, "Net layers"],
     ["NEW", "Tutu", "tutu", "Paris", "12,5"], "Net layers", "not a whole number"),
    ("bad number", [*GARMENT_HEADER, "Chest (cm)"], ["NEW", "Bodice", "bodice", "Paris", "abc"],
     "Chest (cm)", "'abc' is not a number"),
    ("number out of range", [*GARMENT_HEADER, "Waist (in)"],
     ["NEW", "Bodice", "bodice", "Paris", "900"], "Waist (in)", "out of range"),
    ("hoop on a tutu not yes/no", [*GARMENT_HEADER, "Net layers", "Hoop"],
     ["NEW", "Tutu", "tutu", "Paris", "13", "maybe"], "Hoop", "not yes or no"),
    ("negative cost", [*GARMENT_HEADER, "Replacement cost"],
     ["NEW", "Bodice", "bodice", "Paris", "-5"], "Replacement cost", "negative"),
    ("unknown location", [*GARMENT_HEADER, "Location"],
     ["NEW", "Bodice", "bodice", "Paris", "Rack B3"], "Location",
     "Unknown location 'Rack B3' at Paris"),
    ("unknown costume", [*GARMENT_HEADER, "Costume ID"],
     ["NEW", "Bodice", "bodice", "Paris", "C-999"], "Costume ID", "Unknown costume C-999"),
    ("unknown production", [*GARMENT_HEADER, "Production"],
     ["NEW", "Bodice", "bodice", "Paris", "Giselle"], "Production", "Unknown production"),
    ("unknown tutu style", [*GARMENT_HEADER, "Net layers", "Tutu style"],
     ["NEW", "Tutu", "tutu", "Paris", "13", "disc"], "Tutu style", "Unknown tutu style"),
    ("blank condition on an update", [*GARMENT_HEADER, "Condition"],
     ["ET-00001", "Wedding bodice", "bodice", "Paris", ""], "Condition", "Missing condition"),
    ("value outside any column", GARMENT_HEADER, ["NEW", "Tights", "tights", "Paris", "extra"],
     "", "outside any column"),
    ("too long", GARMENT_HEADER, ["NEW", "T" * 200, "tights", "Paris"], "Name", "Too long"),
]  # fmt: skip
BAD_HEADERS = [
    ("missing required column", ["Tag", "Name", "Category"], "Home site",
     "Missing required column"),
    ("unknown column", [*GARMENT_HEADER, "Colour code"], "Colour code", "Unknown column"),
    ("duplicate column", [*GARMENT_HEADER, "Chest (cm)", "chest (in)"], "chest (in)",
     "Duplicate column: also column 5"),
    ("unknown unit", [*GARMENT_HEADER, "Chest (mm)"], "Chest (mm)", "Unknown unit"),
]  # fmt: skip


def assert_refused(app, data, filename, row, column, words, kind="garments"):
    """The preview names the error; confirming it writes nothing."""
    with app.app_context():
        before = counts()
        preview = preview_import(kind, data, filename)
        assert not preview.ok
        matching = [e for e in preview.errors if e.row == row and e.column == column]
        assert matching, [str(e) for e in preview.errors]
        assert any(words in e.reason for e in matching), [str(e) for e in preview.errors]
        result = apply_import(kind, data, filename, None)
        assert not result.applied
        assert counts() == before


@pytest.mark.parametrize(
    "data, filename, row, column, words",
    [case[1:] for case in BAD_GARMENT_FILES],
    ids=[case[0] for case in BAD_GARMENT_FILES],
)
def test_bad_files_are_refused_by_name(app, stock, data, filename, row, column, words):
    assert_refused(app, data, filename, row, column, words)


@pytest.mark.parametrize(
    "header, row, column, words",
    [case[1:] for case in BAD_GARMENT_ROWS],
    ids=[case[0] for case in BAD_GARMENT_ROWS],
)
def test_bad_rows_are_refused_by_row_and_column(app, stock, header, row, column, words):
    good = ["NEW", "Corps tights", "tights", "Paris"] + [""] * (len(header) - 4)
    data = csv_bytes([header, good, row])
    assert_refused(app, data, "garments.csv", 3, column, words)


@pytest.mark.parametrize(
    "header, column, words", [c[1:] for c in BAD_HEADERS], ids=[c[0] for c in BAD_HEADERS]
)
def test_bad_headers_are_refused_on_row_1(app, stock, header, column, words):
    data = csv_bytes([header, ["NEW", "Tights", "tights", "Paris"] + [""] * (len(header) - 4)])
    assert_refused(app, data, "garments.csv", 1, column, words)


def test_oversized_file_is_refused(app, stock):
    data = b"Tag,Name,Category,Home site\n" + b"NEW,Tights,tights,Paris\n" * 230_000
    assert len(data) > 5 * 2**20
    assert_refused(app, data, "big.csv", None, "", "larger than 5 MB")


def test_duplicate_row_names_both_rows(app, stock):
    data = csv_bytes(
        [GARMENT_HEADER, ["ET-00001", "A", "bodice", "Paris"], ["et-00001", "B", "bodice", "Paris"]]
    )
    assert_refused(app, data, "g.csv", 3, "Tag", "Duplicate row: ET-00001 is also on row 2")


BAD_OTHER_ROWS = [
    ("costumes", ["Costume ID", "Name"], ["C-99", "Lost costume"], "Costume ID",
     "Unknown costume C-99"),
    ("costumes", ["Costume ID", "Name", "Hero ID"], ["", "Copy", "C-77"], "Hero ID",
     "Unknown costume C-77"),
    ("costumes", ["Costume ID", "Name", "Character"], ["", "Copy", "Odette"], "Character",
     "Unknown character 'Odette'"),
    ("costumes", ["Costume ID", "Name", "Production", "Character"],
     ["", "Copy", "The Nutcracker", "Aurora"], "Character", "not a character of The Nutcracker"),
    ("costumes", ["Costume ID", "Name", "Hero ID"], ["C-1", "Aurora", "C-1"], "Hero ID",
     "multiple of itself"),
    ("costumes", ["Costume ID", "Name", "Shared"], ["", "Corps", "sometimes"], "Shared",
     "not yes or no"),
    ("performers", ["Performer ID", "Name", "Company", "Kind"], ["", "Zoé", "Paris", "star"],
     "Kind", "Unknown kind 'star'"),
    ("performers", ["Performer ID", "Name", "Company", "Kind"], ["", "Zoé", "Lyon", "corps"],
     "Company", "Unknown site 'Lyon'"),
    ("performers", ["Performer ID", "Name", "Company", "Kind"], ["P-42", "Zoé", "Paris", "corps"],
     "Performer ID", "Unknown performer P-42"),
    ("performers", ["Performer ID", "Name", "Company", "Kind", "Doubles for"],
     ["P-1", "Inès Laurent", "Paris", "principal", "P-1"], "Doubles for",
     "cannot double for themselves"),
    ("performers", ["Performer ID", "Name", "Company", "Kind", "Chest (cm)"],
     ["P-1", "Inès Laurent", "Paris", "principal", "500"], "Chest (cm)", "out of range"),
    ("performers", ["Performer ID", "Name", "Company", "Kind", "Chest (cm)", "Measured on"],
     ["P-1", "Inès Laurent", "Paris", "principal", "84", "2999-01-01"], "Measured on",
     "in the future"),
    ("performers", ["Performer ID", "Name", "Company", "Kind", "Measured on", "Chest (cm)"],
     ["P-1", "Inès Laurent", "Paris", "principal", "24/11/2026", "84"], "Measured on",
     "YYYY-MM-DD"),
    ("performers", ["Performer ID", "Name", "Company", "Kind", "Characters"],
     ["P-1", "Inès Laurent", "Paris", "principal", "Swan Lake: Odette"], "Characters",
     "Unknown character"),
]  # fmt: skip


@pytest.mark.parametrize(
    "kind, header, row, column, words",
    BAD_OTHER_ROWS,
    ids=[f"{case[0]}: {case[-1]}" for case in BAD_OTHER_ROWS],
)
def test_bad_costume_and_performer_rows(app, stock, kind, header, row, column, words):
    assert_refused(app, csv_bytes([header, row]), f"{kind}.csv", 2, column, words, kind=kind)


def test_every_error_of_a_file_is_listed(app, stock):
    data = csv_bytes(
        [
            [*GARMENT_HEADER, "Net layers", "Location"],
            ["", "Tights", "tights", "Paris", "", ""],
            ["NEW", "Cape", "cape", "Paris", "", ""],
            ["NEW", "Bodice", "bodice", "Lyon", "4", "Rack A1"],
        ]
    )
    with app.app_context():
        preview = preview_import("garments", data, "g.csv")
    where = {(e.row, e.column) for e in preview.errors}
    assert {(2, "Tag"), (3, "Category"), (4, "Home site"), (4, "Net layers")} <= where
    assert all(isinstance(e, ImportIssue) and e.reason for e in preview.errors)
    assert "nothing will be written" in preview.summary()


def test_french_spreadsheet_file_is_read(app, stock):
    """BOM, semicolons, CRLF, decimal commas, spaces and blank trailing rows are all fine."""
    rows = [
        ["Tag", "Name", "Category", "Home site", "Location", "Chest (cm)", "Net layers",
         "Replacement cost", "Notes"],
        ["  NEW ", " Tutu de la Fée  ", "Tutu", "paris", "rack a1", "84,5", "13", "1 250,50",
         "'=pas une formule"],
        ["ET-00001", "Wedding bodice", "bodice", "Paris", "", "86,0", "", "", ""],
        ["", "", "", "", "", "", "", "", ""],
    ]  # fmt: skip
    data = csv_bytes(rows, sep=";", bom=True, newline="\r\n") + b";;;\r\n\r\n"
    with app.app_context():
        result = apply_import("garments", data, "inventaire.csv", None)
        assert result.applied, [str(e) for e in result.preview.errors]
        assert (result.preview.created, result.preview.updated) == (1, 1)
        tutu = db.session.scalar(db.select(Garment).where(Garment.tag_code == "ET-00003"))
        assert (tutu.name, tutu.category, tutu.net_layers) == ("Tutu de la Fée", "tutu", 13)
        assert tutu.chest_cm == 84.5 and tutu.replacement_cost == Decimal("1250.50")
        assert tutu.location.name == "Rack A1" and tutu.notes == "=pas une formule"
        assert db.session.get(Garment, 1).chest_cm == 86


def test_inches_are_converted_to_centimetres(app, stock):
    data = csv_bytes([[*GARMENT_HEADER, "Waist (in)"], ["ET-00001", "Wedding bodice", "bodice",
                                                        "Paris", "25.2"]])  # fmt: skip
    with app.app_context():
        assert apply_import("garments", data, "g.csv", None).applied
        assert db.session.get(Garment, 1).waist_cm == pytest.approx(64.01, abs=0.01)


def test_reimport_updates_in_place_and_unchanged_file_changes_nothing(app, stock):
    header = [*GARMENT_HEADER, "Colour", "Net layers", "Hoop", "Costume ID"]
    rows = [
        ["ET-00001", "Wedding bodice", "BODICE", "Paris", "ivory", "", "", "C-1"],
        ["ET-00002", "Wedding tutu", "tutu", "PARIS", "ivory", "13.0", "", "c-1"],
    ]
    with app.app_context():
        before = counts()
        preview = preview_import("garments", csv_bytes([header, *rows]), "g.csv")
        assert (preview.created, preview.updated, preview.unchanged) == (0, 0, 2)
        rows[1][4], rows[1][5] = "white", "14"
        result = apply_import("garments", csv_bytes([header, *rows]), "g.csv", None)
        assert result.applied and result.preview.updated == 1
        assert result.preview.plans[1].changes == {
            "Colour": ("ivory", "white"),
            "Net layers": ("13", "14"),
        }
        assert counts()[:4] == before[:4]  # no new garment
        tutu = db.session.get(Garment, 2)
        assert (tutu.colour, tutu.net_layers, tutu.version) == ("white", 14, 2)


def test_new_rows_get_the_next_tag_codes(app, stock):
    data = csv_bytes([GARMENT_HEADER, *[["NEW", f"Tights {n}", "tights", "Paris"] for n in (1, 2)]])
    with app.app_context():
        assert apply_import("garments", data, "g.csv", None).applied
        tags = db.session.scalars(db.select(Garment.tag_code).order_by(Garment.id)).all()
        assert tags == ["ET-00001", "ET-00002", "ET-00003", "ET-00004"]
        assert db.session.get(Garment, 3).status == "in stock"


def test_all_or_nothing(app, stock):
    rows = [["NEW", f"Tights {n}", "tights", "Paris"] for n in range(1, 50)]
    rows.insert(30, ["NEW", "Cape", "cape", "Paris"])
    data = csv_bytes([GARMENT_HEADER, ["ET-00001", "Renamed", "bodice", "Paris"], *rows])
    with app.app_context():
        before = counts()
        result = apply_import("garments", data, "g.csv", None)
        assert not result.applied
        assert [(e.row, e.column) for e in result.preview.errors] == [(33, "Category")]
        assert counts() == before
        assert db.session.get(Garment, 1).name == "Wedding bodice"


def test_confirm_after_the_data_changed_writes_nothing(app, stock):
    data = csv_bytes([[*GARMENT_HEADER, "Colour"], ["ET-00001", "Wedding bodice", "bodice",
                                                    "Paris", "gold"]])  # fmt: skip
    with app.app_context():
        seen = preview_import("garments", data, "g.csv").fingerprint()
        garment = db.session.get(Garment, 1)
        garment.colour = "gold"  # someone else made the same change meanwhile
        db.session.commit()
        before = counts()
        result = apply_import("garments", data, "g.csv", None, expected=seen)
        assert not result.applied and result.stale
        assert result.preview.unchanged == 1
        assert counts() == before


def test_confirm_when_a_row_became_invalid_writes_nothing(app, stock):
    data = csv_bytes([[*GARMENT_HEADER, "Location"], ["ET-00001", "Wedding bodice", "bodice",
                                                      "Paris", "Rack A1"]])  # fmt: skip
    with app.app_context():
        seen = preview_import("garments", data, "g.csv").fingerprint()
        db.session.scalar(db.select(Location).where(Location.name == "Rack A1")).name = "Rack A9"
        db.session.commit()
        result = apply_import("garments", data, "g.csv", None, expected=seen)
        assert not result.applied
        assert [e.column for e in result.preview.errors] == ["Location"]
        assert db.session.get(Garment, 1).location_id is None


def test_each_record_gets_an_event_naming_the_file(app, stock, users):
    from costume_tracker.auth.models import User

    data = csv_bytes([[*GARMENT_HEADER, "Colour"], ["ET-00001", "Wedding bodice", "bodice",
                      "Paris", "gold"], ["NEW", "Tights", "tights", "Paris", "pink"]])  # fmt: skip
    with app.app_context():
        user = db.session.get(User, users["wardrobe"])
        assert apply_import("garments", data, "stock-take.csv", user).applied
        events = db.session.scalars(db.select(Event).where(Event.kind == "import")).all()
        assert len(events) == 2
        edit, created = sorted(events, key=lambda e: e.garment_id)
        assert edit.summary == "Updated by import of stock-take.csv (row 2)"
        assert edit.changes == {"colour": ["ivory", "gold"]}
        assert created.summary == "Catalogued ET-00003 by import of stock-take.csv (row 3)"
        assert created.changes["home_site"] == [None, "Paris"]
        assert {e.user_id for e in events} == {user.id}


def test_costume_import_creates_multiples_and_edits(app, stock):
    header = ["Costume ID", "Name", "Production", "Character", "Look", "Hero ID", "Shared"]
    rows = [
        ["C-1", "Aurora, Act III wedding", "Sleeping Beauty", "Aurora", "Act III", "", "no"],
        ["", "Aurora, Act III (double)", "", "Aurora", "Act III", "C-1", ""],
    ]
    with app.app_context():
        result = apply_import("costumes", csv_bytes([header, *rows]), "costumes.csv", None)
        assert result.applied, [str(e) for e in result.preview.errors]
        hero, copy = db.session.get(Costume, 1), db.session.get(Costume, 2)
        assert hero.look == "Act III" and hero.character.name == "Aurora"
        assert copy.hero_id == 1 and copy.production.name == "Sleeping Beauty"
        rows[1][0] = "C-2"
        again = preview_import("costumes", csv_bytes([header, *rows]), "costumes.csv")
        assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_performer_import_adds_a_measuring_and_keeps_the_old_one(app, stock):
    header = ["Performer ID", "Name", "Company", "Kind", "Characters", "Doubles for",
              "Measured on", "Chest (in)", "Waist (in)", "Shoe size"]  # fmt: skip
    rows = [
        ["P-1", "Inès Laurent", "Paris", "principal", "Sleeping Beauty: Aurora", "",
         "2026-01-10", "33", "25", "EU 38"],
        ["", "Léa Marchand", "paris", "Double", "Aurora", "P-1", "", "", "", ""],
    ]  # fmt: skip
    with app.app_context():
        result = apply_import("performers", csv_bytes([header, *rows]), "cast.csv", None)
        assert result.applied, [str(e) for e in result.preview.errors]
        ines = db.session.get(Performer, 1)
        assert [c.name for c in ines.characters] == ["Aurora"]
        first = ines.current_measurement
        assert first.measured_on == date(2026, 1, 10) and first.chest == pytest.approx(83.82)
        lea = db.session.get(Performer, 2)
        assert lea.doubles_for_id == 1 and lea.kind == "double" and not lea.measurements
        rows[0][6:9] = ["", "33", "25.5"]
        result = apply_import("performers", csv_bytes([header, rows[0]]), "cast.csv", None)
        assert result.preview.plans[0].changes["Waist (in)"] == ("25", "25.5")
        db.session.expire_all()
        ines = db.session.get(Performer, 1)
        assert len(ines.measurements) == 2
        assert ines.current_measurement.measured_on == date.today()
        assert ines.current_measurement.chest == first.chest
        assert ines.measurements[1].waist == pytest.approx(63.5)
        summaries = db.session.scalars(db.select(Event.summary).where(Event.performer_id == 1))
        assert any(s.startswith("Measured on") and "cast.csv" in s for s in summaries)


@pytest.mark.parametrize("text", ["²", "C-²", "P-³", "٣", "C-٣", "①", "C-1²"])
def test_an_id_written_in_other_digits_is_refused_by_name(text):
    """Superscripts and other scripts' digits are not IDs: a message, never a crash."""
    with pytest.raises(CellError, match="is not a costume ID"):
        read_code(text, "C", "costume")
