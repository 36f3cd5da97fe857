"""In Chromium on a 360 px phone: scan a garment, take a continuity photo, see its thumbnail."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from costume_tracker.auth.services import save_user
from costume_tracker.breakdown.models import Scene
from costume_tracker.extensions import db
from costume_tracker.i18n.times import local_today
from tests.a11y import axe_violations, page_width
from tests.breakdown_factories import shooting_day
from tests.conftest import PASSWORD, PHONE, serve
from tests.test_continuity import breakdown, image_bytes

pytestmark = pytest.mark.browser
NARROW = PHONE | {"viewport": {"width": 360, "height": 780}}


@pytest.fixture
def floor(tmp_path):
    made = {}

    def fill():
        save_user("dresser@example.org", "wardrobe", PASSWORD, name="Noor")
        made.update(breakdown())
        today = local_today("Europe/Paris")
        shooting_day(
            today + timedelta(days=1),
            db.session.get(Scene, made["s14"]),
            db.session.get(Scene, made["s15"]),
        )

    with serve(tmp_path, fill) as base:
        yield base, made


def _sign_in(page):
    page.get_by_label("Email").fill("dresser@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_continuity_photo_taken_from_the_garment_phone_page(browser, floor, tmp_path):
    base, made = floor
    # axe-core is injected as a script: the CSP is bypassed for it (the pages run none inline).
    context = browser.new_context(**NARROW, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{base}/g/{made['tag']}")
    _sign_in(page)
    changes = page.locator(".garment-changes")
    expect(changes).to_contain_text("Aurora · change 2A")
    expect(changes).to_contain_text("3/14, 3/15")
    expect(changes).to_contain_text("No continuity photo yet.")
    assert page_width(page) <= 360
    assert axe_violations(page) == []

    add = page.get_by_role("link", name="Add a continuity photo")
    assert add.bounding_box()["height"] >= 44
    add.click()
    expect(page.get_by_role("heading", name="Add a continuity photo")).to_be_visible()
    expect(page.get_by_label("Scene", exact=True)).to_have_value(str(made["s14"]))
    expect(page.get_by_label("Performer", exact=True)).to_have_value(str(made["principal"]))
    assert page_width(page) <= 360
    assert axe_violations(page) == []
    shot = tmp_path / "shot.jpg"
    shot.write_bytes(image_bytes(size=(1200, 900)))
    page.get_by_label("Photo", exact=True).set_input_files(str(shot))
    page.get_by_label("Kind", exact=True).select_option("back")
    page.get_by_label("Caption", exact=True).fill("Ribbon tied on the left")
    page.get_by_role("button", name="Save the photo").click()

    expect(page.get_by_text("Continuity photo added.")).to_be_visible()
    thumb = page.get_by_role("img", name="Latest continuity photo, back: Ribbon tied on the left")
    expect(thumb).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", thumb.element_handle()) > 0
    expect(changes).to_contain_text("3/14")
    assert page_width(page) <= 360
    assert axe_violations(page) == []
    context.close()
