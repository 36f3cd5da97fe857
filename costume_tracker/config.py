"""Configuration: defaults, the instance folder's config.py, then the environment."""

import os
import secrets
from pathlib import Path

from flask import Flask

ENV_KEYS = ("SECRET_KEY", "DATABASE_URL", "PUBLIC_BASE_URL", "TAG_PREFIX", "FIT_TOLERANCE_CM")


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
    """Read the generated secret key from the instance folder, creating it (mode 0600) once."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key
