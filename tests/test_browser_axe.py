"""axe-core finds no serious or critical accessibility violation on any main page: desktop and
phone, light and dark theme, signed in as a dresser (and the sign-in page signed out)."""

import pytest

from tests.a11y import PAGES, SIGNED_OUT_PAGES, axe_violations, fill_wardrobe, sign_in, visit
from tests.conftest import PHONE, serve

pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
COMBINATIONS = {
    "desktop-light": {**DESKTOP, "color_scheme": "light"},
    "desktop-dark": {**DESKTOP, "color_scheme": "dark"},
    "phone-light": {**PHONE, "color_scheme": "light"},
    "phone-dark": {**PHONE, "color_scheme": "dark"},
}


@pytest.fixture(scope="module")
def wardrobe(tmp_path_factory):
    with serve(tmp_path_factory.mktemp("axe"), fill_wardrobe) as base:
        yield base


@pytest.fixture(scope="module")
def signed_in(browser, wardrobe):
    """The cookies of one sign-in, reused by every context of the module."""
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, wardrobe)
    state = context.storage_state()
    context.close()
    return state


def _check(context, base: str, pages) -> list[str]:
    page = context.new_page()
    failures = []
    for name, path in pages:
        wrong = visit(page, base, name, path)
        if wrong:
            failures.append(wrong)
            continue
        found = axe_violations(page)
        if found:
            failures.append(f"{name} ({path}):\n" + "\n".join(found))
    page.close()
    return failures


@pytest.mark.parametrize("combination", COMBINATIONS)
def test_no_serious_violation_on_main_pages(browser, wardrobe, signed_in, combination):
    options = {**COMBINATIONS[combination], "bypass_csp": True}
    signed_out = browser.new_context(**options)
    failures = _check(signed_out, wardrobe, SIGNED_OUT_PAGES)
    signed_out.close()
    context = browser.new_context(**options, storage_state=signed_in)
    failures += _check(context, wardrobe, PAGES)
    context.close()
    assert not failures, f"axe-core, {combination}:\n" + "\n".join(failures)
