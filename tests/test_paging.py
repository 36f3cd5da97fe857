"""Lists page on the server and count at most COUNT_CAP matches."""

from costume_tracker import paging
from costume_tracker.catalog.models import Garment
from costume_tracker.extensions import db
from tests.conftest import make_garment


def _page(app, number: int, per_page: int = 10, cap: int = 25):
    with app.test_request_context(f"/garments?page={number}"):
        page = paging.paginate(db.select(Garment).order_by(Garment.id), per_page, cap)
        return page, [g.tag_code for g in page.items]


def test_pages_counts_and_the_cap(app):
    with app.app_context():
        for n in range(32):
            make_garment(name=f"Tights {n}", category="tights")
    page, tags = _page(app, 1)
    assert tags[0] == "ET-00001" and len(tags) == 10
    assert page.has_next and not page.has_prev and page.next_num == 2
    assert (page.total, page.capped, page.total_text, page.pages) == (25, True, "25+", None)
    page, tags = _page(app, 4)
    assert tags == ["ET-00031", "ET-00032"] and not page.has_next and page.prev_num == 3
    assert (page.total, page.capped) == (25, True)  # 32 matches, still shown as "25+"
    page, _ = _page(app, 2, cap=100)
    assert (page.total, page.capped, page.pages, page.total_text) == (32, False, 4, "32")


def test_bad_page_numbers_fall_back_to_the_first(app):
    with app.app_context():
        make_garment(name="Tights", category="tights")
    for number in ("0", "-3", "abc"):
        with app.test_request_context(f"/garments?page={number}"):
            page = paging.paginate(db.select(Garment), 10)
            assert (page.page, page.total, len(page.items)) == (1, 1, 1)


def test_garment_list_shows_capped_count_and_next_link(app, as_wardrobe, monkeypatch):
    monkeypatch.setattr(paging.paginate, "__defaults__", (None, 3))  # count at most 3
    app.config["PER_PAGE"] = 2
    with app.app_context():
        for n in range(5):
            make_garment(name=f"Tights {n}", category="tights")
    html = as_wardrobe.get("/garments").get_data(as_text=True)
    assert "3+ found" in html and 'rel="next"' in html and "Page 1<" in html
    html = as_wardrobe.get("/garments?page=3").get_data(as_text=True)
    assert 'rel="next"' not in html and 'rel="prev"' in html
