"""Slow down password guessing: sign-in attempts per email and per address, in a window.

An attempt is recorded before its password is checked, in one statement that also counts
the attempts before it, so simultaneous guesses on many server processes cannot slip past
the limit; a successful sign-in clears the email's attempts.
"""

import math
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import ngettext
from sqlalchemy import and_, delete, func, insert, literal, select, text

from ..extensions import db
from ..modelutil import UTCDateTime, utcnow
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


def _limits(email: str, address: str):
    """(column, value, limit, where) of each limit an attempt must stay under."""
    config = current_app.config
    return (
        (SignInFailure.email, email, int(config["SIGN_IN_FAILURES_PER_EMAIL"]), "email"),
        (SignInFailure.address, address, int(config["SIGN_IN_FAILURES_PER_ADDRESS"]), "address"),
    )


def _seconds_until_below(column, value: str, limit: int) -> int | None:
    """Seconds until fewer than ``limit`` attempts for ``value`` remain in the window."""
    since = utcnow() - _window()
    recent = (
        select(SignInFailure.failed_at)
        .where(column == value, SignInFailure.failed_at >= since)
        .order_by(SignInFailure.failed_at.desc())
    )
    # The limit-th most recent attempt: once it leaves the window, sign-in opens again.
    pivot = db.session.scalar(recent.offset(limit - 1).limit(1))
    if pivot is None:
        return None
    return max(math.ceil((pivot + _window() - utcnow()).total_seconds()), 1)


def _refusal(email: str, address: str) -> Refusal:
    """The message and wait for the limit this email or address has reached."""
    waits = ((_seconds_until_below(c, v, n), where) for c, v, n, where in _limits(email, address))
    # None of them when the window passed in the meantime: a moment's wait is enough.
    wait, where = next(((w, where) for w, where in waits if w is not None), (1, "email"))
    minutes = math.ceil(wait / 60)
    if where == "email":
        message = ngettext(
            "Too many failed sign-ins for this email. Try again in %(num)d minute, "
            "or ask an admin to reset the password.",
            "Too many failed sign-ins for this email. Try again in %(num)d minutes, "
            "or ask an admin to reset the password.",
            minutes,
        )
    else:
        message = ngettext(
            "Too many failed sign-ins from here. Try again in %(num)d minute, "
            "or ask an admin to reset the password.",
            "Too many failed sign-ins from here. Try again in %(num)d minutes, "
            "or ask an admin to reset the password.",
            minutes,
        )
    return Refusal(message, wait)


def _serialise(email: str, address: str) -> None:
    """On PostgreSQL, queue attempts for one email (and one address) until each commits.

    SQLite needs nothing: one writer at a time holds its lock from the statement's start.
    Locks are always taken email first, then address, so two attempts never deadlock.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        lock = text("SELECT pg_advisory_xact_lock(:kind, hashtext(:value))")
        db.session.execute(lock, {"kind": 1, "value": email})
        db.session.execute(lock, {"kind": 2, "value": address})


def begin_attempt(email: str, address: str | None) -> Refusal | None:
    """Record a sign-in attempt unless a limit is reached; returns the refusal if it is."""
    email, address = _key(email, address)
    now = utcnow()
    since = now - _window()
    db.session.commit()  # the count and the insert are one transaction of their own
    _serialise(email, address)
    under_limits = and_(*(
        select(func.count()).select_from(SignInFailure)
        .where(column == value, SignInFailure.failed_at >= since)
        .correlate(None).scalar_subquery() < limit
        for column, value, limit, _where in _limits(email, address)
    ))  # fmt: skip
    values = select(literal(email), literal(address), literal(now, UTCDateTime())).where(
        under_limits
    )
    added = db.session.execute(
        insert(SignInFailure)
        .from_select(["email", "address", "failed_at"], values)
        .returning(SignInFailure.id)
    ).scalar()
    db.session.execute(delete(SignInFailure).where(SignInFailure.failed_at < since))
    db.session.commit()
    return None if added is not None else _refusal(email, address)


def clear_failures(email: str) -> None:
    """Forget an email's sign-in attempts (after it signs in, or its password is reset)."""
    email, _address = _key(email, None)
    db.session.execute(delete(SignInFailure).where(SignInFailure.email == email))
    db.session.commit()
