"""The series' pages on the demo wardrobe in Chromium: French on a 360 px phone, English on a
desk; no sideways scrolling and nothing serious for axe-core on any of them."""

import re
import threading

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from costume_tracker import create_app
from costume_tracker.breakdown.models import Episode, Scene, ShootingDay
from costume_tracker.extensions import db
from costume_tracker.fittings.models import Fitting
from costume_tracker.i18n.times import local_today, site_zone
from costume_tracker.lists.models import Site
from tests.a11y import axe_violations, page_width
from tests.conftest import PHONE, scratch_database

PASSWORD = re.compile(r"as admin@example\.org with password (\S+)")
NARROW = {**PHONE, "viewport": {"width": 360, "height": 740}}
DESK = {"viewport": {"width": 1280, "height": 900}}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo wardrobe served on 127.0.0.1; its URL, the demo password and page paths."""
    path = tmp_path_factory.mktemp("series")
    with scratch_database(path) as url:
        app = create_app({
            "SECRET_KEY": "test", "TAG_PREFIX": "ET", "SQLALCHEMY_DATABASE_URI": url,
            "UPLOAD_FOLDER": str(path / "uploads"),
        })  # fmt: skip
        with app.app_context():
            db.create_all()
        result = app.test_cli_runner().invoke(args=["seed-demo"])
        assert result.exit_code == 0, result.output
        with app.app_context():
            paris = db.session.scalar(select(Site).where(Site.code == "PAR"))
            tomorrow = local_today(site_zone(paris)).toordinal() + 1
            day = db.session.scalar(
                select(ShootingDay)
                .where(ShootingDay.site_id == paris.id)
                .where(ShootingDay.shoot_date == type(local_today()).fromordinal(tomorrow))
            )
            fourteen = db.session.scalar(
                select(Scene).join(Episode).where(Episode.number == 3, Scene.number == "14")
            )
            change = next(row.change for row in fourteen.cast if row.change)
            fitting = db.session.scalar(select(Fitting).order_by(Fitting.id).limit(1))
            tag = change.costume.garments[0].tag_code
            paths = [
                "/", "/breakdown", "/episodes/3", f"/scenes/{fourteen.id}", f"/changes/{change.id}",
                f"/changes/{change.id}/photos/new", "/shooting-days", f"/pull-list/{day.id}",
                f"/pull-list/{day.id}/print", "/episodes/3/change-plot", "/day-out-of-days",
                "/doubles", "/fittings", "/fittings/week", f"/fittings/{fitting.id}",
                "/fittings/new", "/calendar-feeds", "/alterations", "/alterations/new",
                f"/g/{tag}", "/reports/pull-list", "/reports/change-plot?episode=3",
            ]  # fmt: skip
            db.session.remove()
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_port}", PASSWORD.search(result.output)[1], paths
        finally:
            server.shutdown()
            thread.join()
            with app.app_context():
                db.engine.dispose()


def _signed_in(browser, base, password, email, **options):
    context = browser.new_context(bypass_csp=True, **options)  # axe-core is injected
    page = context.new_page()
    page.goto(base + "/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(lambda url: "/login" not in url)
    return context, page


@pytest.mark.parametrize(
    ("email", "options", "word"),
    [
        ("paris@example.org", NARROW, "Liste de préparation"),
        ("newyork@example.org", DESK, "Pull list"),
    ],
    ids=["french-phone", "english-desk"],
)
def test_series_pages_fit_and_pass_axe(browser, demo, email, options, word):
    base, password, paths = demo
    context, page = _signed_in(browser, base, password, email, **options)
    problems = []
    try:
        for path in paths:
            response = page.goto(base + path)
            if response is None or response.status != 200:
                problems.append(f"{path} answered {response and response.status}")
                continue
            width = page_width(page)
            if width > options["viewport"]["width"]:
                problems.append(f"{path} scrolls sideways: {width} px")
            problems += [f"{path}:\n{v}" for v in axe_violations(page)]
        page.goto(base + paths[7])
        assert word in page.content()
    finally:
        context.close()
    assert problems == [], "\n".join(problems)
