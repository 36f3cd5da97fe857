"""In Chromium on a phone: open a label's URL, sign in, act; batch scan with a wedge scanner."""

import pytest
from playwright.sync_api import expect

from costume_tracker.auth.services import save_user
from tests.conftest import PASSWORD, PHONE, make_garment, serve

pytestmark = pytest.mark.browser


@pytest.fixture
def floor(tmp_path):
    def fill():
        save_user("dresser@example.org", "wardrobe", PASSWORD, name="Noor")
        for n in range(1, 21):
            make_garment(name=f"Corps tights {n}", category="tights")

    with serve(tmp_path, fill) as base:
        yield base


def _sign_in(page):
    page.get_by_label("Email").fill("dresser@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_label_url_signed_out_on_phone_then_to_laundry(browser, floor):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(floor + "/G/ET-00007")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    _sign_in(page)
    expect(page.get_by_role("heading", name="Corps tights 7")).to_be_visible()
    page.get_by_role("link", name="To laundry").click()
    page.get_by_role("button", name="Confirm: to laundry").click()
    expect(page.get_by_text("ET-00007: to laundry — recorded.")).to_be_visible()
    expect(page.locator(".scan-status")).to_contain_text("in laundry")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def test_batch_scan_twenty_codes_with_keyboard_wedge(browser, floor):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(floor + "/scan")
    _sign_in(page)
    page.get_by_label("Action").select_option("laundry")
    field = page.get_by_label("Tag code or label URL")
    codes = [f"ET-{n:05d}" for n in range(1, 19)] + ["ET-00003", "XX-12345"]
    codes[5] = f"{floor}/G/ET-00006".upper()  # a scanner typing the label's URL
    for code in codes:
        field.press_sequentially(code, delay=2)
        field.press("Enter")
    expect(page.locator("#batch-counts")).to_have_text("18 done, 1 refused, 1 already scanned")
    log = page.locator("#batch-list li")
    expect(log).to_have_count(20)
    expect(log.first).to_contain_text("No garment has tag code XX-12345")
    expect(page.locator("#batch-list li.refused")).to_have_count(1)
    repeat = page.locator("#batch-list li.repeat")
    expect(repeat).to_have_count(1)
    expect(repeat).to_contain_text("ET-00003")
    expect(repeat).to_contain_text("already scanned")
    page.goto(floor + "/garments?status=in+laundry")
    expect(page.get_by_text("18 found", exact=True)).to_be_visible()
    context.close()


def test_batch_scan_repeat_is_shown_at_once(browser, floor):
    page = browser.new_page()
    page.goto(floor + "/scan")
    _sign_in(page)
    page.get_by_label("Action").select_option("laundry")
    field = page.get_by_label("Tag code or label URL")
    for code in ["ET-00004", "ET-00004"]:
        field.fill(code)
        field.press("Enter")
    feedback = page.locator("#batch-feedback")
    expect(feedback).to_have_text("ET-00004 already scanned in this batch")
    assert feedback.is_visible()
    expect(page.locator("#batch-list li.repeat")).to_have_count(1)
    page.close()


def test_batch_scan_with_no_action_keeps_focus_and_the_code(browser, floor):
    page = browser.new_page()
    page.goto(floor + "/scan")
    _sign_in(page)
    field = page.get_by_label("Tag code or label URL")
    field.fill("ET-00002")
    field.press("Enter")
    feedback = page.locator("#batch-feedback")
    expect(feedback).to_contain_text("Choose an action first")
    expect(field).to_be_focused()
    expect(field).to_have_value("ET-00002")
    expect(page.locator("#batch-list li")).to_have_count(0)
    page.get_by_label("Action").select_option("laundry")
    field.press("Enter")
    expect(feedback).to_have_text("ET-00002: To laundry: done")
    page.close()


def test_batch_scan_with_no_action_without_javascript(browser, floor):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(floor + "/scan")
    _sign_in(page)
    field = page.get_by_label("Tag code or label URL")
    field.fill("ET-00002")
    field.press("Enter")
    expect(page.locator("#batch-feedback")).to_contain_text("Choose an action first")
    expect(page.get_by_label("Tag code or label URL")).to_have_value("ET-00002")
    expect(page.get_by_label("Tag code or label URL")).to_be_focused()
    page.get_by_label("Action").select_option("laundry")
    page.get_by_role("button", name="Apply").click()
    page.get_by_label("Tag code or label URL").fill("ET-00002")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("#batch-feedback")).to_have_text("ET-00002 already scanned in this batch")
    expect(page.locator("#batch-list li.repeat")).to_contain_text("already scanned")
    context.close()
