"""User accounts: create, update, change passwords and check sign-in."""

import secrets
from functools import cache

from flask_babel import gettext as _
from sqlalchemy import func
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..i18n.zones import zone_problem
from ..lists.models import Site
from .models import CSV_DIALECTS, LOCALES, ROLES, UNITS, User, UserSession
from .passwords import PasswordError, check_password_rules
from .sessions import end_user_sessions


class UserError(ValueError):
    """A user account could not be created or changed; the message says why."""


class SettingError(UserError):
    """A setting (language, time zone, CSV flavour, home site) is not one the app knows."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


# "Leave as it is" for optional settings, as None is a value (no home site).
KEEP = object()


def _apply_place(user: User, site_id=KEEP, timezone: str | None = None) -> None:
    """Set a user's home site and own time zone ("" = the site's), refusing unknown ones."""
    if site_id is not KEEP:
        if site_id is not None and db.session.get(Site, site_id) is None:
            raise SettingError("site_id", _("Choose a site from the list."))
        user.site_id = site_id
    if timezone is not None:
        problem = zone_problem(timezone, blank_allowed=True)
        if problem:
            raise SettingError("timezone", problem)
        user.timezone = timezone


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


def save_user(
    email: str,
    role: str,
    password: str | None,
    name: str = "",
    *,
    active: bool | None = None,
    site_id=KEEP,
    timezone: str | None = None,
    locale: str | None = None,
) -> tuple[User, bool]:
    """Create the user, or update role/password of an existing one; returns (user, created).

    Home site, time zone, language and activity change only when given.
    """
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise UserError(_("'%(email)s' is not an email address.", email=email))
    if role not in ROLES:
        raise UserError(
            _("Role must be one of %(roles)s, not '%(role)s'.", roles=", ".join(ROLES), role=role)
        )
    user = find_user(email)
    created = user is None
    if created:
        if not password:
            raise PasswordError(_("A new user needs a password."))
        user = User(email=email, role=role, name=name)
    user.role = role
    if name:
        user.name = name
    if active is not None:
        user.active = active
    try:
        _apply_place(user, site_id, timezone)
        if locale is not None:
            _apply_settings(user, locale=locale)
        if password:
            _new_password(user, password)
    except (PasswordError, SettingError):
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
    site_id=KEEP,
    timezone: str | None = None,
) -> User:
    """Change an existing user's details; a new password ends their sessions but ``keep``."""
    email = normalise_email(email)
    other = find_user(email)
    if other is not None and other.id != user.id:
        raise UserError(_("Another user already signs in as %(email)s.", email=email))
    if role not in ROLES:
        raise UserError(
            _("Role must be one of %(roles)s, not '%(role)s'.", roles=", ".join(ROLES), role=role)
        )
    try:
        if user.active and not active:  # a disabled account's devices are signed out
            end_user_sessions(user.id, commit=False)
        user.email, user.name, user.role, user.active = email, name, role, active
        _apply_place(user, site_id, timezone)
        if password:
            _new_password(user, password, keep=keep)
    except (PasswordError, SettingError):
        db.session.rollback()
        raise
    db.session.commit()
    return user


class CurrentPasswordError(UserError):
    """The current password, needed to set a new one, is missing or wrong."""


def _apply_settings(
    user: User, locale: str | None = None, csv_dialect: str | None = None, unit: str | None = None
) -> None:
    """Set the settings given, refusing codes the app does not know."""
    if locale is not None:
        if locale not in LOCALES:
            raise SettingError("locale", _("Choose a language from the list."))
        user.locale = locale
    if csv_dialect is not None:
        if csv_dialect not in CSV_DIALECTS:
            raise SettingError("csv_dialect", _("Choose a kind of CSV download from the list."))
        user.csv_dialect = csv_dialect
    if unit is not None:
        if unit not in UNITS:
            raise SettingError("unit", _("Choose a measurement unit from the list."))
        user.unit = unit


def save_account(
    user: User,
    *,
    name: str,
    unit: str,
    current: str,
    new: str,
    locale: str | None = None,
    timezone: str | None = None,
    csv_dialect: str | None = None,
) -> None:
    """Save one's own name and settings, and a new password if given; all of it or nothing.

    Language, time zone ("" = the home site's) and CSV flavour change only when given.
    A new password needs the current one and signs the user out of every other device.
    """
    try:
        user.name = name
        _apply_settings(user, locale=locale, csv_dialect=csv_dialect, unit=unit)
        _apply_place(user, timezone=timezone)
        if new:
            if not current:
                raise CurrentPasswordError(_("Enter your current password to set a new one."))
            if not user.check_password(current):
                raise CurrentPasswordError(_("The current password is wrong."))
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
