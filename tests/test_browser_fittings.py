"""In Chromium on a 360 px phone: book a fitting, see it in the day view, and see a second
booking of the same room refused with who holds it; every fitting page fits and passes axe."""

import pytest
from playwright.sync_api import expect

from costume_tracker.auth.services import save_user
from costume_tracker.extensions import db
from costume_tracker.fittings.ics import create_feed
from tests.a11y import axe_violations, page_width
from tests.conftest import PASSWORD, PHONE, dressed_costume, make_performer, serve
from tests.test_fittings import set_site_zones

pytestmark = pytest.mark.browser
NARROW_PHONE = PHONE | {"viewport": {"width": 360, "height": 780}}
EMAIL = "claire@example.org"


@pytest.fixture
def wardrobe(tmp_path):
    def fill():
        set_site_zones()
        claire = save_user(EMAIL, "wardrobe", PASSWORD, name="Claire")[0]
        dressed_costume("Aurora, Act III wedding")
        make_performer("Inès Laurent")
        make_performer("Léa Moreau", kind="double")
        create_feed(claire)
        db.session.commit()

    with serve(tmp_path, fill) as base:
        yield base


def sign_in(page, base: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)


def book(page, base: str, performer: str, at: str) -> None:
    page.goto(base + "/fittings?site=1&date=2027-07-01")
    page.get_by_role("link", name="Book a fitting").click()
    page.get_by_label("Performer", exact=True).fill(performer)
    page.get_by_label("Costumes", exact=True).fill("C-1")
    expect(page.get_by_label("Date", exact=True)).to_have_value("2027-07-01")
    page.get_by_label("Start", exact=True).fill(at)
    page.get_by_label("Duration (minutes)").fill("45")
    page.get_by_label("Room", exact=True).fill("Fitting room 2")
    page.get_by_label("Fitter", exact=True).select_option(label="Claire")
    page.get_by_role("button", name="Book the fitting").click()


def test_book_a_fitting_on_a_phone_and_see_the_clash(browser, wardrobe):
    context = browser.new_context(**NARROW_PHONE)
    page = context.new_page()
    sign_in(page, wardrobe)
    book(page, wardrobe, "P-1 Inès Laurent", "10:00")
    expect(page.get_by_text("Fitting booked for Inès Laurent, 10:00–10:45.")).to_be_visible()
    expect(page.get_by_text("Europe/Paris")).to_be_visible()

    page.get_by_role("link", name="Paris", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("1 Jul 2027")
    expect(page.locator(".fitting-item")).to_contain_text("10:00–10:45 Inès Laurent")
    expect(page.locator(".fitting-item")).to_contain_text("Fitting room 2 · fitter Claire")

    book(page, wardrobe, "P-2 Léa Moreau", "10:30")
    expect(page.locator(".error-summary")).to_contain_text(
        "Fitting room 2 is taken 10:00–10:45 by Inès Laurent's fitting (fitter Claire)."
    )
    assert page_width(page) <= 360
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/fittings?site=1&date=2027-07-01",
        "/fittings/week?site=1&date=2027-07-01",
        "/fittings/new?performer=1&costume=1",
        "/fittings/1",
        "/calendar-feeds",
    ],
)
def test_fitting_pages_fit_a_narrow_phone_and_pass_axe(browser, wardrobe, path):
    context = browser.new_context(**NARROW_PHONE, bypass_csp=True)
    page = context.new_page()
    sign_in(page, wardrobe)
    if path == "/fittings/1":
        book(page, wardrobe, "P-1 Inès Laurent", "10:00")
    response = page.goto(wardrobe + path)
    assert response is not None and response.status == 200
    assert page_width(page) <= 360, path
    assert axe_violations(page) == []
    context.close()
