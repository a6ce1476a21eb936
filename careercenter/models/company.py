"""An employer's company: the public face of its postings."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from careercenter.models.base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from careercenter.models.posting import Posting
    from careercenter.models.user import User


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
    # How the employer hears of new applications: "each" (a mail each) or "daily" (a digest).
    notify_mode: Mapped[str] = mapped_column(sa.String(10), default="each", server_default="each")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    owner: Mapped[User] = relationship()
    postings: Mapped[list[Posting]] = relationship(
        back_populates="company", cascade="all, delete-orphan", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"<Company {self.id} {self.slug}>"

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    def is_owned_by(self, user) -> bool:
        return bool(user and user.is_authenticated and user.id == self.owner_id)
