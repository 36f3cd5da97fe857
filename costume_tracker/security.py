"""Browser-facing hardening: cookie flags, security headers, numbers the database can hold."""

from flask import Flask, request
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import DataError
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from .extensions import db

TOO_LARGE = _l("A number in the address or form is too large.")
DOES_NOT_FIT = _l("A value in the address or form does not fit the database.")

# Scripts and styles come only from static/*.js and static/app.css: an injected
# <script>, on…= handler or style="" does nothing even if escaping ever failed.
# 'wasm-unsafe-eval' lets the camera's QR reader (zxing-wasm, static/vendor, for browsers
# without BarcodeDetector such as iPhone Safari) compile its WebAssembly; it allows no eval()
# of JavaScript, and the .wasm still comes only from this site.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
    )
)
# The in-page scanner needs the camera, for this site only; nothing asks for the rest.
PERMISSIONS_POLICY = "camera=(self), microphone=(), geolocation=(), payment=(), usb=()"
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Permissions-Policy": PERMISSIONS_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
HSTS = "max-age=31536000"
# Largest id an INTEGER column holds on PostgreSQL (32-bit; SQLite allows more, but ids never
# get there); larger numbers in a URL are "not found" instead of a database error.
MAX_DB_INTEGER = 2**31 - 1
TRUE_WORDS = {"1", "true", "yes", "on"}


class BoundedIntegerConverter(IntegerConverter):
    """``<int:…>`` that matches only ids the database can store (else the route is a 404)."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_DB_INTEGER, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def served_over_https(config) -> bool:
    """True when SERVED_OVER_HTTPS says so, or (unset) when PUBLIC_BASE_URL is https://."""
    setting = config.get("SERVED_OVER_HTTPS")
    if setting is None or setting == "":
        return str(config.get("PUBLIC_BASE_URL") or "").lower().startswith("https://")
    if isinstance(setting, str):
        return setting.strip().lower() in TRUE_WORDS
    return bool(setting)


def proxy_hops(config) -> int:
    """PROXY_HOPS as a number of proxies; a setting that is not one stops the app with why."""
    value = str(config.get("PROXY_HOPS") or "0").strip()
    if not value.isdecimal():
        raise ValueError(f"PROXY_HOPS must be a whole number of proxies (0, 1, 2…), not {value!r}.")
    return int(value)


def register_security(app: Flask) -> None:
    """Secure cookies over HTTPS, headers on every response, bounded ids, trusted proxies."""
    https = served_over_https(app.config)
    app.config["SERVED_OVER_HTTPS"] = https
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=https,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=https,
    )
    app.url_map.converters["int"] = BoundedIntegerConverter
    hops = proxy_hops(app.config)
    if hops:
        # Trust X-Forwarded-For/-Proto from that many proxies only: the sign-in limit then
        # counts the client's address, and HSTS sees HTTPS. Without proxies they are ignored,
        # so nobody dodges the limit by sending the header.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)

    @app.after_request
    def add_security_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if https or request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response

    @app.errorhandler(OverflowError)
    def number_too_large(_error):
        # A number typed into a form or address that no database column can hold.
        from .web import render_error

        db.session.rollback()
        return render_error(400, str(TOO_LARGE))

    @app.errorhandler(DataError)
    def value_out_of_range(error):
        # The same on PostgreSQL, which refuses such a value in the query (nothing written).
        from .web import render_error

        db.session.rollback()
        if "out of range" in str(error.orig):
            return render_error(400, str(TOO_LARGE))
        return render_error(400, str(DOES_NOT_FIT))
