"""The flask commands, run through the CLI runner."""

from costume_tracker.auth.models import User
from costume_tracker.extensions import db


def test_create_user_reads_password_from_stdin(app, runner):
    result = runner.invoke(
        args=["create-user", "Sofia@Example.org", "--role", "wardrobe", "--password-stdin"],
        input="a long password\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created sofia@example.org (wardrobe)" in result.output
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == "sofia@example.org"))
        assert user.check_password("a long password")


def test_create_user_prompts_for_password(app, runner):
    result = runner.invoke(
        args=["create-user", "a@example.org", "--role", "admin"],
        input="a long password\na long password\n",
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(db.select(User.role)) == "admin"


def test_create_user_again_updates_role_and_password(app, runner):
    runner.invoke(
        args=["create-user", "a@example.org", "--role", "viewer", "--password-stdin"],
        input="first password\n",
    )
    result = runner.invoke(
        args=["create-user", "a@example.org", "--role", "admin", "--password-stdin"],
        input="second password\n",
    )
    assert "Updated a@example.org (admin)" in result.output
    with app.app_context():
        user = db.session.scalar(db.select(User))
        assert user.role == "admin" and user.check_password("second password")


def test_create_user_refuses_short_password_and_bad_role(app, runner):
    result = runner.invoke(
        args=["create-user", "a@example.org", "--role", "viewer", "--password-stdin"],
        input="short\n",
    )
    assert result.exit_code != 0 and "at least 10 characters" in result.output
    result = runner.invoke(
        args=["create-user", "a@example.org", "--role", "boss", "--password-stdin"],
        input="long enough password\n",
    )
    assert result.exit_code != 0 and "boss" in result.output
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(User.id))) == 0
