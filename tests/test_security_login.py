"""Password guessing is slowed down: failed sign-ins per email and per address, in the database."""

import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select
from werkzeug.security import check_password_hash

from costume_tracker import create_app
from costume_tracker.auth import models as auth_models
from costume_tracker.auth import services as auth_services
from costume_tracker.auth.models import SignInFailure, User
from costume_tracker.auth.services import save_user
from costume_tracker.extensions import db
from tests.conftest import PASSWORD, make_config, scratch_database
from tests.test_security_kill import ROOT, Session, free_port, kill

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


def start_gunicorn(url: str, port: int, workers: int = 4) -> subprocess.Popen:
    """The app under gunicorn (several worker processes, CSRF on) on one database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "DATABASE_"))}
    env.update(DATABASE_URL=url, SECRET_KEY="race-test", PUBLIC_BASE_URL="")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers",
         str(workers), "--threads", "4", "--log-level", "warning", "costume_tracker:create_app()"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2):
                return process
        except OSError:
            assert process.poll() is None, "gunicorn exited while starting"
            time.sleep(0.2)
    kill(process)
    pytest.fail("gunicorn did not start within 30 s")


def guess_at_once(base: str, guesses: int) -> list[tuple[int, str]]:
    """``guesses`` browsers, each with its own form token, send a wrong password together."""
    browsers = [Session(base) for _ in range(guesses)]
    for browser in browsers:
        status, page = browser.send("/login")
        assert status == 200
        browser.token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    start, answers = threading.Barrier(guesses), [None] * guesses

    def guess(n: int) -> None:
        start.wait()
        try:
            answers[n] = browsers[n].send("/login", {"email": EMAIL, "password": "wrong password"})
        except OSError as error:  # a timeout: reported by the assertions, not lost in a thread
            answers[n] = (0, repr(error))

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(guesses)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


def test_simultaneous_guesses_on_several_workers_check_at_most_the_limit(tmp_path):
    """100 wrong passwords for one email at once, on four gunicorn workers: 5 are checked."""
    with scratch_database(tmp_path) as url:
        app = create_app(make_config(tmp_path, SQLALCHEMY_DATABASE_URI=url))
        with app.app_context():
            db.create_all()
            save_user(EMAIL, "viewer", PASSWORD)
            limit = app.config["SIGN_IN_FAILURES_PER_EMAIL"]
            db.engine.dispose()
        port = free_port()
        server = start_gunicorn(url, port)
        try:
            answers = guess_at_once(f"http://127.0.0.1:{port}", 100)
        finally:
            kill(server)
        statuses = Counter(status for status, _body in answers)
        checked = [body for status, body in answers if status == 200]
        assert set(statuses) <= {200, 429}, statuses
        assert len(checked) == limit, statuses
        assert all("Email or password is wrong" in body for body in checked)
        assert statuses[429] == 100 - limit
        with app.app_context():
            assert failures(app) == limit
            db.engine.dispose()


class PasswordChecks:
    """Counts password-hash checks, and the hash methods they used, around the real function."""

    def __init__(self, monkeypatch):
        self.methods: list[str] = []
        for module in (auth_models, auth_services):
            monkeypatch.setattr(module, "check_password_hash", self.check)

    def check(self, pwhash: str, password: str) -> bool:
        self.methods.append(pwhash.split("$", 1)[0])
        return check_password_hash(pwhash, password)


@pytest.mark.parametrize(
    "email", ["nobody@example.org", "NOBODY@elsewhere.example", "disabled@example.org"]
)
def test_unknown_or_disabled_emails_cost_one_password_check_like_a_known_one(
    app, client, users, monkeypatch, email
):
    with app.app_context():
        save_user("disabled@example.org", "viewer", PASSWORD)[0].active = False
        db.session.commit()
        method = db.session.get(User, users["viewer"]).password_hash.split("$", 1)[0]
    checks = PasswordChecks(monkeypatch)
    sign_in(client, EMAIL, "wrong password")
    sign_in(client, email, "wrong password", address="192.0.2.11")
    assert checks.methods == [method, method]  # same method and work factor, once each


def test_an_unknown_email_takes_about_as_long_as_a_wrong_password(app, client, users):
    """Loose on purpose: the missing hash would make it many times faster, not a bit."""

    def median_seconds(email: str, address: str) -> float:
        times = []
        for _ in range(5):
            started = time.perf_counter()
            sign_in(client, email, "wrong password", address)
            times.append(time.perf_counter() - started)
            with app.app_context():
                db.session.execute(delete(SignInFailure))
                db.session.commit()
        return statistics.median(times)

    known = median_seconds(EMAIL, "192.0.2.20")
    unknown = median_seconds("nobody@example.org", "192.0.2.21")
    assert known / 3 < unknown < known * 3, (known, unknown)
