"""Slow down password guessing: failed sign-ins per email and per address, in a window."""

import math
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select

from ..extensions import db
from ..modelutil import utcnow
from .models import SignInFailure
from .services import normalise_email

UNKNOWN_ADDRESS = "unknown"


@dataclass(frozen=True)
class Refusal:
    """Why sign-in is refused for now, and for how many more seconds."""

    message: str
    retry_after: int


def _window() -> timedelta:
    return timedelta(seconds=int(current_app.config["SIGN_IN_FAILURE_WINDOW"]))


def _key(email: str, address: str | None) -> tuple[str, str]:
    return normalise_email(email or "")[:254], (address or UNKNOWN_ADDRESS)[:64]


def _seconds_until_below(column, value: str, limit: int) -> int | None:
    """Seconds until fewer than ``limit`` failures for ``value`` remain in the window."""
    since = utcnow() - _window()
    recent = (
        select(SignInFailure.failed_at)
        .where(column == value, SignInFailure.failed_at >= since)
        .order_by(SignInFailure.failed_at.desc())
    )
    # The limit-th most recent failure: once it leaves the window, sign-in opens again.
    pivot = db.session.scalar(recent.offset(limit - 1).limit(1))
    if pivot is None:
        return None
    return max(math.ceil((pivot + _window() - utcnow()).total_seconds()), 1)


def sign_in_refusal(email: str, address: str | None) -> Refusal | None:
    """A refusal when this email or address has failed too often lately, else None."""
    email, address = _key(email, address)
    config = current_app.config
    checks = (
        (SignInFailure.email, email, config["SIGN_IN_FAILURES_PER_EMAIL"], "for this email"),
        (SignInFailure.address, address, config["SIGN_IN_FAILURES_PER_ADDRESS"], "from here"),
    )
    for column, value, limit, where in checks:
        wait = _seconds_until_below(column, value, int(limit))
        if wait is not None:
            minutes = math.ceil(wait / 60)
            return Refusal(
                f"Too many failed sign-ins {where}. Try again in {minutes} minute"
                f"{'' if minutes == 1 else 's'}, or ask an admin to reset the password.",
                wait,
            )
    return None


def record_failure(email: str, address: str | None) -> None:
    """Remember a failed sign-in; failures older than the window are dropped."""
    email, address = _key(email, address)
    db.session.execute(delete(SignInFailure).where(SignInFailure.failed_at < utcnow() - _window()))
    db.session.add(SignInFailure(email=email, address=address))
    db.session.commit()


def clear_failures(email: str) -> None:
    """Forget an email's failed sign-ins (after it signs in, or its password is reset)."""
    email, _address = _key(email, None)
    db.session.execute(delete(SignInFailure).where(SignInFailure.email == email))
    db.session.commit()
