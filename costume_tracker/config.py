"""Configuration: defaults, the instance folder's config.py, then the environment."""

import os
import secrets
import tempfile
from pathlib import Path

from flask import Flask

ENV_KEYS = (
    "SECRET_KEY", "DATABASE_URL", "PUBLIC_BASE_URL", "TAG_PREFIX", "FIT_TOLERANCE_CM",
    "SERVED_OVER_HTTPS", "PROXY_HOPS", "DEFAULT_LOCALE", "DEFAULT_TIMEZONE", "CLI_LOCALE",
)  # fmt: skip


def load_config(app: Flask, test_config: dict | None) -> None:
    """Fill ``app.config`` from defaults, instance/config.py, environment and test overrides."""
    instance = Path(app.instance_path)
    app.config.from_mapping(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{instance / 'costume_tracker.sqlite'}",
        UPLOAD_FOLDER=str(instance / "uploads"),
        MAX_CONTENT_LENGTH=12 * 1024 * 1024,
        MAX_PHOTO_PIXELS=40_000_000,
        PUBLIC_BASE_URL="",
        TAG_PREFIX="ET",
        PER_PAGE=50,
        FIT_TOLERANCE_CM=2.0,
        REMEMBER_COOKIE_DURATION=60 * 60 * 24 * 30,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # Unset: on when PUBLIC_BASE_URL is https:// (Secure cookies, HSTS).
        SERVED_OVER_HTTPS=None,
        # Reverse proxies in front of the app whose X-Forwarded-For/-Proto are trusted.
        PROXY_HOPS=0,
        # Failed sign-ins allowed per email and per address within the window (seconds).
        SIGN_IN_FAILURES_PER_EMAIL=5,
        SIGN_IN_FAILURES_PER_ADDRESS=20,
        SIGN_IN_FAILURE_WINDOW=15 * 60,
        # Language when neither the user nor the browser says (en or fr), and time zone for
        # signed-out pages and users without a site.
        DEFAULT_LOCALE="en",
        DEFAULT_TIMEZONE="UTC",
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        for key in ENV_KEYS:
            if os.environ.get(key):
                app.config[key] = os.environ[key]
        app.config["FIT_TOLERANCE_CM"] = float(app.config["FIT_TOLERANCE_CM"])
        if app.config.get("DATABASE_URL"):
            app.config["SQLALCHEMY_DATABASE_URI"] = app.config["DATABASE_URL"]
    else:
        app.config.from_mapping(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(instance)


def instance_secret_key(instance: Path) -> str:
    """Read the generated secret key from the instance folder, creating it (mode 0600) once.

    Several server processes may start at once: the key is written to a private temporary
    file and linked into place, so every process reads the one complete key that won.
    """
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=instance, prefix=".secret_key.")  # mode 0600
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        os.link(temporary, path)  # fails if another process linked its key first
    except FileExistsError:
        pass
    finally:
        os.unlink(temporary)
    return path.read_text().strip()
