"""Garments, costumes, scanning, where-is-everything, history and labels in French.

A French browser reads the pages, flashes, refusals, history lines and label captions in
French; an English browser reads the same in English. Stored codes and typed notes stay as
they are.
"""

import pytest

from costume_tracker.catalog.models import Garment
from costume_tracker.catalog.workflow import change_status
from costume_tracker.extensions import db
from costume_tracker.labels.layout import LabelItem, text_lines
from costume_tracker.labels.presets import PRESETS
from costume_tracker.labels.sources import LabelSource, select_garments
from tests.conftest import make_garment, production_id, site_id

FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9"}
ENGLISH = {"Accept-Language": "en-GB,en;q=0.9"}
NB = "\u00a0"


@pytest.fixture
def tutu(app):
    """A tutu sent to the laundry with a typed note; returns its id."""
    with app.app_context():
        garment = make_garment(name="Lilac Fairy tutu", category="tutu")
        change_status(garment, "in laundry", None, None, note="tache de fond de teint")
        return garment.id


def page(client, url: str, headers: dict) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.data[:300]
    return response.get_data(as_text=True)


def test_garment_page_and_its_history_in_french(as_wardrobe, tutu):
    text = page(as_wardrobe, f"/garments/{tutu}", FRENCH)
    assert "13 couches de tulle" in text and "Couches de tulle" in text
    assert "Statut et emplacement" in text and "Imprimer les étiquettes" in text
    assert ">au lavage<" in text  # the status badge
    # History: the stored English lines read in French, the typed note as written.
    assert "statut en stock → au lavage · tache de fond de teint" in text
    assert "ET-00001 cataloguée" in text
    assert f"<b>couches de tulle</b>{NB}: — → 13" in text


def test_garment_page_and_its_history_in_english(as_wardrobe, tutu):
    text = page(as_wardrobe, f"/garments/{tutu}", ENGLISH)
    assert "13 net layers" in text and "Status and location" in text
    assert ">in laundry<" in text
    assert "status in stock → in laundry · tache de fond de teint" in text
    assert "Catalogued ET-00001" in text
    assert "<b>net layers</b>: — → 13" in text


@pytest.mark.parametrize(
    "headers, expected",
    [
        (FRENCH, f"ET-00001 est maintenant «{NB}au lavage{NB}»."),
        (ENGLISH, "ET-00001 is now in laundry."),
    ],
)
def test_status_flash(app, as_wardrobe, headers, expected):
    with app.app_context():
        garment = make_garment()
        data = {"status": "in laundry", "location_id": "", "version": str(garment.version)}
        url = f"/garments/{garment.id}/status"
    response = as_wardrobe.post(url, data=data, headers=headers, follow_redirects=True)
    assert expected in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "headers, expected",
    [
        (FRENCH, "Un tutu a besoin de son nombre de couches de tulle"),
        (ENGLISH, "A tutu needs its net-layer count"),
    ],
)
def test_tutu_without_net_layers_is_refused_in_the_readers_language(
    app, as_wardrobe, headers, expected
):
    with app.app_context():
        data = {"name": "Tutu", "category": "tutu", "home_site_id": site_id(),
                "production_id": production_id(), "condition": "good"}  # fmt: skip
    response = as_wardrobe.post("/garments/new", data=data, headers=headers)
    assert response.status_code == 200
    assert expected in response.get_data(as_text=True)


def test_category_and_status_choices_show_words_and_send_codes(as_wardrobe):
    text = page(as_wardrobe, "/garments", FRENCH)
    assert "Pièces <small" in text and "0 trouvées" in text
    assert '<option value="bodice" >corsage</option>' in text
    assert '<option value="in laundry" >au lavage</option>' in text
    new = page(as_wardrobe, "/garments/new", FRENCH)
    assert '<option value="bodice">corsage</option>' in new and "Forme du tutu" in new


def test_floor_pages_in_french(as_wardrobe, tutu):
    floor = page(as_wardrobe, "/g/et-00001", FRENCH)
    assert "Retour en stock" in floor and "Détails complets et historique" in floor
    confirm = page(as_wardrobe, "/g/ET-00001/repair", FRENCH)
    assert f"En réparation{NB}?" in confirm and f"Confirmer{NB}: en réparation" in confirm
    unknown = as_wardrobe.get("/g/ET-99999", headers=FRENCH)
    assert unknown.status_code == 404
    assert f"Étiquette inconnue «{NB}ET-99999{NB}»" in unknown.get_data(as_text=True)


@pytest.mark.parametrize(
    "headers, counts, done",
    [
        (FRENCH, f"faits{NB}: 1, refusés{NB}: 0", f"ET-00001{NB}: Au lavage{NB}: fait"),
        (ENGLISH, "1 done, 0 refused", "ET-00001: To laundry: done"),
    ],
)
def test_batch_scan_answers_in_the_readers_language(app, as_wardrobe, headers, counts, done):
    with app.app_context():
        make_garment()
    reply = as_wardrobe.post(
        "/scan",
        data={"action": "laundry", "code": "ET-00001", "log": "[]"},
        headers={**headers, "Accept": "application/json"},
    ).get_json()
    assert reply["counts"] == counts and reply["feedback"]["text"] == done


def test_where_and_activity_in_french(as_wardrobe, tutu):
    where = page(as_wardrobe, "/where", FRENCH)
    assert "Où sont les pièces" in where and "Hors stock" in where
    activity = page(as_wardrobe, "/activity", FRENCH)
    assert ">création</span> ET-00001 cataloguée" in activity
    assert '<option value="retire" >réformé</option>' in activity
    since = as_wardrobe.get("/where?since=yesterday", headers=FRENCH, follow_redirects=True)
    assert f"Depuis{NB}: indiquez une date comme 2026-11-23." in since.get_data(as_text=True)


def test_label_page_caption_and_refusal_in_french(app, as_wardrobe, tutu):
    text = page(as_wardrobe, f"/labels?garment={tutu}", FRENCH)
    assert "Planche d’étiquettes" in text and "Télécharger le PDF des étiquettes" in text
    assert "Avery L7160" + NB + ": A4, 21 par planche (3×7), 63,5×38,1 mm" in text
    with app.test_request_context(headers=FRENCH):
        lines = text_lines(PRESETS["L7160"], _box(), LabelItem("ET-00001", "Tutu", "", "38"))
        assert lines[-1].text == "Taille 38"
    with app.test_request_context(headers=ENGLISH):
        lines = text_lines(PRESETS["L7160"], _box(), LabelItem("ET-00001", "Tutu", "", "38"))
        assert lines[-1].text == "Size 38"


def test_label_refusal_in_french(as_wardrobe, tutu):
    response = as_wardrobe.post(
        f"/labels?garment={tutu}",
        data={"preset": "L7160", "start": "99", "copies": "1", "ec": "M", "confirm_local": "y"},
        headers=FRENCH,
    )
    assert response.status_code == 400
    assert "La position de départ doit être entre 1 et 21" in response.get_data(as_text=True)


def test_garment_count_in_label_selection_is_french(app, tutu):
    with app.app_context():
        make_garment(name="Second bodice")
        assert db.session.scalar(db.select(db.func.count(Garment.id))) == 2
    with app.test_request_context(headers=FRENCH):
        selection = select_garments(LabelSource(everything=True))
        assert selection.what == "2 pièces" and selection.file_part == "2 garments"


def _box():
    from costume_tracker.labels.layout import Box

    return Box(0, 0, 40, 30)


def test_labels_command_speaks_the_configured_language(app, runner, tutu):
    app.config["PUBLIC_BASE_URL"] = "https://wardrobe.example.org"
    app.config["CLI_LOCALE"] = "fr"
    unknown = runner.invoke(args=["labels", "--preset", "L7160", "ET-09999", "--out", "-"])
    assert unknown.exit_code == 1 and f"Code inconnu{NB}: ET-09999." in unknown.output
    done = runner.invoke(args=["labels", "--preset", "L7160", "ET-00001", "--out", "-"])
    assert done.exit_code == 0, done.stderr
    assert f"Écrit{NB}: 1 étiquette pour ET-00001 sur 1 page, sur la sortie standard." in (
        done.stderr
    )
    app.config["CLI_LOCALE"] = "en"
    done = runner.invoke(args=["labels", "--preset", "L7160", "ET-00001", "--out", "-"])
    assert "Wrote 1 label for ET-00001 on 1 page to standard output." in done.stderr
