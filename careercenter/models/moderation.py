"""What moderation keeps: reports about postings, and the audit log of every staff action.

The audit log is append-only from the application's side: the ORM refuses to update or
delete its rows (see the events at the end of this module). Only the database itself may
touch them, when an actor's account is deleted (actor_id becomes NULL; actor_label keeps
who it was).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from careercenter.models.base import Base, UTCDateTime, string_enum, utcnow

if TYPE_CHECKING:
    from careercenter.models.posting import Posting
    from careercenter.models.user import User


class ReportReason(enum.StrEnum):
    SCAM = "scam"
    DISCRIMINATORY = "discriminatory"
    WRONG_INFORMATION = "wrong-information"
    EXPIRED = "expired"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            ReportReason.SCAM: "It looks like a scam",
            ReportReason.DISCRIMINATORY: "It is discriminatory",
            ReportReason.WRONG_INFORMATION: "Its information is wrong",
            ReportReason.EXPIRED: "The job is no longer available",
            ReportReason.OTHER: "Something else",
        }[self]

    @property
    def short_label(self) -> str:
        return {
            ReportReason.SCAM: "scam",
            ReportReason.DISCRIMINATORY: "discriminatory",
            ReportReason.WRONG_INFORMATION: "wrong information",
            ReportReason.EXPIRED: "expired",
            ReportReason.OTHER: "other",
        }[self]


class ReportOutcome(enum.StrEnum):
    KEPT = "kept"
    CHANGES_REQUESTED = "changes-requested"
    REMOVED = "removed"

    @property
    def label(self) -> str:
        return {
            ReportOutcome.KEPT: "Job kept up",
            ReportOutcome.CHANGES_REQUESTED: "Sent back to the employer for changes",
            ReportOutcome.REMOVED: "Job taken down",
        }[self]


class Report(Base):
    """Someone's report that a posting is wrong. Resolving it records what was decided."""

    __tablename__ = "reports"
    __table_args__ = (
        sa.CheckConstraint(
            "(resolved_at IS NULL AND outcome IS NULL) "
            "OR (resolved_at IS NOT NULL AND outcome IS NOT NULL)",
            name="resolved_has_outcome",
        ),
        sa.Index("ix_reports_posting_id_resolved_at", "posting_id", "resolved_at"),
        sa.Index("ix_reports_resolved_at_created_at", "resolved_at", "created_at"),
        # One open report per reporter and posting, whatever simultaneous requests do.
        sa.Index(
            "uq_reports_open_posting_reporter",
            "posting_id",
            "reporter_key",
            unique=True,
            sqlite_where=sa.text("resolved_at IS NULL"),
            postgresql_where=sa.text("resolved_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int] = mapped_column(sa.ForeignKey("postings.id", ondelete="CASCADE"))
    reporter_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # Who reported, for counting distinct reporters: "user:<id>", or for a guest a keyed
    # hash of the address ("ip:..."), never the address itself.
    reporter_key: Mapped[str] = mapped_column(sa.String(80))
    reason: Mapped[ReportReason] = mapped_column(string_enum(ReportReason, "report_reason"))
    note: Mapped[str] = mapped_column(sa.String(1000), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    outcome: Mapped[ReportOutcome | None] = mapped_column(
        string_enum(ReportOutcome, "report_outcome")
    )
    resolution_note: Mapped[str | None] = mapped_column(sa.String(1000))

    posting: Mapped[Posting] = relationship()
    reporter: Mapped[User | None] = relationship(foreign_keys=[reporter_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])

    def __repr__(self) -> str:
        return f"<Report {self.id} posting={self.posting_id} {self.reason.value}>"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    def resolve(self, moderator: User | None, outcome: ReportOutcome, note: str = "") -> None:
        if not self.is_open:
            raise ValueError("this report is already resolved")
        self.resolved_at = utcnow()
        self.resolved_by = moderator
        self.outcome = outcome
        self.resolution_note = note.strip() or None


class AuditAction(enum.StrEnum):
    POSTING_APPROVE = "posting.approve"
    POSTING_AUTO_PUBLISH = "posting.auto-publish"
    POSTING_REJECT = "posting.reject"
    POSTING_REQUEST_CHANGES = "posting.request-changes"
    POSTING_TAKE_DOWN = "posting.take-down"
    POSTING_HIDE = "posting.hide"
    POSTING_KEEP = "posting.keep"
    ACCOUNT_SUSPEND = "account.suspend"
    ACCOUNT_REINSTATE = "account.reinstate"
    COMPANY_VERIFY = "company.verify"
    COMPANY_UNVERIFY = "company.unverify"
    COMPANY_PROFILE_APPROVE = "company.profile-approve"
    COMPANY_PROFILE_AUTO_PUBLISH = "company.profile-auto-publish"
    COMPANY_PROFILE_REJECT = "company.profile-reject"
    STAFF_GRANT = "staff.grant-moderator"
    STAFF_REVOKE = "staff.revoke-moderator"

    @property
    def label(self) -> str:
        return {
            AuditAction.POSTING_APPROVE: "Approved a job",
            AuditAction.POSTING_AUTO_PUBLISH: "Published a verified employer's job without review",
            AuditAction.POSTING_REJECT: "Rejected a job",
            AuditAction.POSTING_REQUEST_CHANGES: "Asked for changes to a job",
            AuditAction.POSTING_TAKE_DOWN: "Took a job down",
            AuditAction.POSTING_HIDE: "Hid a job after reports",
            AuditAction.POSTING_KEEP: "Kept a reported job up",
            AuditAction.ACCOUNT_SUSPEND: "Suspended an account",
            AuditAction.ACCOUNT_REINSTATE: "Reinstated an account",
            AuditAction.COMPANY_VERIFY: "Verified an employer",
            AuditAction.COMPANY_UNVERIFY: "Removed an employer's verification",
            AuditAction.COMPANY_PROFILE_APPROVE: "Approved a company profile change",
            AuditAction.COMPANY_PROFILE_AUTO_PUBLISH: (
                "Published a verified employer's profile change without review"
            ),
            AuditAction.COMPANY_PROFILE_REJECT: "Rejected a company profile change",
            AuditAction.STAFF_GRANT: "Made an account a moderator",
            AuditAction.STAFF_REVOKE: "Revoked moderator rights",
        }[self]


class AuditTarget(enum.StrEnum):
    POSTING = "posting"
    ACCOUNT = "account"
    COMPANY = "company"

    @property
    def label(self) -> str:
        return {
            AuditTarget.POSTING: "Job",
            AuditTarget.ACCOUNT: "Account",
            AuditTarget.COMPANY: "Company",
        }[self]


class AuditEntry(Base):
    """One moderation or account action: who, when, to what, and the state before and after.

    The target is named by type and id, not by a foreign key: the entry outlives what it
    is about, and `target_label` keeps its name as it was.
    """

    __tablename__ = "audit_log"
    __table_args__ = (sa.Index("ix_audit_log_target_type_target_id", "target_type", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # The actor's email at the time, or "system" for the site's own actions.
    actor_label: Mapped[str] = mapped_column(sa.String(254))
    action: Mapped[str] = mapped_column(sa.String(40), index=True)
    target_type: Mapped[str] = mapped_column(sa.String(20))
    target_id: Mapped[int] = mapped_column()
    target_label: Mapped[str] = mapped_column(sa.String(200))
    before: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    note: Mapped[str | None] = mapped_column(sa.String(1000))

    actor: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<AuditEntry {self.id} {self.action} {self.target_type}:{self.target_id}>"

    @property
    def action_label(self) -> str:
        try:
            return AuditAction(self.action).label
        except ValueError:
            return self.action

    @property
    def changes(self) -> list[tuple[str, Any, Any]]:
        """(key, before, after) for every key either side names, in a stable order."""
        before, after = self.before or {}, self.after or {}
        keys = list(dict.fromkeys([*before, *after]))
        return [(key, before.get(key), after.get(key)) for key in keys]


class AuditLogIsAppendOnly(Exception):
    """Something tried to change or remove an audit entry."""


@event.listens_for(AuditEntry, "before_update")
def _refuse_update(mapper, connection, target) -> None:
    raise AuditLogIsAppendOnly(f"audit entry {target.id} cannot be changed")


@event.listens_for(AuditEntry, "before_delete")
def _refuse_delete(mapper, connection, target) -> None:
    raise AuditLogIsAppendOnly(f"audit entry {target.id} cannot be deleted")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_changes(state) -> None:
    """ORM bulk UPDATE and DELETE statements on AuditEntry are refused too."""
    if (state.is_update or state.is_delete) and state.bind_mapper is AuditEntry.__mapper__:
        raise AuditLogIsAppendOnly("audit entries cannot be changed or deleted")
