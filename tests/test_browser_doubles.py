"""In Chromium: dress a principal, make the double's multiple from the offered step."""

import pytest
from playwright.sync_api import expect

from costume_tracker.auth.services import save_user
from tests.conftest import PASSWORD, dressed_costume, make_performer, serve

pytestmark = pytest.mark.browser


@pytest.fixture
def wardrobe_with_doubles(tmp_path):
    def fill():
        save_user("wardrobe@example.org", "wardrobe", PASSWORD, name="Margaux")
        dressed_costume("Aurora, Act III wedding")
        principal = make_performer("Inès Laurent")
        make_performer("Clémence Aubry", kind="double", doubles_for_id=principal.id)

    with serve(tmp_path, fill) as base:
        yield base


def test_assign_principal_then_make_doubles_multiple(browser, wardrobe_with_doubles):
    base = wardrobe_with_doubles
    page = browser.new_page()
    page.goto(base + "/costumes/1")
    page.get_by_label("Email").fill("wardrobe@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Assign", exact=True).click()
    page.get_by_label("Performer", exact=True).fill("P-1 Inès Laurent")
    page.get_by_label("Episodes / scenes").fill("Ep. 1–4")
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_text("Aurora, Act III wedding assigned to Inès Laurent.")).to_be_visible()
    expect(page.locator("table.doubles")).to_contain_text("no free multiple of C-1")

    page.goto(base + "/doubles")
    expect(page.get_by_role("heading", name="Doubles coverage")).to_contain_text("1 gap")
    page.go_back()

    # Nothing is made without asking: the page says what it will create, then makes it.
    page.get_by_role("link", name="Make a new multiple…").first.click()
    page.get_by_role("button", name="Make ").click()
    expect(page.get_by_text("Made C-2")).to_be_visible()
    page.get_by_role("button", name="Assign C-2 to Clémence Aubry").click()
    expect(page.get_by_text("Clémence Aubry now wears C-2")).to_be_visible()
    expect(page.locator("table.doubles")).to_contain_text("dressed")

    page.get_by_role("link", name="Doubles").click()
    expect(page.get_by_text("Every double wears a multiple")).to_be_visible()
    page.goto(base + "/costumes/2")
    expect(page.get_by_text("This is a multiple of")).to_be_visible()
    expect(page.locator("table.list")).to_contain_text("ET-00003")
    page.close()
