"""In Chromium on a 360 px phone: change a scene's change with its select, and every
breakdown page fits the screen and passes axe-core."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from costume_tracker.assignments.services import assign_costume
from costume_tracker.auth.services import save_user
from costume_tracker.catalog.workflow import change_status
from tests.a11y import EMAIL, axe_violations, page_width, sign_in
from tests.breakdown_factories import cast, character, make_change, make_scene, shooting_day
from tests.conftest import PASSWORD, PHONE, dressed_costume, make_performer, serve

pytestmark = pytest.mark.browser

NARROW = PHONE | {"viewport": {"width": 360, "height": 780}}
PAGES = (
    "/breakdown",
    "/episodes/3",
    "/episodes/3/edit",
    "/episodes/3/scenes/new",
    "/scenes/1",
    "/scenes/1/edit",
    "/shooting-days",
    "/shooting-days/1/edit",
    "/characters/1/changes",
    "/characters/1/changes/new",
    "/changes/1",
    "/changes/1/edit",
)


@pytest.fixture
def breakdown_site(tmp_path):
    def fill():
        save_user(EMAIL, "wardrobe", PASSWORD, name="Margaux")
        aurora = character()
        hero = dressed_costume("Aurora, Act III wedding")
        principal = make_performer("Inès Laurent")
        make_performer("Léa Moreau", kind="double", doubles_for_id=principal.id)
        assign_costume(hero, principal, None)
        change_status(hero.garments[0], "in laundry", None, None)
        first = make_change(aurora, "1", costume=hero)
        make_change(aurora, "2", costume=hero, description="Act III, without the veil")
        scene = make_scene("14", 3, description="The wedding pas de deux, Aurora enters")
        cast(scene, aurora, performer=principal, change=first, double=principal.doubles[0])
        shooting_day(date.today() + timedelta(days=1), scene)

    with serve(tmp_path, fill) as base:
        yield base


def test_change_a_scenes_change_on_a_phone(browser, breakdown_site):
    context = browser.new_context(**NARROW, bypass_csp=True)
    page = context.new_page()
    sign_in(page, breakdown_site)
    page.goto(breakdown_site + "/scenes/1")
    card = page.locator(".cast-card").first
    expect(card).to_contain_text("no multiple assigned to Léa Moreau")
    expect(card).to_contain_text("in laundry")
    card.get_by_label("Change").select_option(label="2 · C-1")
    card.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved Aurora in scene 3/14.")).to_be_visible()
    expect(page.locator(".cast-card").first.get_by_label("Change")).to_have_value("2")
    expect(page.locator(".cast-card h3").first).to_contain_text("change 2")
    context.close()


def test_breakdown_pages_fit_a_phone_and_pass_axe(browser, breakdown_site):
    context = browser.new_context(**NARROW, bypass_csp=True)
    page = context.new_page()
    sign_in(page, breakdown_site)
    problems = []
    for path in PAGES:
        response = page.goto(breakdown_site + path)
        if response.status != 200:
            problems.append(f"{path} answered {response.status}")
            continue
        width = page_width(page)
        if width > 360:
            problems.append(f"{path} is {width} px wide on a 360 px phone")
        problems += [f"{path}:\n{v}" for v in axe_violations(page)]
    context.close()
    assert not problems, "\n".join(problems)
