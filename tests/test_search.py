"""Search finds what people type: accents and case aside, every word, any order, prefixes."""

import pytest
from flask_migrate import upgrade
from playwright.sync_api import expect
from sqlalchemy import insert, text

from costume_tracker import create_app
from costume_tracker.auth.services import save_user
from costume_tracker.catalog.costumes import save_costume
from costume_tracker.catalog.models import Costume, Garment
from costume_tracker.catalog.services import update_garment
from costume_tracker.extensions import db
from costume_tracker.lists.models import Character, Production
from costume_tracker.people.models import Performer
from costume_tracker.people.services import save_performer
from costume_tracker.search.service import search, words_of
from tests.conftest import (
    PASSWORD,
    PHONE,
    make_config,
    make_costume,
    make_garment,
    make_performer,
    production_id,
    scratch_database,
    serve,
    site_id,
)


def found(typed: str, kind: str = "garment") -> list[str]:
    """Names (tag codes for garments) of what a search finds, of one kind."""
    results = search(typed, shown=50)
    for group in results.groups:
        if group.kind == kind:
            return [item.tag_code if kind == "garment" else item.name for item in group.items]
    return []


@pytest.fixture
def wardrobe(app):
    """Sleeping Beauty's wedding costumes, a white tutu with French notes, a Nutcracker skirt."""
    with app.app_context():
        beauty = production_id()
        aurora = db.session.scalar(db.select(Character.id).where(Character.name == "Aurora"))
        desire = Character(production_id=beauty, name="Prince Désiré")
        db.session.add(desire)
        db.session.flush()
        wedding = make_costume("Aurora, Act III wedding", character_id=aurora)
        prince = make_costume("Wedding doublet", character_id=desire.id)
        make_garment(name="Wedding tutu", category="tutu", costume_id=wedding.id)  # ET-00001
        make_garment(name="Doublet", category="jacket", costume_id=prince.id, colour="gold")
        make_garment(
            name="Tutu plateau",
            category="tutu",
            colour="blanc",
            fabric="tulle de soie",
            notes="Tulle blanc, neuf couches ; corsage brodé à la main.",
        )  # ET-00003
        make_garment(
            name="Skirt", category="skirt", colour="rose", fabric="velvet",
            production_id=production_id("The Nutcracker"),
        )  # ET-00004  # fmt: skip
        make_performer("Inès Laurent")
        db.session.commit()
    return app


@pytest.mark.parametrize(
    ("typed", "kind", "expected"),
    [
        ("desire", "character", ["Prince Désiré"]),
        ("DÉSIRÉ", "costume", ["Wedding doublet"]),
        ("desire", "garment", ["ET-00002"]),
        ("aurora wedding", "costume", ["Aurora, Act III wedding"]),
        ("aurora wedding", "garment", ["ET-00001"]),
        ("wedding aurora", "garment", ["ET-00001"]),
        ("tulle blanc", "garment", ["ET-00003"]),
        ("corsage brode", "garment", ["ET-00003"]),
        ("auro", "character", ["Aurora"]),
        ("auro", "costume", ["Aurora, Act III wedding"]),
        ("ines", "performer", ["Inès Laurent"]),
        ("laur in", "performer", ["Inès Laurent"]),
        ("sleeping", "production", ["Sleeping Beauty"]),
        ("nutcracker velvet", "garment", ["ET-00004"]),
        ("et-00003", "garment", ["ET-00003"]),
        ("00004", "garment", ["ET-00004"]),
        ("gold", "garment", ["ET-00002"]),
        ("soie", "garment", ["ET-00003"]),
    ],
)
def test_finds_what_people_type(wardrobe, typed, kind, expected):
    with wardrobe.app_context():
        assert found(typed, kind) == expected


def test_every_word_must_match(wardrobe):
    with wardrobe.app_context():
        assert found("aurora", "garment") == ["ET-00001"]
        assert found("aurora doublet", "garment") == []
        assert found("tulle velvet", "garment") == []
        assert search("aurora clara").found == []


def test_words_are_prefixes_not_substrings(wardrobe):
    with wardrobe.app_context():
        assert found("wed", "costume") == ["Aurora, Act III wedding", "Wedding doublet"]
        assert found("edding", "costume") == []
        # One letter is a whole word: it would otherwise read every word of the index.
        assert found("w", "costume") == []


def test_results_are_grouped_by_kind_with_counts(wardrobe, as_viewer):
    with wardrobe.app_context():
        results = search("wedding")
        assert {g.kind: g.count for g in results.found} == {"garment": 2, "costume": 2}
    page = as_viewer.get("/search?q=wedding").text
    assert "2 garments" in page and "2 costumes" in page
    assert 'href="/garments/1"' in page and 'href="/costumes/1"' in page


def test_french_page(wardrobe, as_viewer):
    page = as_viewer.get("/search?q=wedding", headers={"Accept-Language": "fr"}).text
    assert "Résultats pour" in page
    nothing = as_viewer.get("/search?q=zanzibar", headers={"Accept-Language": "fr"}).text
    assert "Aucun résultat" in nothing


def test_nothing_found_page(wardrobe, as_viewer):
    response = as_viewer.get("/search?q=zanzibar+tutu")
    assert response.status_code == 200
    assert "Nothing found for “zanzibar tutu”" in response.text


def test_empty_search_explains(wardrobe, as_viewer):
    response = as_viewer.get("/search")
    assert response.status_code == 200
    assert "Type a few letters" in response.text


# Very long text, control characters, punctuation only, FTS5 and tsquery syntax, odd Unicode.
BAD_INPUT = [
    "x" * 5000,
    "tutu " * 300,
    "\x00\x01\x1b[31m tutu",
    "!!!",
    "...  ---  ???",
    '"',
    '"tutu',
    "*",
    "tutu*",
    "NEAR",
    "NEAR(tutu wedding)",
    "tutu NEAR wedding",
    "-",
    "-tutu",
    "tutu OR wedding",
    "AND",
    "NOT tutu",
    "body:tutu",
    "^tutu",
    "tutu:*",
    "'",
    "\\",
    "%_",
    "&|!():*",
    "😀",
    "ｔｕｔｕ",
    "Ⅻ ²",
    "/g/",
    "/g/ET-99999",
    "https://wardrobe.example.org/g/",
]


def test_bad_input_gives_a_page(wardrobe, as_viewer):
    for typed in BAD_INPUT:
        for query in ({"q": typed}, {"q": typed, "kind": "costume"}):
            assert as_viewer.get("/search", query_string=query).status_code == 200, query
        assert as_viewer.get("/garments", query_string={"q": typed}).status_code == 200, typed


def test_fts_syntax_is_read_as_words(wardrobe):
    with wardrobe.app_context():
        assert words_of('"tutu* NEAR(wedding) -aurora') == ["tutu", "NEAR", "wedding", "aurora"]
        assert found("wedding -aurora", "garment") == ["ET-00001"]
        assert found('"aurora"', "garment") == ["ET-00001"]


@pytest.mark.parametrize(
    "typed",
    [
        "ET-00003",
        "et-00003",
        "  et-00003 ",
        "/g/et-00003",
        "https://wardrobe.example.org/G/ET-00003/",
    ],
)
def test_a_tag_code_opens_its_garment(wardrobe, as_viewer, typed):
    response = as_viewer.get("/search", query_string={"q": typed})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/garments/3")


def test_unknown_tag_code_searches(wardrobe, as_viewer):
    response = as_viewer.get("/search?q=ET-99999")
    assert response.status_code == 200
    assert "Nothing found" in response.text


def test_one_kind_page(wardrobe, as_viewer):
    page = as_viewer.get("/search?q=wedding&kind=costume").text
    assert "Aurora, Act III wedding" in page and "Wedding doublet" in page
    assert "Wedding tutu" not in page


def test_header_search_box_on_signed_in_pages(wardrobe, client, as_viewer):
    page = as_viewer.get("/garments").text
    assert 'action="/search"' in page and 'name="q"' in page
    assert 'role="search"' in page
    as_viewer.post("/logout")
    assert 'action="/search"' not in client.get("/login").text


def test_garment_list_filter_uses_the_index(wardrobe, as_viewer):
    page = as_viewer.get("/garments?q=tulle+blanc").text
    assert "Tutu plateau" in page and "Wedding tutu" not in page
    page = as_viewer.get("/garments?q=desire").text
    assert "Doublet" in page and "Skirt" not in page
    assert "No garments" in as_viewer.get("/garments?q=!!!").text or "0 found" in (
        as_viewer.get("/garments?q=!!!").text
    )


def test_index_follows_garment_edits(wardrobe):
    with wardrobe.app_context():
        garment = db.session.get(Garment, 4)
        update_garment(garment, {"notes": "Ourlet à reprendre"}, None)
        db.session.commit()
        assert found("ourlet", "garment") == ["ET-00004"]
        update_garment(garment, {"notes": "", "colour": "vert"}, None)
        db.session.commit()
        assert found("ourlet", "garment") == []
        assert found("vert skirt", "garment") == ["ET-00004"]


def test_index_follows_costume_rename_and_moves(wardrobe):
    with wardrobe.app_context():
        costume = db.session.get(Costume, 1)
        save_costume(costume, {"name": "Rose Adagio", "production_id": production_id()}, None)
        db.session.commit()
        assert found("adagio", "garment") == ["ET-00001"]
        assert found("adagio", "costume") == ["Rose Adagio"]
        assert found("aurora wedding", "costume") == []
        # A garment moved into the costume matches its name; one moved out no longer does.
        db.session.get(Garment, 4).costume_id = 1
        db.session.get(Garment, 1).costume_id = None
        db.session.commit()
        assert found("adagio", "garment") == ["ET-00004"]


def test_index_follows_character_production_and_performer_renames(wardrobe):
    with wardrobe.app_context():
        db.session.scalar(
            db.select(Character).where(Character.name == "Prince Désiré")
        ).name = "Prince Florimund"
        db.session.get(Production, production_id()).name = "La Belle au bois dormant"
        db.session.commit()
        assert found("florimund", "garment") == ["ET-00002"]
        assert found("desire", "garment") == []
        assert found("belle bois", "costume") == ["Aurora, Act III wedding", "Wedding doublet"]
        assert found("belle", "character") == ["Aurora", "Prince Florimund"]
        assert found("dormant", "garment") == ["ET-00001", "ET-00002", "ET-00003"]
        performer = db.session.scalar(db.select(Performer))
        save_performer(performer, {"name": "Inès Moreau", "kind": "principal",
                                   "company_site_id": site_id()}, [], None)  # fmt: skip
        db.session.commit()
        assert found("moreau", "performer") == ["Inès Moreau"]
        assert found("laurent", "performer") == []


def test_a_rolled_back_edit_leaves_the_index_as_it_was(wardrobe):
    with wardrobe.app_context():
        db.session.get(Garment, 4).notes = "Ourlet"
        db.session.flush()
        assert found("ourlet", "garment") == ["ET-00004"]
        db.session.rollback()
        assert found("ourlet", "garment") == []


def test_bulk_inserts_are_indexed(app):
    with app.app_context():
        rows = [
            {"tag_code": f"BK-{n:05d}", "name": f"Châle {n}", "category": "other",
             "home_site_id": site_id(), "status": "in stock", "condition": "good",
             "colour": "", "fabric": "", "notes": "", "name_key": ""}
            for n in range(1, 301)
        ]  # fmt: skip
        rows = [{k: v for k, v in row.items() if hasattr(Garment, k)} for row in rows]
        db.session.execute(insert(Garment), rows)
        db.session.commit()
        results = search("chale")
        assert results.groups[0].count == 200 and results.groups[0].capped
        assert found("chale 150", "garment") == ["BK-00150"]


def test_migration_indexes_existing_rows(tmp_path):
    with scratch_database(tmp_path) as url:
        app = create_app(make_config(tmp_path, SQLALCHEMY_DATABASE_URI=url))
        with app.app_context():
            upgrade(revision="7f3b2c1d9e01")
            with db.engine.begin() as connection:
                for statement in (
                    "INSERT INTO site (name, code, company, timezone)"
                    " VALUES ('Paris', 'PAR', '', 'UTC')",
                    "INSERT INTO production (name, notes) VALUES ('Sleeping Beauty', '')",
                    """INSERT INTO "character" (production_id, name) VALUES (1, 'Prince Désiré')""",
                    "INSERT INTO costume (name, production_id, character_id, look, notes, retired,"
                    " shared, created_at, updated_at, version) VALUES ('Wedding doublet', 1, 1, '',"
                    " '', false, false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)",
                    "INSERT INTO garment (tag_code, name, category, costume_id, colour, fabric,"
                    " size_label, home_site_id, status, status_since, condition, care_notes,"
                    " notes, net_type, created_at, updated_at, version) VALUES ('ET-00001',"
                    " 'Doublet', 'jacket', 1, 'or', '', '', 1, 'in stock', CURRENT_TIMESTAMP,"
                    " 'good', '', 'Galon doré', '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)",
                    "INSERT INTO performer (name, company_site_id, kind, notes, created_at)"
                    " VALUES ('Maëlle Dubois', 1, 'corps', '', CURRENT_TIMESTAMP)",
                ):
                    connection.execute(text(statement))
            upgrade()
            assert found("desire", "garment") == ["ET-00001"]
            assert found("galon dore", "garment") == ["ET-00001"]
            assert found("maelle", "performer") == ["Maëlle Dubois"]
            assert found("sleeping", "production") == ["Sleeping Beauty"]
            db.session.remove()
            db.engine.dispose()


@pytest.mark.browser
def test_header_search_on_a_phone(browser, tmp_path):
    def fill():
        save_user("wardrobe@example.org", "wardrobe", PASSWORD, name="Margaux")
        desire = Character(production_id=production_id(), name="Prince Désiré")
        db.session.add(desire)
        db.session.flush()
        costume = make_costume("Wedding doublet", character_id=desire.id)
        make_garment(name="Doublet", category="jacket", costume_id=costume.id)

    with serve(tmp_path, fill) as base:
        context = browser.new_context(**PHONE)
        page = context.new_page()
        page.goto(base + "/garments")
        page.get_by_label("Email").fill("wardrobe@example.org")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        header = page.get_by_role("search", name="Search everything")
        box = header.get_by_role("searchbox")
        assert box.bounding_box()["height"] >= 44
        assert box.bounding_box()["width"] >= 250  # the phone's width, not a sliver
        box.fill("desire")
        box.press("Enter")
        expect(page.get_by_role("heading", name="Results for “desire”")).to_be_visible()
        page.get_by_role("link", name="ET-00001 Doublet").click()
        expect(page).to_have_url(f"{base}/garments/1")
        header.get_by_role("searchbox").fill("et-00001")
        header.get_by_role("button", name="Search").click()
        expect(page).to_have_url(f"{base}/garments/1")
        context.close()
