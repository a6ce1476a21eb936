"""The employer's side of an application: who may see it, its status pipeline, private
notes and the CSV export."""

from __future__ import annotations

import csv
import io

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from careercenter import jobs
from careercenter.checks.services import result_label
from careercenter.extensions import db
from careercenter.formatting import vocab_list
from careercenter.models import (
    Application,
    ApplicationNote,
    ApplicationStatus,
    Company,
    Posting,
    StatusChangeRefused,
    User,
)

MAX_NOTE_CHARS = 5000


# A status change the pipeline does not allow; the message says why.
PipelineRefused = StatusChangeRefused


def posting_of_employer(user: User, posting_id: int) -> Posting | None:
    """The posting if it belongs to this employer's company, else None (the caller 404s)."""
    return db.session.scalar(
        sa.select(Posting)
        .join(Company, Company.id == Posting.company_id)
        .where(Posting.id == posting_id, Company.owner_id == user.id)
    )


def application_of_employer(user: User, application_id: int) -> Application | None:
    """The application if it was sent to one of this employer's postings, else None."""
    return db.session.scalar(
        sa.select(Application)
        .join(Posting, Posting.id == Application.posting_id)
        .join(Company, Company.id == Posting.company_id)
        .where(Application.id == application_id, Company.owner_id == user.id)
        .options(
            joinedload(Application.posting),
            joinedload(Application.resume),
            selectinload(Application.events),
            selectinload(Application.notes),
        )
    )


def applications_to(
    posting: Posting, *, status: str | None = None, credential: str | None = None
) -> list[Application]:
    """A posting's applications, newest first, optionally of one status or credential.

    The credential filter reads the profile as it was sent (the snapshot), so it matches
    what the employer sees on the application."""
    query = (
        sa.select(Application)
        .where(Application.posting_id == posting.id)
        .options(joinedload(Application.resume))
        .order_by(Application.created_at.desc(), Application.id.desc())
    )
    if status in ApplicationStatus.__members__.values():
        query = query.where(Application.status == ApplicationStatus(status))
    applications = db.session.scalars(query).all()
    if credential:
        applications = [a for a in applications if credential in credentials_of(a)]
    return applications


def credentials_of(application: Application) -> list[str]:
    return [c["credential"] for c in application.profile_snapshot.get("credentials", [])]


def status_counts(posting: Posting) -> dict[ApplicationStatus, int]:
    rows = db.session.execute(
        sa.select(Application.status, sa.func.count())
        .where(Application.posting_id == posting.id)
        .group_by(Application.status)
    ).all()
    return {status: count for status, count in rows}


def applicant_counts(postings: list[Posting]) -> dict[int, int]:
    """Applications per posting id, in one query, for the dashboard."""
    if not postings:
        return {}
    rows = db.session.execute(
        sa.select(Application.posting_id, sa.func.count())
        .where(Application.posting_id.in_([p.id for p in postings]))
        .group_by(Application.posting_id)
    ).all()
    return dict(rows)


def change_status(
    application: Application,
    to_status: ApplicationStatus,
    *,
    actor: User,
    mail_applicant: bool = False,
) -> bool:
    """Move an application along the pipeline and keep the change in its history.

    Returns whether a courteous rejection mail went to the applicant (through the job
    queue, like every mail about an application): only when this
    request rejected it, so a repeated or simultaneous identical change mails nothing.
    Raises PipelineRefused for a status outside the pipeline or a withdrawn application."""
    if not application.move_to(to_status, by=actor):
        db.session.rollback()
        return False
    db.session.commit()
    mailed = False
    if (
        to_status is ApplicationStatus.REJECTED
        and mail_applicant
        and application.applicant_email
        and not application.from_deleted_user
    ):
        jobs.enqueue("careercenter.applications.notifications:tell_rejected", application.id)
        mailed = True
    return mailed


def add_note(application: Application, *, author: User, body: str) -> ApplicationNote:
    note = ApplicationNote(author_id=author.id, body=body.strip())
    application.notes.append(note)
    db.session.commit()
    return note


CSV_COLUMNS = (
    "Application",
    "Applied",
    "Status",
    "Name",
    "Email",
    "Location",
    "Credentials",
    "Years of experience",
    "Specialties",
    "Settings",
    "Code sets",
    "Tools",
    "Cover letter",
)


def _csv_safe(value: str) -> str:
    """Keep a spreadsheet from running a cell as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_export(posting: Posting, applications: list[Application], checks=None) -> str:
    """The applications as CSV; `checks` (application id -> attempt) adds the coding
    check's score and result when the posting asks for one (issue 17)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS + (("Check score", "Check result") if checks is not None else ()))
    for a in applications:
        snapshot = a.profile_snapshot or {}
        row = [
            str(a.id),
            a.created_at.date().isoformat(),
            a.status.label,
            "Deleted user" if a.from_deleted_user else a.applicant_name,
            "" if a.from_deleted_user else (a.applicant_email or ""),
            snapshot.get("location", ""),
            vocab_list(credentials_of(a), "credential"),
            str(snapshot.get("years_experience", "")),
            vocab_list(snapshot.get("specialties"), "specialty"),
            vocab_list(snapshot.get("settings"), "setting"),
            vocab_list(snapshot.get("code_sets"), "code_set"),
            vocab_list(snapshot.get("tools"), "tool"),
            a.cover_letter,
        ]
        if checks is not None:
            attempt = checks.get(a.id)
            finished = attempt is not None and attempt.is_finished
            row += [f"{attempt.score:g}" if finished else "", result_label(attempt)]
        writer.writerow([_csv_safe(cell) for cell in row])
    return out.getvalue()
