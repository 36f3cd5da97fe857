"""User accounts: create, update, change passwords and check sign-in."""

import secrets
from functools import cache

from sqlalchemy import func
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from .models import ROLES, User, UserSession
from .passwords import PasswordError, check_password_rules
from .sessions import end_user_sessions


class UserError(ValueError):
    """A user account could not be created or changed; the message says why."""


def normalise_email(email: str) -> str:
    """Emails compare without case or surrounding spaces."""
    return email.strip().lower()


def find_user(email: str) -> User | None:
    """The user with this email, whatever its letter case."""
    return db.session.scalar(
        db.select(User).where(func.lower(User.email) == normalise_email(email))
    )


def _new_password(user: User, password: str, keep: UserSession | None = None) -> None:
    """Check and store a new password; every other session of the user ends with the old one."""
    check_password_rules(password, user.email, user.name)
    user.set_password(password)
    if user.id is not None:
        end_user_sessions(user.id, keep=keep, commit=False)


def save_user(email: str, role: str, password: str | None, name: str = "") -> tuple[User, bool]:
    """Create the user, or update role/password of an existing one; returns (user, created)."""
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise UserError(f"'{email}' is not an email address.")
    if role not in ROLES:
        raise UserError(f"Role must be one of {', '.join(ROLES)}, not '{role}'.")
    user = find_user(email)
    created = user is None
    if created:
        if not password:
            raise PasswordError("A new user needs a password.")
        user = User(email=email, role=role, name=name)
    user.role = role
    if name:
        user.name = name
    try:
        if password:
            _new_password(user, password)
    except PasswordError:
        db.session.rollback()
        raise
    db.session.add(user)
    db.session.commit()
    return user, created


def update_user(
    user: User,
    *,
    email: str,
    name: str,
    role: str,
    active: bool,
    password: str | None,
    keep: UserSession | None = None,
) -> User:
    """Change an existing user's details; a new password ends their sessions but ``keep``."""
    email = normalise_email(email)
    other = find_user(email)
    if other is not None and other.id != user.id:
        raise UserError(f"Another user already signs in as {email}.")
    if role not in ROLES:
        raise UserError(f"Role must be one of {', '.join(ROLES)}, not '{role}'.")
    try:
        if user.active and not active:  # a disabled account's devices are signed out
            end_user_sessions(user.id, commit=False)
        user.email, user.name, user.role, user.active = email, name, role, active
        if password:
            _new_password(user, password, keep=keep)
    except PasswordError:
        db.session.rollback()
        raise
    db.session.commit()
    return user


class CurrentPasswordError(UserError):
    """The current password, needed to set a new one, is missing or wrong."""


def save_account(user: User, *, name: str, unit: str, current: str, new: str) -> None:
    """Save one's own name and unit, and a new password if given; all of it or nothing.

    A new password needs the current one and signs the user out of every other device.
    """
    try:
        user.name, user.unit = name, unit
        if new:
            if not current:
                raise CurrentPasswordError("Enter your current password to set a new one.")
            if not user.check_password(current):
                raise CurrentPasswordError("The current password is wrong.")
            _new_password(user, new, keep=user.current_session)
    except (UserError, PasswordError):
        db.session.rollback()
        raise
    db.session.commit()


@cache
def _dummy_hash() -> str:
    """A hash made like the real ones, checked when no user matches, so both take as long."""
    return generate_password_hash(secrets.token_hex(16))


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None; always costs one password check."""
    user = find_user(email)
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user
