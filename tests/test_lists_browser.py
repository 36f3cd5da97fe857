"""The garment list on a phone: two lines a row, a thumbnail, thumb-sized targets."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from costume_tracker.auth.services import save_user
from costume_tracker.catalog.photos import add_photo
from tests.conftest import PASSWORD, PHONE, make_costume, make_garment, serve

pytestmark = pytest.mark.browser


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 90), (120, 40, 90)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def phone_page(browser, tmp_path):
    """A wardrobe user signed in on a phone, on a list of a dozen garments (one photographed)."""

    def fill():
        save_user("wardrobe@example.org", "wardrobe", PASSWORD, name="Margaux")
        costume = make_costume("Aurora, Act III wedding, a very long costume name indeed")
        tutu = make_garment(
            name="Aurora wedding tutu with thirteen layers of net", category="tutu",
            costume_id=costume.id,
        )  # fmt: skip
        add_photo(tutu, _png(), "tutu.png", None)
        for n in range(11):
            make_garment(name=f"Practice skirt {n}", category="skirt")

    with serve(tmp_path, fill) as base:
        context = browser.new_context(**PHONE)
        page = context.new_page()
        page.goto(base + "/login?next=/garments")
        page.get_by_label("Email").fill("wardrobe@example.org")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="Garments")).to_be_visible()
        yield page
        context.close()


def test_phone_garment_rows_are_two_compact_lines(phone_page):
    page = phone_page
    rows = page.locator("table.garments tbody tr")
    expect(rows).to_have_count(12)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]
    first = rows.first
    box = first.bounding_box()
    assert 44 <= box["height"] <= 80  # two lines, not a card of labelled fields
    tag, name = first.locator("td.c-tag").bounding_box(), first.locator("td.c-name").bounding_box()
    status, place = (
        first.locator("td.c-status").bounding_box(),
        first.locator("td.c-place").bounding_box(),
    )
    assert abs(tag["y"] - name["y"]) < 4 and abs(status["y"] - place["y"]) < 8
    assert status["y"] > tag["y"] + 10  # status and place on the second line
    expect(first.locator("td.c-more").first).to_be_hidden()
    thumb = first.get_by_role("img", name="Photo of Aurora wedding tutu with thirteen layers")
    expect(thumb).to_be_visible()
    assert thumb.bounding_box()["width"] == 48
    # The label checkbox: a 44 px target that ticks without opening the garment.
    pick = first.locator("label.pick")
    assert min(pick.bounding_box()["width"], pick.bounding_box()["height"]) >= 44
    page.touchscreen.tap(pick.bounding_box()["x"] + 3, pick.bounding_box()["y"] + 3)
    expect(first.get_by_role("checkbox")).to_be_checked()
    # Anywhere else on the row opens the garment: a tap on its place, say.
    page.touchscreen.tap(place["x"] + 5, place["y"] + place["height"] / 2)
    expect(page.get_by_role("heading", name="Aurora wedding tutu")).to_be_visible()
