"""In Chromium: an error inside a section the page hides is shown, with a summary linking to it."""

import pytest
from playwright.sync_api import expect

from costume_tracker.auth.services import save_user
from tests.conftest import PASSWORD, make_garment, serve

pytestmark = pytest.mark.browser


@pytest.fixture
def wardrobe_site(tmp_path):
    def fill():
        save_user("wardrobe@example.org", "wardrobe", PASSWORD, name="Margaux")
        make_garment(name="Lilac Fairy tutu", category="tutu", net_layers=13, hoop=True)
        make_garment(name="Wedding bodice")

    with serve(tmp_path, fill) as base:
        yield base


def _sign_in(page, base: str, path: str) -> None:
    page.goto(base + path)
    page.get_by_label("Email").fill("wardrobe@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_tutu_turned_bodice_with_net_layers_shows_the_error_by_the_field(browser, wardrobe_site):
    page = browser.new_page()
    _sign_in(page, wardrobe_site, "/garments/1/edit")
    layers = page.get_by_label("Net layers")
    expect(layers).to_have_value("13")
    page.get_by_label("Category").select_option("bodice")
    # The tutu section stays in view while it holds values a bodice cannot have.
    expect(layers).to_be_visible()
    expect(page.get_by_text("Only tutus have these.")).to_be_visible()
    page.get_by_role("button", name="Save changes").click()
    error = page.locator("#net_layers-error")
    expect(error).to_contain_text("Net layers applies only to tutus; this garment is a bodice.")
    assert error.is_visible() and layers.is_visible()
    assert page.locator(".has-error").filter(has=layers).count() == 1
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    link = summary.get_by_role("link", name="Net layers: Net layers applies only to tutus")
    assert link.get_attribute("href") == "#net_layers"
    link.click()
    expect(layers).to_be_focused()
    # Clearing the tutu fields saves the bodice; the section then hides.
    layers.fill("")
    page.get_by_label("Tutu style").select_option("")
    page.get_by_label("Hoop").select_option("")
    page.get_by_role("button", name="Save changes").click()
    expect(
        page.get_by_text("Saved 3 changes to ET-00001.")
    ).to_be_visible()  # category, layers, hoop
    page.get_by_role("link", name="Edit").click()
    expect(page.get_by_label("Net layers")).to_be_hidden()
    page.close()


def test_without_javascript_the_error_is_next_to_the_field(browser, wardrobe_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    _sign_in(page, wardrobe_site, "/garments/1/edit")
    page.get_by_label("Category").select_option("bodice")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("#net_layers-error")).to_be_visible()
    expect(page.locator("[data-error-summary] a[href='#net_layers']")).to_be_visible()
    context.close()
