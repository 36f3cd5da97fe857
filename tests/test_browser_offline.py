"""In Chromium on a phone: batch scanning without signal. Scans are kept on the phone,
survive a reload served by the service worker, and each gets its real outcome once the
connection returns; a scan whose answer was lost is not applied twice."""

import threading
from contextlib import contextmanager

import pytest
from playwright.sync_api import expect
from werkzeug.serving import WSGIRequestHandler, make_server

from costume_tracker import create_app
from costume_tracker.auth.services import save_user
from costume_tracker.catalog.models import Garment
from costume_tracker.catalog.workflow import change_status
from costume_tracker.extensions import db
from costume_tracker.history.models import Event
from tests.conftest import (
    PASSWORD,
    PHONE,
    add_reference_lists,
    empty_schema,
    make_config,
    make_garment,
)

pytestmark = pytest.mark.browser


class Network:
    """The phone's link to the server: when it is down, connections close unanswered."""

    down = False


class FlakyHandler(WSGIRequestHandler):
    def handle(self):
        if Network.down:
            # As a dead connection looks to the phone: no answer at all. (The browser's
            # offline switch does not reach a service worker's own requests.)
            self.close_connection = True
            self.connection.close()
            return
        super().handle()


def _fill():
    user, _ = save_user("dresser@example.org", "wardrobe", PASSWORD, name="Noor")
    for n in range(1, 5):
        make_garment(name=f"Corps tights {n}", category="tights")
    garment = db.session.get(Garment, 4)
    change_status(garment, "in laundry", garment.location_id, user)


@contextmanager
def _serve(tmp_path):
    app = create_app(make_config(tmp_path, WTF_CSRF_ENABLED=True, TESTING=False))
    with app.app_context():
        empty_schema()
        add_reference_lists()
        _fill()
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=FlakyHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield app, f"http://127.0.0.1:{server.server_port}"
    finally:
        Network.down = False
        server.shutdown()
        thread.join()
        with app.app_context():
            db.engine.dispose()


def _sign_in(page):
    page.get_by_label("Email").fill("dresser@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def _counts(app):
    with app.app_context():
        events = db.session.scalar(db.select(db.func.count(Event.id)))
        statuses = db.session.scalar(
            db.select(db.func.count(Event.id)).where(Event.kind == "status")
        )
        laundry = db.session.scalars(
            db.select(Garment.tag_code).where(Garment.status == "in laundry")
        ).all()
        return events, statuses, sorted(laundry)


def _scan(page, code):
    field = page.get_by_label("Tag code or label URL")
    field.fill(code)
    field.press("Enter")


def test_five_scans_without_signal_survive_a_reload_and_get_their_outcomes(browser, tmp_path):
    with _serve(tmp_path) as (app, base):
        events_before, statuses_before, _ = _counts(app)
        context = browser.new_context(**PHONE)
        page = context.new_page()
        page.goto(base + "/scan")
        _sign_in(page)
        expect(page.get_by_role("heading", name="Batch scan")).to_be_visible()
        page.evaluate("navigator.serviceWorker.ready")
        if not page.evaluate("Boolean(navigator.serviceWorker.controller)"):
            page.reload()
        # The batch page is in the worker's cache before the signal goes.
        page.wait_for_function("caches.match('/scan').then(Boolean)", polling=100)
        page.get_by_label("Action").select_option("laundry")

        context.set_offline(True)
        Network.down = True
        for code in ("ET-00001", "ET-00002", "ET-00003", "XX-99999", "ET-00004"):
            _scan(page, code)
        waiting = page.locator("#offline-queue li.waiting")
        expect(waiting).to_have_count(5)
        expect(page.get_by_text("5 scans waiting to send")).to_be_visible()
        expect(waiting.first).to_contain_text("To laundry — waiting to send")
        expect(page.locator("[data-queue-state]")).to_contain_text("Offline")

        page.reload()  # no server: the service worker answers from its cache
        expect(page.get_by_role("heading", name="Batch scan")).to_be_visible()
        expect(waiting).to_have_count(5)
        expect(page.get_by_label("Action")).to_have_value("laundry")  # kept for this tab
        assert _counts(app)[0] == events_before  # nothing reached the server

        Network.down = False
        context.set_offline(False)
        expect(waiting).to_have_count(0)
        log = page.locator("#batch-list li")
        expect(log).to_have_count(5)
        expect(page.locator("#batch-list li.ok")).to_have_count(3)
        expect(page.locator("#batch-list li.refused")).to_have_count(2)
        expect(log.nth(1)).to_contain_text("No garment has tag code XX-99999")
        expect(log.nth(0)).to_contain_text("ET-00004")
        expect(log.nth(0)).to_contain_text("Nothing changed")
        expect(page.locator("#batch-counts")).to_have_text("3 done, 2 refused")
        expect(page.locator("#offline-queue")).to_be_hidden()
        context.close()

        events, statuses, laundry = _counts(app)
        assert laundry == ["ET-00001", "ET-00002", "ET-00003", "ET-00004"]
        assert statuses - statuses_before == 3 and events - events_before <= 5


def test_a_scan_whose_answer_was_lost_is_applied_once(browser, tmp_path):
    with _serve(tmp_path) as (app, base):
        _, statuses_before, _ = _counts(app)
        # No worker here: page.route then sees every request the page makes.
        context = browser.new_context(**PHONE, service_workers="block")
        page = context.new_page()
        page.goto(base + "/scan")
        _sign_in(page)
        page.get_by_label("Action").select_option("laundry")
        lost = []

        def answer_lost(route):
            route.fetch()  # the server records the scan
            lost.append(route.request.post_data)
            route.abort("internetdisconnected")  # and its answer never arrives

        page.route("**/scan", answer_lost)
        _scan(page, "ET-00001")
        expect(page.get_by_text("1 scan waiting to send")).to_be_visible()
        assert len(lost) == 1 and _counts(app)[1] == statuses_before + 1
        page.unroute("**/scan")
        page.get_by_role("button", name="Send now").click()
        expect(page.locator("#batch-list li")).to_have_count(1)
        expect(page.locator("#batch-list li.recorded")).to_contain_text("already recorded")
        expect(page.locator("#offline-queue")).to_be_hidden()
        context.close()
        assert _counts(app)[1] == statuses_before + 1


def test_label_pages_without_signal_seen_before_or_not(browser, tmp_path):
    """A label opened before shows from the phone; another still takes a floor action."""
    with _serve(tmp_path) as (app, base):
        context = browser.new_context(**PHONE)
        page = context.new_page()
        page.goto(base + "/g/ET-00001")
        _sign_in(page)
        expect(page.get_by_role("heading", name="Corps tights 1")).to_be_visible()
        page.evaluate("navigator.serviceWorker.ready")
        if not page.evaluate("Boolean(navigator.serviceWorker.controller)"):
            page.reload()
        page.wait_for_function(
            "Promise.all([caches.match('/g/ET-00001'), caches.match('/offline/garment')])"
            ".then(function (found) { return found.every(Boolean); })",
            polling=100,
        )
        context.set_offline(True)
        Network.down = True
        page.reload()
        expect(page.get_by_role("heading", name="Corps tights 1")).to_be_visible()

        page.goto(base + "/g/et-00002")
        expect(page.get_by_role("heading", name="No signal")).to_be_visible()
        expect(page.get_by_label("Tag code")).to_have_value("ET-00002")
        page.get_by_role("button", name="To laundry").click()
        expect(page.get_by_text("1 scan waiting to send")).to_be_visible()

        Network.down = False
        context.set_offline(False)
        expect(page.locator("#queue-outcomes li.done")).to_contain_text("To laundry: done")
        # Signing out leaves nothing of this user's pages or scans in the browser.
        page.evaluate(
            "fetch('/logout', {method: 'POST', body: new URLSearchParams({csrf_token:"
            " document.querySelector('[data-csrf]').dataset.csrf})})"
        )
        page.wait_for_function("caches.keys().then(function (k) { return !k.length; })")
        context.close()
        with app.app_context():
            assert db.session.get(Garment, 2).status == "in laundry"
