"""The app stays translated: every text has its French, written the French way, and the
language people see is the one they chose, else their browser's, else the site's.

The checks list every place at once (file and line), grouped by area, so a failure is a to-do
list: translate in costume_tracker/translations/fr/LC_MESSAGES/messages.po after running
scripts/translations.sh, or wrap the text in ``_()`` / ``{{ _('…') }}``.
"""

import io
import re
from collections import Counter
from gettext import GNUTranslations

import pytest
from babel.messages.mofile import write_mo

from costume_tracker import create_app
from costume_tracker.auth.models import User
from costume_tracker.extensions import db
from costume_tracker.i18n import select_locale
from tests import i18n_checks
from tests.conftest import add_reference_lists, empty_schema, login, make_config


def area(finding: str) -> str:
    """The folder a finding is in: 'templates/catalog', 'costume_tracker/auth'."""
    path = finding.split(":", 1)[0]
    parts = path.split("/")
    return "/".join(parts[:2]) if len(parts) > 2 else path


def fail_listing(what: str, findings: list[str]) -> None:
    """Fail with a count per area, then every finding."""
    if not findings:
        return
    counts = Counter(area(finding) for finding in findings)
    summary = "\n".join(f"  {name}: {count}" for name, count in sorted(counts.items()))
    pytest.fail(f"{len(findings)} {what}:\n{summary}\n" + "\n".join(findings), pytrace=False)


@pytest.fixture(scope="module")
def catalog():
    return i18n_checks.french_catalog()


# ---------------------------------------------------------------------------------------------
# The French catalog against the code.


def test_every_text_in_code_and_templates_has_french(catalog):
    found = i18n_checks.extract()
    assert len(found) > 100  # the extraction itself works (keywords, babel.cfg)
    fail_listing(
        "texts without French (run scripts/translations.sh, then translate in messages.po)",
        i18n_checks.untranslated(found, catalog),
    )


def test_french_catalog_compiles_and_gettext_reads_it(catalog):
    errors = [f"{message.id!r}: {error}" for message, errs in catalog.check() for error in errs]
    assert not errors, "\n".join(errors)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    french = GNUTranslations(compiled)
    assert french.info()["language"] == "fr"
    assert french.ngettext("garment", "garments", 1) == french.ngettext("garment", "garments", 0)


def test_french_keeps_the_placeholders_of_the_english(catalog):
    fail_listing(
        "translations with other placeholders", i18n_checks.placeholder_mismatches(catalog)
    )


def test_french_is_written_with_french_typography(catalog):
    fail_listing("translations with English typography", i18n_checks.typography_faults(catalog))


def test_templates_show_no_text_outside_a_translation_call():
    fail_listing("template texts outside _() or {% trans %}", i18n_checks.template_texts())


def test_python_hands_people_no_untranslated_literal():
    fail_listing(
        "literals shown to people without _() (end the line with "
        f"'{i18n_checks.DEVELOPER_MARK}' for a developer's message)",
        i18n_checks.python_literals(),
    )


# ---------------------------------------------------------------------------------------------
# Which language a page and a command speak.


def french(msgid: str) -> str:
    """The catalog's French for an English text (the test fails if there is none)."""
    message = i18n_checks.french_catalog().get(msgid)
    assert message is not None and message.string, f"no French for {msgid!r} in messages.po"
    return message.string


def page_language(response) -> str:
    match = re.search(r'<html lang="([^"]*)"', response.get_data(as_text=True))
    assert match, response.get_data(as_text=True)[:300]
    return match.group(1)


def set_language(app, email: str, locale: str) -> None:
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == email))
        user.locale = locale
        db.session.commit()


@pytest.mark.parametrize(
    "setting, browser, expected",
    [
        ("en", "fr-FR,fr;q=0.9", "en"),
        ("fr", "en-US,en;q=0.9", "fr"),
        ("", "fr-FR,fr;q=0.9,en;q=0.5", "fr"),
        ("", "en-GB", "en"),
        ("", "de-DE", "en"),
    ],
)
def test_user_setting_wins_over_browser(app, client, users, setting, browser, expected):
    set_language(app, "wardrobe@example.org", setting)
    login(client, "wardrobe")
    response = client.get("/garments", headers={"Accept-Language": browser})
    assert page_language(response) == expected


@pytest.fixture
def french_site(tmp_path):
    """An app whose default language is French."""
    app = create_app(make_config(tmp_path, DEFAULT_LOCALE="fr"))
    with app.app_context():
        empty_schema()
        add_reference_lists()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_browser_wins_over_default_locale(french_site):
    client = french_site.test_client()
    assert page_language(client.get("/login", headers={"Accept-Language": "en-US"})) == "en"
    assert page_language(client.get("/login", headers={"Accept-Language": "de, ja"})) == "fr"
    assert page_language(client.get("/login")) == "fr"


def test_signed_out_sign_in_page_follows_the_browser(client):
    response = client.get("/login", headers={"Accept-Language": "fr-CA,fr;q=0.8"})
    assert page_language(response) == "fr"
    assert french("Sign in") in response.get_data(as_text=True)
    response = client.get("/login", headers={"Accept-Language": "en"})
    assert page_language(response) == "en"
    assert "Sign in" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "cli_locale, environment, expected",
    [
        ("fr", {"LANG": "en_US.UTF-8"}, "fr"),
        ("", {"LANG": "fr_FR.UTF-8"}, "fr"),
        ("", {"LC_ALL": "C.UTF-8", "LANG": "fr_FR.UTF-8"}, "fr"),
        ("", {"LANGUAGE": "fr:en", "LANG": "en_GB.UTF-8"}, "fr"),
        ("", {"LANG": "de_DE.UTF-8"}, "en"),
        ("", {}, "en"),
    ],
)
def test_commands_speak_cli_locale_else_the_shell(
    app, monkeypatch, cli_locale, environment, expected
):
    for key in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(key, raising=False)
    for key, value in environment.items():
        monkeypatch.setenv(key, value)
    app.config["CLI_LOCALE"] = cli_locale
    with app.app_context():
        assert select_locale() == expected


def test_a_command_prints_french_for_a_french_shell(app, runner):
    done = "Database statistics refreshed."
    french_shell = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "fr_FR.UTF-8"}
    assert runner.invoke(args=["analyze"], env=french_shell).output.strip() == french(done)
    app.config["CLI_LOCALE"] = "en"
    assert runner.invoke(args=["analyze"], env=french_shell).output.strip() == done
