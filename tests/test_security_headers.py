"""Security headers on every response, cookie flags, and templates that need no inline code."""

import re
from pathlib import Path

import pytest

from costume_tracker import create_app
from costume_tracker.security import CONTENT_SECURITY_POLICY, PERMISSIONS_POLICY
from tests.conftest import PASSWORD, make_config, make_garment

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
        "img-src 'self' data: blob:; frame-ancestors 'none'; form-action 'self'; "
        "base-uri 'self'; object-src 'none'"
    ),
    "Permissions-Policy": "camera=(self), microphone=(), geolocation=(), payment=(), usb=()",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def test_policy_allows_no_inline_code():
    assert EXPECTED["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "'unsafe-eval'" not in CONTENT_SECURITY_POLICY


def test_only_webassembly_may_be_compiled_and_only_scripts_from_the_site():
    """The camera's QR reader compiles WebAssembly; scripts still come from the site alone."""
    directives = dict(part.split(" ", 1) for part in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["script-src"].split() == ["'self'", "'wasm-unsafe-eval'"]
    assert directives["default-src"] == "'self'"  # the .wasm is fetched from the site too
    assert "wasm-unsafe-eval" not in directives["style-src"] + directives["default-src"]


def test_the_camera_is_allowed_for_the_site_only():
    features = dict(part.split("=", 1) for part in PERMISSIONS_POLICY.split(", "))
    assert features["camera"] == "(self)"
    assert all(value == "()" for name, value in features.items() if name != "camera")


def test_every_kind_of_response_carries_the_headers(app, as_wardrobe):
    with app.app_context():
        make_garment()
    responses = {
        "page": as_wardrobe.get("/garments"),
        "home page": as_wardrobe.get("/"),
        "redirect": as_wardrobe.get("/search?q=ET-00001"),
        "phone page": as_wardrobe.get("/g/ET-00001"),
        "unknown tag": as_wardrobe.get("/g/XX-99999"),
        "not found": as_wardrobe.get("/nowhere"),
        "forbidden": as_wardrobe.get("/users"),
        "json": as_wardrobe.post(
            "/scan", data={"action": "laundry", "code": "ET-00001"}, headers={"Accept": "json"}
        ),
        "static": as_wardrobe.get("/static/app.js"),
        "suggestions": as_wardrobe.get("/costumes/suggest?q=a"),
    }
    for what, response in responses.items():
        for name, value in EXPECTED.items():
            assert response.headers.get(name) == value, f"{what}: {name}"
        assert "Strict-Transport-Security" not in response.headers, what
        response.close()


def test_signed_out_pages_carry_the_headers(client):
    for response in (client.get("/login"), client.get("/garments")):
        assert response.headers["Content-Security-Policy"] == EXPECTED["Content-Security-Policy"]
        assert response.headers["X-Frame-Options"] == "DENY"


def cookie_flags(response) -> dict[str, str]:
    """Each Set-Cookie header's cookie name → its attributes, lower case."""
    cookies = {}
    for header in response.headers.getlist("Set-Cookie"):
        name = header.split("=", 1)[0]
        cookies[name] = header.lower()
    return cookies


def sign_in_cookies(app) -> dict[str, str]:
    client = app.test_client()
    base = "https://localhost" if app.config["SERVED_OVER_HTTPS"] else "http://localhost"
    response = client.post(
        "/login",
        data={"email": "viewer@example.org", "password": PASSWORD, "remember": "y"},
        base_url=base,
    )
    assert response.status_code == 302
    return cookie_flags(response)


def test_cookies_are_http_only_and_same_site_lax(app, users):
    cookies = sign_in_cookies(app)
    assert {"session", "remember_token"} <= set(cookies)
    for name, flags in cookies.items():
        assert "httponly" in flags, name
        assert "samesite=lax" in flags, name
        assert "secure" not in flags.split("; "), f"{name} is Secure on plain HTTP"


@pytest.mark.parametrize(
    "settings",
    [{"PUBLIC_BASE_URL": "https://wardrobe.example.org"}, {"SERVED_OVER_HTTPS": "1"}],
    ids=["https-base-url", "setting"],
)
def test_cookies_are_secure_and_hsts_sent_over_https(tmp_path, users, settings):
    app = create_app(make_config(tmp_path, **settings))
    cookies = sign_in_cookies(app)
    for name, flags in cookies.items():
        assert "secure" in flags.split("; "), name
        assert "httponly" in flags and "samesite=lax" in flags, name
    response = app.test_client().get("/login", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_https_base_url_can_be_overridden_off(tmp_path):
    app = create_app(
        make_config(tmp_path, PUBLIC_BASE_URL="https://wardrobe.example.org", SERVED_OVER_HTTPS="0")
    )
    assert app.config["SESSION_COOKIE_SECURE"] is False
    assert app.config["REMEMBER_COOKIE_SECURE"] is False


def test_hsts_follows_a_request_that_arrived_over_https(app):
    response = app.test_client().get("/login", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in app.test_client().get("/login").headers


INLINE_IN_TEMPLATES = {
    "inline <script>": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "on… event handler": re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE),
    "style attribute": re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE),
    "<style> element": re.compile(r"<style\b", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}
INLINE_IN_SCRIPTS = {
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
    "style attribute": re.compile(r"""setAttribute\(\s*["']style""", re.IGNORECASE),
    "event handler attribute": re.compile(r"""setAttribute\(\s*["']on""", re.IGNORECASE),
    "eval": re.compile(r"\beval\s*\(|new\s+Function\s*\("),
    "HTML from strings": re.compile(r"\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML"),
}


def test_templates_and_scripts_need_no_inline_code():
    """What the policy would block must not be in the source (a test, so it stays that way)."""
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        found += [f"{path.relative_to(ROOT)}: {what}" for what, rx in INLINE_IN_TEMPLATES.items()
                  if rx.search(text)]  # fmt: skip
    for path in sorted((ROOT / "static").glob("*.js")):
        text = path.read_text(encoding="utf-8")
        found += [f"{path.relative_to(ROOT)}: {what}" for what, rx in INLINE_IN_SCRIPTS.items()
                  if rx.search(text)]  # fmt: skip
    assert not found, "\n".join(found)
