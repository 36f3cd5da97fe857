"""The French spreadsheet CSV: `;`, decimal commas, French headers, local times; both ways."""

import csv
import io
import re
from datetime import date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from costume_tracker.auth.models import User
from costume_tracker.catalog.models import Garment
from costume_tracker.extensions import db
from costume_tracker.imports import apply_import, preview_import
from costume_tracker.imports.templates import template_csv
from costume_tracker.lists.models import Site
from costume_tracker.people.services import record_measurement
from costume_tracker.reports.core import ReportContext
from costume_tracker.reports.dialects import english_header, french_header
from costume_tracker.reports.services import REPORTS, write_report

from .breakdown_factories import shooting_day
from .conftest import dressed_costume, make_garment, make_performer

PARIS = ZoneInfo("Europe/Paris")
FRENCH = ReportContext(dialect="fr", zone=PARIS, local_times=True, measurements=True)
# The header lines every report wrote before the French dialect existed: the import
# contract and every spreadsheet people keep depend on them staying exactly so.
STANDARD_HEADER_LINES = {
    "inventory": "Tag,Name,Category,Costume ID,Costume,Production,Colour,Fabric,Size,"
    "Chest (cm),Waist (cm),Hips (cm),Girth (cm),Inseam (cm),Length (cm),Tutu style,"
    "Net layers,Hoop,Net type,Skirt length (cm),Home site,Location,Status,Status since,"
    "Condition,Care notes,Replacement cost,Notes,Current wearer",
    "tutus": "Tag,Name,Costume ID,Costume,Character,Production,Tutu style,Net layers,Hoop,"
    "Net type,Skirt length (cm),Condition,Status,Home site,Last cleaned,Last repaired",
    "costume-plot": "Production,Character,Performer ID,Performer,Kind,Costume ID,Costume,"
    "Episodes / scenes,Starts on,Due on,Returned on,Double 1,Double 1 wears",
    "doubles-coverage": "Production,Character,Principal ID,Principal,Costume ID,Costume,"
    "Double ID,Double,Multiple ID,Multiple,Coverage,Missing",
    "out": "Tag,Name,Category,Costume ID,Costume,Production,Status,With / where,Out since,"
    "Days out,Due on,Overdue",
    "history": "When,Kind,By,Tag,Garment,Costume ID,Costume,Performer ID,Performer,Summary,Changes",
    "performers": "Performer ID,Name,Company,Kind,Characters,Doubles for,Notes,Measured on,"
    "Height (cm),Chest (cm),Underbust (cm),Waist (cm),High hip (cm),Hips (cm),Girth (cm),"
    "Inseam (cm),Outseam (cm),Neck (cm),Head (cm),Shoe size",
    "costumes": "Costume ID,Name,Production,Character,Look,Hero ID,Shared,Retired,Garments,Notes",
}
# Words spelt the same in both languages.
SAME_IN_FRENCH = {"Costume", "Production", "Notes"}


@pytest.fixture
def wardrobe(app):
    """A dressed costume, a white tutu with a decimal waist and a cost, a measured performer."""
    with app.app_context():
        costume = dressed_costume()
        make_garment(
            name="Tutu blanc, acte II", category="tutu", waist_cm=61.5, hoop=True,
            replacement_cost=Decimal("1250.50"), notes="tulle blanc; «\u00a0Giselle\u00a0»",
            costume_id=costume.id,
        )  # fmt: skip
        performer = make_performer("Inès Laurent")
        values = {"chest": 82.5, "waist": 61, "hips": 88.25}
        record_measurement(performer, values, "cm", date(2026, 11, 2), None, shoe_size="38,5")
        shooting_day(date.today() + timedelta(days=30))  # the pull list's day (nothing to pull)
        for site in db.session.scalars(db.select(Site)):
            site.timezone = {"Paris": "Europe/Paris"}.get(site.name, "America/New_York")
        db.session.commit()


def export(name: str, context: ReportContext = FRENCH) -> bytes:
    out = io.BytesIO()
    write_report(name, out, context=context)
    return out.getvalue()


def test_french_inventory_opens_in_pandas_as_a_french_spreadsheet_would(app, wardrobe):
    with app.app_context():
        data = export("inventory")
    assert data.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig")
    assert len(frame) == 3
    tutu = frame[frame["Nom"] == "Tutu blanc, acte II"].iloc[0]
    assert tutu["Tour de taille (cm)"] == 61.5
    assert tutu["Coût de remplacement"] == 1250.5
    assert tutu["Cerceau"] == "oui"
    assert tutu["Catégorie"] == "tutu"  # stored codes stay codes
    assert tutu["Notes"] == "tulle blanc; «\u00a0Giselle\u00a0»"  # `;` inside a cell is quoted
    assert frame["Tour de taille (cm)"].dtype == float
    # Dates stay ISO; the local time sits beside the UTC one, with its zone.
    utc, local = tutu["Statut depuis"], tutu["Statut depuis (heure locale)"]
    assert utc.endswith("Z") and local.endswith((" CET", " CEST"))
    assert pd.Timestamp(utc).tz_convert(PARIS).strftime("%Y-%m-%d %H:%M") == local[:16]


def test_french_headers_are_french_for_every_report(app, wardrobe):
    with app.app_context():
        for name in REPORTS:
            french = export(name).decode("utf-8-sig").split("\r\n", 1)[0].split(";")
            context = ReportContext(local_times=True, measurements=True)
            english = export(name, context).decode("utf-8-sig").split("\r\n", 1)[0].split(",")
            assert len(french) == len(english), name
            # Dates as column headers (the day-out-of-days' shooting days) stay ISO.
            same = {
                e for e, f in zip(english, french, strict=True)
                if e == f and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", e)
            }  # fmt: skip
            assert same <= SAME_IN_FRENCH, (name, same)
        first = export("inventory").decode("utf-8-sig").split("\r\n", 1)[0]
        assert first.startswith("Code;Nom;Catégorie;Réf. costume;Costume;Production;Couleur;")
        assert "Tour de poitrine (cm);Tour de taille (cm)" in first
        assert "Site d’attache" in first


def test_french_headers_read_back_to_one_english_header_each(app):
    with app.app_context():
        headers = {h for line in STANDARD_HEADER_LINES.values() for h in line.split(",")}
        headers -= {"Double 1", "Double 1 wears"}  # the costume plot is not imported
        headers |= {"Chest (in)", "Status since (local time)", "When (local time)"}
        french = {h: french_header(h) for h in headers}
        assert len(set(french.values())) == len(french)
        for english, written in french.items():
            assert english_header(written)[0] == english
            assert english_header(written.upper())[0] == english


@pytest.mark.parametrize("name", list(STANDARD_HEADER_LINES))
def test_standard_header_lines_are_unchanged_byte_for_byte(app, wardrobe, name):
    with app.app_context():
        data = export(name, ReportContext(measurements=True))
    line = ("\ufeff" + STANDARD_HEADER_LINES[name] + "\r\n").encode()
    assert data.startswith(line)


def test_standard_rows_keep_dots_yes_no_and_commas(app, wardrobe):
    with app.app_context():
        text = export("inventory", ReportContext()).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    tutu = next(r for r in rows if r[1] == "Tutu blanc, acte II")
    assert tutu[rows[0].index("Waist (cm)")] == "61.5"
    assert tutu[rows[0].index("Replacement cost")] == "1250.50"
    assert tutu[rows[0].index("Hoop")] == "yes"
    assert len(tutu) == len(rows[0]) == 29


def test_report_command_writes_the_french_dialect(app, runner, wardrobe, tmp_path):
    out = tmp_path / "inventaire.csv"
    result = runner.invoke(
        args=["report", "inventory", "--dialect", "fr", "--site", "Paris", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out, sep=";", decimal=",", encoding="utf-8-sig")
    assert frame["Statut depuis (heure locale)"].str.endswith(("CET", "CEST")).all()
    assert 61.5 in frame["Tour de taille (cm)"].tolist()

    result = runner.invoke(args=["report", "history", "--tz", "America/New_York", "--out", "-"])
    assert result.exit_code == 0, result.output
    lines = result.output.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("When,When (local time),Kind,")
    assert lines[1].split(",")[1].endswith(("EST", "EDT"))

    result = runner.invoke(args=["report", "inventory", "--out", "-"])
    assert result.output.lstrip("\ufeff").splitlines()[0] == STANDARD_HEADER_LINES["inventory"]

    result = runner.invoke(args=["report", "inventory", "--tz", "Mars/Olympus", "--out", "-"])
    assert result.exit_code == 2
    assert "Mars/Olympus" in result.output and "Europe/Paris" in result.output


def _set_user(role: str, **fields) -> None:
    user = db.session.scalar(db.select(User).where(User.email == f"{role}@example.org"))
    for key, value in fields.items():
        setattr(user, key, value)
    db.session.commit()


def test_the_users_setting_picks_the_download_and_the_page_offers_the_other(
    app, as_wardrobe, wardrobe
):
    standard = as_wardrobe.get("/reports/inventory.csv").data
    assert standard.startswith(("\ufeff" + STANDARD_HEADER_LINES["inventory"]).encode())
    with app.app_context():
        _set_user("wardrobe", csv_dialect="fr", timezone="Europe/Paris")
    french = as_wardrobe.get("/reports/inventory.csv").data.decode("utf-8-sig")
    assert french.startswith("Code;Nom;Catégorie;")
    assert " CET" in french or " CEST" in french
    asked = as_wardrobe.get("/reports/inventory.csv?dialect=en").data
    assert asked.startswith(("\ufeff" + STANDARD_HEADER_LINES["inventory"]).encode())
    page = as_wardrobe.get("/reports/inventory").get_data(as_text=True)
    assert 'href="/reports/inventory.csv"' in page
    assert "/reports/inventory.csv?dialect=en" in page
    template = as_wardrobe.get("/imports/template/garments.csv").data.decode("utf-8-sig")
    assert template.startswith("Code;Nom;Catégorie;Réf. costume;Production;")
    template = as_wardrobe.get("/imports/template/garments.csv?dialect=en").data
    assert template.decode("utf-8-sig").startswith("Tag,Name,Category,Costume ID,Production,")


def test_the_standard_user_is_offered_the_french_spreadsheet(as_wardrobe, wardrobe):
    page = as_wardrobe.get("/reports/tutus").get_data(as_text=True)
    assert "/reports/tutus.csv?dialect=fr" in page
    assert "Download for a French spreadsheet" in page
    french = as_wardrobe.get("/reports/tutus.csv?dialect=fr").data.decode("utf-8-sig")
    assert french.startswith("Code;Nom;Réf. costume;Costume;Personnage;")


@pytest.mark.parametrize(
    "kind, report, context",
    [
        ("garments", "inventory", FRENCH),
        ("costumes", "costumes", FRENCH),
        ("performers", "performers", FRENCH),
        ("performers", "performers", ReportContext(dialect="fr", unit="in", measurements=True)),
    ],
)
def test_french_export_imports_back_unchanged(app, wardrobe, kind, report, context):
    with app.app_context():
        data = export(report, context)
        preview = preview_import(kind, data, f"{report}.csv")
        assert preview.ok, [str(e) for e in preview.errors]
        assert (preview.created, preview.updated) == (0, 0)
        assert preview.unchanged == data.decode("utf-8-sig").count("\r\n") - 1


def test_french_cells_edited_in_a_spreadsheet_import_as_those_changes(app, wardrobe):
    with app.app_context():
        text = export("inventory").decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
        header = rows[0]
        tutu = next(r for r in rows if r[1] == "Tutu blanc, acte II")
        tutu[header.index("Tour de taille (cm)")] = "62,5"
        tutu[header.index("Coût de remplacement")] = "1 300,00"
        tutu[header.index("Cerceau")] = "non"
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
        result = apply_import("garments", ("\ufeff" + buffer.getvalue()).encode(), "x.csv", None)
        assert result.applied, [str(e) for e in result.preview.errors]
        assert result.preview.updated == 1
        garment = db.session.scalar(db.select(Garment).where(Garment.tag_code == tutu[0]))
        assert (garment.waist_cm, garment.replacement_cost, garment.hoop) == (
            62.5,
            Decimal("1300.00"),
            False,
        )


def _file(header: list[str], *rows: list[str], delimiter: str = ";") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows([header, *rows])
    return ("\ufeff" + buffer.getvalue()).encode()


def test_headers_may_mix_languages_one_column_each(app):
    with app.app_context():
        data = _file(["Code", "Name", "Catégorie", "Home site", "tour de taille (CM)"],
                     ["NEW", "Collant rose", "tights", "Paris", "58,5"])  # fmt: skip
        result = apply_import("garments", data, "mixed.csv", None)
        assert result.applied, [str(e) for e in result.preview.errors]
        garment = db.session.scalar(db.select(Garment).where(Garment.name == "Collant rose"))
        assert garment.waist_cm == 58.5


def test_a_column_named_in_both_languages_is_refused_naming_both(app):
    with app.app_context():
        data = _file(["Code", "Nom", "Catégorie", "Site d'attache", "Name"],
                     ["NEW", "Collant", "tights", "Paris", "Tights"])  # fmt: skip
        preview = preview_import("garments", data, "twice.csv")
    assert not preview.ok
    [issue] = [e for e in preview.errors if e.column == "Name"]
    assert issue.row == 1
    assert issue.reason == "Duplicate column: also column 2, 'Nom'."


def test_an_unknown_header_in_a_french_file_is_named_with_the_french_columns(app, client):
    header = ["Code", "Nom", "Catégorie", "Site d’attache", "Couleur du tulle"]
    data = _file(header, ["NEW", "Collant", "tights", "Paris", "rose"])
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        preview = preview_import("garments", data, "inconnu.csv")
    [issue] = [e for e in preview.errors if e.column == "Couleur du tulle"]
    assert "Tour de taille (cm)" in issue.reason and "Site d’attache" in issue.reason
    assert "Waist (cm)" not in issue.reason
    with app.app_context():
        preview = preview_import("garments", _file(["Code", "Nom", "Catégorie"], ["NEW"]), "x.csv")
    assert [(e.column, e.row) for e in preview.errors][:1] == [("Site d’attache", 1)]


def test_import_templates_follow_the_dialect(app):
    with app.app_context():
        french = template_csv("performers", "in", "fr")
        standard = template_csv("performers", "in")
    assert french.startswith("\ufeffRéf. artiste;Nom;Compagnie;Type;")
    assert "Tour de poitrine (in)" in french
    assert standard.startswith("\ufeffPerformer ID,Name,Company,Kind,")
    with app.app_context():
        for kind in ("garments", "costumes", "performers"):
            header = template_csv(kind, "cm", "fr").lstrip("\ufeff").strip().split(";")
            preview = preview_import(kind, _file(header), f"{kind}.csv")
            assert [e.reason for e in preview.errors] == [
                "The file has a header row but no data rows."
            ]


def test_in_a_semicolon_file_a_comma_is_always_the_decimal_sign(app):
    header = ["Code", "Nom", "Catégorie", "Site d’attache", "Coût de remplacement"]
    with app.app_context():
        data = _file(header, ["NEW", "Collant", "tights", "Paris", "1,250"])
        assert apply_import("garments", data, "fr.csv", None).applied
        data = _file(header, ["NEW", "Justaucorps", "leotard", "Paris", "1,250"], delimiter=",")
        assert apply_import("garments", data, "en.csv", None).applied
        costs = dict(db.session.execute(db.select(Garment.name, Garment.replacement_cost)).all())
    assert costs == {"Collant": Decimal("1.25"), "Justaucorps": Decimal("1250.00")}
