"""Local time: each viewer reads times in their zone, due dates flip at the site's midnight."""

from datetime import UTC, date, datetime, timedelta

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from costume_tracker import create_app
from costume_tracker.assignments.services import assign_costume, overdue_select
from costume_tracker.auth.models import User
from costume_tracker.catalog.workflow import change_status
from costume_tracker.extensions import db
from costume_tracker.i18n import times
from costume_tracker.lists.models import Site
from tests.conftest import (
    login,
    make_config,
    make_costume,
    make_garment,
    make_performer,
    scratch_database,
    site_id,
)

WINTER = datetime(2026, 12, 2, 13, 5, tzinfo=UTC)  # 14:05 in Paris, 08:05 in New York
SUMMER = datetime(2026, 7, 14, 12, 30, tzinfo=UTC)  # 14:30 in Paris, 08:30 in New York


@pytest.fixture
def zoned(app, users):
    """Paris and New York with their zones; the wardrobe user works in Paris, the viewer in NY."""
    with app.app_context():
        db.session.get(Site, site_id("Paris")).timezone = "Europe/Paris"
        db.session.get(Site, site_id("New York")).timezone = "America/New_York"
        db.session.get(User, users["wardrobe"]).site_id = site_id("Paris")
        db.session.get(User, users["viewer"]).site_id = site_id("New York")
        db.session.commit()
    return app


def account_page(client, **headers) -> str:
    return client.get("/account", headers=headers).get_data(as_text=True)


def test_the_account_page_shows_now_in_the_viewers_zone(zoned, client, monkeypatch):
    monkeypatch.setattr(times, "now", lambda: WINTER)
    login(client, "wardrobe")
    assert "2 Dec 2026 14:05 CET" in account_page(client)
    client.post("/logout")
    login(client, "viewer")
    assert "2 Dec 2026 08:05 EST" in account_page(client)


def test_summer_time_has_its_own_abbreviation(zoned, client, monkeypatch):
    monkeypatch.setattr(times, "now", lambda: SUMMER)
    login(client, "wardrobe")
    assert "14 Jul 2026 14:30 CEST" in account_page(client)
    client.post("/logout")
    login(client, "viewer")
    assert "14 Jul 2026 08:30 EDT" in account_page(client)


def test_a_french_page_writes_french_dates(zoned, client, monkeypatch):
    monkeypatch.setattr(times, "now", lambda: WINTER)
    login(client, "wardrobe")
    assert "2 déc. 2026 14:05 CET" in account_page(client, **{"Accept-Language": "fr"})


def test_a_users_own_zone_wins_over_their_sites(zoned, client, monkeypatch):
    monkeypatch.setattr(times, "now", lambda: WINTER)
    with zoned.app_context():
        db.session.scalar(db.select(User).where(User.role == "wardrobe")).timezone = "Asia/Tokyo"
        db.session.commit()
    login(client, "wardrobe")
    assert "2 Dec 2026 22:05 JST" in account_page(client)


def test_without_site_or_zone_times_are_in_the_default_zone(app, users, client, monkeypatch):
    monkeypatch.setattr(times, "now", lambda: WINTER)
    login(client, "admin")
    assert "2 Dec 2026 13:05 UTC" in account_page(client)


def test_day_start_is_local_midnight_in_utc():
    paris = times.zone("Europe/Paris")
    assert times.day_start(date(2026, 12, 2), paris) == datetime(2026, 12, 1, 23, tzinfo=UTC)
    assert times.day_start(date(2026, 7, 14), "America/New_York") == datetime(
        2026, 7, 14, 4, tzinfo=UTC
    )
    late_evening = datetime(2026, 12, 2, 23, 30, tzinfo=UTC)
    assert times.local_today(paris, late_evening) == date(2026, 12, 3)
    assert times.local_today("America/New_York", late_evening) == date(2026, 12, 2)


# Account settings -------------------------------------------------------------------------


def settings(**changes) -> dict:
    base = {"name": "Wardrobe", "unit": "cm", "locale": "", "timezone": "", "csv_dialect": "en"}
    return {**base, **changes}


def test_account_settings_are_saved_as_codes(zoned, client):
    login(client, "wardrobe")
    form = settings(locale="fr", timezone="America/New_York", csv_dialect="fr", unit="in")
    response = client.post("/account", data=form, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Compte enregistré." in page  # said in the language just chosen
    assert '<html lang="fr"' in page
    with zoned.app_context():
        user = db.session.scalar(db.select(User).where(User.role == "wardrobe"))
        assert (user.locale, user.timezone, user.csv_dialect, user.unit) == (
            "fr",
            "America/New_York",
            "fr",
            "in",
        )


def test_the_account_page_offers_the_settings(zoned, client):
    login(client, "wardrobe")
    page = account_page(client)
    assert "as my browser says" in page and "Français" in page
    assert "my site&#39;s (Paris: Europe/Paris)" in page
    assert '<option value="Asia/Tokyo">' in page
    assert "French spreadsheet (semicolon, decimal comma, French headers)" in page


def test_an_unknown_zone_is_refused_by_name(zoned, client):
    login(client, "wardrobe")
    response = client.post("/account", data=settings(timezone="Mars/Olympus_Mons"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "“Mars/Olympus_Mons” is not a time zone this app knows." in page
    with zoned.app_context():
        user = db.session.scalar(db.select(User).where(User.role == "wardrobe"))
        assert user.timezone == ""


def test_an_unknown_language_is_refused(zoned, client):
    login(client, "wardrobe")
    page = client.post("/account", data=settings(locale="de")).get_data(as_text=True)
    assert "Not a valid choice" in page


def test_admin_gives_a_user_a_home_site_and_zone(zoned, client, users):
    login(client, "admin")
    data = {
        "email": "viewer@example.org",
        "name": "Viewer",
        "role": "viewer",
        "site_id": site_id_in(zoned, "Paris"),
        "timezone": "Europe/London",
        "active": "y",
    }
    response = client.post(f"/users/{users['viewer']}/edit", data=data)
    assert response.status_code == 302
    with zoned.app_context():
        viewer = db.session.get(User, users["viewer"])
        assert (viewer.site.name, viewer.timezone, viewer.zone_name) == (
            "Paris",
            "Europe/London",
            "Europe/London",
        )
    refused = client.post(f"/users/{users['viewer']}/edit", data={**data, "timezone": "Paris"})
    assert "“Paris” is not a time zone this app knows." in refused.get_data(as_text=True)


def test_admin_changes_a_sites_zone(zoned, client):
    login(client, "admin")
    paris = site_id_in(zoned, "Paris")
    data = {"name": "Paris", "code": "PAR", "company": "Le Ballet National"}
    response = client.post(
        f"/lists/sites/{paris}/edit", data={**data, "timezone": "Europe/Brussels"}
    )
    assert response.status_code == 302
    with zoned.app_context():
        assert db.session.get(Site, paris).timezone == "Europe/Brussels"
    refused = client.post(
        f"/lists/sites/{paris}/edit",
        data={**data, "timezone": "Europe/Atlantis"},
        follow_redirects=True,
    )
    assert "“Europe/Atlantis” is not a time zone this app knows." in refused.get_data(as_text=True)
    with zoned.app_context():
        assert db.session.get(Site, paris).timezone == "Europe/Brussels"


def test_a_new_site_gets_its_zone(zoned, client):
    login(client, "admin")
    client.post(
        "/lists/sites/new",
        data={"name": "London", "code": "LON", "company": "RBL", "timezone": "Europe/London"},
    )
    with zoned.app_context():
        assert db.session.scalar(db.select(Site.timezone).where(Site.code == "LON")) == (
            "Europe/London"
        )
    assert "time zone Europe/London" in client.get("/lists").get_data(as_text=True)


def site_id_in(app, name: str) -> int:
    with app.app_context():
        return site_id(name)


# The migration ----------------------------------------------------------------------------


def test_the_migration_gives_paris_and_new_york_their_zones(tmp_path):
    with scratch_database(tmp_path) as url:
        app = create_app(make_config(tmp_path, SQLALCHEMY_DATABASE_URI=url))
        with app.app_context():
            upgrade(revision="3aa1d7d80ee7")
            with db.engine.begin() as connection:
                for name, code in (("Paris", "PAR"), ("New York", "NYC"), ("Lyon", "LYS")):
                    connection.execute(
                        text("INSERT INTO site (name, code, company) VALUES (:n, :c, '')"),
                        {"n": name, "c": code},
                    )
            upgrade(revision="7f3b2c1d9e01")
            with db.engine.connect() as connection:
                zones = dict(connection.execute(text("SELECT name, timezone FROM site")).all())
            db.engine.dispose()
    assert zones == {"Paris": "Europe/Paris", "New York": "America/New_York", "Lyon": "UTC"}


# Due dates and date filters ----------------------------------------------------------------


def _assign_due(performer_name: str, site: str, costume_name: str, due: date):
    performer = make_performer(performer_name, company_site_id=site_id(site))
    costume = make_costume(costume_name)
    return assign_costume(costume, performer, None, starts_on=date(2026, 11, 30), due_on=due)


def test_overdue_flips_at_each_sites_local_midnight(zoned, client, monkeypatch):
    with zoned.app_context():
        _assign_due("Inès Laurent", "Paris", "Aurora, Act III wedding", date(2026, 12, 2))
        _assign_due("Maya Chen", "New York", "Clara, Act I", date(2026, 12, 2))

        def late(at):
            return [a.performer.name for a in db.session.scalars(overdue_select(at))]

        before_paris_midnight = datetime(2026, 12, 2, 22, 59, tzinfo=UTC)
        paris_midnight = datetime(2026, 12, 2, 23, 0, tzinfo=UTC)
        new_york_midnight = datetime(2026, 12, 3, 5, 0, tzinfo=UTC)
        assert late(before_paris_midnight) == []
        assert late(paris_midnight) == ["Inès Laurent"]
        assert sorted(late(new_york_midnight)) == ["Inès Laurent", "Maya Chen"]
        ines = db.session.scalar(overdue_select(paris_midnight))
        assert not ines.is_overdue(before_paris_midnight) and ines.is_overdue(paris_midnight)
        assert ines.days_late(new_york_midnight) == 1

    monkeypatch.setattr(times, "now", lambda: datetime(2026, 12, 2, 23, 30, tzinfo=UTC))
    login(client, "wardrobe")
    page = client.get("/overdue").get_data(as_text=True)
    assert "Inès Laurent" in page and "Maya Chen" not in page


def test_a_since_filter_is_read_in_the_viewers_zone(zoned, client):
    # 00:30 on 2 December in Paris is still 1 December in New York (18:30).
    with zoned.app_context():
        shirt = make_garment(name="Laundry shirt", category="shirt")
        change_status(shirt, "in laundry", None, None)
        shirt.status_since = datetime(2026, 12, 1, 23, 30, tzinfo=UTC)
        db.session.commit()
    login(client, "wardrobe")  # Paris
    assert "Laundry shirt" in client.get("/where?since=2026-12-02").get_data(as_text=True)
    report = client.get("/reports/out?since=2026-12-02").get_data(as_text=True)
    assert "Laundry shirt" in report
    client.post("/logout")
    login(client, "viewer")  # New York
    assert "Laundry shirt" not in client.get("/where?since=2026-12-02").get_data(as_text=True)
    assert "Laundry shirt" in client.get("/where?since=2026-12-01").get_data(as_text=True)


# Numbers and durations in the reader's language ---------------------------------------------


def test_a_french_page_writes_a_decimal_comma_and_counts_days_in_french(zoned, client):
    with zoned.app_context():
        garment = make_garment(name="Wedding bodice", waist_cm=61.5)
        change_status(garment, "in laundry", None, None)
        garment.status_since = times.now() - timedelta(days=3, hours=2)
        db.session.commit()
        garment_id = garment.id
    login(client, "wardrobe")
    french = {"Accept-Language": "fr"}
    assert "61,5 cm" in client.get(f"/garments/{garment_id}", headers=french).get_data(as_text=True)
    assert "61.5 cm" in client.get(f"/garments/{garment_id}").get_data(as_text=True)
    assert "3 jours" in client.get("/where", headers=french).get_data(as_text=True)
    assert "3 days" in client.get("/where").get_data(as_text=True)


@pytest.mark.parametrize(
    "url", ["/where?since=0001-01-01", "/reports/history?since=0001-01-01&until=9999-12-31"]
)
def test_the_first_and_last_days_of_the_calendar_are_filters_too(zoned, client, url):
    login(client, "wardrobe")  # Paris: midnight of 1 January of year 1 is before any UTC time
    assert client.get(url).status_code == 200


def test_the_users_list_shows_each_home_site_and_zone(zoned, client):
    login(client, "admin")
    page = client.get("/users").get_data(as_text=True)
    assert 'Paris <small class="muted">Europe/Paris</small>' in page
    assert 'New York <small class="muted">America/New_York</small>' in page
