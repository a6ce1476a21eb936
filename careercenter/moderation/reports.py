"""Reports: anyone may say a posting is wrong, and every report reaches the moderators.
Only some reporters can hide a posting until a moderator reviews it, so that reports are
not a weapon against a competitor's jobs:

- a report counts toward hiding when it comes from an account whose email is confirmed,
  that is not an employer's (a rival's report is read, never counted) and not suspended;
  a guest's report never counts (anyone can be a thousand guests);
- REPORTS_TO_HIDE counting reporters hide the posting, provided at least one of them has
  had their account for a day (ACCOUNT_AGE_TO_HIDE): fresh accounts count, but cannot
  hide a job by themselves;
- each account may report RATELIMIT_REPORT_ACCOUNT times, each guest address
  RATELIMIT_REPORT times (the route's rate limits).

A reporter is an account, or for a guest a keyed hash of the network address (the
address itself is never stored). One open report per reporter and posting (a unique
index): reporting the same job twice adds nothing until the first report is resolved,
however many requests arrive at once.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from careercenter import search
from careercenter.extensions import db
from careercenter.models import (
    AuditAction,
    Company,
    Posting,
    Report,
    ReportOutcome,
    ReportReason,
    Role,
    User,
    utcnow,
)
from careercenter.moderation import audit
from careercenter.pagination import page_number

POSTINGS_PER_PAGE = 25
# At least one of the reporters who hide a posting has had their account this long.
ACCOUNT_AGE_TO_HIDE = timedelta(days=1)


class AlreadyReported(Exception):
    """This reporter's earlier report of the posting is still open."""


def reporter_key(user: User | None, remote_addr: str | None) -> str:
    if user is not None and user.is_authenticated:
        return f"user:{user.id}"
    secret = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(secret, (remote_addr or "unknown").encode(), hashlib.sha256)
    return "ip:" + digest.hexdigest()[:40]


def _open(posting_id: int):
    return sa.and_(Report.posting_id == posting_id, Report.resolved_at.is_(None))


def distinct_reporters(posting: Posting) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(sa.distinct(Report.reporter_key))).where(_open(posting.id))
    )


def hiding_reporters(posting: Posting) -> tuple[int, int]:
    """The open reports that count toward hiding the posting: (how many different
    reporters, how many of them have had their account for ACCOUNT_AGE_TO_HIDE)."""
    seasoned = utcnow() - ACCOUNT_AGE_TO_HIDE
    row = db.session.execute(
        sa.select(
            sa.func.count(sa.distinct(User.id)),
            sa.func.count(sa.distinct(sa.case((User.created_at <= seasoned, User.id)))),
        )
        .select_from(Report)
        .join(User, User.id == Report.reporter_id)
        .where(
            _open(posting.id),
            User.email_verified_at.is_not(None),
            User.role != Role.EMPLOYER,
            User.suspended_at.is_(None),
        )
    ).one()
    return row[0], row[1]


def file_report(
    posting: Posting,
    *,
    reason: ReportReason,
    note: str,
    user: User | None,
    remote_addr: str | None,
) -> Report:
    """Record a report; hide the posting once enough reporters who count have reported it
    (see the module's docstring)."""
    key = reporter_key(user, remote_addr)
    posting.lock()
    if db.session.scalar(
        sa.select(Report.id).where(_open(posting.id), Report.reporter_key == key).limit(1)
    ):
        db.session.rollback()
        raise AlreadyReported
    report = Report(
        posting=posting,
        reporter=user if user is not None and user.is_authenticated else None,
        reporter_key=key,
        reason=reason,
        note=(note or "").strip(),
    )
    db.session.add(report)
    try:
        db.session.flush()
    except IntegrityError as exc:  # the same reporter's report, committed a moment ago
        db.session.rollback()
        raise AlreadyReported from exc
    counted, seasoned = hiding_reporters(posting)
    if counted >= current_app.config["REPORTS_TO_HIDE"] and seasoned and posting.is_public:
        posting.hide()
        search.remove_posting(posting.id)
        audit.record(
            None,
            AuditAction.POSTING_HIDE,
            posting,
            before={"hidden": False},
            after={"hidden": True, "open_reports": counted},
            note=f"Reported by {counted} different people; hidden until a moderator reviews it.",
        )
    db.session.commit()
    return report


def open_reports_of(posting: Posting) -> list[Report]:
    return db.session.scalars(
        sa.select(Report)
        .where(_open(posting.id))
        .options(joinedload(Report.reporter))
        .order_by(Report.created_at, Report.id)
    ).all()


def reports_of(posting: Posting) -> list[Report]:
    """Every report of the posting, open ones first, then the newest."""
    return db.session.scalars(
        sa.select(Report)
        .where(Report.posting_id == posting.id)
        .options(joinedload(Report.reporter), joinedload(Report.resolved_by))
        .order_by(Report.resolved_at.is_not(None), Report.created_at.desc(), Report.id.desc())
    ).all()


def open_summary(posting_ids: list[int]) -> dict[int, tuple[int, list[str]]]:
    """For each posting with open reports: (distinct reporters, the reason of each)."""
    if not posting_ids:
        return {}
    rows = db.session.execute(
        sa.select(Report.posting_id, Report.reporter_key, Report.reason).where(
            Report.posting_id.in_(posting_ids), Report.resolved_at.is_(None)
        )
    ).all()
    summary: dict[int, tuple[set[str], list[str]]] = {}
    for row in rows:
        keys, reasons = summary.setdefault(row.posting_id, (set(), []))
        keys.add(row.reporter_key)
        reasons.append(row.reason.short_label)
    return {posting_id: (len(keys), reasons) for posting_id, (keys, reasons) in summary.items()}


def resolve_open(posting: Posting, moderator: User, outcome: ReportOutcome, note: str) -> int:
    """Resolve every open report of the posting with one outcome; the caller commits."""
    reports = db.session.scalars(sa.select(Report).where(_open(posting.id))).all()
    for report in reports:
        report.resolve(moderator, outcome, note)
    return len(reports)


def open_counts() -> tuple[int, int]:
    """(open reports, postings they are about)."""
    row = db.session.execute(
        sa.select(sa.func.count(), sa.func.count(sa.distinct(Report.posting_id))).where(
            Report.resolved_at.is_(None)
        )
    ).one()
    return row[0], row[1]


def queue(page: int = 1):
    """Postings with open reports: hidden ones first, then by how many people reported
    them, then the longest waiting."""
    open_reports = (
        sa.select(
            Report.posting_id,
            sa.func.count(sa.distinct(Report.reporter_key)).label("reporters"),
            sa.func.min(Report.created_at).label("first_at"),
        )
        .where(Report.resolved_at.is_(None))
        .group_by(Report.posting_id)
        .subquery()
    )
    stmt = (
        sa.select(Posting)
        .join(open_reports, open_reports.c.posting_id == Posting.id)
        .options(joinedload(Posting.company).joinedload(Company.owner))
        .order_by(
            Posting.hidden_at.is_(None),
            open_reports.c.reporters.desc(),
            open_reports.c.first_at,
            Posting.id,
        )
    )
    return db.paginate(stmt, page=page_number(page), per_page=POSTINGS_PER_PAGE, error_out=False)


def open_reports_by_posting(posting_ids: list[int]) -> dict[int, list[Report]]:
    if not posting_ids:
        return {}
    reports = db.session.scalars(
        sa.select(Report)
        .where(Report.posting_id.in_(posting_ids), Report.resolved_at.is_(None))
        .order_by(Report.created_at, Report.id)
    ).all()
    grouped: dict[int, list[Report]] = {}
    for report in reports:
        grouped.setdefault(report.posting_id, []).append(report)
    return grouped
