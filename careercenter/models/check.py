"""Coding skill checks: an employer's cases with their expected codes, attached to postings,
and coders' timed attempts at them (careercenter/checks explains the rules).

An attempt keeps a snapshot of the check as it was when the coder started (cases, expected
codes, scoring rules): an employer editing the check later changes nothing for attempts
already made. The expected codes live only here and in the employer's pages.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from careercenter.models.base import Base, UTCDateTime, string_enum, utcnow

if TYPE_CHECKING:
    from careercenter.models.company import Company

MAX_CASES = 25


class AttemptStatus(enum.StrEnum):
    OPEN = "open"  # not started yet, or started and the clock is running
    SUBMITTED = "submitted"
    TIMED_OUT = "timed-out"

    @property
    def label(self) -> str:
        return {
            AttemptStatus.OPEN: "Open",
            AttemptStatus.SUBMITTED: "Submitted",
            AttemptStatus.TIMED_OUT: "Timed out",
        }[self]


class CheckEventKind(enum.StrEnum):
    STARTED = "started"
    SAVED = "saved"
    SUBMITTED = "submitted"
    TIMED_OUT = "timed-out"
    REUSED = "reused"


class SkillCheck(Base):
    """A named set of cases a company asks applicants to code."""

    __tablename__ = "skill_checks"
    __table_args__ = (
        sa.CheckConstraint("pass_mark BETWEEN 0 AND 100", name="pass_mark"),
        sa.CheckConstraint(
            "time_limit_minutes IS NULL OR time_limit_minutes BETWEEN 1 AND 240", name="time_limit"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(
        sa.ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(120))
    instructions: Mapped[str] = mapped_column(sa.Text, default="")
    time_limit_minutes: Mapped[int | None] = mapped_column()
    pass_mark: Mapped[int] = mapped_column(default=85)
    sequence_matters: Mapped[bool] = mapped_column(default=True)
    show_score: Mapped[bool] = mapped_column(default=True)
    one_at_a_time: Mapped[bool] = mapped_column(default=True)
    allow_reuse: Mapped[bool] = mapped_column(default=False)
    # Partial credit, in percent of a point; penalties in percent of a point per extra code.
    credit_specificity: Mapped[int] = mapped_column(default=50)
    credit_seventh: Mapped[int] = mapped_column(default=50)
    credit_modifier: Mapped[int] = mapped_column(default=75)
    sequence_loss: Mapped[int] = mapped_column(default=25)
    penalty_wrong_extra: Mapped[int] = mapped_column(default=50)
    penalty_redundant_extra: Mapped[int] = mapped_column(default=10)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    company: Mapped[Company] = relationship()
    cases: Mapped[list[CheckCase]] = relationship(
        back_populates="check",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(CheckCase.position, CheckCase.id)",
    )

    def is_owned_by(self, user) -> bool:
        return bool(self.company and self.company.is_owned_by(user))

    @property
    def minutes_estimate(self) -> int:
        """What the job page says it takes: its limit, else two minutes a case."""
        return self.time_limit_minutes or max(5, 2 * len(self.cases))

    def rules(self) -> dict:
        return {
            "sequence_matters": self.sequence_matters,
            "credit_specificity": self.credit_specificity,
            "credit_seventh": self.credit_seventh,
            "credit_modifier": self.credit_modifier,
            "sequence_loss": self.sequence_loss,
            "penalty_wrong_extra": self.penalty_wrong_extra,
            "penalty_redundant_extra": self.penalty_redundant_extra,
        }


class CheckCase(Base):
    """A de-identified scenario and the codes it should get, each {system, code, modifiers}:
    diagnoses in sequence, then procedures."""

    __tablename__ = "check_cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    check_id: Mapped[int] = mapped_column(
        sa.ForeignKey("skill_checks.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(sa.String(120))
    scenario: Mapped[str] = mapped_column(sa.Text)
    expected: Mapped[list[dict]] = mapped_column(sa.JSON, default=list)

    check: Mapped[SkillCheck] = relationship(back_populates="cases")


class PostingCheck(Base):
    """The check a posting asks applicants to take (at most one)."""

    __tablename__ = "posting_checks"

    posting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("postings.id", ondelete="CASCADE"), primary_key=True
    )
    check_id: Mapped[int] = mapped_column(
        sa.ForeignKey("skill_checks.id", ondelete="CASCADE"), index=True
    )

    check: Mapped[SkillCheck] = relationship()


class CheckAttempt(Base):
    """A coder's one go at a check: timed on the server from the first case shown."""

    __tablename__ = "check_attempts"
    __table_args__ = (
        sa.CheckConstraint("status = 'open' OR finished_at IS NOT NULL", name="finished_has_time"),
        sa.Index("ix_check_attempts_check_id_applicant_id", "check_id", "applicant_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    check_id: Mapped[int] = mapped_column(sa.ForeignKey("skill_checks.id", ondelete="CASCADE"))
    # NULL once the coder deleted their account: the employer keeps the score.
    applicant_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[AttemptStatus] = mapped_column(
        string_enum(AttemptStatus, "attempt_status"), default=AttemptStatus.OPEN
    )
    # The check as it was when the attempt was made: name, rules, layout, cases.
    snapshot: Mapped[dict] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    score: Mapped[float | None] = mapped_column(sa.Float)
    passed: Mapped[bool | None] = mapped_column()
    sheet: Mapped[dict | None] = mapped_column(sa.JSON(none_as_null=True))

    check: Mapped[SkillCheck] = relationship()
    answers: Mapped[list[CheckAnswer]] = relationship(
        back_populates="attempt",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="CheckAnswer.position",
    )

    @property
    def is_finished(self) -> bool:
        return self.status is not AttemptStatus.OPEN

    @property
    def case_count(self) -> int:
        return len(self.snapshot.get("cases", []))


class CheckAnswer(Base):
    """What the coder typed for one case, as last saved."""

    __tablename__ = "check_answers"
    __table_args__ = (sa.PrimaryKeyConstraint("attempt_id", "position", name="pk_check_answers"),)

    attempt_id: Mapped[int] = mapped_column(sa.ForeignKey("check_attempts.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column()
    given: Mapped[str] = mapped_column(sa.Text, default="")
    saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    attempt: Mapped[CheckAttempt] = relationship(back_populates="answers")


class ApplicationCheck(Base):
    """The attempt that answers an application's check: one per application; several
    applications share one only where the check allows reuse."""

    __tablename__ = "application_checks"

    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True
    )
    attempt_id: Mapped[int] = mapped_column(
        sa.ForeignKey("check_attempts.id", ondelete="CASCADE"), index=True
    )
    reused: Mapped[bool] = mapped_column(default=False)

    attempt: Mapped[CheckAttempt] = relationship()


class CheckEvent(Base):
    """The attempt's history, shown with the application's: started, saved, submitted,
    timed out, reused for another application."""

    __tablename__ = "check_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(
        sa.ForeignKey("check_attempts.id", ondelete="CASCADE"), index=True
    )
    application_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="SET NULL")
    )
    kind: Mapped[CheckEventKind] = mapped_column(string_enum(CheckEventKind, "check_event_kind"))
    detail: Mapped[str] = mapped_column(sa.String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
