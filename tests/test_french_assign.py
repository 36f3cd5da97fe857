"""Assignments, imports, reports and their commands speak French to a French reader.

The same pages, flashes and refusals stay in English for an English browser.
"""

import io
from datetime import date, timedelta

import pytest

from costume_tracker.assignments.services import assign_costume
from tests.conftest import dressed_costume, make_performer

FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9"}
ENGLISH = {"Accept-Language": "en-GB,en;q=0.9"}
BAD_ROW = b"Tag,Name,Category,Home site\nNEW,Cape,cape,Paris\n"


@pytest.fixture
def late(app):
    """Aurora's wedding costume, due back a week ago; returns the assignment's id."""
    with app.app_context():
        starts = date.today() - timedelta(days=20)
        assignment = assign_costume(
            dressed_costume(),
            make_performer(),
            None,
            starts_on=starts,
            due_on=date.today() - timedelta(days=7),
        )
        return assignment.id


def page(client, url: str, headers: dict) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.data[:300]
    return response.get_data(as_text=True)


def upload(client, data: bytes, headers: dict) -> str:
    response = client.post(
        "/imports",
        data={"kind": "garments", "file": (io.BytesIO(data), "stock.csv")},
        content_type="multipart/form-data",
        headers=headers,
    )
    return response.get_data(as_text=True)


def test_overdue_and_assignment_pages_in_french(as_wardrobe, late):
    overdue = page(as_wardrobe, "/overdue", FRENCH)
    assert "1 costume non rendu à la date prévue" in overdue
    assert "Jours de retard" in overdue and "Retour prévu" in overdue
    detail = page(as_wardrobe, f"/assignments/{late}", FRENCH)
    assert "Contrôle d’ajustement" in detail and "Rendre le costume" in detail
    assert "en retard" in detail and "à rendre le" in detail


def test_overdue_and_assignment_pages_in_english(as_wardrobe, late):
    overdue = page(as_wardrobe, "/overdue", ENGLISH)
    assert "1 costume past their due date" in overdue and "Days late" in overdue
    detail = page(as_wardrobe, f"/assignments/{late}", ENGLISH)
    assert "Fit check" in detail and "Return costume" in detail and "overdue" in detail


@pytest.mark.parametrize(
    "headers, flashed",
    [
        (FRENCH, "Import annulé\u00a0; rien n’a été enregistré."),
        (ENGLISH, "Import cancelled; nothing was written."),
    ],
)
def test_import_cancel_flash(as_wardrobe, headers, flashed):
    response = as_wardrobe.post(
        "/imports/cancel", data={"token": ""}, headers=headers, follow_redirects=True
    )
    assert flashed in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "headers, words",
    [
        (
            FRENCH,
            [
                "Rien ne sera enregistré\u00a0: corrigez cette erreur",
                "Valeur «\u00a0cape\u00a0» inconnue pour catégorie\u00a0; utilisez l’une de\u00a0:",
                "1 en erreur",
            ],
        ),
        (
            ENGLISH,
            [
                "Nothing will be written: fix this error",
                "Unknown category 'cape'; use one of:",
                "1 with errors",
            ],
        ),
    ],
)
def test_import_refusal_names_the_cell_in_the_readers_language(as_wardrobe, headers, words):
    html = upload(as_wardrobe, BAD_ROW, headers)
    for text in words:
        assert text in html.replace("&#39;", "'").replace("&#34;", '"')


@pytest.mark.parametrize(
    "headers, refusal",
    [
        (FRENCH, "Aucun artiste unique ne correspond à «\u00a0Nobody\u00a0»."),
        (ENGLISH, "No single performer matches &#39;Nobody&#39;."),
    ],
)
def test_assign_form_validation_in_the_readers_language(app, as_wardrobe, headers, refusal):
    with app.app_context():
        costume = dressed_costume()
        code = costume.code
    response = as_wardrobe.post(
        "/assignments/new",
        data={"costume": code, "performer": "Nobody", "starts_on": date.today().isoformat()},
        headers=headers,
    )
    assert refusal in response.get_data(as_text=True)


def test_report_page_title_filters_and_headers_in_french(as_wardrobe, late):
    html = page(as_wardrobe, "/reports/out", FRENCH)
    assert "Hors stock" in html and "Télécharger le CSV" in html and "Filtrer" in html
    assert "chez l’artiste" in html  # the status filter's options are shown, not coded
    english = page(as_wardrobe, "/reports/out", ENGLISH)
    assert "Out of stock" in english and "Download CSV" in english


def test_import_command_speaks_the_configured_language(app, runner, tmp_path):
    sheet = tmp_path / "stock.csv"
    sheet.write_bytes(BAD_ROW)
    app.config["CLI_LOCALE"] = "fr"
    french = runner.invoke(args=["import", "garments", str(sheet), "--dry-run"])
    assert french.exit_code == 1
    assert "Essai à blanc\u00a0: rien n’a été enregistré." in french.output
    assert "1 ligne — 0 à créer" in french.output
    app.config["CLI_LOCALE"] = "en"
    english = runner.invoke(args=["import", "garments", str(sheet), "--dry-run"])
    assert "Dry run: nothing was written." in english.output
    assert "stock.csv: 1 row — 0 to create" in english.output


def test_backup_refusal_in_french(app, runner, tmp_path):
    taken = tmp_path / "taken.tar.gz"
    taken.write_bytes(b"")
    app.config["CLI_LOCALE"] = "fr"
    result = runner.invoke(args=["backup", str(taken)])
    assert result.exit_code == 1
    assert "existe déjà\u00a0; choisissez un autre nom de fichier." in result.output
