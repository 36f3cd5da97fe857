"""Users who sign in, with their role."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..modelutil import UTCDateTime, one_of, utcnow

ROLES = ("viewer", "wardrobe", "admin")
ROLE_RANK = {role: rank for rank, role in enumerate(ROLES)}
UNITS = ("cm", "in")
# The interface languages ("" = follow the browser) and the CSV flavours a user can pick.
LOCALES = ("", "en", "fr")
CSV_DIALECTS = ("en", "fr")


class User(UserMixin, db.Model):
    __tablename__ = "user"
    __table_args__ = (
        CheckConstraint(one_of("role", ROLES), name="role_known"),
        CheckConstraint(one_of("unit", UNITS), name="unit_known"),
        CheckConstraint(one_of("locale", LOCALES), name="locale_known"),
        CheckConstraint(one_of("csv_dialect", CSV_DIALECTS), name="csv_dialect_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="viewer")
    unit: Mapped[str] = mapped_column(String(2), default="cm")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Interface language: "" follows the browser's Accept-Language.
    locale: Mapped[str] = mapped_column(String(5), default="")
    # IANA time zone such as Europe/Paris; "" means the home site's zone.
    timezone: Mapped[str] = mapped_column(String(64), default="")
    # CSV downloads: "en" (comma, stable English headers) or "fr" (semicolon, decimal comma).
    csv_dialect: Mapped[str] = mapped_column(String(2), default="en")
    # The company the user works for; its time zone is the user's default.
    site_id: Mapped[int | None] = mapped_column(
        ForeignKey("site.id", ondelete="SET NULL"), index=True
    )
    site = relationship("Site", lazy="joined")

    # Set when a signed-in session loads this user: the cookie's key and its session row.
    session_key = None
    current_session = None

    def get_id(self) -> str | None:
        """What the session and remember-me cookies carry: the session's key, not the user id."""
        return self.session_key

    def set_password(self, password: str) -> None:
        """Store a salted hash of the password, never the password."""
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        """Tell whether the password matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:
        return self.active

    def has_role(self, role: str) -> bool:
        """True when this user's role is at least ``role`` (viewer < wardrobe < admin)."""
        return ROLE_RANK[self.role] >= ROLE_RANK[role]

    @property
    def zone_name(self) -> str:
        """The IANA zone times are shown in for this user ("" when neither user nor site says)."""
        return self.timezone or (self.site.timezone if self.site else "")

    @property
    def display_name(self) -> str:
        return self.name or self.email

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class SignInFailure(db.Model):
    """One failed sign-in, kept for the throttling window.

    In the database rather than in memory, so every server process sharing it counts alike.
    """

    __tablename__ = "sign_in_failure"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class UserSession(db.Model):
    """One signed-in device: its cookies carry a random key whose hash is kept here.

    Ending the row (sign-out, a password change, an admin) kills that device's session and
    remember-me cookies for good, even copies of them.
    """

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(64), default="")
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)
