"""Password rules after NIST SP 800-63B, at every place a password is set."""

import pytest

from costume_tracker.auth.models import User
from costume_tracker.auth.passwords import PasswordError, check_password_rules
from costume_tracker.auth.services import find_user
from costume_tracker.extensions import db
from tests.conftest import PASSWORD

EMAIL, NAME = "noor.haddad@example.org", "Noor Haddad"

# (password, part of the reason given); classes NIST says to refuse.
WEAK = [
    ("short", "at least 10 characters"),
    ("nine char", "at least 10 characters"),
    ("aaaaaaaaaa", "one character repeated"),
    ("zzzzzzzzzzzzzzzzzzzzzzzz", "one character repeated"),
    ("1111111111", "one character repeated"),
    ("password123", "very common password"),
    ("1234567890", "common password"),
    ("qwertyuiop", "common password"),
    ("1q2w3e4r5t", "common password"),
    ("qwerty12345", "common password"),
    ("iloveyou12", "similar to a commonly used password"),
    ("P@ssw0rd123", "similar to a commonly used password"),
    ("Summer2024!", "similar to a commonly used password"),
    ("abcdefghij", "Sequences"),
    ("0123456789", "Sequences"),
    ("abcabcabcabc", "Repeats"),
    ("noor.haddad@example.org", "your email address"),
    ("NOOR.HADDAD@EXAMPLE.ORG", "your email address"),
    ("noor.haddad", "your email address"),
    ("noorhaddad", "built from your email or name"),
    ("NoorHaddad1", "built from your email or name"),
    ("haddad2024!", "built from your email or name"),
    ("noorhaddad1", "built from your email or name"),
    ("Noor Haddad 2024", "built from your email or name"),
    ("example.org123", "built from your email or name"),
    ("x" * 100 + "y", "Repeats"),
    ("x" * 257, "at most 256 characters"),
]
STRONG = [
    PASSWORD,
    "tulle and net layers",
    "velvet tutu rack",
    "a long password",
    "Xk3-pq9z-Lm2",
    "gT7#vQ2!mZ9w",
    "rehearsal wear in laundry",
    "un tutu romantique à Paris",
    "Noor Haddad sews thirteen layers of net",  # her name, and much more
]


@pytest.mark.parametrize(("password", "reason"), WEAK)
def test_weak_passwords_are_refused_with_the_reason(password, reason):
    with pytest.raises(PasswordError, match=reason):
        check_password_rules(password, EMAIL, NAME)


@pytest.mark.parametrize("password", STRONG)
def test_reasonable_passphrases_are_accepted(password):
    check_password_rules(password, EMAIL, NAME)


def test_no_composition_rules():
    """Lower-case words only, no digits or symbols: fine when long and uncommon."""
    check_password_rules("wardrobe mistress keeps the keys", EMAIL, NAME)


WEAK_SAMPLE = ["password123", "aaaaaaaaaa", "qwertyuiop", "viewer@example.org", "viewerviewer1"]


@pytest.mark.parametrize("password", WEAK_SAMPLE)
def test_create_user_prints_the_reason_and_saves_nothing(app, runner, users, password):
    result = runner.invoke(
        args=["create-user", "viewer@example.org", "--role", "admin", "--password-stdin"],
        input=password + "\n",
    )
    assert result.exit_code == 1
    assert result.output.startswith("Error: Password ")
    assert len(result.output.strip().splitlines()) == 1
    with app.app_context():
        user = db.session.get(User, users["viewer"])
        assert user.role == "viewer" and user.check_password(PASSWORD)


@pytest.mark.parametrize("password", WEAK_SAMPLE)
def test_admin_sees_the_reason_next_to_the_password(app, as_admin, users, password):
    response = as_admin.post(
        f"/users/{users['viewer']}/edit",
        data={"email": "viewer@example.org", "name": "Viewer", "role": "wardrobe",
              "active": "y", "password": password},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Password: Password " in response.get_data(as_text=True)
    with app.app_context():
        user = db.session.get(User, users["viewer"])
        assert user.role == "viewer" and user.check_password(PASSWORD)


@pytest.mark.parametrize(
    "password", ["password123", "aaaaaaaaaa", "dresser@example.org", "dresser", "Dresser2024"]
)
def test_a_new_user_with_a_weak_password_is_not_created(app, as_admin, password):
    response = as_admin.post(
        "/users/new",
        data={"email": "dresser@example.org", "name": "Dresser", "role": "viewer",
              "active": "y", "password": password},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Password: Password " in response.get_data(as_text=True)
    with app.app_context():
        assert find_user("dresser@example.org") is None


def test_a_new_user_needs_a_password(app, as_admin):
    response = as_admin.post(
        "/users/new", data={"email": "dresser@example.org", "role": "viewer", "active": "y"}
    )
    assert "Password: A new user needs a password." in response.get_data(as_text=True)


@pytest.mark.parametrize("password", WEAK_SAMPLE)
def test_own_new_password_follows_the_rules(app, as_viewer, users, password):
    response = as_viewer.post(
        "/account",
        data={"name": "Renamed", "unit": "cm", "current_password": PASSWORD,
              "password": password, "confirm": password},
    )  # fmt: skip
    assert response.status_code == 200
    assert "New password: Password " in response.get_data(as_text=True)
    with app.app_context():
        user = db.session.get(User, users["viewer"])
        assert user.check_password(PASSWORD) and user.name == "Viewer"


def test_the_demo_admin_password_passes_the_rules(app):
    """seed-demo makes a random admin password; every one it makes is accepted."""
    from costume_tracker.demo.seed import _ensure_admin

    with app.app_context():
        for _ in range(20):
            admin, password = _ensure_admin()
            check_password_rules(password, admin.email, admin.name)
            db.session.rollback()
