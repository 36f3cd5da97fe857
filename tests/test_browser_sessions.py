"""In Chromium: signed-in devices on the Account page, and an admin ending a user's sessions."""

import pytest
from playwright.sync_api import expect

from costume_tracker.auth.services import save_user
from tests.conftest import PASSWORD, PHONE, serve

pytestmark = pytest.mark.browser


@pytest.fixture
def site(tmp_path):
    def fill():
        save_user("head@example.org", "admin", PASSWORD, name="Margot")
        save_user("dresser@example.org", "wardrobe", PASSWORD, name="Noor")

    with serve(tmp_path, fill) as base:
        yield base


def signed_in_page(browser, base, email, **options):
    context = browser.new_context(**options)
    page = context.new_page()
    page.goto(base + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # Signed in: the header search is there (Account is in the sidebar, or behind Menu on a phone).
    expect(page.get_by_role("search", name="Search everything")).to_be_visible()
    return context, page


def expect_signed_out(page, base):
    page.goto(base + "/garments")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_signing_out_other_devices_from_the_account_page(browser, site):
    laptop, desk = signed_in_page(browser, site, "dresser@example.org")
    phone, floor = signed_in_page(browser, site, "dresser@example.org", **PHONE)
    desk.goto(site + "/account")
    devices = desk.locator("table.sessions tbody tr")
    expect(devices).to_have_count(2)
    expect(desk.get_by_text("(this device)")).to_have_count(1)
    desk.get_by_role("button", name="Sign out other devices").click()
    expect(desk.get_by_text("Signed out 1 other device.")).to_be_visible()
    expect(devices).to_have_count(1)
    expect_signed_out(floor, site)
    desk.goto(site + "/garments")
    expect(desk.get_by_role("heading", name="Garments")).to_be_visible()
    laptop.close()
    phone.close()


def test_admin_ends_a_users_sessions_after_confirming_on_a_phone(browser, site):
    dresser, floor = signed_in_page(browser, site, "dresser@example.org")
    admin, page = signed_in_page(browser, site, "head@example.org", **PHONE)
    page.goto(site + "/users")
    row = page.locator("tr", has_text="dresser@example.org")
    row.get_by_role("button", name="End all sessions").click()
    expect(
        page.get_by_role("heading", name="End every session of dresser@example.org?")
    ).to_be_visible()
    page.get_by_role("link", name="Cancel").click()
    floor.goto(site + "/garments")  # cancelling ended nothing
    expect(floor.get_by_role("heading", name="Garments")).to_be_visible()
    row.get_by_role("button", name="End all sessions").click()
    page.get_by_role("button", name="End all sessions").click()
    expect(page.get_by_text("Ended 1 session of dresser@example.org.")).to_be_visible()
    expect_signed_out(floor, site)
    dresser.close()
    admin.close()
