"""The catalog in a real Chromium, on a desktop and on a phone-sized screen."""

import pytest
from playwright.sync_api import expect

from costume_tracker.auth.services import save_user
from tests.conftest import PASSWORD, PHONE, make_garment, serve, site_id

pytestmark = pytest.mark.browser


@pytest.fixture
def live_server(tmp_path):
    """The app with CSRF on, served on 127.0.0.1, with a small wardrobe."""

    def fill():
        save_user("wardrobe@example.org", "wardrobe", PASSWORD, name="Margaux")
        make_garment(name="Aurora wedding tutu", category="tutu", net_layers=13)
        make_garment(name="Practice tutu", category="tutu", net_layers=9)
        make_garment(
            name="Snowflake tutu", category="tutu", net_layers=13, home_site_id=site_id("New York")
        )
        make_garment(name="Wedding bodice")

    with serve(tmp_path, fill) as base:
        yield base


def _sign_in(page, base: str, path: str = "/garments") -> None:
    page.goto(base + path)
    expect(page).to_have_url(f"{base}/login?next=%2Fgarments")
    page.get_by_label("Email").fill("wardrobe@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Garments")).to_be_visible()


def _find_edit_and_check_history(page, base: str) -> None:
    filters = page.get_by_role("search", name="Filter garments")
    # The filters wait behind one button, so the list starts at the top of a phone screen.
    expect(filters.get_by_label("Category")).to_be_hidden()
    filters.get_by_text("Filters", exact=True).click()
    filters.get_by_label("Category").select_option("tutu")
    filters.get_by_label("Site").select_option(label="Paris")
    filters.get_by_label("Production").select_option(label="Sleeping Beauty")
    filters.get_by_label("Net layers").fill("13")
    filters.get_by_role("button", name="Filter", exact=True).click()
    expect(page.get_by_text("1 found", exact=True)).to_be_visible()
    assert "net_layers=13" in page.url and "category=tutu" in page.url
    # Four filters set: the button counts them, and one link clears them.
    expect(filters.get_by_text("Filters (4)", exact=True)).to_be_visible()
    expect(filters.get_by_role("link", name="Clear filters")).to_be_visible()
    page.get_by_role("link", name="Aurora wedding tutu").click()
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Net layers").fill("14")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Saved 1 change to ET-00001.")).to_be_visible()
    history = page.locator("table.history")
    expect(history).to_contain_text("net layers: 13 → 14")
    expect(history).to_contain_text("Margaux")


def test_desktop_find_tutu_edit_layers_see_history(browser, live_server):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _sign_in(page, live_server)
    _find_edit_and_check_history(page, live_server)
    page.close()


def test_phone_find_tutu_edit_layers_see_history(browser, live_server):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    _sign_in(page, live_server)
    # Nothing scrolls sideways on a phone.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    _find_edit_and_check_history(page, live_server)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def test_tutu_fields_show_only_for_tutus_and_errors_name_the_field(browser, live_server):
    page = browser.new_page()
    _sign_in(page, live_server)
    page.goto(live_server + "/garments/new")
    page.get_by_label("Name").fill("Lilac Fairy tutu")
    page.get_by_label("Category").select_option("tutu")
    expect(page.get_by_label("Net layers")).to_be_visible()
    page.get_by_role("button", name="Create garment").click()
    expect(page.locator("#net_layers-error")).to_contain_text("A tutu needs its net-layer count")
    page.get_by_label("Net layers").fill("13")
    page.get_by_role("button", name="Create garment").click()
    expect(page.get_by_text("Catalogued ET-00005 Lilac Fairy tutu.")).to_be_visible()
    page.close()
