"""In Chromium on a 360 px phone: the change plot and the day-out-of-days scroll inside their
own frame, never the page, the character column stays in view, and axe finds nothing serious."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from costume_tracker.assignments.services import assign_costume
from costume_tracker.auth.services import save_user
from tests.a11y import axe_violations, page_width
from tests.breakdown_factories import cast, character, make_change, make_scene, shooting_day
from tests.conftest import PASSWORD, dressed_costume, make_costume, make_performer, serve

pytestmark = pytest.mark.browser

PHONE_360 = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
EMAIL = "wardrobe@example.org"


def fill() -> None:
    """Episode 3 with 24 scenes (far wider than a phone): Aurora with a double in some,
    the Lilac Fairy in others; each scene shot on its own day from today on."""
    save_user(EMAIL, "wardrobe", PASSWORD, name="Margaux")
    wedding = dressed_costume("Aurora, Act III wedding")
    fairy = make_costume("Lilac Fairy, prologue")
    ines = make_performer("Inès Laurent")
    zoe = make_performer("Zoé Martin", kind="double", doubles_for_id=ines.id)
    maya = make_performer("Maya Okafor", kind="soloist")
    lea = make_performer("Léa Moreau", kind="double", doubles_for_id=maya.id)  # no multiple
    assign_costume(make_costume("Aurora, multiple 1", hero_id=wedding.id), zoe, None)
    aurora, lilac = character("Aurora"), character("Lilac Fairy")
    two, one = make_change(aurora, "2A", wedding), make_change(lilac, "1", fairy)
    for n in range(24):
        scene = make_scene(f"{10 + n}{'A' if n % 3 == 0 else ''}", 3, set_name="Palais Garnier")
        cast(scene, aurora, ines, two, double=zoe if n % 2 else None)
        if n % 4 == 0:
            cast(scene, lilac, maya, one, double=lea if n % 8 == 0 else None)
        shooting_day(date.today() + timedelta(days=n), scene)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with serve(tmp_path_factory.mktemp("plots"), fill) as base:
        yield base


def signed_in(browser, base):
    context = browser.new_context(bypass_csp=True, **PHONE_360)
    page = context.new_page()
    page.goto(base + "/login")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)
    return context, page


@pytest.mark.parametrize("path", ["/episodes/3/change-plot", "/day-out-of-days"])
def test_the_grid_scrolls_in_its_frame_not_the_page(browser, site, path):
    context, page = signed_in(browser, site)
    page.goto(site + path)
    frame = page.locator(".plot-frame")
    expect(frame).to_be_visible()
    assert page_width(page) <= 360
    # The grid is wider than the phone and scrolls inside its frame.
    assert frame.evaluate("el => el.scrollWidth > el.clientWidth + 200")
    first = page.locator("table.plot tbody th[scope=row]").first
    before = first.bounding_box()["x"]
    frame.evaluate("el => { el.scrollLeft = 600; }")
    assert frame.evaluate("el => el.scrollLeft") > 0
    assert abs(first.bounding_box()["x"] - before) < 1  # the first column stays in view
    assert page_width(page) <= 360
    assert axe_violations(page) == []
    context.close()


def test_the_change_plot_shows_changes_and_doubles(browser, site):
    context, page = signed_in(browser, site)
    page.goto(site + "/episodes/3/change-plot")
    expect(page.get_by_role("heading", name="Change plot")).to_be_visible()
    row = page.locator("table.plot tbody tr").filter(has_text="Aurora")
    expect(row.locator("td").first).to_have_text("2A")
    expect(row.locator("td").nth(1)).to_contain_text("double: Zoé Martin")
    expect(page.locator("table.plot thead th").nth(1)).to_contain_text("10A")
    context.close()


def test_doubles_by_scene_on_a_phone(browser, site):
    context, page = signed_in(browser, site)
    page.goto(site + "/doubles")
    section = page.locator("section", has=page.locator("#by-scene"))
    expect(section.get_by_role("heading", name="By scene")).to_contain_text("3 gaps")
    expect(section.get_by_role("link", name="Make a multiple of C-2…").first).to_be_visible()
    expect(section).to_contain_text("no multiple of C-2 assigned to Léa Moreau")
    expect(section.get_by_role("heading", name="Covered")).to_be_visible()
    assert page_width(page) <= 360
    assert axe_violations(page) == []
    section.get_by_role("link", name="Make a multiple of C-2…").first.click()
    expect(page.get_by_role("button", name="Make ")).to_be_visible()
    context.close()
