"""A job posting and its lifecycle.

draft -> submitted -> published -> expired | filled | closed
             |  ^                      |
             v  |  (edit, resubmit)    +-- a substantive edit goes back to submitted,
          rejected                         from any state after approval
                                       expired -> submitted (renew)

A moderator may also send a submitted or published posting back to its employer
(request_changes) or take a public one down (take_down): both end in `rejected`, which the
employer can edit and resubmit. Apart from its status, a posting may be hidden (hidden_at)
while moderators look at reports about it: it is then neither public nor open.

Every transition is a method here; nothing else assigns `status`. The database backs the
rules with CHECK constraints. What the public reads is always a version a moderator approved
(or the site published for a trusted employer): an edit of what coders read on a posting
that was approved goes back to review, and a posting closed before it was (re)approved
never becomes public.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from careercenter.models.base import Base, UTCDateTime, string_enum, utcnow

if TYPE_CHECKING:
    from careercenter.models.company import Company
    from careercenter.models.user import User

DEFAULT_DURATION_DAYS = 30
MAX_DURATION_DAYS = 90


class PostingStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    PUBLISHED = "published"
    REJECTED = "rejected"
    EXPIRED = "expired"
    FILLED = "filled"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {
            PostingStatus.DRAFT: "Draft",
            PostingStatus.SUBMITTED: "In review",
            PostingStatus.PUBLISHED: "Published",
            PostingStatus.REJECTED: "Rejected",
            PostingStatus.EXPIRED: "Expired",
            PostingStatus.FILLED: "Filled",
            PostingStatus.CLOSED: "Closed",
        }[self]


GONE = frozenset({PostingStatus.EXPIRED, PostingStatus.FILLED, PostingStatus.CLOSED})
# What the public may see: live postings and those that have ended (shown as no longer open).
PUBLIC = frozenset({PostingStatus.PUBLISHED}) | GONE


# The fields a coder reads: changing any of them on a posting that was approved (live or
# ended) needs a new review.
SUBSTANCE = (
    "title", "description_md", "city", "state", "zip_code", "arrangement", "remote_states",
    "employment_type", "pay_min", "pay_max", "pay_unit", "credentials_required",
    "credentials_preferred", "apprentice_friendly", "specialties", "settings", "code_sets",
    "years_experience", "key_codes", "apply_method", "apply_url",
)  # fmt: skip


class TransitionError(Exception):
    """The posting's status does not allow this action."""


class ApplyMethod(enum.StrEnum):
    ON_SITE = "on-site"
    EXTERNAL = "external"


class Posting(Base):
    __tablename__ = "postings"
    __table_args__ = (
        sa.CheckConstraint("pay_min > 0 AND pay_min <= pay_max", name="pay_range"),
        sa.CheckConstraint(
            "status NOT IN ('published', 'expired', 'filled') "
            "OR (published_at IS NOT NULL AND expires_at IS NOT NULL)",
            name="published_has_dates",
        ),
        sa.CheckConstraint(
            "apply_method != 'external' OR apply_url IS NOT NULL", name="external_has_url"
        ),
        sa.CheckConstraint("duration_days BETWEEN 1 AND 90", name="duration_days"),
        sa.Index("ix_postings_status_expires_at", "status", "expires_at"),
        sa.Index("ix_postings_company_id_status", "company_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(sa.ForeignKey("companies.id", ondelete="CASCADE"))
    status: Mapped[PostingStatus] = mapped_column(
        string_enum(PostingStatus, "posting_status"), default=PostingStatus.DRAFT
    )

    title: Mapped[str] = mapped_column(sa.String(120))
    slug: Mapped[str] = mapped_column(sa.String(140))
    description_md: Mapped[str] = mapped_column(sa.Text)
    description_html: Mapped[str] = mapped_column(sa.Text)

    city: Mapped[str] = mapped_column(sa.String(80))
    state: Mapped[str] = mapped_column(sa.String(2))
    zip_code: Mapped[str] = mapped_column(sa.String(5))
    latitude: Mapped[float] = mapped_column(sa.Float)
    longitude: Mapped[float] = mapped_column(sa.Float)
    arrangement: Mapped[str] = mapped_column(sa.String(20))
    remote_states: Mapped[list[str]] = mapped_column(sa.JSON, default=list)  # empty: all US
    employment_type: Mapped[str] = mapped_column(sa.String(20))

    pay_min: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2))
    pay_max: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2))
    pay_unit: Mapped[str] = mapped_column(sa.String(10))

    credentials_required: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    credentials_preferred: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    apprentice_friendly: Mapped[bool] = mapped_column(default=False)
    specialties: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    settings: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    code_sets: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    years_experience: Mapped[int] = mapped_column(default=0)
    key_codes: Mapped[list[str]] = mapped_column(sa.JSON, default=list)

    apply_method: Mapped[ApplyMethod] = mapped_column(
        string_enum(ApplyMethod, "apply_method"), default=ApplyMethod.ON_SITE
    )
    apply_url: Mapped[str | None] = mapped_column(sa.String(500))
    duration_days: Mapped[int] = mapped_column(default=DEFAULT_DURATION_DAYS)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The moderator's words to the employer when the posting was sent back.
    rejection_reason: Mapped[str | None] = mapped_column(sa.String(1000))
    # Hidden from everyone but its owner and staff until a moderator reviews its reports.
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # What coders read in the last approved version, to show reviewers what an edit changed.
    approved_snapshot: Mapped[dict | None] = mapped_column(sa.JSON)
    # What the edit waiting for review changed since that version, worked out once when it
    # was submitted (careercenter.moderation.review.note_changes), not on every queue view.
    review_changes: Mapped[list | None] = mapped_column(sa.JSON(none_as_null=True))

    view_count: Mapped[int] = mapped_column(default=0)
    apply_click_count: Mapped[int] = mapped_column(default=0)

    company: Mapped[Company] = relationship(back_populates="postings")
    reviewed_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Posting {self.id} {self.status.value}>"

    # -- reading ---------------------------------------------------------------------------

    def lock(self) -> None:
        """Take this posting's row lock for the current transaction (a no-op UPDATE: a row
        lock on PostgreSQL, the write lock on SQLite) and read the row afresh, so that a
        decision or report committed meanwhile by someone else is seen, not overwritten."""
        session = sa.orm.object_session(self)
        session.execute(
            sa.update(Posting)
            .where(Posting.id == self.id)
            .values(status=Posting.status, updated_at=Posting.updated_at)
            .execution_options(synchronize_session=False)
        )
        session.refresh(self)

    def is_past_expiry(self, now: datetime | None = None) -> bool:
        """Published but past its date, whatever the expiry command has done so far."""
        return (
            self.status is PostingStatus.PUBLISHED
            and self.expires_at is not None
            and self.expires_at <= (now or utcnow())
        )

    def is_open(self, now: datetime | None = None) -> bool:
        """Accepting applications: published, not past its expiry (whatever the cron did)
        and not hidden for review."""
        return (
            self.status is PostingStatus.PUBLISHED
            and self.expires_at is not None
            and not self.is_past_expiry(now)
            and self.hidden_at is None
        )

    def public_status(self, now: datetime | None = None) -> PostingStatus:
        if self.is_past_expiry(now):
            return PostingStatus.EXPIRED
        return self.status

    @property
    def is_public(self) -> bool:
        """Anyone may see it: it is live, or it was live and has ended, and it is not
        hidden for review."""
        return self.status in PUBLIC and self.published_at is not None and self.hidden_at is None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    def substance(self) -> dict:
        """What coders read (SUBSTANCE), as JSON-safe values: kept on approval, to tell
        what a later edit changes."""
        values = {}
        for name in SUBSTANCE:
            value = getattr(self, name)
            if isinstance(value, Decimal):
                value = f"{value:.2f}"
            elif isinstance(value, enum.Enum):
                value = value.value
            elif isinstance(value, list):
                value = list(value)
            values[name] = value
        return values

    def is_owned_by(self, user) -> bool:
        return bool(self.company and self.company.is_owned_by(user))

    def visible_to(self, user) -> bool:
        """Who may see this posting: anyone when it is public and its employer is not
        suspended; its owner and staff whatever its state. `user` may be anonymous."""
        if self.is_public and not self.company.owner.is_suspended:
            return True
        return bool(
            user is not None and user.is_authenticated and (self.is_owned_by(user) or user.is_staff)
        )

    @property
    def is_remote(self) -> bool:
        return self.arrangement == "remote"

    # -- transitions -----------------------------------------------------------------------

    def _require(self, *allowed: PostingStatus, action: str) -> None:
        if self.status not in allowed:
            raise TransitionError(f"A {self.status.label.lower()} posting cannot be {action}.")

    def submit(self) -> None:
        self._require(PostingStatus.DRAFT, PostingStatus.REJECTED, action="submitted for review")
        self.status = PostingStatus.SUBMITTED
        self.submitted_at = utcnow()
        self.rejection_reason = None

    def send_back_to_review(self) -> None:
        """A posting that was approved (live, expired, filled or closed) whose substance
        changed is reviewed again before anyone sees it."""
        self._require(*PUBLIC, action="sent back to review")
        self.status = PostingStatus.SUBMITTED
        self.submitted_at = utcnow()
        self.ended_at = None

    def renew(self) -> None:
        if self.is_past_expiry():
            self.expire()  # past its date, the expiry command just has not run yet
        self._require(PostingStatus.EXPIRED, action="renewed")
        self.status = PostingStatus.SUBMITTED
        self.submitted_at = utcnow()
        self.ended_at = None

    def _reviewed(self, reviewer: User | None) -> None:
        """A moderator's decision ends any hiding for review."""
        self.reviewed_by = reviewer
        self.reviewed_at = utcnow()
        self.hidden_at = None

    def _send_back(self, reviewer: User | None, reason: str) -> None:
        if not reason.strip():
            raise ValueError("sending a posting back needs a reason")
        self.status = PostingStatus.REJECTED
        self.rejection_reason = reason.strip()
        self._reviewed(reviewer)

    def approve(self, reviewer: User | None) -> None:
        """Publish; reviewer None when the site publishes a trusted employer's job itself."""
        self._require(PostingStatus.SUBMITTED, action="approved")
        now = utcnow()
        self.status = PostingStatus.PUBLISHED
        self.published_at = now
        self.expires_at = now + timedelta(days=self.duration_days)
        self.rejection_reason = None
        self._reviewed(reviewer)

    def reject(self, reviewer: User, reason: str) -> None:
        self._require(PostingStatus.SUBMITTED, action="rejected")
        self._send_back(reviewer, reason)

    def request_changes(self, reviewer: User, note: str) -> None:
        """Back to the employer with a note: it stays unpublished until resubmitted."""
        self._require(
            PostingStatus.SUBMITTED, PostingStatus.PUBLISHED, action="sent back for changes"
        )
        self._send_back(reviewer, note)

    def take_down(self, reviewer: User, reason: str) -> None:
        """Remove a public (or submitted) posting after review, e.g. of reports about it."""
        self._require(PostingStatus.SUBMITTED, *PUBLIC, action="taken down")
        self._send_back(reviewer, reason)

    def hide(self) -> None:
        """Hide it while moderators review the reports about it."""
        if self.hidden_at is None:
            self.hidden_at = utcnow()

    def keep(self, reviewer: User) -> None:
        """A moderator found nothing wrong: it shows again (if it is still public)."""
        self._reviewed(reviewer)

    def expire(self) -> None:
        self._require(PostingStatus.PUBLISHED, action="expired")
        self.status = PostingStatus.EXPIRED
        self.ended_at = self.expires_at

    def mark_filled(self) -> None:
        self._require(PostingStatus.PUBLISHED, action="marked filled")
        self.status = PostingStatus.FILLED
        self.ended_at = utcnow()

    def close(self) -> None:
        self._require(
            PostingStatus.PUBLISHED,
            PostingStatus.SUBMITTED,
            PostingStatus.DRAFT,
            PostingStatus.REJECTED,
            action="closed",
        )
        if self.status is not PostingStatus.PUBLISHED:
            # Not live now (never approved, waiting for review or sent back): it ends
            # unseen, not as a public "closed" job showing text no moderator approved.
            self.published_at = None
        self.status = PostingStatus.CLOSED
        self.ended_at = utcnow()

    def can_reopen(self, now: datetime | None = None) -> bool:
        """Closed by its employer before the end of its run: it may open again until then."""
        return (
            self.status is PostingStatus.CLOSED
            and self.expires_at is not None
            and self.expires_at > (now or utcnow())
        )

    def reopen(self, *, needs_review: bool) -> None:
        """Open a closed posting again for the rest of its run: live at once if what coders
        read is what a moderator approved, else back to review (see postings.services)."""
        if not self.can_reopen():
            raise TransitionError(
                "Only a job closed before its expiry date can be reopened; post it again instead."
            )
        self.ended_at = None
        if needs_review:
            self.status = PostingStatus.SUBMITTED
            self.submitted_at = utcnow()
        else:
            self.status = PostingStatus.PUBLISHED

    def allowed_actions(self) -> list[str]:
        """What the owner may do now, for the dashboard's buttons."""
        actions = {
            PostingStatus.DRAFT: ["edit", "submit", "close"],
            PostingStatus.SUBMITTED: ["edit", "close"],
            PostingStatus.REJECTED: ["edit", "submit", "close"],
            PostingStatus.PUBLISHED: ["edit", "fill", "close"],
            PostingStatus.EXPIRED: ["edit", "renew"],
            PostingStatus.FILLED: [],
            PostingStatus.CLOSED: [],
        }[self.status]
        if self.is_past_expiry():
            return ["edit", "renew"]
        if self.can_reopen():
            return ["reopen"]
        return actions
