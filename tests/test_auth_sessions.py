"""Sessions per device: signing out, a new password or an admin ends them for good."""

import hashlib
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from costume_tracker import create_app
from costume_tracker.auth.models import User, UserSession
from costume_tracker.extensions import db
from tests.conftest import PASSWORD, empty_schema, make_config

NEW_PASSWORD = "tulle and net layers"
COOKIES = ("session", "remember_token")


def sign_in(app, role="viewer", password=PASSWORD, remember=True):
    """A new device (test client) signed in as the user of that role."""
    device = app.test_client()
    data = {"email": f"{role}@example.org", "password": password}
    if remember:
        data["remember"] = "y"
    response = device.post("/login", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return device


def copy_of(app, device, names=COOKIES):
    """Another browser holding copies of the device's cookies (as a thief would)."""
    thief = app.test_client()
    for name in names:
        cookie = device.get_cookie(name)
        if cookie is not None:
            thief.set_cookie(name, cookie.value)
    return thief


def signed_in(device) -> bool:
    response = device.get("/garments")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def live_sessions(app, user_id) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count())
            .select_from(UserSession)
            .where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))
        )


@pytest.mark.parametrize("cookies", [("session",), ("remember_token",), COOKIES])
def test_a_copied_cookie_stops_working_after_signing_out(app, users, cookies):
    device = sign_in(app)
    before = copy_of(app, device, cookies)
    assert signed_in(before)  # the copy works while the session lives
    assert device.post("/logout").status_code == 302
    assert not signed_in(device)
    assert not signed_in(before)
    assert not signed_in(copy_of(app, device, cookies))
    assert live_sessions(app, users["viewer"]) == 0


def test_signing_out_one_device_leaves_the_others_signed_in(app, users):
    laptop, phone = sign_in(app), sign_in(app)
    laptop.post("/logout")
    assert not signed_in(laptop)
    assert signed_in(phone)


def test_cookies_hold_a_session_key_not_the_user_id(app, users):
    """A cookie forged from a user id, as the sign-in cookies once held, signs no one in."""
    serializer = app.session_interface.get_signing_serializer(app)
    forged = app.test_client()
    forged.set_cookie(
        "session", serializer.dumps({"_user_id": str(users["admin"]), "_fresh": True})
    )
    assert not signed_in(forged)
    device = sign_in(app)
    cookie = device.get_cookie("session").value
    key = serializer.loads(cookie)["_user_id"]
    assert key != str(users["viewer"]) and len(key) >= 40
    with app.app_context():
        stored = db.session.scalars(select(UserSession.key_hash)).all()
    assert stored == [hashlib.sha256(key.encode()).hexdigest()]  # only a hash of it is kept


def test_changing_ones_password_needs_the_current_one_and_ends_other_devices(app, users):
    here, elsewhere = sign_in(app), sign_in(app)
    remembered = copy_of(app, elsewhere, ("remember_token",))
    response = here.post(
        "/account",
        data={"name": "Viewer", "unit": "cm", "current_password": PASSWORD,
              "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )  # fmt: skip
    assert response.status_code == 302
    assert "other devices are signed out" in here.get("/account").get_data(as_text=True)
    assert signed_in(here)
    assert not signed_in(elsewhere) and not signed_in(remembered)
    assert live_sessions(app, users["viewer"]) == 1
    sign_in(app, password=NEW_PASSWORD)


@pytest.mark.parametrize(
    ("current", "message"),
    [
        ("", "Enter your current password to set a new one."),
        ("not my password", "The current password is wrong."),
        (PASSWORD.upper(), "The current password is wrong."),
    ],
)
def test_a_wrong_current_password_saves_nothing(app, users, current, message):
    device, other = sign_in(app), sign_in(app)
    response = device.post(
        "/account",
        data={"name": "Renamed", "unit": "in", "current_password": current,
              "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )  # fmt: skip
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"Current password: {message}" in page  # next to its field
    with app.app_context():
        user = db.session.get(User, users["viewer"])
        assert user.check_password(PASSWORD) and user.name == "Viewer" and user.unit == "cm"
    assert signed_in(other)


def test_saving_name_and_unit_needs_no_password(app, users):
    device = sign_in(app)
    response = device.post("/account", data={"name": "Vee", "unit": "in"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, users["viewer"]).unit == "in"


def test_account_lists_devices_and_signs_out_the_others(app, users):
    laptop = sign_in(app)
    phone = app.test_client()
    phone.post(
        "/login",
        data={"email": "viewer@example.org", "password": PASSWORD},
        headers={"User-Agent": "Mozilla/5.0 (iPhone) Mobile Safari"},
    )
    page = laptop.get("/account").get_data(as_text=True)
    assert "Signed-in devices" in page and "iPhone" in page and "(this device)" in page
    assert "Sign out other devices" in page
    response = laptop.post("/account/sessions/end")
    assert response.status_code == 302
    assert "Signed out 1 other device." in laptop.get("/account").get_data(as_text=True)
    assert signed_in(laptop) and not signed_in(phone)
    assert "Sign out other devices" not in laptop.get("/account").get_data(as_text=True)


def test_admin_resetting_a_password_signs_the_user_out_everywhere(app, users):
    viewer, admin = sign_in(app), sign_in(app, "admin")
    response = admin.post(
        f"/users/{users['viewer']}/edit",
        data={"email": "viewer@example.org", "name": "Viewer", "role": "viewer",
              "active": "y", "password": NEW_PASSWORD},
    )  # fmt: skip
    assert response.status_code == 302
    assert not signed_in(viewer) and signed_in(admin)


def test_admin_resetting_their_own_password_stays_signed_in_here_only(app, users):
    admin, other = sign_in(app, "admin"), sign_in(app, "admin")
    response = admin.post(
        f"/users/{users['admin']}/edit",
        data={"email": "admin@example.org", "name": "Admin", "role": "admin",
              "active": "y", "password": NEW_PASSWORD},
    )  # fmt: skip
    assert response.status_code == 302
    assert signed_in(admin) and not signed_in(other)


def test_editing_a_user_without_a_new_password_keeps_their_sessions(app, users):
    viewer, admin = sign_in(app), sign_in(app, "admin")
    admin.post(
        f"/users/{users['viewer']}/edit",
        data={"email": "viewer@example.org", "name": "V", "role": "viewer", "active": "y"},
    )
    assert signed_in(viewer)


def test_disabling_a_user_signs_them_out_for_good(app, users):
    viewer, admin = sign_in(app), sign_in(app, "admin")
    edit = {"email": "viewer@example.org", "name": "Viewer", "role": "viewer"}
    admin.post(f"/users/{users['viewer']}/edit", data=edit)  # no "active": disabled
    assert not signed_in(viewer)
    admin.post(f"/users/{users['viewer']}/edit", data={**edit, "active": "y"})
    assert not signed_in(viewer)  # enabling again does not revive the old session


def test_create_user_resetting_a_password_ends_every_session(app, users, runner):
    viewer = sign_in(app)
    result = runner.invoke(
        args=["create-user", "viewer@example.org", "--role", "viewer", "--password-stdin"],
        input=NEW_PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "signed them out everywhere" in result.output
    assert not signed_in(viewer)


def test_admin_ends_all_sessions_of_a_user_after_confirming(app, users):
    laptop, phone, admin = sign_in(app), sign_in(app), sign_in(app, "admin")
    page = admin.get("/users").get_data(as_text=True)
    action = f'action="/users/{users["viewer"]}/sessions/end"'
    assert action in page and "End all sessions" in page
    confirm = admin.post(f"/users/{users['viewer']}/sessions/end")
    text = confirm.get_data(as_text=True)
    assert confirm.status_code == 200 and "End every session of viewer@example.org?" in text
    assert 'name="confirmed" value="yes"' in text
    assert signed_in(laptop) and signed_in(phone)  # nothing ended before confirming
    done = admin.post(f"/users/{users['viewer']}/sessions/end", data={"confirmed": "yes"})
    assert done.status_code == 302
    assert "Ended 2 sessions of viewer@example.org." in admin.get("/users").get_data(as_text=True)
    assert not signed_in(laptop) and not signed_in(phone) and signed_in(admin)
    sign_in(app)  # the password still works


def test_admin_ending_their_own_sessions_keeps_this_device(app, users):
    admin, other = sign_in(app, "admin"), sign_in(app, "admin")
    admin.post(f"/users/{users['admin']}/sessions/end", data={"confirmed": "yes"})
    assert signed_in(admin) and not signed_in(other)


def test_only_admins_end_sessions_and_only_by_post(app, users):
    wardrobe, viewer = sign_in(app, "wardrobe"), sign_in(app)
    url = f"/users/{users['viewer']}/sessions/end"
    assert wardrobe.post(url, data={"confirmed": "yes"}).status_code == 403
    assert sign_in(app, "admin").get(url).status_code == 405
    assert signed_in(viewer)


def test_ending_sessions_needs_the_form_token(tmp_path):
    app = create_app(make_config(tmp_path, WTF_CSRF_ENABLED=True))
    with app.app_context():
        empty_schema()
        from costume_tracker.auth.services import save_user

        viewer = save_user("viewer@example.org", "viewer", PASSWORD)[0].id
    device = app.test_client()
    page = device.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    device.post(
        "/login", data={"email": "viewer@example.org", "password": PASSWORD, "csrf_token": token}
    )
    assert signed_in(device)
    assert device.post("/account/sessions/end").status_code == 400
    assert device.post(f"/users/{viewer}/sessions/end").status_code in (400, 403)
    with app.app_context():
        db.engine.dispose()


def test_last_seen_is_written_every_few_minutes_and_idle_sessions_end(app, users):
    device = sign_in(app)

    def age(**delta):
        with app.app_context():
            row = db.session.scalar(select(UserSession))
            row.last_seen_at -= timedelta(**delta)
            db.session.commit()
            return row.last_seen_at

    aged = age(minutes=2)
    assert signed_in(device)
    with app.app_context():
        assert db.session.scalar(select(UserSession.last_seen_at)) == aged  # no write per request
    age(minutes=10)
    assert signed_in(device)
    with app.app_context():
        seen = db.session.scalar(select(UserSession.last_seen_at))
    assert seen > aged
    age(days=31)  # longer than a remember-me cookie lives
    assert not signed_in(device)


def test_signing_in_again_on_a_device_ends_its_previous_session(app, users):
    device = sign_in(app)
    old = copy_of(app, device)
    device.post("/login", data={"email": "viewer@example.org", "password": PASSWORD})
    assert signed_in(device) and not signed_in(old)
    assert live_sessions(app, users["viewer"]) == 1
