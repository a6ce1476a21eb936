"""Coders' profiles and resumes, their applications and what they save."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, object_session, relationship
from sqlalchemy.orm.attributes import set_committed_value

from careercenter.models.base import Base, UTCDateTime, string_enum, utcnow

if TYPE_CHECKING:
    from careercenter.models.posting import Posting
    from careercenter.models.user import User


class ApplicantProfile(Base):
    __tablename__ = "applicant_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    full_name: Mapped[str] = mapped_column(sa.String(120))
    headline: Mapped[str] = mapped_column(sa.String(160), default="")
    zip_code: Mapped[str] = mapped_column(sa.String(5))
    city: Mapped[str] = mapped_column(sa.String(80))
    state: Mapped[str] = mapped_column(sa.String(2))
    latitude: Mapped[float] = mapped_column(sa.Float)
    longitude: Mapped[float] = mapped_column(sa.Float)
    years_experience: Mapped[int] = mapped_column(default=0)
    specialties: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    settings: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    code_sets: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    tools: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    arrangements: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    employment_types: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    desired_pay: Mapped[Decimal | None] = mapped_column(sa.Numeric(10, 2))
    desired_pay_unit: Mapped[str | None] = mapped_column(sa.String(10))
    resume_id: Mapped[int | None] = mapped_column(sa.ForeignKey("resumes.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()
    credentials: Mapped[list[HeldCredential]] = relationship(
        back_populates="profile",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="HeldCredential.credential",
    )
    resume: Mapped[Resume | None] = relationship(foreign_keys=[resume_id])

    @property
    def credential_slugs(self) -> set[str]:
        today = date.today()
        return {
            c.credential for c in self.credentials if c.expires_on is None or c.expires_on >= today
        }


class HeldCredential(Base):
    __tablename__ = "held_credentials"
    __table_args__ = (sa.UniqueConstraint("profile_id", "credential"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        sa.ForeignKey("applicant_profiles.id", ondelete="CASCADE"), index=True
    )
    credential: Mapped[str] = mapped_column(sa.String(20))
    number: Mapped[str | None] = mapped_column(sa.String(40))
    expires_on: Mapped[date | None] = mapped_column(sa.Date)

    profile: Mapped[ApplicantProfile] = relationship(back_populates="credentials")


class Resume(Base):
    """A resume file, stored outside static/ under a random name."""

    __tablename__ = "resumes"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    storage_name: Mapped[str] = mapped_column(sa.String(64), unique=True)
    filename: Mapped[str] = mapped_column(sa.String(120))
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(sa.String(64))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ApplicationStatus(enum.StrEnum):
    NEW = "new"
    REVIEWED = "reviewed"
    INTERVIEW = "interview"
    OFFER = "offer"
    HIRED = "hired"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return self.value.capitalize()


PIPELINE = (
    ApplicationStatus.NEW,
    ApplicationStatus.REVIEWED,
    ApplicationStatus.INTERVIEW,
    ApplicationStatus.OFFER,
    ApplicationStatus.HIRED,
    ApplicationStatus.REJECTED,
)


class StatusChangeRefused(Exception):
    """A status change the application's state does not allow; the message says why."""


class Application(Base):
    __tablename__ = "applications"
    __table_args__ = (
        # One application per applicant per job, whatever double submits happen.
        sa.UniqueConstraint("posting_id", "applicant_id", name="uq_applications_posting_applicant"),
        sa.Index("ix_applications_posting_id_status", "posting_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int] = mapped_column(sa.ForeignKey("postings.id", ondelete="CASCADE"))
    # NULL once the applicant deleted their account: employers see "a deleted user".
    applicant_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    resume_id: Mapped[int | None] = mapped_column(sa.ForeignKey("resumes.id", ondelete="SET NULL"))
    status: Mapped[ApplicationStatus] = mapped_column(
        string_enum(ApplicationStatus, "application_status"), default=ApplicationStatus.NEW
    )
    cover_letter: Mapped[str] = mapped_column(sa.Text, default="")
    # What was sent: the profile as it was when the coder applied.
    applicant_name: Mapped[str] = mapped_column(sa.String(120))
    applicant_email: Mapped[str | None] = mapped_column(sa.String(254))
    profile_snapshot: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    employer_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    posting: Mapped[Posting] = relationship()
    applicant: Mapped[User | None] = relationship(foreign_keys=[applicant_id])
    resume: Mapped[Resume | None] = relationship()
    events: Mapped[list[ApplicationEvent]] = relationship(
        back_populates="application",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ApplicationEvent.created_at",
    )
    notes: Mapped[list[ApplicationNote]] = relationship(
        back_populates="application",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ApplicationNote.created_at",
    )

    @property
    def from_deleted_user(self) -> bool:
        return self.applicant_id is None

    # -- transitions: the only way its status changes ----------------------------------------
    #
    # Each is a conditional UPDATE ... WHERE status = <the status it was read with>, so two
    # requests changing the same application at once cannot both act on the state they read:
    # the second finds the row changed, reads it again and decides afresh (a change to the
    # status it already has records nothing). The caller commits.

    def move_to(self, status: ApplicationStatus, *, by: User) -> bool:
        """The employer moves the application along the pipeline. Whether it changed."""
        if status not in PIPELINE:
            raise StatusChangeRefused("Choose a status from the list.")
        return self._transition(status, by=by, final={ApplicationStatus.WITHDRAWN: _WITHDRAWN})

    def withdraw(self, *, by: User) -> bool:
        """The applicant withdraws; final, and refused once hired. Whether it changed."""
        return self._transition(
            ApplicationStatus.WITHDRAWN,
            by=by,
            final={
                ApplicationStatus.WITHDRAWN: "This application is already withdrawn.",
                ApplicationStatus.HIRED: "A hired application cannot be withdrawn.",
            },
        )

    def _transition(
        self, to_status: ApplicationStatus, *, by: User, final: dict[ApplicationStatus, str]
    ) -> bool:
        session = object_session(self)
        assert session is not None, "an application must be in a session to change"
        while True:
            current = self.status
            if current in final:
                raise StatusChangeRefused(final[current])
            if current is to_status:
                return False
            now = utcnow()
            changed = session.execute(
                sa.update(Application)
                .where(Application.id == self.id, Application.status == current)
                .values(status=to_status, updated_at=now)
                .execution_options(synchronize_session=False)
            ).rowcount
            if changed:
                set_committed_value(self, "status", to_status)
                set_committed_value(self, "updated_at", now)
                self.events.append(
                    ApplicationEvent(from_status=current, to_status=to_status, actor_id=by.id)
                )
                return True
            # Someone changed it since it was read: decide again on what it is now.
            session.refresh(self, ["status", "updated_at"])


_WITHDRAWN = "The applicant withdrew this application; its status is final."


class ApplicationEvent(Base):
    """A status change, kept as history."""

    __tablename__ = "application_events"
    __table_args__ = (
        # A change that changes nothing is not history.
        sa.CheckConstraint(
            "from_status IS NULL OR from_status <> to_status", name="changes_status"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[ApplicationStatus | None] = mapped_column(
        string_enum(ApplicationStatus, "from_status")
    )
    to_status: Mapped[ApplicationStatus] = mapped_column(
        string_enum(ApplicationStatus, "to_status")
    )
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    application: Mapped[Application] = relationship(back_populates="events")


class ApplicationNote(Base):
    """An employer's private note on an application."""

    __tablename__ = "application_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    application: Mapped[Application] = relationship(back_populates="notes")


class SavedJob(Base):
    __tablename__ = "saved_jobs"
    __table_args__ = (sa.PrimaryKeyConstraint("user_id", "posting_id"),)

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    posting_id: Mapped[int] = mapped_column(sa.ForeignKey("postings.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    posting: Mapped[Posting] = relationship()


class AlertFrequency(enum.StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"


class SavedSearch(Base):
    """A /jobs search saved as a job alert."""

    __tablename__ = "saved_searches"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    query_string: Mapped[str] = mapped_column(sa.String(1000))
    frequency: Mapped[AlertFrequency] = mapped_column(
        string_enum(AlertFrequency, "alert_frequency"), default=AlertFrequency.WEEKLY
    )
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Jobs published after this moment are new to the alert; moved forward on each mail.
    last_sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()
