"""Write full-page screenshots of the main pages into screenshots/ (ignored by git).

    make screenshots        (or: .venv/bin/python scripts/screenshots.py [FOLDER])

The app runs with the demo wardrobe in a throwaway instance folder (a fresh SQLite database
migrated and seeded as ``make run`` does, its own uploads), served on 127.0.0.1 on a free
port. Chromium (Debian's /usr/bin/chromium, see ``make browser-deps``) signs in as the Paris
dresser (pages in French) and the New York dresser (English) and photographs each page on a
desktop (1280 px) and a phone (360 px), light and dark:
``screenshots/<language>-<desktop|phone>-<light|dark>-<page>.png``.
"""

import logging
import secrets
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from flask_migrate import upgrade
from playwright.sync_api import sync_playwright
from sqlalchemy import select
from werkzeug.serving import make_server

from costume_tracker import MIGRATIONS, PROJECT_ROOT, create_app
from costume_tracker.catalog.models import Costume, Garment
from costume_tracker.demo.data import DEMO_USERS
from costume_tracker.demo.seed import load_demo
from costume_tracker.extensions import db
from costume_tracker.lists.models import Site
from costume_tracker.maintenance import refresh_statistics
from costume_tracker.people.models import Performer

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]  # fmt: skip
SCREENS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {
        "viewport": {"width": 360, "height": 740},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
}
THEMES = ("light", "dark")
BROWSERS = 2
# The look whose costume, garment and principal each site's pages show.
LOOK = "Aurora, Act III wedding"


def start_app(instance: Path):
    """The demo wardrobe in a fresh database under ``instance``, served on a free port."""
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'costume_tracker.sqlite'}",
        "UPLOAD_FOLDER": str(instance / "uploads"),
        "SECRET_KEY": secrets.token_hex(32),
    })  # fmt: skip
    with app.app_context():
        upgrade(directory=str(MIGRATIONS))
        password = load_demo().admin_password
        refresh_statistics()
        pages = {code: site_pages(code) for code in ("PAR", "NYC")}
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}", password, pages


def site_pages(code: str) -> list[tuple[str, str]]:
    """The main pages as (name, path), their records taken from the site's demo wardrobe."""
    costume = db.session.scalar(select(Costume).where(Costume.name == f"{LOOK} ({code})"))
    garment = db.session.scalar(
        select(Garment).where(Garment.costume_id == costume.id).order_by(Garment.id).limit(1)
    )
    principal = db.session.scalar(
        select(Performer)
        .join(Site, Performer.company_site_id == Site.id)
        .where(Site.code == code, Performer.kind == "principal")
        .order_by(Performer.id)
        .limit(1)
    )
    tag = garment.tag_code
    return [
        ("home", "/"),
        ("garments", "/garments"),
        ("garment", f"/garments/{garment.id}"),
        ("new-garment", "/garments/new"),
        ("costumes", "/costumes"),
        ("costume", f"/costumes/{costume.id}"),
        ("performers", "/performers"),
        ("performer", f"/performers/{principal.id}"),
        ("garment-phone", f"/g/{tag}"),
        ("confirm-laundry", f"/g/{tag}/laundry"),
        ("scan", "/scan"),
        ("search", "/search?q=tutu"),
        ("where", "/where"),
        ("doubles", "/doubles"),
        ("overdue", "/overdue"),
        ("activity", "/activity"),
        ("reports", "/reports"),
        ("report-costume-plot", "/reports/costume-plot"),
        ("labels", "/labels"),
        ("import", "/imports"),
        ("lists", "/lists"),
        ("account", "/account"),
        ("not-found", "/garments/999999"),
    ]


def sign_in(page, base: str, email: str, password: str) -> None:
    """Sign in through the sign-in form (found by field names: its labels are translated)."""
    page.goto(base + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("form[action$='/login'] button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


class Camera:
    """Writes one page's screenshot, noting pages that did not answer as they should."""

    def __init__(self, base: str, folder: Path):
        self.base, self.folder = base, folder
        self.written: list[Path] = []
        self.problems: list[str] = []

    def shoot(self, page, name: str, path: str) -> None:
        response = page.goto(self.base + path)
        expected = 404 if name.endswith("not-found") else 200
        if response is None or response.status != expected:
            self.problems.append(f"{name}: {path} answered {response and response.status}")
        target = self.folder / f"{name}.png"
        # The whole page in one viewport, so the phone's bottom bar (fixed to the viewport)
        # is drawn at the bottom of the picture, as at the end of a scroll, not halfway down.
        screen = page.viewport_size
        height = page.evaluate("document.documentElement.scrollHeight")
        page.set_viewport_size({"width": screen["width"], "height": max(height, screen["height"])})
        page.screenshot(path=str(target), full_page=True, animations="disabled")
        page.set_viewport_size(screen)
        self.written.append(target)


def photograph(camera: Camera, password: str, pages: dict, runs: list[tuple]) -> None:
    """Each run's pages (a demo dresser on one screen in one theme), in a Chromium of its own."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for email, code, locale, screen, theme in runs:
            prefix = f"{locale}-{screen}-{theme}"
            options = {**SCREENS[screen], "color_scheme": theme, "locale": locale}
            context = browser.new_context(**options)
            page = context.new_page()
            camera.shoot(page, f"{prefix}-sign-in", "/login")
            sign_in(page, camera.base, email, password)
            for name, path in pages[code]:
                camera.shoot(page, f"{prefix}-{name}", path)
            context.close()
        browser.close()


def main() -> int:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else PROJECT_ROOT / "screenshots").resolve()
    folder.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="costume-tracker-screenshots-") as instance:
        server, base, password, pages = start_app(Path(instance))
        print(f"Demo wardrobe served at {base} ({time.monotonic() - started:.0f} s)")
        camera = Camera(base, folder)
        runs = [
            (email, code, locale, screen, theme)
            for email, _name, _role, code, locale in DEMO_USERS
            for screen in SCREENS
            for theme in THEMES
        ]
        # Two browsers at once: one draws while the app renders the other's next page.
        try:
            with ThreadPoolExecutor(BROWSERS) as pool:
                done = [pool.submit(photograph, camera, password, pages, runs[n::BROWSERS])
                        for n in range(BROWSERS)]  # fmt: skip
                for future in done:
                    future.result()
        finally:
            server.shutdown()
    seconds = time.monotonic() - started
    print(f"{len(camera.written)} screenshots in {folder} ({seconds:.0f} s)")
    if camera.problems:
        print("Pages that did not answer as expected:\n  " + "\n  ".join(camera.problems))
    return 1 if camera.problems else 0


if __name__ == "__main__":
    sys.exit(main())
