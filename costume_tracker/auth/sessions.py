"""Signed-in devices: start, load, list and end the sessions behind the cookies."""

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..modelutil import utcnow
from .models import User, UserSession

# last_seen_at is a hint for the Account page: write it at most this often, not per request.
TOUCH_EVERY = timedelta(minutes=5)


def _hash(key: str) -> str:
    """Only a hash of the key is stored: a copy of the database opens no session."""
    return hashlib.sha256(key.encode()).hexdigest()


def _idle_limit() -> datetime:
    """Sessions unused for as long as a remember-me cookie lives are over."""
    duration = current_app.config["REMEMBER_COOKIE_DURATION"]
    seconds = duration.total_seconds() if isinstance(duration, timedelta) else duration
    return utcnow() - timedelta(seconds=int(seconds))


def start_session(user: User, user_agent: str = "", address: str = "") -> str:
    """Record a new signed-in device for the user; returns the key its cookies carry."""
    db.session.execute(
        delete(UserSession).where(
            UserSession.user_id == user.id,
            or_(UserSession.ended_at.is_not(None), UserSession.last_seen_at < _idle_limit()),
        )
    )
    key = secrets.token_urlsafe(32)
    row = UserSession(
        key_hash=_hash(key), user=user, user_agent=user_agent[:200], address=address[:64]
    )
    db.session.add(row)
    db.session.commit()
    user.session_key, user.current_session = key, row
    return key


def load_session(key: str) -> User | None:
    """The active user whose live session has this key, or None (one indexed lookup)."""
    row = db.session.scalar(
        select(UserSession)
        .options(joinedload(UserSession.user))  # the user with it: one query per request
        .where(UserSession.key_hash == _hash(key))
    )
    if row is None or row.ended_at is not None or not row.user.active:
        return None
    now = utcnow()
    if row.last_seen_at < _idle_limit():
        return None
    if now - row.last_seen_at > TOUCH_EVERY:
        row.last_seen_at = now
        db.session.commit()
    row.user.session_key, row.user.current_session = key, row
    return row.user


def end_session(row: UserSession) -> None:
    """End one device's session: its cookies, and any copy of them, stop working."""
    row.ended_at = utcnow()
    db.session.commit()


def end_user_sessions(user_id: int, keep: UserSession | None = None, commit: bool = True) -> int:
    """End every live session of the user but ``keep``; returns how many were ended."""
    query = update(UserSession).where(
        UserSession.user_id == user_id, UserSession.ended_at.is_(None)
    )
    if keep is not None:
        query = query.where(UserSession.id != keep.id)
    ended = db.session.execute(query.values(ended_at=utcnow())).rowcount
    if commit:
        db.session.commit()
    return ended


def live_sessions(user_id: int) -> list[UserSession]:
    """The user's signed-in devices, most recently used first."""
    return list(
        db.session.scalars(
            select(UserSession)
            .where(
                UserSession.user_id == user_id,
                UserSession.ended_at.is_(None),
                UserSession.last_seen_at >= _idle_limit(),
            )
            .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
        )
    )
