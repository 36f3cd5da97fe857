"""Fittings as iCalendar: feeds parsed back with icalendar, secret tokens, the calendar command."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from costume_tracker.auth.models import User
from costume_tracker.extensions import db
from costume_tracker.fittings.ics import create_feed
from costume_tracker.fittings.models import CalendarFeed, Fitting
from costume_tracker.fittings.services import cancel_fitting, record_outcome
from costume_tracker.i18n import times
from costume_tracker.lists.models import Site
from costume_tracker.people.models import Performer
from tests.conftest import login, site_id
from tests.test_fittings import SUMMER, WINTER, book, fitting_world


@pytest.fixture
def booked(app):
    """Three Paris fittings (one fitted by Claire, one cancelled, one done) and one in New York."""
    with app.app_context():
        world = fitting_world()
        claire = world["claire"]
        ines, lea, maya = world["ines"], world["lea"], world["maya"]
        summer = book(ines, "10:00", fitter=claire)
        book(ines, "11:00", fitting=summer, fitter=claire)  # moved: sequence 1
        winter = book(lea, "10:00", day=WINTER, room="Fitting room 1")
        cancel_fitting(winter, None)
        done = book(lea, "14:00", minutes=30, room="Fitting room 1")
        record_outcome(done, "Hem pinned", None)
        book(maya, "10:00")
        return {"claire": claire.id, "summer": summer.id, "winter": winter.id, "done": done.id}


def events(data: bytes) -> dict[str, object]:
    """The calendar's VEVENTs by UID."""
    calendar = Calendar.from_ical(data)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def feed_of(app, **where) -> str:
    with app.app_context():
        user = db.session.get(User, where["user"]) if "user" in where else None
        site = db.session.get(Site, site_id(where["site"])) if "site" in where else None
        return create_feed(user, site).token


@pytest.fixture(autouse=True)
def before_the_fittings(monkeypatch):
    """Today is 2027-01-01: every fitting of the fixture is ahead (the feed's window)."""
    monkeypatch.setattr(times, "now", lambda: datetime(2027, 1, 1, 9, tzinfo=UTC))


def test_a_site_feed_holds_the_sites_fittings_in_its_zone(app, client, booked):
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.role == "wardrobe"))
    token = feed_of(app, site="Paris", user=admin.id if admin else None)
    response = client.get(f"/calendar/{token}.ics")  # no session: the token is the key
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    found = events(response.data)
    assert set(found) == {f"fitting-{n}@costume-tracker.invalid" for n in (1, 2, 3)}
    summer = found["fitting-1@costume-tracker.invalid"]
    assert summer["DTSTART"].params["TZID"] == "Europe/Paris"
    assert summer.decoded("DTSTART") == datetime(2027, 7, 1, 9, tzinfo=UTC)  # 11:00 CEST
    assert summer.decoded("DTEND") - summer.decoded("DTSTART") == timedelta(minutes=45)
    assert str(summer["SUMMARY"]) == "Fitting: Inès Laurent — C-1"
    assert str(summer["LOCATION"]) == "Fitting room 2, Paris"
    assert "Fitter: Claire" in str(summer["DESCRIPTION"])
    assert "C-1 Aurora, Act III wedding" in str(summer["DESCRIPTION"])
    assert summer["SEQUENCE"] == 1 and str(summer["STATUS"]) == "CONFIRMED"
    assert "DTSTAMP" in summer
    winter = found["fitting-2@costume-tracker.invalid"]
    assert winter.decoded("DTSTART") == datetime(2027, 1, 14, 9, tzinfo=UTC)  # 10:00 CET
    assert str(winter["STATUS"]) == "CANCELLED" and winter["SEQUENCE"] == 1
    assert "Hem pinned" in str(found["fitting-3@costume-tracker.invalid"]["DESCRIPTION"])
    zones = [str(tz["TZID"]) for tz in Calendar.from_ical(response.data).walk("VTIMEZONE")]
    assert zones == ["Europe/Paris"]


def test_uids_use_the_public_address_and_stay_the_same(app, client, booked):
    app.config["PUBLIC_BASE_URL"] = "https://wardrobe.example.org"
    token = feed_of(app, site="Paris", user=booked["claire"])
    first = set(events(client.get(f"/calendar/{token}.ics").data))
    with app.app_context():
        fitting = db.session.get(Fitting, booked["summer"])
        book(fitting.performer, "12:00", fitting=fitting)
    again = events(client.get(f"/calendar/{token}.ics").data)
    assert first == set(again) and "fitting-1@wardrobe.example.org" in first
    assert again["fitting-1@wardrobe.example.org"]["SEQUENCE"] == 2


def test_a_users_feed_holds_the_fittings_they_fit(app, client, booked):
    token = feed_of(app, user=booked["claire"])
    assert set(events(client.get(f"/calendar/{token}.ics").data)) == {
        "fitting-1@costume-tracker.invalid"
    }


def test_a_feed_keeps_thirty_days_of_past_fittings(app, client, monkeypatch, booked):
    token = feed_of(app, site="Paris", user=booked["claire"])
    monkeypatch.setattr(times, "now", lambda: datetime(2027, 2, 20, tzinfo=UTC))
    found = events(client.get(f"/calendar/{token}.ics").data)
    assert "fitting-2@costume-tracker.invalid" not in found  # 14 Jan: over 30 days ago
    monkeypatch.setattr(times, "now", lambda: datetime(2027, 2, 10, tzinfo=UTC))
    assert "fitting-2@costume-tracker.invalid" in events(client.get(f"/calendar/{token}.ics").data)


def test_unknown_and_revoked_tokens_are_404(app, client, users, booked):
    assert client.get("/calendar/not-a-real-token.ics").status_code == 404
    login(client, "viewer")
    assert client.post("/calendar-feeds", data={"site_id": ""}).status_code == 302
    page = client.get("/calendar-feeds").get_data(as_text=True)
    url = re.search(r'value="(http://localhost/calendar/[^"]+\.ics)"', page).group(1)
    path = url.removeprefix("http://localhost")
    with app.app_context():
        feed = db.session.scalar(select(CalendarFeed))
        assert feed.user_id == users["viewer"] and len(feed.token) >= 43
    assert client.get(path).status_code == 200
    assert client.post(f"/calendar-feeds/{feed.id}/revoke").status_code == 302
    client.post("/logout")
    assert client.get(path).status_code == 404
    assert "No calendar feed yet" not in page


def test_feed_addresses_use_the_public_base_url(app, client, users):
    app.config["PUBLIC_BASE_URL"] = "https://wardrobe.example.org/"
    login(client, "viewer")
    client.post("/calendar-feeds", data={"site_id": ""})
    page = client.get("/calendar-feeds").get_data(as_text=True)
    assert re.search(r'value="https://wardrobe\.example\.org/calendar/[\w-]+\.ics"', page)


def test_only_wardrobe_makes_a_site_feed(app, client, users):
    paris = None
    with app.app_context():
        paris = site_id("Paris")
    login(client, "viewer")
    response = client.post("/calendar-feeds", data={"site_id": str(paris)})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(CalendarFeed)) is None
    client.post("/logout")
    login(client, "wardrobe")
    client.post("/calendar-feeds", data={"site_id": str(paris)})
    with app.app_context():
        assert db.session.scalar(select(CalendarFeed.site_id)) == paris


def test_someone_elses_feed_is_not_revoked(app, client, users):
    token = feed_of(app, user=users["wardrobe"])
    login(client, "viewer")
    with app.app_context():
        feed_id = db.session.scalar(select(CalendarFeed.id))
    client.post(f"/calendar-feeds/{feed_id}/revoke")
    assert client.get(f"/calendar/{token}.ics").status_code == 200
    client.post("/logout")
    login(client, "admin")
    client.post(f"/calendar-feeds/{feed_id}/revoke")
    assert client.get(f"/calendar/{token}.ics").status_code == 404


# --- The calendar command ----------------------------------------------------------------


def test_the_command_writes_a_valid_file(app, runner, booked, tmp_path):
    out = tmp_path / "paris.ics"
    result = runner.invoke(args=["calendar", "--site", "paris", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Wrote 3 fittings at Paris" in result.output
    found = events(out.read_bytes())
    assert len(found) == 3
    assert {e["DTSTART"].params["TZID"] for e in found.values()} == {"Europe/Paris"}
    assert not list(tmp_path.glob(".paris.ics.*"))  # no partial file left behind


def test_the_command_limits_to_since_and_until(app, runner, booked, tmp_path):
    out = tmp_path / "summer.ics"
    result = runner.invoke(
        args=[
            "calendar",
            "--site",
            "PAR",
            "--since",
            "2027-06-01",
            "--until",
            "2027-07-01",
            "--out",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    assert set(events(out.read_bytes())) == {
        "fitting-1@costume-tracker.invalid",
        "fitting-3@costume-tracker.invalid",
    }
    result = runner.invoke(args=["calendar", "--site", "New York", "--out", "-"])
    assert result.exit_code == 0
    assert len(events(result.stdout_bytes)) == 1


def test_an_unknown_site_lists_the_sites(app, runner, tmp_path):
    out = tmp_path / "x.ics"
    result = runner.invoke(args=["calendar", "--site", "Milan", "--out", str(out)])
    assert result.exit_code != 0
    assert "no site called 'Milan'" in result.output
    assert "New York (NYC), Paris (PAR)" in result.output
    assert not out.exists()


def test_a_bad_date_is_named(app, runner, tmp_path):
    result = runner.invoke(
        args=["calendar", "--site", "Paris", "--since", "1 June", "--out", str(tmp_path / "x.ics")]
    )
    assert result.exit_code != 0 and "'1 June' is not a date" in result.output


def test_a_winter_and_a_summer_fitting_keep_their_local_hour(app, runner, tmp_path):
    with app.app_context():
        world = fitting_world()
        book(world["ines"], "10:00", day=WINTER)
        book(world["ines"], "10:00", day=SUMMER)
        assert db.session.get(Performer, world["ines"].id)
    out = tmp_path / "p.ics"
    runner.invoke(args=["calendar", "--site", "Paris", "--out", str(out)])
    starts = sorted(e.decoded("DTSTART") for e in events(out.read_bytes()).values())
    assert [(s.hour, s.utcoffset()) for s in starts] == [
        (10, timedelta(hours=1)),
        (10, timedelta(hours=2)),
    ]
    assert all(s.date() in (WINTER, SUMMER) for s in starts) and date(2027, 1, 1) < starts[0].date()
