"""Names come in the order people read them, on SQLite and PostgreSQL alike.

Accents and case do not push a name to the end ("Céline" before "Colette", "Élodie" with
the e's), and numbers go by their value ("no. 2" before "no. 10").
"""

import re
from html.parser import HTMLParser

import pytest
from flask_migrate import upgrade
from sqlalchemy import insert, select, text

from costume_tracker import create_app
from costume_tracker.catalog.models import Costume, Garment
from costume_tracker.catalog.queries import (
    CostumeFilters,
    GarmentFilters,
    costume_select,
    garment_select,
)
from costume_tracker.catalog.services import update_garment
from costume_tracker.extensions import db
from costume_tracker.imports import apply_import
from costume_tracker.lists.models import Character, Location, Production, Site
from costume_tracker.lists.services import save_character, save_location, save_site
from costume_tracker.people.models import Performer
from costume_tracker.people.services import PerformerFilters, performer_select
from costume_tracker.sorting import sort_key

from .conftest import (
    make_config,
    make_costume,
    make_garment,
    make_performer,
    production_id,
    scratch_database,
    site_id,
)
from .reporting import csv_cells
from .test_import import GARMENT_HEADER, csv_bytes

READ_ORDER = ["Céline", "Colette", "Élodie", "Emma", "no. 2", "no. 10", "zara", "Zoé"]
# The order they are typed in, which is not the reading order.
TYPED = ["Zoé", "no. 10", "Colette", "Emma", "zara", "Céline", "no. 2", "Élodie"]
SORTED_MODELS = (Site, Location, Production, Character, Costume, Garment, Performer)


class Texts(HTMLParser):
    """Every text node of a page, stripped, in document order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []

    def handle_data(self, data):
        if data.strip():
            self.texts.append(data.strip())


def shown_order(html: str, names) -> list[str]:
    """The names as the page first shows them, each once, top to bottom."""
    parser = Texts()
    parser.feed(html)
    seen: list[str] = []
    for shown in parser.texts:
        if shown in names and shown not in seen:
            seen.append(shown)
    return seen


def assert_keys_in_step() -> None:
    """Every sorted name's stored key is the key of its current name."""
    for model in SORTED_MODELS:
        rows = db.session.execute(select(model.name, model.name_key)).all()
        assert [key for _name, key in rows] == [sort_key(name) for name, _key in rows], model


def test_the_key_orders_names_as_people_read_them():
    assert sorted(TYPED, key=sort_key) == READ_ORDER
    more = ["Œdipe", "Ana Maria", "ana", "Anaïs", "Straße", "act 007", "act 8", "ＡＢＣ", "n°3"]
    assert sorted(more, key=sort_key) == [
        "ＡＢＣ", "act 007", "act 8", "ana", "Ana Maria", "Anaïs", "n°3", "Œdipe", "Straße",
    ]  # fmt: skip
    # Names that read alike still come in one order, whichever was written first.
    assert sorted(["émile", "Emile", "Émile"], key=sort_key) == ["Emile", "Émile", "émile"]
    assert len(sort_key("ﷺ" * 160)) == 300


def test_garment_list_sorted_by_name(app, as_viewer):
    with app.app_context():
        for name in TYPED:
            make_garment(name=name)
    html = as_viewer.get("/garments?sort=name").get_data(as_text=True)
    assert shown_order(html, TYPED) == READ_ORDER
    html = as_viewer.get("/garments?sort=-name").get_data(as_text=True)
    assert shown_order(html, TYPED) == READ_ORDER[::-1]


def test_costume_and_performer_lists(app, as_viewer):
    with app.app_context():
        for name in TYPED:
            make_costume(name)
            make_performer(name)
    for url in ("/costumes", "/costumes?sort=name", "/performers"):
        assert shown_order(as_viewer.get(url).get_data(as_text=True), TYPED) == READ_ORDER, url


def test_lists_page_sites_locations_productions_characters(app, as_wardrobe):
    with app.app_context():
        paris, beauty = site_id(), production_id()
        for number, name in enumerate(TYPED):
            save_site(None, name, f"S{number}", "")
            save_location(None, paris, f"Rack {name}", "rack")
            save_character(None, beauty, f"Role {name}")
            db.session.add(Production(name=f"Ballet {name}"))
        db.session.commit()
    html = as_wardrobe.get("/lists").get_data(as_text=True)
    for prefix in ("", "Rack ", "Role ", "Ballet "):
        names = [prefix + name for name in TYPED]
        assert shown_order(html, names) == [prefix + name for name in READ_ORDER], prefix


def test_pickers_in_forms(app, as_wardrobe):
    with app.app_context():
        paris, beauty = site_id(), production_id()
        for name in TYPED:
            save_location(None, paris, name, "rack")
            save_character(None, beauty, name)
            make_performer(name)
    locations = [f"Paris · {name}" for name in TYPED]
    html = as_wardrobe.get("/garments/new").get_data(as_text=True)
    assert shown_order(html, locations) == [f"Paris · {name}" for name in READ_ORDER]
    characters = [f"{name} (Sleeping Beauty)" for name in TYPED]
    html = as_wardrobe.get("/costumes/new").get_data(as_text=True)
    assert shown_order(html, characters) == [f"{name} (Sleeping Beauty)" for name in READ_ORDER]
    principals = [f"{name} (principal)" for name in TYPED]
    html = as_wardrobe.get("/performers/new").get_data(as_text=True)
    assert shown_order(html, principals) == [f"{name} (principal)" for name in READ_ORDER]


def test_suggestions_come_in_reading_order(app, as_wardrobe):
    with app.app_context():
        for name in TYPED:
            make_costume(f"Tutu {name}")
            make_performer(f"Dancer {name}")
    costumes = as_wardrobe.get("/costumes/suggest?q=tutu").get_json()
    assert [c["value"].split(" ", 2)[2] for c in costumes] == READ_ORDER
    performers = as_wardrobe.get("/performers/suggest?q=dancer").get_json()
    assert [p["value"].split(" ", 2)[2] for p in performers] == READ_ORDER


@pytest.mark.parametrize("report", ["costumes", "performers"])
def test_reports_list_rows_by_name(app, as_wardrobe, report):
    with app.app_context():
        for name in TYPED:
            make_costume(name) if report == "costumes" else make_performer(name)
    header, rows = csv_cells(as_wardrobe.get(f"/reports/{report}.csv").get_data())
    column = header.index("Name")
    assert [row[column] for row in rows] == READ_ORDER


def test_keys_follow_renames_edits_and_imports(app):
    with app.app_context():
        garment = make_garment(name="Colette")
        update_garment(garment, {"name": "Élodie"}, None)
        make_costume("no. 10").name = "no. 2"
        site = db.session.get(Site, site_id())
        save_site(site, "Zoé", site.code, site.company)
        db.session.commit()
        tag = garment.tag_code
    data = csv_bytes(
        [GARMENT_HEADER, [tag, "Céline", "bodice", "Zoé"], ["NEW", "zara", "tights", "Zoé"]]
    )
    with app.app_context():
        result = apply_import("garments", data, "g.csv", None)
        assert result.applied, result
        assert_keys_in_step()
        names = db.session.scalars(select(Garment.name).order_by(Garment.name_key)).all()
        assert names == ["Céline", "zara"]


def test_renaming_through_the_lists_page_moves_the_entry(app, as_wardrobe):
    with app.app_context():
        beauty = production_id()
    as_wardrobe.post(f"/lists/productions/{beauty}/edit", data={"name": "Écho", "notes": ""})
    html = as_wardrobe.get("/lists").get_data(as_text=True)
    assert shown_order(html, ["Écho", "The Nutcracker"]) == ["Écho", "The Nutcracker"]
    with app.app_context():
        assert_keys_in_step()


def test_bulk_inserts_get_their_keys(app):
    """Statements that insert many rows without objects (benchmark, import) still set keys."""
    with app.app_context():
        db.session.execute(
            insert(Performer),
            [{"name": name, "kind": "corps", "company_site_id": site_id()} for name in TYPED],
        )
        db.session.commit()
        assert_keys_in_step()
        names = db.session.scalars(select(Performer.name).order_by(Performer.name_key)).all()
        assert names == READ_ORDER


def test_migration_fills_keys_of_existing_rows(tmp_path):
    with scratch_database(tmp_path) as url:
        app = create_app(make_config(tmp_path, SQLALCHEMY_DATABASE_URI=url))
        with app.app_context():
            upgrade(revision="8a4c3d2e0f12")  # the schema before names had keys
            with db.engine.begin() as connection:
                for name in TYPED:
                    connection.execute(
                        text("INSERT INTO production (name, notes) VALUES (:name, '')"),
                        {"name": name},
                    )
            upgrade()
            assert_keys_in_step()
            names = db.session.scalars(select(Production.name).order_by(Production.name_key))
            assert names.all() == READ_ORDER
            db.session.remove()
            db.engine.dispose()


@pytest.mark.parametrize("list_select", ["garments", "costumes", "performers"])
def test_a_page_by_name_walks_the_index(app, list_select):
    """A page of a list sorted by name reads its index in order: no sort of the whole table."""
    queries = {
        "garments": (garment_select(GarmentFilters(sort="name")), "ix_garment_name_key"),
        "costumes": (costume_select(CostumeFilters()), "ix_costume_name_key"),
        "performers": (performer_select(PerformerFilters()), "ix_performer_name_key"),
    }
    query, index = queries[list_select]
    with app.app_context():
        sql = str(query.limit(50).compile(db.engine, compile_kwargs={"literal_binds": True}))
        with db.engine.connect() as connection:
            if connection.dialect.name == "postgresql":
                # A test table is tiny; make the planner show whether it could walk the index.
                connection.execute(text("SET enable_seqscan = off"))
                connection.execute(text("SET enable_sort = off"))
                plan = " ".join(connection.scalars(text(f"EXPLAIN {sql}")))
                # Ties on the key are put in id order as the page is read (incremental sort).
                full_sort = re.search(r"(?<!Incremental )Sort  \(", plan)
                assert f"Index Scan using {index}" in plan and not full_sort, plan
            else:
                plan = " ".join(
                    row[3] for row in connection.execute(text(f"EXPLAIN QUERY PLAN {sql}"))
                )
                assert f"USING INDEX {index}" in plan and "TEMP B-TREE" not in plan, plan
