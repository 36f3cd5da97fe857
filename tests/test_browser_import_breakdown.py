"""In Chromium on a phone: preview a breakdown file with a removed cast row, confirm it."""

import re

import pytest
from playwright.sync_api import expect

from costume_tracker.auth.services import save_user
from tests.a11y import axe_violations, page_width
from tests.breakdown_factories import cast, character, make_episode, make_scene
from tests.conftest import PASSWORD, PHONE, make_costume, make_performer, serve

pytestmark = pytest.mark.browser

HEADER = (
    "episode;scene;set;story_day;int_ext;description;character;production;performer;double;"
    "change;costume;shooting_days\r\n"
)


@pytest.fixture
def office(tmp_path):
    def fill():
        save_user("office@example.org", "wardrobe", PASSWORD, name="Camille")
        make_episode(3, production="Sleeping Beauty")
        make_performer("Inès Laurent")
        make_costume("Aurora, Act I")
        cast(make_scene("14", 3), character("Clara", "The Nutcracker"))

    with serve(tmp_path, fill) as base:
        yield base


def csv_file(text: str) -> dict:
    return {"name": "episode-3.csv", "mimeType": "text/csv", "buffer": ("\ufeff" + text).encode()}


def test_preview_and_confirm_a_breakdown_on_a_phone(browser, office):
    context = browser.new_context(**PHONE, bypass_csp=True)  # axe is injected as a script
    page = context.new_page()
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(office + "/imports")
    page.get_by_label("Email").fill("office@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("What the file holds").select_option("breakdown")
    row = "3;14;Palais Garnier, stage;J3;INT;;Aurora;;Inès Laurent;;1;C-1;2026-12-03 Paris\r\n"
    page.get_by_label("CSV file").set_input_files(csv_file(HEADER + row.replace("C-1", "C-9")))
    page.get_by_role("button", name="Preview import").click()
    error = page.locator("#import-errors tbody tr")
    expect(error).to_have_count(1)
    expect(error.locator("td").nth(1)).to_have_text("costume")

    page.get_by_label("CSV file").set_input_files(csv_file(HEADER + row))
    page.get_by_role("button", name="Preview import").click()
    expect(page.locator("#import-counts")).to_contain_text("1 to create")
    expect(page.locator("#import-counts")).to_contain_text("1 to remove")
    expect(page.locator("#import-notes")).to_contain_text("1 new change")
    expect(page.locator("#import-changes")).to_contain_text("Clara")
    assert axe_violations(page) == []
    assert page_width(page) <= 360
    page.get_by_role("button", name=re.compile(r"^Import 2 changes")).click()
    expect(page.get_by_text("1 removed")).to_be_visible()
    context.close()
