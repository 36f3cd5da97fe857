"""In Chromium on a phone: tomorrow's pull list, three garments scanned as pulled, in place."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from costume_tracker.assignments.doubles import create_multiple
from costume_tracker.assignments.services import assign_costume
from costume_tracker.auth.services import save_user
from costume_tracker.extensions import db
from costume_tracker.i18n.times import local_today, site_zone
from costume_tracker.lists.models import Site
from tests.a11y import axe_violations, page_width
from tests.breakdown_factories import cast, character, make_change, make_scene, shooting_day
from tests.conftest import PASSWORD, PHONE, dressed_costume, make_performer, serve, site_id
from tests.test_browser_floor import MIN_TARGET, OPEN_DETAILS, SMALL_TARGETS

pytestmark = pytest.mark.browser
EMAIL = "dresser@example.org"
NARROW = {**PHONE, "viewport": {"width": 360, "height": 740}}


@pytest.fixture
def tomorrow_in_paris(tmp_path):
    tags = {}

    def fill():
        user, _ = save_user(EMAIL, "wardrobe", PASSWORD, name="Margaux")
        user.site_id = site_id("Paris")
        db.session.commit()
        hero = dressed_costume()
        principal = make_performer("Inès Laurent")
        double = make_performer("Clémence Aubry", kind="double", doubles_for_id=principal.id)
        multiple = create_multiple(hero, None)
        assign_costume(multiple, double, None)
        multiple.garments[0].status = "in laundry"  # the double's tutu: not ready
        db.session.commit()
        aurora = character("Aurora")
        change = make_change(aurora, "2A", costume=hero)
        scenes = [make_scene("14"), make_scene("15")]
        for scene in scenes:
            cast(scene, aurora, performer=principal, change=change, double=double)
        paris = db.session.get(Site, site_id("Paris"))
        shooting_day(local_today(site_zone(paris)) + timedelta(days=1), *scenes)
        tags["ready"] = [g.tag_code for g in hero.garments] + [multiple.garments[1].tag_code]
        tags["laundry"] = multiple.garments[0].tag_code

    with serve(tmp_path, fill) as base:
        yield base, tags


def sign_in(page, base):
    page.goto(base + "/pull-list")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)


def test_scan_three_garments_as_pulled_and_see_the_list_update(browser, tomorrow_in_paris):
    base, tags = tomorrow_in_paris
    context = browser.new_context(**PHONE, bypass_csp=True)  # axe-core is injected
    page = context.new_page()
    sign_in(page, base)
    expect(page.get_by_role("heading", name="Pull list")).to_be_visible()
    counts = page.locator("#pull-counts")
    expect(counts).to_contain_text("4 garments")
    expect(counts).to_contain_text("0 of 4 pulled")
    expect(page.locator(".pull-not-ready")).to_contain_text(tags["laundry"])
    expect(page.locator(".pull-not-ready")).to_contain_text("in laundry")
    field = page.get_by_label("Scan a garment as pulled")
    for n, tag in enumerate(tags["ready"], start=1):
        field.fill(tag.lower())
        field.press("Enter")
        expect(page.locator("#pull-feedback")).to_contain_text(f"{tag} pulled for")
        expect(counts).to_contain_text(f"{n} of 4 pulled")
    for tag in tags["ready"]:
        line = page.locator(f".pull-group li[data-tag='{tag}']")
        expect(line).to_have_class("pull-line pulled")
        expect(line.get_by_role("button", name=f"Pulled {tag}")).to_be_visible()
    field.fill(tags["ready"][0])
    field.press("Enter")
    expect(page.locator("#pull-feedback")).to_contain_text("already pulled")
    expect(counts).to_contain_text("3 of 4 pulled")
    assert axe_violations(page) == []
    context.close()


def test_pull_list_fits_a_360_px_phone_with_large_targets(browser, tomorrow_in_paris):
    base, _tags = tomorrow_in_paris
    context = browser.new_context(**NARROW, bypass_csp=True)
    page = context.new_page()
    sign_in(page, base)
    assert page_width(page) <= 360
    page.evaluate(OPEN_DETAILS)
    assert page.evaluate(SMALL_TARGETS, MIN_TARGET) == []
    assert page_width(page) <= 360
    assert axe_violations(page) == []
    page.reload()  # the menu sheet opened by OPEN_DETAILS closes
    page.get_by_role("link", name="Print").click()
    expect(page.locator("table.pull-print tbody tr")).to_have_count(4)
    assert axe_violations(page) == []
    context.close()
