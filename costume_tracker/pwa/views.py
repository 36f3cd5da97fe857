"""Serve the web manifest and the service worker from the site's root, so the worker's
scope covers the floor pages (/scan, /g/<tag>), and the page for a label opened offline."""

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, Response, current_app, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from ..catalog.forms import location_choices
from ..scanning.services import ACTIONS
from ..web import role_required

bp = Blueprint("pwa", __name__)
THEME = "#6b2d5c"
BACKGROUND = "#ffffff"
# Static files the floor pages need offline; each is cached when the worker installs.
SHELL_FILES = ("app.css", "app.js", "scan.js", "camera.js", "offline.js", "pwa.js", "favicon.svg")
SHELL_DIRS = ("vendor", "icons")
# Pages cached when the worker installs (if the user may open them) and kept fresh online.
SHELL_PAGES = ("scanning.batch", "pwa.offline_garment")


@bp.route("/manifest.webmanifest")
def manifest():
    """The web manifest: name, colours and icons the phone uses to install the app."""
    icon = "icons/icon-{}.png"
    data = {
        "name": "Costume Tracker",
        "short_name": "Costumes",
        "description": _("Scan garment labels on the floor, even without signal."),
        "lang": str(get_locale() or "en"),
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME,
        "background_color": BACKGROUND,
        "icons": [
            {"src": url_for("static", filename=icon.format(192)), "sizes": "192x192",
             "type": "image/png", "purpose": "any"},
            {"src": url_for("static", filename=icon.format(512)), "sizes": "512x512",
             "type": "image/png", "purpose": "any"},
            {"src": url_for("static", filename="icons/maskable-512.png"), "sizes": "512x512",
             "type": "image/png", "purpose": "maskable"},
        ],
        "shortcuts": [{"name": _("Batch scan"), "url": url_for("scanning.batch")}],
    }  # fmt: skip
    response = Response(json.dumps(data, ensure_ascii=False), mimetype="application/manifest+json")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/sw.js")
def service_worker():
    """The service worker, with the list of files it caches and a version made from them."""
    static, pages = shell_files(current_app.static_folder), [url_for(p) for p in SHELL_PAGES]
    urls = [url_for("static", filename=name) for name, _digest in static]
    version = hashlib.sha256(repr((static, pages)).encode()).hexdigest()[:12]
    source = (Path(current_app.static_folder) / "sw.js").read_text(encoding="utf-8")
    source = source.replace('"__VERSION__"', json.dumps(version))
    source = source.replace('["__STATIC__"]', json.dumps(urls))
    source = source.replace('["__PAGES__"]', json.dumps(pages))
    response = Response(source, content_type="text/javascript; charset=utf-8")
    # The browser checks for a new worker on each visit; an old one must never be reused.
    response.headers["Cache-Control"] = "no-cache"
    return response


def shell_files(folder: str) -> tuple[tuple[str, str], ...]:
    """The shell's static files (name, content hash): a changed file is a new worker."""
    root = Path(folder)
    found = [root / name for name in SHELL_FILES]
    for sub in SHELL_DIRS:
        found += sorted(
            p for p in (root / sub).glob("*") if p.suffix in (".js", ".wasm", ".svg", ".png")
        )
    return _hashed(
        tuple((str(p.relative_to(root)), p.stat().st_mtime_ns) for p in found if p.is_file()),
        folder,
    )


@lru_cache(maxsize=8)
def _hashed(files: tuple[tuple[str, int], ...], folder: str) -> tuple[tuple[str, str], ...]:
    # Keyed on modification times, so a file is only read again when it changed.
    root = Path(folder)
    return tuple(
        (name, hashlib.sha256((root / name).read_bytes()).hexdigest()[:16]) for name, _m in files
    )


@bp.route("/offline/garment")
@role_required("wardrobe")
def offline_garment():
    """The page a phone shows offline for a label it never opened: queue an action for it."""
    return render_template(
        "pwa/offline_garment.html", actions=ACTIONS, locations=location_choices()[1:]
    )


@bp.after_app_request
def clear_on_sign_out(response):
    """Signing out wipes this browser's cached pages and offline data for the next user."""
    if request.endpoint == "auth.logout":
        response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response
