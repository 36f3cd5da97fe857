"""Password guessing is slowed down: failed sign-ins per email and per address, in the database."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from costume_tracker import create_app
from costume_tracker.auth.models import SignInFailure
from costume_tracker.extensions import db
from tests.conftest import PASSWORD, make_config

EMAIL = "viewer@example.org"


def sign_in(client, email=EMAIL, password=PASSWORD, address="192.0.2.10"):
    return client.post(
        "/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def fail(client, times: int, email=EMAIL, address="192.0.2.10") -> None:
    for _ in range(times):
        response = sign_in(client, email, "wrong password", address)
        assert response.status_code == 200
        assert "Email or password is wrong" in response.get_data(as_text=True)


def failures(app, email=EMAIL) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count()).select_from(SignInFailure).where(SignInFailure.email == email)
        )


def age_failures(app, minutes: int) -> None:
    """Pretend the failures happened ``minutes`` earlier."""
    with app.app_context():
        for failure in db.session.scalars(select(SignInFailure)):
            failure.failed_at -= timedelta(minutes=minutes)
        db.session.commit()


def test_five_failures_lock_the_email_even_with_the_right_password(app, client, users):
    fail(client, 5)
    response = sign_in(client)
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "Too many failed sign-ins for this email. Try again in 15 minutes" in page
    assert 850 <= int(response.headers["Retry-After"]) <= 900
    assert client.get("/garments").status_code == 302  # still signed out
    # The lock is per email: another user at the same address signs in.
    assert sign_in(client, "wardrobe@example.org").status_code == 302


def test_the_lock_lifts_when_the_window_passes(app, client, users):
    fail(client, 5)
    assert sign_in(client).status_code == 429
    age_failures(app, 10)
    response = sign_in(client)
    assert response.status_code == 429
    assert "Try again in 5 minutes" in response.get_data(as_text=True)
    age_failures(app, 6)
    assert sign_in(client).status_code == 302


def test_success_clears_the_emails_failures(app, client, users):
    fail(client, 4)
    assert failures(app) == 4
    assert sign_in(client).status_code == 302
    assert failures(app) == 0
    client.post("/logout")
    fail(client, 4)
    assert sign_in(client).status_code == 302


def test_many_emails_from_one_address_are_refused(app, client, users):
    for n in range(20):
        fail(client, 1, email=f"guess{n}@example.org", address="198.51.100.7")
    response = sign_in(client, address="198.51.100.7")
    assert response.status_code == 429
    assert "Too many failed sign-ins from here" in response.get_data(as_text=True)
    # Someone else, elsewhere, is not affected.
    assert sign_in(client, address="203.0.113.5").status_code == 302


def test_attempts_are_shared_by_every_server_process(app, tmp_path, users):
    """Two app instances on one database (as gunicorn workers) count the same failures."""
    other = create_app(make_config(tmp_path))
    fail(app.test_client(), 3)
    fail(other.test_client(), 2)
    assert sign_in(other.test_client()).status_code == 429
    assert sign_in(app.test_client()).status_code == 429
    with other.app_context():
        db.engine.dispose()


def test_resetting_the_password_opens_sign_in_again(app, client, users, runner):
    fail(client, 5)
    assert sign_in(client).status_code == 429
    result = runner.invoke(
        args=["create-user", EMAIL, "--role", "viewer", "--password-stdin"],
        input="a brand new password\n",
    )
    assert result.exit_code == 0, result.output
    assert sign_in(client, password="a brand new password").status_code == 302


def test_admin_resetting_a_password_clears_the_lock(app, client, users):
    fail(client, 5, address="192.0.2.99")
    assert sign_in(client, address="192.0.2.99").status_code == 429
    assert sign_in(client, "admin@example.org").status_code == 302
    response = client.post(
        f"/users/{users['viewer']}/edit",
        data={"email": EMAIL, "name": "Viewer", "role": "viewer", "active": "y",
              "password": "another long password"},
    )  # fmt: skip
    assert response.status_code == 302
    assert failures(app) == 0


def test_old_failures_are_pruned(app, client, users):
    fail(client, 3, email="someone@example.org")
    age_failures(app, 60)
    fail(client, 1)
    with app.app_context():
        emails = db.session.scalars(select(SignInFailure.email)).all()
    assert emails == [EMAIL]


def test_forwarded_address_is_ignored_without_a_trusted_proxy(app, client, users):
    """Nobody dodges the address limit by inventing X-Forwarded-For."""
    for n in range(20):
        client.post(
            "/login",
            data={"email": f"guess{n}@example.org", "password": "wrong password"},
            headers={"X-Forwarded-For": f"10.9.0.{n}"},
            environ_base={"REMOTE_ADDR": "198.51.100.7"},
        )
    response = sign_in(client, address="198.51.100.7")
    assert response.status_code == 429


def test_behind_a_trusted_proxy_the_clients_address_counts(tmp_path, users):
    app = create_app(make_config(tmp_path, PROXY_HOPS="1"))
    client = app.test_client()
    for n in range(20):
        client.post(
            "/login",
            data={"email": f"guess{n}@example.org", "password": "wrong password"},
            headers={"X-Forwarded-For": "203.0.113.66"},
            environ_base={"REMOTE_ADDR": "10.0.0.1"},
        )
    with app.app_context():
        addresses = set(db.session.scalars(select(SignInFailure.address)))
    assert addresses == {"203.0.113.66"}
    # Another client through the same proxy still signs in.
    response = client.post(
        "/login",
        data={"email": EMAIL, "password": PASSWORD},
        headers={"X-Forwarded-For": "203.0.113.5"},
        environ_base={"REMOTE_ADDR": "10.0.0.1"},
    )
    assert response.status_code == 302
    with app.app_context():
        db.engine.dispose()


def test_a_proxy_count_that_is_not_a_number_is_named(tmp_path):
    with pytest.raises(ValueError, match="PROXY_HOPS must be a whole number of proxies"):
        create_app(make_config(tmp_path, PROXY_HOPS="two"))
