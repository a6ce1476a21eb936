"""An employer's company: the public face of its postings.

What the public reads of it (PROFILE_FIELDS and the logo) is the version a moderator last
approved. An employer's change to it waits in `pending_profile` (and `pending_logo_png`)
for review, and the public pages keep showing the approved text until a moderator decides
(careercenter.moderation.review.approve_profile / reject_profile).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from careercenter.models.base import Base, UTCDateTime, string_enum, utcnow

# The company's own words the public reads: changes to them are reviewed.
PROFILE_FIELDS = ("name", "website", "hq_city", "about_md")

if TYPE_CHECKING:
    from careercenter.models.posting import Posting
    from careercenter.models.user import User


class NotifyMode(enum.StrEnum):
    """How an employer hears of new applications."""

    EACH = "each"  # one mail per application, as it arrives
    DIGEST = "digest"  # one mail a day with the day's applications


class Company(Base):
    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True
    )
    name: Mapped[str] = mapped_column(sa.String(120))
    slug: Mapped[str] = mapped_column(sa.String(140), unique=True)
    website: Mapped[str | None] = mapped_column(sa.String(300))
    about_md: Mapped[str] = mapped_column(sa.Text, default="")
    about_html: Mapped[str] = mapped_column(sa.Text, default="")
    hq_city: Mapped[str] = mapped_column(sa.String(80))
    hq_state: Mapped[str] = mapped_column(sa.String(2))
    org_type: Mapped[str] = mapped_column(sa.String(30))
    size: Mapped[str] = mapped_column(sa.String(20))
    # The logo, re-encoded by us as PNG; never the bytes that were uploaded.
    logo_png: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))
    logo_version: Mapped[str | None] = mapped_column(sa.String(16))
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A change to the public profile waiting for review: every PROFILE_FIELDS value as the
    # employer wrote it, the new logo if one was uploaded, since when it waits, and what it
    # changes (worked out once, when it was submitted).
    pending_profile: Mapped[dict | None] = mapped_column(sa.JSON(none_as_null=True))
    pending_logo_png: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))
    pending_logo_version: Mapped[str | None] = mapped_column(sa.String(16))
    profile_submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    profile_changes: Mapped[list | None] = mapped_column(sa.JSON(none_as_null=True))
    # How the employer hears of new applications.
    notify_mode: Mapped[NotifyMode] = mapped_column(
        string_enum(NotifyMode, "notify_mode"),
        default=NotifyMode.EACH,
        server_default=NotifyMode.EACH.value,
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    owner: Mapped[User] = relationship(back_populates="company")
    postings: Mapped[list[Posting]] = relationship(
        back_populates="company", cascade="all, delete-orphan", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"<Company {self.id} {self.slug}>"

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def has_pending_profile(self) -> bool:
        return self.pending_profile is not None

    def profile(self) -> dict:
        """The public profile's words as they are now (the approved version)."""
        return {name: getattr(self, name) for name in PROFILE_FIELDS}

    def is_owned_by(self, user) -> bool:
        return bool(user and user.is_authenticated and user.id == self.owner_id)
