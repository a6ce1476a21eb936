"""Accounts, their roles and their server-side sessions."""

from __future__ import annotations

import enum
import hashlib
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from careercenter.models.base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from careercenter.models.company import Company


class Role(enum.StrEnum):
    APPLICANT = "applicant"
    EMPLOYER = "employer"
    MODERATOR = "moderator"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return {
            Role.APPLICANT: "Coder (looking for work)",
            Role.EMPLOYER: "Employer (hiring)",
            Role.MODERATOR: "Moderator",
            Role.ADMIN: "Administrator",
        }[self]


STAFF_ROLES = frozenset({Role.MODERATOR, Role.ADMIN})


def hash_password(password: str) -> str:
    """The stored form of a password: scrypt, Werkzeug's default. Every path that must take
    as long as setting a password (registration of a taken address) calls this."""
    return generate_password_hash(password)


# Hashing an unknown user's attempt against this keeps login time the same either way.
_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


def normalise_email(email: str) -> str:
    return email.strip().lower()


def hash_session_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class User(UserMixin, Base):
    __tablename__ = "users"
    __table_args__ = (
        # Emails are stored lower-cased, which makes the unique constraint case-insensitive.
        sa.CheckConstraint("email = lower(email)", name="email_lowercase"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(
        sa.Enum(
            Role,
            native_enum=False,
            create_constraint=True,
            length=20,
            values_callable=lambda roles: [r.value for r in roles],
            name="role",
        )
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    suspended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    suspension_reason: Mapped[str | None] = mapped_column(sa.String(500))
    # Raised by every change of email or password; mailed links carry it (auth.tokens), so
    # a link stops working once what it was made for has changed, even if changed back.
    credentials_version: Mapped[int] = mapped_column(default=0, server_default="0")

    sessions: Mapped[list[UserSession]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )
    # An employer's company (one per account; None for everyone else and before it is made).
    # Deleting the account deletes the company in the database (ON DELETE CASCADE).
    company: Mapped[Company | None] = relationship(
        back_populates="owner", uselist=False, passive_deletes="all"
    )

    # The session token this request was authenticated with (never stored in clear).
    session_token = None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role.value}>"

    # Flask-Login identifies a login by its server-side session, not by the user id, so
    # deleting the session row ends that login, cookie or no cookie.
    def get_id(self) -> str | None:
        return self.session_token

    @property
    def is_active(self) -> bool:
        return self.suspended_at is None

    @property
    def is_suspended(self) -> bool:
        return self.suspended_at is not None

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    def set_password(self, password: str) -> None:
        self.password_hash = hash_password(password)
        self.credentials_changed()

    def change_email(self, email: str) -> None:
        self.email = normalise_email(email)
        self.credentials_changed()

    def credentials_changed(self) -> None:
        self.credentials_version = (self.credentials_version or 0) + 1

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @staticmethod
    def check_password_of_nobody(password: str) -> bool:
        check_password_hash(_DUMMY_HASH, password)
        return False


class UserSession(Base):
    """One signed-in browser. The cookie carries a random token; we keep only its hash."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_agent: Mapped[str | None] = mapped_column(sa.String(200))

    user: Mapped[User] = relationship(back_populates="sessions")

    @classmethod
    def issue(cls, user: User, user_agent: str | None = None) -> tuple[UserSession, str]:
        token = secrets.token_urlsafe(32)
        row = cls(user=user, token_hash=hash_session_token(token), user_agent=user_agent)
        return row, token
