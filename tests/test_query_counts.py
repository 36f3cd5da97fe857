"""No page runs one query per row: statement counts stay the same when the stock grows."""

import io

import pytest
from PIL import Image
from sqlalchemy import event

from costume_tracker.bench.pages import run_size
from costume_tracker.catalog.models import Costume
from costume_tracker.catalog.photos import add_photo
from costume_tracker.extensions import db
from costume_tracker.lists.models import Character
from tests.conftest import make_costume, make_garment, make_performer


@pytest.fixture(scope="module")
def figures():
    """Every benchmarked page on a small and a ten times larger wardrobe."""
    small = {f.name: f for f in run_size(80, repeat=1)}
    large = {f.name: f for f in run_size(800, repeat=1)}
    return small, large


def test_every_page_answers(figures):
    small, large = figures
    for name in small:
        assert small[name].status == 200, name
        assert large[name].status == 200, name


def test_statements_per_page_do_not_follow_the_stock_size(figures):
    small, large = figures
    # A list that fits on one page skips its count query: one statement less, never more.
    grown = {
        name: (small[name].statements, large[name].statements)
        for name in small
        if not small[name].statements <= large[name].statements <= small[name].statements + 1
    }
    assert grown == {}, f"statements per page (80 → 800 garments): {grown}"


def test_pages_run_a_handful_of_statements(figures):
    _small, large = figures
    heavy = {name: f.statements for name, f in large.items() if f.statements > 25}
    assert heavy == {}


# The home page runs one COUNT or one LIMITed list per card, whatever the stock's size; the
# shooting card adds three (the next days, their scene counts, today's fittings) for all sites.
HOME_BUDGET = 25


def test_home_page_keeps_to_its_query_budget(figures):
    small, large = figures
    for name in ("home page, every site", "home page, one site"):
        assert small[name].statements <= HOME_BUDGET, (name, small[name].statements)
        assert large[name].statements <= HOME_BUDGET, (name, large[name].statements)


def _png(colour=(200, 40, 90)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), colour).save(buffer, "PNG")
    return buffer.getvalue()


def _add_rows(count: int, start: int) -> None:
    """Costumes of two garments (one photographed), performers (some photographed, doubled)."""
    aurora = db.session.scalar(db.select(Character).where(Character.name == "Aurora"))
    for n in range(start, start + count):
        costume = make_costume(f"Look {n}", character_id=aurora.id)
        if n % 2:
            add_photo(costume, _png(), f"look-{n}.png", None)
        tutu = make_garment(name=f"Tutu {n}", category="tutu", costume_id=costume.id)
        add_photo(tutu, _png((n, 10, 10)), f"tutu-{n}.png", None)
        make_garment(name=f"Bodice {n}", costume_id=costume.id)
        dancer = make_performer(f"Dancer {n}")
        dancer.characters.append(aurora)
        if n % 2:
            add_photo(dancer, _png((10, n, 10)), f"dancer-{n}.png", None)
        make_performer(f"Double {n}", kind="double", doubles_for_id=dancer.id)
    db.session.commit()


def _statements(app, client, path: str) -> int:
    with app.app_context():
        engine = db.engine
    counter = {"n": 0}

    def count(*_args):
        counter["n"] += 1

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return counter["n"]


def test_lists_with_thumbnails_run_as_many_statements_for_3_rows_as_for_30(app, as_wardrobe):
    paths = ("/garments", "/costumes", "/performers")
    app.config["PER_PAGE"] = 100  # every row on one page, which skips the count query
    with app.app_context():
        _add_rows(3, 0)
        first_costume = db.session.scalar(db.select(Costume.id).order_by(Costume.id))
    few = {path: _statements(app, as_wardrobe, path) for path in paths}
    few_costume = _statements(app, as_wardrobe, f"/costumes/{first_costume}")
    with app.app_context():
        _add_rows(27, 3)
        for n in range(8):  # a costume of ten garments, each photographed
            garment = make_garment(name=f"Layer {n}", costume_id=first_costume)
            add_photo(garment, _png(), f"layer-{n}.png", None)
    many = {path: _statements(app, as_wardrobe, path) for path in paths}
    assert many == few
    assert _statements(app, as_wardrobe, f"/costumes/{first_costume}") == few_costume
