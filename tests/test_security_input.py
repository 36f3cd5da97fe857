"""Hostile input: stored script in every text field, off-site redirects, junk form values."""

import json
import re
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from sqlalchemy import select

from costume_tracker.assignments.models import Alteration
from costume_tracker.auth.models import User
from costume_tracker.catalog.models import Costume, Garment, Photo
from costume_tracker.extensions import db
from costume_tracker.lists.models import Character, Location, Production, Site
from costume_tracker.people.models import Performer
from tests.conftest import PASSWORD, login
from tests.test_security_access import ACCESS, example_url, route_keys, small_wardrobe

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "xlink:href"}


def payload(key: str) -> str:
    """Markup that would run script if a page printed it unescaped (at most 60 characters)."""
    return f"\"><script>alert('{key}')</script><img src=x onerror=f()>"


def escaped(key: str) -> str:
    """How ``payload(key)`` reads in HTML text once escaped."""
    return f"&lt;script&gt;alert(&#39;{key}&#39;)&lt;/script&gt;"


class ActiveMarkup(HTMLParser):
    """Collect anything in a page that could run script or style it inline."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> event handler")
            elif name == "style":
                self.problems.append(f"<{tag} style=…> inline style")
            elif name in URL_ATTRIBUTES and re.sub(r"\s", "", value).startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value!r}> javascript: URL")
        src = dict(attrs).get("src") or ""
        if tag == "script" and not src.startswith("/static/"):
            self.problems.append("inline <script>")
        if tag == "img" and src == "x":
            self.problems.append("injected <img src=x>")
        if tag in ("style", "iframe", "object", "embed", "base"):
            self.problems.append(f"<{tag}> element")


def active_markup(html: str) -> list[str]:
    parser = ActiveMarkup()
    parser.feed(html)
    return parser.problems


def fill_with_payloads(examples: dict) -> dict[str, str]:
    """Put a script payload in every text field users fill; returns field → payload key."""
    garment = db.session.get(Garment, examples["garment_id"])
    costume = db.session.get(Costume, examples["costume_id"])
    principal = db.session.get(Performer, examples["performer_id"])
    double = db.session.get(Performer, examples["double_id"])
    fields = {
        (garment, "name"): "gname",
        (garment, "colour"): "gcolour",
        (garment, "fabric"): "gfabric",
        (garment, "notes"): "gnotes",
        (garment, "care_notes"): "gcare",
        (costume, "name"): "cname",
        (costume, "look"): "clook",
        (costume, "notes"): "cnotes",
        (principal, "name"): "pname",
        (principal, "notes"): "pnotes",
        (double, "name"): "dname",
        (db.session.scalar(select(Site).where(Site.name == "Paris")), "company"): "scompany",
        (db.session.scalar(select(Location)), "name"): "lname",
        (db.session.scalar(select(Production).order_by(Production.id)), "name"): "prname",
        (db.session.scalar(select(Production).order_by(Production.id)), "notes"): "prnotes",
        (db.session.scalar(select(Character)), "name"): "chname",
        (db.session.get(Alteration, examples["alteration_id"]), "description"): "alt",
        (db.session.get(Photo, examples["photo_id"]), "original_name"): "photo",
    }
    for user in db.session.scalars(select(User)):
        fields[(user, "name")] = f"u{user.role}"
    for (record, field), key in fields.items():
        setattr(record, field, payload(key))
    db.session.commit()
    return {f"{type(record).__name__}.{field}": key for (record, field), key in fields.items()}


@pytest.fixture
def hostile(app, users):
    with app.app_context():
        examples = small_wardrobe()
        keys = fill_with_payloads(examples)
    return examples, keys


# Pages that must show each field (escaped); every page is checked for active markup.
SHOWN_ON = {
    "/garments": ["gname", "cname"],
    "/garments/{garment_id}": ["gname", "gcolour", "gfabric", "gnotes", "gcare", "cname"],
    "/g/{tag}": ["gname", "cname", "pname"],
    "/costumes/{costume_id}": ["cname", "clook", "cnotes", "gname", "alt", "pname"],
    "/costumes": ["cname"],
    "/performers": ["pname", "dname"],
    "/performers/{performer_id}": ["pname", "pnotes", "dname", "cname"],
    "/lists": ["lname", "prname", "chname", "scompany"],
    "/users": ["uviewer", "uwardrobe", "uadmin"],
    "/assignments/{assignment_id}": ["pname", "cname", "dname"],
    "/activity": ["pname", "uadmin"],
}


def test_stored_script_is_shown_escaped_on_every_page(client, hostile, app):
    examples, _keys = hostile
    login(client, "admin")
    problems = []
    for key in route_keys(app):
        if not key.startswith("GET ") or key not in ACCESS or "static" in key:
            continue
        response = client.get(example_url(key, examples))
        if response.mimetype == "text/html":
            html = response.get_data(as_text=True)
            problems += [f"{key}: {p}" for p in active_markup(html)]
        response.close()
    assert not problems, "\n".join(problems)
    for path, shown in SHOWN_ON.items():
        html = client.get(path.format(**examples)).get_data(as_text=True)
        missing = [key for key in shown if escaped(key) not in html]
        assert not missing, f"{path} does not show {missing} escaped"
        assert not active_markup(html), path


def test_garment_form_keeps_script_as_text(as_wardrobe, app):
    with app.app_context():
        paris = db.session.scalar(select(Site.id).where(Site.name == "Paris"))
    response = as_wardrobe.post(
        "/garments/new",
        data={
            "name": payload("form"),
            "category": "bodice",
            "home_site_id": paris,
            "colour": "javascript:alert(1)",
            "notes": payload("fnotes"),
            "condition": "good",
        },
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert escaped("form") in html and escaped("fnotes") in html
    assert not active_markup(html)
    with app.app_context():
        assert db.session.scalar(select(Garment.name).where(Garment.colour.startswith("java")))


def test_batch_scan_json_carries_names_as_data(client, hostile):
    examples, _keys = hostile
    login(client, "wardrobe")
    response = client.post(
        "/scan",
        data={"action": "laundry", "code": examples["tag"], "log": "[]"},
        headers={"Accept": "application/json"},
    )
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    reply = response.get_json()
    assert reply["feedback"]["name"] == payload("gname")
    # A hostile code typed into the scanner comes back as text in the refusal.
    log = json.dumps(reply["log"])
    response = client.post(
        "/scan",
        data={"action": "laundry", "code": payload("code"), "log": log},
        headers={"Accept": "application/json"},
    )
    assert "is not a tag code or label" in response.get_json()["feedback"]["message"]
    log = json.dumps(response.get_json()["log"])
    html = client.post("/scan", data={"action": "laundry", "log": log})
    page = html.get_data(as_text=True)
    assert not active_markup(page)
    assert escaped("gname") in page


REFLECTING = [
    "/garments?q={p}",
    "/costumes?q={p}",
    "/performers?q={p}",
    "/g/{p}",
    "/login?next={p}",
    "/labels?garment={p}",
    "/labels?costume_id={p}",
    "/garments?sort={p}&category={p}",
    "/reports/{p}",
    "/reports/inventory?site={p}",
]


def test_reflected_script_is_escaped(as_wardrobe):
    for url in REFLECTING:
        response = as_wardrobe.get(url.format(p=quote(payload("refl"), safe="")))
        assert response.status_code < 500, url
        assert not active_markup(response.get_data(as_text=True)), url


OFF_SITE = [
    "//evil.example",
    "//evil.example/garments",
    "https://evil.example",
    "http://evil.example/login",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "///evil.example",
    " //evil.example",
    "\t//evil.example",
    "/\t/evil.example",
    "https:evil.example",
    "data:text/html,<script>alert(1)</script>",
]


@pytest.mark.parametrize("target", OFF_SITE)
def test_sign_in_never_redirects_off_site(client, users, target):
    response = client.post(
        "/login", data={"email": "viewer@example.org", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location == "/", location


def test_sign_in_keeps_a_local_next(client, users):
    response = client.post(
        "/login",
        data={"email": "viewer@example.org", "password": PASSWORD, "next": "/garments?page=2"},
    )
    assert response.headers["Location"] == "/garments?page=2"


@pytest.mark.parametrize("target", ["//evil.example/doubles", "https://evil.example/doubles"])
def test_dressing_a_double_never_redirects_off_site(client, hostile, target):
    examples, _keys = hostile
    login(client, "wardrobe")
    url = f"/assignments/{examples['assignment_id']}/doubles/{examples['double_id']}"
    response = client.post(url, data={"back": target})
    location = response.headers["Location"]
    # No multiple chosen: the confirmation page for a new one, coming back to this assignment.
    assert location.startswith(f"/costumes/{examples['costume_id']}/multiples/new?"), location
    assert "evil" not in location
    confirm = client.get(location + "&back=" + target)
    assert "evil" not in confirm.get_data(as_text=True)
    made = client.post(location.split("?")[0], data={"back": target})
    assert made.status_code == 302 and "evil" not in made.headers["Location"]


JUNK = ["abc", "99999999999999999999999", "-1", "1e309", "\x00", "", "[]", "{", payload("junk")]


def form_field_names(client, app, examples) -> set[str]:
    """Every field name on every page an admin can open."""
    names = set()
    for key in route_keys(app):
        if key.startswith("GET ") and key in ACCESS and "static" not in key:
            response = client.get(example_url(key, examples))
            html = response.get_data(as_text=True) if response.mimetype == "text/html" else ""
            response.close()
            names |= set(re.findall(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', html))
    # Fields some pages show only in some states (a free multiple, a scan in progress).
    return (names | {"multiple_id", "back", "log", "code", "version", "location_id"}) - {
        "csrf_token"
    }


def test_junk_in_every_form_field_is_refused_not_a_crash(client, hostile, app):
    examples, _keys = hostile
    login(client, "admin")
    names = form_field_names(client, app, examples)
    crashed = []
    for junk in JUNK:
        for key in route_keys(app):
            if key.startswith("POST ") and key in ACCESS and key != "POST /logout":
                url = example_url(key, examples)
                try:  # under TESTING an unhandled error is raised here instead of a 500 page
                    status = client.post(url, data=dict.fromkeys(names, junk)).status_code
                except Exception as error:
                    status = f"{type(error).__name__}: {error}"
                if not isinstance(status, int) or status >= 500:
                    crashed.append(f"{key} with {junk!r}: {status}")
    assert not crashed, "\n".join(crashed)


def test_a_number_too_large_for_the_database_is_named(client, hostile):
    examples, _keys = hostile
    login(client, "wardrobe")
    response = client.post(
        f"/g/{examples['tag']}/stock", data={"location_id": "99999999999999999999999"}
    )
    assert response.status_code == 400
    assert "A number in the address or form is too large." in response.get_data(as_text=True)
    assert client.get("/garments/99999999999999999999999").status_code == 404
