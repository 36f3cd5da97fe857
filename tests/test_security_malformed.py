"""Malformed values in every query parameter and form field of every route: never a 500.

The walk signs in as an admin, reads every page's forms (their fields and current values),
then sends each form back with one field at a time replaced by a malformed value, and opens
every page with each query parameter the views read set to one. Every answer must be a page,
a refusal with a message (400, 404, 409) or a redirect; never an error or a traceback.
"""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

import costume_tracker
from tests.conftest import login
from tests.test_security_access import ACCESS, example_url, route_keys, small_wardrobe

MALFORMED = [
    "abc", "1e3", "²", "٣", "-1", "0", "99999999999999999999", "1e400", "Infinity", "-inf",
    "NaN", "nan", "", " ", "\x00", "a\x00b", "\u202e", "\u2028", "1_000", "0x10",
    "x" * 100_000, "[" * 5000, '{"a":' * 2000 + "1" + "}" * 2000,
    "9999-12-31", "0001-01-01", "-0",
]  # fmt: skip
# A few values that upset number parsing in different ways, for the per-field walk.
SHARP = ["²", "٣", "99999999999999999999", "1e400", "NaN", "\x00", "[" * 5000]
OK_STATUSES = {200, 302, 303, 400, 404, 409, 413}
# Forms whose success changes what the other forms can do: sent last.
LAST = ("/retire", "/return", "/remove", "/logout", "/cancel", "/confirm")
PACKAGE = Path(costume_tracker.__file__).parent
READS = re.compile(
    r"""(?:args|values|form)(?:\.get|\.getlist)?\(\s*["'](\w+)["']|args\[["'](\w+)"""
)


def read_parameters() -> set[str]:
    """Every query or form name the views read directly, found in the package's source."""
    names = set()
    for path in PACKAGE.rglob("*.py"):
        if "bench" in path.parts or "migrations" in path.parts:
            continue
        for match in READS.finditer(path.read_text()):
            names.add(match.group(1) or match.group(2))
    # Report filters (reports/filters.py) and the label page's sources (labels/views.py).
    return names | {"site", "production", "status", "category", "since", "until", "garment",
                    "performer", "user", "kind", "unit", "costume_id", "list"}  # fmt: skip


class Forms(HTMLParser):
    """Every form of a page: method, action, and each field's current value."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"method": (attrs.get("method") or "get").lower(),
                               "action": attrs.get("action") or "", "fields": {},
                               "kinds": {}})  # fmt: skip
            return
        if not self.forms or not attrs.get("name"):
            return
        fields, name = self.forms[-1]["fields"], attrs["name"]
        self.forms[-1]["kinds"][name] = "textarea" if tag == "textarea" else attrs.get("type", tag)
        if tag == "input" and attrs.get("type") not in ("checkbox", "radio", "file", "submit"):
            fields[name] = attrs.get("value") or ""
        elif tag == "input" and attrs.get("type") in ("checkbox", "radio"):
            if "checked" in attrs:
                fields[name] = attrs.get("value") or "y"
        elif tag == "select":
            self._select = name
            fields.setdefault(name, "")
        elif tag == "textarea":
            self._textarea = name
            fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)


class SelectedOptions(HTMLParser):
    """The value of each select's selected option (else its first option)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values: dict[str, str] = {}
        self._name = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self._name = attrs.get("name")
        elif (
            tag == "option"
            and self._name
            and (self._name not in self.values or "selected" in attrs)
        ):
            self.values[self._name] = attrs.get("value", "")


def page_forms(html: str, page_url: str) -> list[dict]:
    parser, options = Forms(), SelectedOptions()
    parser.feed(html)
    options.feed(html)
    for form in parser.forms:
        form["action"] = urlsplit(form["action"] or page_url).path or page_url
        for name in form["fields"]:
            if name in options.values and form["fields"][name] == "":
                form["fields"][name] = options.values[name]
    return parser.forms


def get_pages(app) -> list[str]:
    return [
        key for key in route_keys(app)
        if key.startswith("GET ") and key in ACCESS and "static" not in key
    ]  # fmt: skip


def answer(client, method: str, url: str, **kwargs) -> str | None:
    """What went wrong with this request, or None when the app answered calmly."""
    try:  # under TESTING an unhandled error is raised here instead of a 500 page
        response = client.open(url, method=method, **kwargs)
    except Exception as error:
        return f"{type(error).__name__}: {str(error).splitlines()[0][:120]}"
    text = response.mimetype.startswith("text/") or response.mimetype == "application/json"
    body = response.get_data(as_text=True) if text else ""
    response.close()
    if response.status_code not in OK_STATUSES:  # pragma: no cover - reported by the caller
        return f"status {response.status_code}"
    if "Traceback" in body:
        return "a traceback in the page"
    return None


@pytest.fixture
def wardrobe(app, users):
    with app.app_context():
        return small_wardrobe()


# Pages whose forms show only for some query (a selection of garments, a chosen action).
QUERIED_PAGES = [
    "/labels?garment={garment_id}", "/labels?costume_id={costume_id}", "/scan?action=stock",
    "/assignments/new?costume={costume_id}&performer={double_id}",
    "/costumes/new?hero={costume_id}", "/g/{tag}/stock",
]  # fmt: skip


def collect_forms(client, app, examples) -> list[dict]:
    """Every POST form on every page an admin can open, with its fields' current values."""
    forms, seen = [], set()
    pages = [example_url(key, examples) for key in get_pages(app)]
    for url in pages + [page.format(**examples) for page in QUERIED_PAGES]:
        response = client.get(url)
        if response.mimetype == "text/html":
            for form in page_forms(response.get_data(as_text=True), url):
                signature = (form["action"], tuple(sorted(form["fields"])))
                if form["method"] == "post" and signature not in seen:
                    seen.add(signature)
                    forms.append(form)
        response.close()
    return sorted(forms, key=lambda form: any(word in form["action"] for word in LAST))


def test_the_walk_finds_the_forms_and_parameters(client, app, wardrobe):
    login(client, "admin")
    actions = {form["action"] for form in collect_forms(client, app, wardrobe)}
    for expected in ("/garments/new", "/costumes/new", "/performers/new", "/scan", "/labels"):
        assert expected in actions
    assert {"page", "q", "location_id", "hero", "costume", "log"} <= read_parameters()


def test_malformed_values_in_every_form_field_get_an_answer_not_a_crash(client, app, wardrobe):
    login(client, "admin")
    problems = []
    for form in collect_forms(client, app, wardrobe):
        extra = {"version", "note", "log", "code", "back", "location_id"}
        for name in sorted(set(form["fields"]) | extra - {"csrf_token"}):
            for value in MALFORMED if name in form["fields"] else SHARP:
                data = {**form["fields"], name: value}
                problem = answer(client, "POST", form["action"], data=data)
                if problem:
                    problems.append(f"POST {form['action']} {name}={value[:20]!r}: {problem}")
    # Whatever the walk managed to store, every page still opens.
    for key in get_pages(app):
        problem = answer(client, "GET", example_url(key, wardrobe))
        if problem:
            problems.append(f"{key} after the walk: {problem}")
    assert not problems, f"{len(problems)} crashes:\n" + "\n".join(problems[:60])


def test_malformed_query_parameters_on_every_page_get_an_answer_not_a_crash(client, app, wardrobe):
    login(client, "admin")
    names = sorted(read_parameters())
    problems = []
    for key in get_pages(app):
        url = example_url(key, wardrobe)
        for value in MALFORMED[:-3]:  # long values go in the per-parameter walk below
            query = urlencode(dict.fromkeys(names, value))
            problem = answer(client, "GET", f"{url}?{query}")
            if problem:
                problems.append(f"GET {url} all={value[:20]!r}: {problem}")
        for name in names:
            for value in ("²", "a\x00b"):
                problem = answer(client, "GET", f"{url}?{urlencode({name: value})}")
                if problem:
                    problems.append(f"GET {url} {name}={value[:20]!r}: {problem}")
    assert not problems, f"{len(problems)} crashes:\n" + "\n".join(problems[:60])
