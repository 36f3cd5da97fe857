"""The navigation in a real Chromium: a bottom bar and a Menu on a 360 px phone (with and
without JavaScript), every link in the sidebar on a desk, and no page wider than a phone."""

import pytest
from playwright.sync_api import expect

from costume_tracker.auth.services import save_user
from tests.conftest import PASSWORD, dressed_costume, make_garment, serve

pytestmark = pytest.mark.browser

PHONE_360 = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
DESK = {"viewport": {"width": 1280, "height": 900}}
BAR = ["Home", "Scan", "Search", "Out", "Menu"]
# Behind Menu on a phone: everything the bar does not show (a dresser's list; admins add Users).
MENU = [
    "Garments", "Costumes", "Performers", "Where", "Doubles", "Overdue", "Activity", "Reports",
    "Import", "Lists", "Account",
]  # fmt: skip
DESK_LINKS = ["Home", "Scan", *MENU, "Users"]
PAGES = ["/", "/garments", "/costumes/1", "/scan", "/search?q=tutu", "/where", "/reports/out"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    def fill():
        save_user("dresser@example.org", "wardrobe", PASSWORD, name="Noor")
        save_user("head@example.org", "admin", PASSWORD, name="Margot")
        save_user("reader@example.org", "viewer", PASSWORD, name="Line")
        dressed_costume("Aurora, Act III wedding with a rather long name for a phone")
        make_garment(name="Practice tutu", category="tutu", net_layers=9)

    with serve(tmp_path_factory.mktemp("layout"), fill) as base:
        yield base


def signed_in(browser, base, email="dresser@example.org", **options):
    context = browser.new_context(**options)
    page = context.new_page()
    page.goto(base + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)
    return context, page


def bar_names(page) -> list[str]:
    bar = page.get_by_role("navigation", name="Shortcuts")
    items = bar.locator(":scope > a, :scope > details > summary")
    return [text.strip() for text in items.all_inner_texts()]


def test_phone_bottom_bar_has_the_floor_destinations_and_menu_works_without_script(browser, site):
    context, page = signed_in(browser, site, java_script_enabled=False, **PHONE_360)
    page.goto(site + "/garments")
    assert bar_names(page) == BAR
    bar = page.get_by_role("navigation", name="Shortcuts")
    for box in [bar.get_by_role("link", name=name).bounding_box() for name in BAR[:4]]:
        assert box["width"] >= 44 and box["height"] >= 44
        assert box["y"] + box["height"] <= 740  # fixed to the bottom of the screen
    # The desk's sidebar is not shown; the header is the brand and the search box.
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.locator("#top-search-q")).to_be_visible()
    expect(bar.get_by_role("link", name="Where")).to_be_hidden()
    bar.locator("summary").click()
    for name in MENU:
        link = bar.get_by_role("link", name=name, exact=True)
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= 360
    expect(bar.get_by_role("button", name="Sign out")).to_be_visible()
    expect(bar.get_by_role("link", name="Users")).to_have_count(0)  # admins only
    bar.get_by_role("link", name="Doubles").click()
    expect(page.get_by_role("heading", name="Doubles coverage")).to_be_visible()
    expect(bar.get_by_role("link", name="Doubles")).to_be_hidden()  # a new page: Menu closed
    bar.get_by_role("link", name="Out").click()
    assert page.url.endswith("/where#out")
    expect(bar.get_by_role("link", name="Out")).to_have_attribute("aria-current", "page")
    context.close()


def test_phone_menu_with_script_closes_on_escape_and_outside_tap(browser, site):
    context, page = signed_in(browser, site, **PHONE_360)
    page.goto(site + "/scan")
    bar = page.get_by_role("navigation", name="Shortcuts")
    expect(bar.get_by_role("link", name="Scan")).to_have_attribute("aria-current", "page")
    menu = bar.locator("summary")
    menu.click()
    expect(bar.get_by_role("link", name="Reports")).to_be_visible()
    page.keyboard.press("Escape")
    expect(bar.get_by_role("link", name="Reports")).to_be_hidden()
    menu.click()
    page.mouse.click(180, 40)  # on the dimmed page above the sheet
    expect(bar.get_by_role("link", name="Reports")).to_be_hidden()
    # Search in the bar takes the thumb to the search box at the top of the page.
    page.mouse.wheel(0, 2000)
    bar.get_by_role("link", name="Search").click()
    expect(page.locator("#top-search-q")).to_be_focused()
    assert page.url.endswith("/scan")
    context.close()


def test_no_page_scrolls_sideways_at_360px_and_the_bar_hides_nothing(browser, site):
    context, page = signed_in(browser, site, **PHONE_360)
    wide = []
    for path in PAGES:
        page.goto(site + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            wide.append(f"{path}: {width} px")
    assert not wide, wide
    # At the bottom of a long page, the last of the content is above the bar, not under it.
    page.goto(site + "/garments")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    main_bottom = page.evaluate("document.querySelector('main').getBoundingClientRect().bottom")
    bar_top = page.get_by_role("navigation", name="Shortcuts").bounding_box()["y"]
    assert main_bottom <= bar_top + 1
    context.close()


def test_a_viewer_gets_garments_in_place_of_scan(browser, site):
    context, page = signed_in(browser, site, "reader@example.org", **PHONE_360)
    page.goto(site + "/garments")
    assert bar_names(page) == ["Home", "Garments", "Search", "Out", "Menu"]
    bar = page.get_by_role("navigation", name="Shortcuts")
    expect(bar.get_by_role("link", name="Garments")).to_have_attribute("aria-current", "page")
    bar.locator("summary").click()
    expect(bar.get_by_role("link", name="Import")).to_have_count(0)
    expect(bar.get_by_role("link", name="Garments")).to_have_count(1)
    context.close()


def test_desk_keeps_every_link_in_the_sidebar_and_marks_the_current_page(browser, site):
    context, page = signed_in(browser, site, "head@example.org", **DESK)
    page.goto(site + "/costumes/1")
    nav = page.get_by_role("navigation", name="Main")
    for name in DESK_LINKS:
        expect(nav.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(nav.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_role("navigation", name="Shortcuts")).to_be_hidden()
    # A costume's page is inside Costumes; the list itself is the page Costumes opens.
    expect(nav.get_by_role("link", name="Costumes")).to_have_attribute("aria-current", "true")
    nav.get_by_role("link", name="Costumes").click()
    expect(nav.get_by_role("link", name="Costumes")).to_have_attribute("aria-current", "page")
    expect(nav.locator("[aria-current=page]")).to_have_count(1)
    nav.get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", name="Reports")).to_be_visible()
    # The sidebar stays beside the page as it scrolls.
    page.mouse.wheel(0, 3000)
    expect(nav.get_by_role("link", name="Home")).to_be_in_viewport()
    context.close()
