"""Sign-in, safe redirects, roles, CSRF and user management."""

import os
import subprocess
import sys

import pytest

from costume_tracker import create_app
from costume_tracker.auth.models import User
from costume_tracker.extensions import db
from tests.conftest import PASSWORD, empty_schema, login, make_config, make_garment


@pytest.mark.parametrize(
    "path",
    ["/", "/garments", "/costumes", "/performers", "/lists", "/g/ET-00001", "/users", "/account"],
)
def test_signed_out_users_are_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_sign_in_returns_to_the_page_asked_for(client, users):
    response = client.get("/garments?category=tutu")
    next_url = response.headers["Location"].split("next=")[1]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'name="next"' in page
    response = client.post(
        "/login",
        data={
            "email": "viewer@example.org",
            "password": PASSWORD,
            "next": "/garments?category=tutu",
        },
    )
    assert response.headers["Location"] == "/garments?category=tutu"
    assert next_url


@pytest.mark.parametrize(
    "evil",
    [
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
    ],
)
def test_sign_in_refuses_off_site_next(client, users, evil):
    response = client.post(
        "/login", data={"email": "viewer@example.org", "password": PASSWORD, "next": evil}
    )
    assert response.headers["Location"] == "/"


def test_wrong_password_and_disabled_account_are_refused(app, client, users):
    response = client.post("/login", data={"email": "viewer@example.org", "password": "nope"})
    assert "Email or password is wrong" in response.get_data(as_text=True)
    with app.app_context():
        db.session.get(User, users["viewer"]).active = False
        db.session.commit()
    response = client.post("/login", data={"email": "viewer@example.org", "password": PASSWORD})
    assert response.status_code == 200


def test_email_is_case_insensitive_and_password_is_hashed(app, client, users):
    assert (
        client.post(
            "/login", data={"email": "Viewer@Example.org ", "password": PASSWORD}
        ).status_code
        == 302
    )
    with app.app_context():
        stored = db.session.get(User, users["viewer"]).password_hash
        assert PASSWORD not in stored and stored.startswith(("scrypt:", "pbkdf2:"))


def test_viewer_can_read_but_not_edit(app, as_viewer):
    with app.app_context():
        garment_id = make_garment().id
    assert as_viewer.get(f"/garments/{garment_id}").status_code == 200
    assert as_viewer.get("/garments/new").status_code == 403
    assert as_viewer.get(f"/garments/{garment_id}/edit").status_code == 403
    assert as_viewer.post(f"/garments/{garment_id}/retire", data={"reason": "x"}).status_code == 403
    assert as_viewer.get("/costumes/new").status_code == 403
    assert as_viewer.get("/users").status_code == 403
    page = as_viewer.get(f"/garments/{garment_id}").get_data(as_text=True)
    assert "Change status" not in page and ">Edit<" not in page


def test_wardrobe_cannot_manage_users(as_wardrobe):
    assert as_wardrobe.get("/users").status_code == 403
    assert (
        as_wardrobe.post(
            "/users/new",
            data={"email": "x@example.org", "role": "admin", "password": "long enough pw"},
        ).status_code
        == 403
    )


def test_admin_creates_and_edits_users(app, as_admin):
    response = as_admin.post(
        "/users/new",
        data={
            "email": "dresser@example.org",
            "name": "Noor",
            "role": "wardrobe",
            "active": "y",
            "password": "a long password",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == "dresser@example.org"))
        assert user.role == "wardrobe" and user.check_password("a long password")
        user_id = user.id
    response = as_admin.post(
        f"/users/{user_id}/edit",
        data={"email": "dresser@example.org", "role": "viewer", "name": "Noor"},
    )
    assert response.status_code == 302
    with app.app_context():
        user = db.session.get(User, user_id)
        assert user.role == "viewer" and not user.active
        assert user.check_password("a long password")


def test_admin_cannot_demote_self_and_duplicate_email_is_named(app, as_admin, users):
    response = as_admin.post(
        f"/users/{users['admin']}/edit",
        data={"email": "admin@example.org", "role": "viewer", "active": "y"},
    )
    assert "cannot remove your own admin role" in response.get_data(as_text=True)
    response = as_admin.post(
        "/users/new",
        data={
            "email": "viewer@example.org",
            "role": "viewer",
            "password": "a long password",
            "active": "y",
        },
    )
    assert "already has an account" in response.get_data(as_text=True)


def test_logout_needs_post_and_signs_out(as_viewer):
    assert as_viewer.get("/logout").status_code == 405
    as_viewer.post("/logout")
    assert as_viewer.get("/garments").status_code == 302


def test_forms_without_csrf_token_are_refused(tmp_path):
    app = create_app(make_config(tmp_path, WTF_CSRF_ENABLED=True))
    with app.app_context():
        empty_schema()
    client = app.test_client()
    response = client.post("/login", data={"email": "a@example.org", "password": "x"})
    assert response.status_code == 400
    assert "form expired or was sent from elsewhere" in response.get_data(as_text=True)


def test_secret_key_is_generated_once_with_private_mode(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    from costume_tracker.config import instance_secret_key

    key = instance_secret_key(tmp_path)
    assert len(key) == 64 and instance_secret_key(tmp_path) == key
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_server_processes_starting_together_share_one_secret_key(tmp_path):
    script = (
        "import sys; from pathlib import Path; "
        "from costume_tracker.config import instance_secret_key; "
        "print(instance_secret_key(Path(sys.argv[1])))"
    )
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    processes = [
        subprocess.Popen([sys.executable, "-c", script, str(tmp_path)], env=env,
                         stdout=subprocess.PIPE, text=True)
        for _ in range(8)
    ]  # fmt: skip
    keys = {process.communicate(timeout=60)[0].strip() for process in processes}
    assert all(process.returncode == 0 for process in processes)
    assert keys == {(tmp_path / "secret_key").read_text()} and len(next(iter(keys))) == 64
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]  # no temporary files left


def test_signing_in_twice_is_fine(client, users):
    login(client, "viewer")
    assert client.get("/login").status_code == 200
