"""Accessibility checks shared by the page tests: a small wardrobe, its main pages, axe-core.

axe-core (tests/vendor/axe.min.js, built from npm by ``npm run build``) is injected into the
page, so the browser context must be created with ``bypass_csp=True``: the app's
Content-Security-Policy refuses any script it did not serve itself.
"""

import io
from datetime import date, timedelta
from pathlib import Path

from PIL import Image

from costume_tracker.assignments.services import assign_costume
from costume_tracker.auth.services import save_user
from costume_tracker.catalog.photos import add_photo
from costume_tracker.catalog.workflow import change_status
from tests.conftest import PASSWORD, dressed_costume, make_garment, make_performer, site_id

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
EMAIL = "wardrobe@example.org"
# Impacts that fail a test; "moderate" and "minor" findings are left to review.
FAILING = ("serious", "critical")
STOCK_TAG = "ET-00007"  # an in-stock Paris tutu: the garment phone page and its confirm page

# Every main page of the signed-in app, as (name, path), for the small wardrobe below.
PAGES = (
    ("home", "/"),
    ("garments", "/garments"),
    ("garment", "/garments/1"),
    ("new-garment", "/garments/new"),
    ("edit-garment", "/garments/1/edit"),
    ("costumes", "/costumes"),
    ("costume", "/costumes/1"),
    ("performers", "/performers"),
    ("performer", "/performers/1"),
    ("assignment", "/assignments/1"),
    ("new-assignment", "/assignments/new?costume=3"),
    ("garment-phone", f"/g/{STOCK_TAG}"),
    ("confirm-laundry", f"/g/{STOCK_TAG}/laundry"),
    ("scan", "/scan"),
    ("search", "/search?q=tutu"),
    ("where", "/where"),
    ("doubles", "/doubles"),
    ("overdue", "/overdue"),
    ("activity", "/activity"),
    ("reports", "/reports"),
    ("report-inventory", "/reports/inventory"),
    ("labels", "/labels"),
    ("import", "/imports"),
    ("lists", "/lists"),
    ("account", "/account"),
    ("not-found", "/garments/99999"),
)
# Pages seen signed out.
SIGNED_OUT_PAGES = (("sign-in", "/login"),)


def _jpeg(colour=(120, 40, 90)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def fill_wardrobe() -> None:
    """A costume with a photo worn by a principal whose double has no multiple yet (a gap),
    a costume overdue with a dancer, stock garments at both sites, one of them in laundry."""
    user = save_user(EMAIL, "wardrobe", PASSWORD, name="Margaux")[0]
    today = date.today()
    wedding = dressed_costume("Aurora, Act III wedding")  # ET-00001 tutu, ET-00002 bodice
    add_photo(wedding.garments[0], _jpeg(), "wedding-tutu.jpg", user)
    add_photo(wedding, _jpeg((200, 180, 150)), "wedding.jpg", user)
    principal = make_performer("Inès Laurent")
    make_performer("Clémence Aubry", kind="double", doubles_for_id=principal.id)
    assign_costume(wedding, principal, user, episodes="Ep. 1–4")
    party = dressed_costume("Clara, Act I party")  # ET-00003, ET-00004
    dancer = make_performer("Maya Okafor", kind="corps")
    assign_costume(
        party, dancer, user, starts_on=today - timedelta(days=10), due_on=today - timedelta(days=3)
    )
    dressed_costume("Lilac Fairy, prologue")  # ET-00005, ET-00006: free to assign
    make_garment(name="Practice tutu", category="tutu", net_layers=9)  # ET-00007
    laundry = make_garment(name="Corps tights", category="tights")
    make_garment(
        name="Snowflake tutu", category="tutu", net_layers=13, home_site_id=site_id("New York")
    )
    change_status(laundry, "in laundry", None, user, note="Stain on the knee")


def sign_in(page, base: str) -> None:
    """Sign the page's context in as the wardrobe user through the sign-in form."""
    page.goto(base + "/login")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)


def _node_line(node: dict) -> str:
    # A target is a CSS selector, or a list of them when the element is inside a shadow root.
    where = " ".join(" >>> ".join(t) if isinstance(t, list) else t for t in node["target"])
    checks = node.get("any", []) + node.get("all", []) + node.get("none", [])
    # The first few reasons: an "any" rule lists every way the element could have passed.
    messages = dict.fromkeys(check["message"] for check in checks if check.get("message"))
    why = "; ".join(list(messages)[:3])
    return f"    {where}: {why}" if why else f"    {where}"


def axe_violations(page) -> list[str]:
    """Run axe-core on the page; its serious and critical violations, one readable block each:
    rule id, impact, what the rule asks (help and its link), and each failing element's
    selector with axe's reason (e.g. the contrast ratio and both colours)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    found = []
    for rule in result["violations"]:
        if rule["impact"] not in FAILING:
            continue
        lines = [f"  {rule['id']} ({rule['impact']}): {rule['help']} <{rule['helpUrl']}>"]
        lines += [_node_line(node) for node in rule["nodes"]]
        found.append("\n".join(lines))
    return found


def visit(page, base: str, name: str, path: str) -> str | None:
    """Open the page; what is wrong if it did not answer as it should (404 for not-found)."""
    response = page.goto(base + path)
    expected = 404 if name == "not-found" else 200
    if response is None or response.status != expected:
        return f"{name} ({path}) answered {response and response.status}, not {expected}"
    return None


def page_width(page) -> int:
    """The page's scroll width in CSS px: wider than the viewport means it scrolls sideways."""
    return page.evaluate("document.documentElement.scrollWidth")
