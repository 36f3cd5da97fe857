"""Undo on the flash after a floor action, and the confirmation before removing a garment."""

import re
from datetime import timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from costume_tracker import create_app
from costume_tracker.auth.models import User
from costume_tracker.catalog.costumes import remove_garment_from_costume
from costume_tracker.catalog.models import Costume, Garment
from costume_tracker.catalog.workflow import change_status
from costume_tracker.extensions import db
from costume_tracker.history.lines import event_line
from costume_tracker.history.models import Event
from costume_tracker.lists.models import Location
from costume_tracker.undo.services import UNDO_MINUTES, UndoError, undo_event
from tests.conftest import (
    add_reference_lists,
    empty_schema,
    login,
    make_config,
    make_costume,
    make_garment,
    serve,
)

UNDO_FORM = re.compile(r'<form method="post" action="(/undo/\d+)"')


def rack_id(name: str = "Rack A1") -> int:
    return db.session.scalar(select(Location.id).where(Location.name == name))


def user(role: str = "wardrobe") -> User:
    return db.session.scalar(select(User).where(User.role == role))


def racked_garment(**fields) -> Garment:
    """A garment in stock on Paris's Rack A1 (ET-00001 in a fresh database)."""
    garment = make_garment(**fields)
    garment.location_id = rack_id()
    db.session.commit()
    return garment


def last_event(garment: Garment) -> Event:
    return db.session.scalar(
        select(Event).where(Event.garment_id == garment.id).order_by(Event.id.desc()).limit(1)
    )


@pytest.fixture
def ctx(app, users):
    with app.test_request_context():
        yield app


def test_undo_of_a_status_change_restores_status_and_rack(ctx):
    garment = racked_garment()
    change_status(garment, "in laundry", None, user())
    done = last_event(garment)
    assert garment.location_id is None  # the laundry took it off its rack
    undo = undo_event(done.id, user())
    garment = db.session.get(Garment, garment.id)
    assert (garment.status, garment.location_id) == ("in stock", rack_id())
    assert (undo.kind, undo.undoes_id, undo.user_id) == ("status", done.id, user().id)
    assert event_line(undo) == "Undo: status in laundry → in stock; location — → Paris · Rack A1"
    with force_locale("fr"):
        assert event_line(undo).startswith("Annulation\u00a0: statut au lavage → en stock")


def test_undo_of_a_location_change_puts_it_back(ctx):
    garment = racked_garment()
    other = Location(site_id=garment.home_site_id, name="Rack A2", kind="rack")
    db.session.add(other)
    db.session.commit()
    change_status(garment, "in stock", other.id, user())
    done = last_event(garment)
    undo = undo_event(done.id, user())
    assert db.session.get(Garment, garment.id).location_id == rack_id()
    assert (undo.kind, undo.undoes_id) == ("location", done.id)


def test_undo_of_a_removal_puts_the_garment_back_in_its_costume(ctx):
    costume = make_costume()
    garment = make_garment(costume_id=costume.id)
    remove_garment_from_costume(costume, garment, user())
    removed = last_event(garment)
    undo = undo_event(removed.id, user())
    assert db.session.get(Garment, garment.id).costume_id == costume.id
    assert (undo.kind, undo.undoes_id, undo.costume_id) == ("costume", removed.id, None)
    assert event_line(undo) == "Undo: put back in Aurora, Act III wedding"
    costume_side = db.session.scalars(
        select(Event).where(Event.costume_id == costume.id).order_by(Event.id.desc())
    ).all()
    assert event_line(costume_side[0]) == "Undo: ET-00001 put back"
    assert costume_side[0].undoes_id == costume_side[1].id  # the costume's "ET-00001 removed"


def refusal(event_id: int, who: User) -> str:
    with pytest.raises(UndoError) as refused:
        undo_event(event_id, who)
    db.session.rollback()
    return str(refused.value)


def test_each_refusal_says_why_and_changes_nothing(ctx):
    garment = racked_garment()
    change_status(garment, "in laundry", None, user())
    done = last_event(garment)
    count = db.session.scalar(select(db.func.count(Event.id)))
    assert refusal(done.id, user("admin")) == "Only the person who made this change can undo it."
    created = db.session.scalar(select(Event).where(Event.kind == "create"))
    assert "Only a status or location change" in refusal(created.id, user())
    assert refusal(99999, user()) == "There is no such change to undo."
    assert db.session.scalar(select(db.func.count(Event.id))) == count
    assert db.session.get(Garment, garment.id).status == "in laundry"


def test_an_old_change_cannot_be_undone(ctx):
    garment = racked_garment()
    change_status(garment, "in laundry", None, user())
    done = last_event(garment)
    done.occurred_at -= timedelta(minutes=UNDO_MINUTES + 1)
    db.session.commit()
    assert refusal(done.id, user()) == (
        f"This change is more than {UNDO_MINUTES} minutes old; it can no longer be undone."
    )


def test_a_change_followed_by_another_cannot_be_undone(ctx):
    garment = racked_garment()
    change_status(garment, "in laundry", None, user())
    first = last_event(garment)
    change_status(garment, "in repair", None, user("admin"))
    assert refusal(first.id, user()) == (
        "ET-00001 has changed since; this change can no longer be undone."
    )


def test_an_undo_happens_once_and_cannot_itself_be_undone(ctx):
    garment = racked_garment()
    change_status(garment, "in laundry", None, user())
    done = last_event(garment)
    undo = undo_event(done.id, user())
    assert refusal(done.id, user()) == "This change has already been undone."
    assert refusal(undo.id, user()) == (
        "An undo cannot itself be undone; make the change again instead."
    )
    assert db.session.scalar(select(db.func.count()).where(Event.undoes_id == done.id)) == 1


def undo_button(page: str) -> str | None:
    match = UNDO_FORM.search(page)
    return match.group(1) if match else None


def test_phone_action_flash_offers_undo_once_and_undo_works(app, as_wardrobe):
    with app.app_context():
        racked_garment()
    page = as_wardrobe.post(
        "/g/ET-00001/laundry", data={"version": "2"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "ET-00001: to laundry — recorded." in page
    action = undo_button(page)
    assert action is not None and re.search(r'name="next" value="/[gG]/ET-00001"', page)
    assert undo_button(as_wardrobe.get("/g/ET-00001").get_data(as_text=True)) is None
    response = as_wardrobe.post(action, data={"next": "/g/ET-00001"})
    assert response.status_code == 302 and response.headers["Location"] == "/g/ET-00001"
    page = as_wardrobe.get("/g/ET-00001").get_data(as_text=True)
    assert "Undone: ET-00001 is in stock again, at Paris · Rack A1." in page
    assert undo_button(page) is None  # the flash of an undo offers no undo
    with app.app_context():
        garment = db.session.get(Garment, 1)
        assert (garment.status, garment.location_id) == ("in stock", rack_id())
    again = as_wardrobe.post(action, data={"next": "/g/ET-00001"}, follow_redirects=True)
    assert "This change has already been undone." in again.get_data(as_text=True)


def test_undo_goes_back_only_within_the_app(app, as_wardrobe):
    with app.app_context():
        racked_garment()
    as_wardrobe.post("/garments/1/status", data={"status": "in repair", "version": "2"})
    with app.app_context():
        event_id = last_event(db.session.get(Garment, 1)).id
    response = as_wardrobe.post(f"/undo/{event_id}", data={"next": "https://evil.example/"})
    assert response.headers["Location"] == "/garments/1"


def test_garment_page_status_form_offers_undo(app, as_wardrobe):
    with app.app_context():
        racked_garment()
    page = as_wardrobe.post(
        "/garments/1/status",
        data={"status": "in repair", "location_id": "", "version": "2"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "ET-00001 is now in repair." in page and undo_button(page)


def test_an_undo_by_someone_else_is_refused(app, client, users):
    with app.app_context():
        racked_garment()
    login(client, "wardrobe")
    client.post("/g/ET-00001/laundry", data={"version": "2"})
    client.post("/logout")
    login(client, "admin")
    with app.app_context():
        event_id = last_event(db.session.get(Garment, 1)).id
    page = client.post(f"/undo/{event_id}", follow_redirects=True).get_data(as_text=True)
    assert "Only the person who made this change can undo it." in page
    with app.app_context():
        assert db.session.get(Garment, 1).status == "in laundry"


def test_remove_from_costume_is_confirmed_first_and_can_be_undone(app, as_wardrobe):
    with app.app_context():
        costume = make_costume()
        make_garment(costume_id=costume.id)
    costume_page = as_wardrobe.get("/costumes/1").get_data(as_text=True)
    assert 'href="/costumes/1/garments/1/remove"' in costume_page
    confirm = as_wardrobe.get("/costumes/1/garments/1/remove").get_data(as_text=True)
    assert "Remove ET-00001 from this costume?" in confirm
    assert 'method="post" action="/costumes/1/garments/1/remove"' in confirm
    with app.app_context():
        assert db.session.get(Garment, 1).costume_id == 1  # asking removes nothing
    page = as_wardrobe.post("/costumes/1/garments/1/remove", follow_redirects=True)
    page = page.get_data(as_text=True)
    assert "ET-00001 removed from this costume." in page
    with app.app_context():
        assert db.session.get(Garment, 1).costume_id is None
    page = as_wardrobe.post(undo_button(page), data={"next": "/costumes/1"}, follow_redirects=True)
    assert "Undone: ET-00001 is back in Aurora, Act III wedding." in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Garment, 1).costume_id == db.session.get(Costume, 1).id


def test_asking_to_remove_a_garment_not_in_the_costume(app, as_wardrobe):
    with app.app_context():
        make_costume()
        make_garment()
    page = as_wardrobe.get("/costumes/1/garments/1/remove", follow_redirects=True)
    assert "ET-00001 is not in this costume." in page.get_data(as_text=True)


def test_undo_needs_its_csrf_token(tmp_path):
    app = create_app(make_config(tmp_path, WTF_CSRF_ENABLED=True))
    with app.app_context():
        empty_schema()
        add_reference_lists()
        from costume_tracker.auth.services import save_user
        from tests.conftest import PASSWORD

        save_user("wardrobe@example.org", "wardrobe", PASSWORD)
        garment = racked_garment()
        change_status(garment, "in laundry", None, user())
        event_id = last_event(garment).id
    client = app.test_client()
    sign_in = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', sign_in).group(1)
    client.post(
        "/login",
        data={"email": "wardrobe@example.org", "password": PASSWORD, "csrf_token": token},
    )
    refused = client.post(f"/undo/{event_id}", data={"next": "/g/ET-00001"})
    assert refused.status_code == 400 and "form expired" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Garment, 1).status == "in laundry"
        db.engine.dispose()


@pytest.fixture
def floor(tmp_path):
    def fill():
        from costume_tracker.auth.services import save_user
        from tests.conftest import PASSWORD

        save_user("dresser@example.org", "wardrobe", PASSWORD, name="Noor")
        racked_garment(name="Lilac Fairy tutu", category="tutu")

    with serve(tmp_path, fill) as base:
        yield base


@pytest.mark.browser
def test_phone_to_laundry_then_undo_puts_it_back_on_its_rack(browser, floor):
    from playwright.sync_api import expect

    from tests.conftest import PASSWORD, PHONE

    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(floor + "/g/ET-00001")
    page.get_by_label("Email").fill("dresser@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="To laundry").click()
    page.get_by_role("button", name="Confirm: to laundry").click()
    expect(page.get_by_text("ET-00001: to laundry — recorded.")).to_be_visible()
    undo = page.get_by_role("button", name="Undo")
    assert undo.bounding_box()["height"] >= 44 and undo.bounding_box()["width"] >= 44
    undo.click()
    expect(
        page.get_by_text("Undone: ET-00001 is in stock again, at Paris · Rack A1.")
    ).to_be_visible()
    expect(page.locator(".scan-status")).to_contain_text("in stock")
    expect(page.locator(".scan-status")).to_contain_text("Rack A1")
    expect(page.get_by_role("button", name="Undo")).to_have_count(0)
    context.close()
