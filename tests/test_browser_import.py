"""In Chromium: upload a CSV with a bad row, read the error, fix the file, import, see the rows."""

import re

import pytest
from playwright.sync_api import expect

from costume_tracker.auth.services import save_user
from tests.conftest import PASSWORD, make_garment, serve

pytestmark = pytest.mark.browser

HEADER = "Tag;Name;Category;Home site;Location;Net layers\r\n"
ROWS = (
    "ET-00001;Wedding bodice;bodice;Paris;Rack A1;\r\n"
    "NEW;Snowflake tutu 1;tutu;Paris;Rack A1;13\r\n"
    "NEW;Snowflake tutu 2;tutu;Paris;Rack A1;\r\n"  # a tutu without its net layers
)


@pytest.fixture
def office(tmp_path):
    def fill():
        save_user("office@example.org", "wardrobe", PASSWORD, name="Camille")
        make_garment()

    with serve(tmp_path, fill) as base:
        yield base


def csv_file(text: str) -> dict:
    return {"name": "snowflakes.csv", "mimeType": "text/csv", "buffer": ("\ufeff" + text).encode()}


def test_fix_a_bad_row_then_import(browser, office):
    context = browser.new_context()
    page = context.new_page()
    page.goto(office + "/imports")
    page.get_by_label("Email").fill("office@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Import from CSV")).to_be_visible()

    page.get_by_label("What the file holds").select_option("garments")
    page.get_by_label("CSV file").set_input_files(csv_file(HEADER + ROWS))
    page.get_by_role("button", name="Preview import").click()
    error = page.locator("#import-errors tbody tr")
    expect(error).to_have_count(1)
    expect(error.locator("td").nth(0)).to_have_text("4")
    expect(error.locator("td").nth(1)).to_have_text("Net layers")
    expect(error.locator("td").nth(2)).to_contain_text("A tutu needs its net-layer count")
    expect(page.get_by_role("button", name=re.compile(r"^Import \d+ change"))).to_have_count(0)

    fixed = HEADER + ROWS.replace(
        "Snowflake tutu 2;tutu;Paris;Rack A1;", "Snowflake tutu 2;tutu;Paris;Rack A1;14"
    )
    page.get_by_label("CSV file").set_input_files(csv_file(fixed))
    page.get_by_role("button", name="Preview import").click()
    expect(page.locator("#import-counts")).to_contain_text("2 to create")
    expect(page.locator("#import-counts")).to_contain_text("1 to update")
    expect(page.locator("#import-changes")).to_contain_text("Location: — → Rack A1")
    page.get_by_role("button", name="Import 3 changes").click()

    expect(
        page.get_by_text("Imported snowflakes.csv: 2 created, 1 updated, 0 unchanged.")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Snowflake tutu 1")).to_be_visible()
    expect(page.get_by_role("link", name="Snowflake tutu 2")).to_be_visible()
    page.get_by_role("link", name="Snowflake tutu 2").click()
    expect(page.get_by_text("ET-00003").first).to_be_visible()
    expect(page.get_by_text("by import of snowflakes.csv")).to_be_visible()
    context.close()
