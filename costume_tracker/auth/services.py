"""User accounts: create, update and check sign-in."""

from sqlalchemy import func

from ..extensions import db
from .models import ROLES, User

MIN_PASSWORD_LENGTH = 10


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


def check_password_rules(password: str) -> None:
    """Refuse passwords too short to resist guessing."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"Password must be at least {MIN_PASSWORD_LENGTH} characters.")


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
            raise UserError("A new user needs a password.")
        user = User(email=email, role=role, name=name)
        db.session.add(user)
    user.role = role
    if name:
        user.name = name
    if password:
        check_password_rules(password)
        user.set_password(password)
    db.session.commit()
    return user, created


def update_user(
    user: User, *, email: str, name: str, role: str, active: bool, password: str | None
) -> User:
    """Change an existing user's details; the email must stay unique."""
    email = normalise_email(email)
    other = find_user(email)
    if other is not None and other.id != user.id:
        raise UserError(f"Another user already signs in as {email}.")
    if role not in ROLES:
        raise UserError(f"Role must be one of {', '.join(ROLES)}, not '{role}'.")
    user.email, user.name, user.role, user.active = email, name, role, active
    if password:
        check_password_rules(password)
        user.set_password(password)
    db.session.commit()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None."""
    user = find_user(email)
    if user is None or not user.active or not user.check_password(password):
        return None
    return user
