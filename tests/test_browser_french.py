"""In Chromium set to French: the whole app speaks French, unless the user chose English.

The walk collects every English text it meets on every page before failing, so its message
is the list of what is still English (page, then the texts).
"""

import re

import pytest
from playwright.sync_api import expect

from costume_tracker.auth.services import save_user
from costume_tracker.extensions import db
from costume_tracker.reports.columns import (
    COSTUME_COLUMNS,
    GARMENT_COLUMNS,
    MEASUREMENT_COLUMN_NAMES,
    MEASUREMENT_DATE_COLUMN,
    PERFORMER_COLUMNS,
    SHOE_SIZE_COLUMN,
)
from tests import i18n_checks
from tests.conftest import PASSWORD, make_costume, make_garment, make_performer, serve

pytestmark = pytest.mark.browser

# The main pages and, for each, the English of a heading it shows (its French is looked for).
PAGES = [
    ("/garments", "Garments"),
    ("/garments/1", "Details"),
    ("/costumes", "Costumes"),
    ("/costumes/1", "Alterations"),
    ("/performers", "Performers"),
    ("/performers/1", "Costumes now"),
    ("/scan", "Batch scan"),
    ("/where", "Where is everything"),
    ("/doubles", "Doubles coverage"),
    ("/overdue", "Overdue"),
    ("/activity", "Activity"),
    ("/reports", "Reports"),
    ("/imports", "Import from CSV"),
    ("/lists", "Lists"),
    ("/account", "Your account"),
    ("/users", "Users"),
]
NAVIGATION = [
    "Garments", "Costumes", "Performers", "Scan", "Where", "Doubles", "Overdue", "Activity",
    "Reports", "Import", "Lists", "Users", "Account", "Sign out", "Search", "Filter", "Save",
    "Edit", "Cancel", "History", "Details", "Status", "Location", "Category", "Notes",
]  # fmt: skip
# A language's name is written in that language on the language menu.
LANGUAGE_NAMES = frozenset({"English", "Français"})
# The standard CSV keeps English headers (the import contract); the import page names them.
CSV_HEADERS = frozenset(
    GARMENT_COLUMNS + COSTUME_COLUMNS + PERFORMER_COLUMNS
    + (MEASUREMENT_DATE_COLUMN, SHOE_SIZE_COLUMN, *MEASUREMENT_COLUMN_NAMES.values())
)  # fmt: skip
# Words no French sentence has: a text holding one is English even if it is no msgid yet.
ENGLISH_WORDS = re.compile(
    r"\b(?:the|and|of|with|is|are|for|this|your|to|no|yet|found|from|by|not|Sign in)\b"
)
# Every text node and readable attribute of the page, whitespace collapsed.
PAGE_TEXTS = """() => {
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const parent = walker.currentNode.parentElement;
    if (parent.closest('script, style, [hidden]')) continue;
    const text = walker.currentNode.textContent.replace(/\\s+/g, ' ').trim();
    if (text) texts.push(text);
  }
  for (const el of document.querySelectorAll('[title], [placeholder], [aria-label], [alt]')) {
    for (const name of ['title', 'placeholder', 'aria-label', 'alt']) {
      const value = (el.getAttribute(name) || '').trim();
      if (value) texts.push(value);
    }
  }
  for (const el of document.querySelectorAll('input[type=submit], input[type=button]')) {
    if (el.value.trim()) texts.push(el.value.trim());
  }
  texts.push(document.title);
  return texts;
}"""


@pytest.fixture(scope="module")
def french_of():
    """English text → its French in the catalog (None when it has none yet)."""
    catalog = i18n_checks.french_catalog()
    # One English text can have several contexts ("production" as a field and as a CSV
    # header): a text shown as is counts as French when one of its contexts keeps it so.
    english: dict[str, list] = {}
    for item in i18n_checks.extract():
        if item.plural is None:
            english.setdefault(item.msgid, []).append(item.context)

    def lookup(text: str) -> str | None:
        found = []
        for context in english.get(text, [None]):
            message = catalog.get(text, context)
            if message is not None and message.string:
                found.append(message.string)
        return text if text in found else (found[0] if found else None)

    lookup.english = set(english)
    return lookup


def still_english(texts: list[str], french_of, allowed=frozenset()) -> list[str]:
    """The page's texts that are an English msgid whose French is different or missing.

    ``allowed`` are English on purpose (the language's own name, the standard CSV's headers
    where the page explains the import): skipped as texts and taken out of sentences.
    """
    allowed = LANGUAGE_NAMES | allowed
    quoted = re.compile("|".join(re.escape(name) for name in sorted(allowed, key=len)[::-1]))
    left = set()
    texts = [text for text in texts if text not in allowed]
    for text in texts:
        if text in french_of.english and french_of(text) != text:
            left.add(text)
        elif ENGLISH_WORDS.search(text):
            left.add(text if len(text) < 80 else text[:77] + "…")
    body = " ".join(quoted.sub(" ", text) for text in texts)
    for word in NAVIGATION:
        if french_of(word) != word and re.search(rf"(?<!\w){re.escape(word)}(?!\w)", body):
            left.add(word)
    return sorted(left)


@pytest.fixture
def wardrobe(tmp_path):
    """A small wardrobe with French names; Margaux has no language set, Sophie chose English."""

    def fill():
        margaux, _ = save_user("margaux@example.org", "admin", PASSWORD, name="Margaux")
        sophie, _ = save_user("sophie@example.org", "admin", PASSWORD, name="Sophie")
        margaux.locale, sophie.locale = "", "en"
        db.session.commit()
        make_garment(name="Corsage du mariage", colour="ivoire")
        make_costume("Aurore, acte III, mariage")
        make_performer("Inès Laurent")

    with serve(tmp_path, fill) as base:
        yield base


def sign_in(page, base: str, email: str) -> None:
    """Sign in through the form, whatever language it speaks."""
    page.goto(base + "/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/login"))


def test_french_browser_sees_every_main_page_in_french(browser, wardrobe, french_of):
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(wardrobe + "/login")
    assert page.locator("html").get_attribute("lang") == "fr"
    problems = []
    if left := still_english(page.evaluate(PAGE_TEXTS), french_of):
        problems.append(f"/login: {left}")
    sign_in(page, wardrobe, "margaux@example.org")
    for path, heading in PAGES:
        response = page.goto(wardrobe + path)
        if response.status != 200:
            problems.append(f"{path}: HTTP {response.status}")
            continue
        if (lang := page.locator("html").get_attribute("lang")) != "fr":
            problems.append(f"{path}: <html lang={lang!r}>")
        french = french_of(heading)
        headings = page.locator("h1, h2").all_inner_texts()
        if french is None:
            problems.append(f"{path}: no French for the heading {heading!r}")
        elif not any(french in text for text in headings):
            problems.append(f"{path}: no heading {french!r} in {headings}")
        allowed = CSV_HEADERS if path == "/imports" else frozenset()
        if left := still_english(page.evaluate(PAGE_TEXTS), french_of, allowed):
            problems.append(f"{path}: {left}")
    context.close()
    assert not problems, "English left on French pages:\n" + "\n".join(problems)


def test_user_who_chose_english_sees_english_on_a_french_browser(browser, wardrobe):
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    sign_in(page, wardrobe, "sophie@example.org")
    page.goto(wardrobe + "/garments")
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("heading", name="Garments")).to_be_visible()
    nav = page.get_by_role("navigation", name="Main")
    for word in ("Garments", "Performers", "Where", "Overdue", "Reports", "Account"):
        expect(nav.get_by_role("link", name=word, exact=True)).to_be_visible()
    context.close()


def test_french_form_error_then_choosing_english_on_account(browser, wardrobe, french_of):
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    sign_in(page, wardrobe, "margaux@example.org")
    page.goto(wardrobe + "/account")
    settings = page.locator("form:has(#locale)")
    page.locator("#password").fill("a long enough new password")
    page.locator("#confirm").fill("another long new password")
    settings.locator("button[type=submit]").click()
    expect(page.locator("#confirm-error")).to_contain_text(
        french_of("The two new passwords differ.")
    )
    # The user's own choice beats the French browser from the next page on.
    page.locator("#password").fill("")
    page.locator("#confirm").fill("")
    page.locator("#locale").select_option("en")
    settings.locator("button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("status")).to_have_text("Account saved.")
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    context.close()
