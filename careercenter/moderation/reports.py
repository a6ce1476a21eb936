"""Reports: anyone may say a posting is wrong. Reports from REPORTS_TO_HIDE distinct
reporters hide the posting until a moderator reviews it.

A reporter is an account, or for a guest a keyed hash of the network address (the
address itself is never stored). One open report per reporter and posting: reporting the
same job twice adds nothing until the first report is resolved.
"""

from __future__ import annotations

import hashlib
import hmac

import sqlalchemy as sa
from flask import current_app
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
    User,
)
from careercenter.moderation import audit
from careercenter.pagination import page_number

POSTINGS_PER_PAGE = 25


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


def file_report(
    posting: Posting,
    *,
    reason: ReportReason,
    note: str,
    user: User | None,
    remote_addr: str | None,
) -> Report:
    """Record a report; hide the posting once enough different people have reported it."""
    key = reporter_key(user, remote_addr)
    if db.session.scalar(
        sa.select(Report.id).where(_open(posting.id), Report.reporter_key == key).limit(1)
    ):
        raise AlreadyReported
    report = Report(
        posting=posting,
        reporter=user if user is not None and user.is_authenticated else None,
        reporter_key=key,
        reason=reason,
        note=(note or "").strip(),
    )
    db.session.add(report)
    db.session.flush()
    reporters = distinct_reporters(posting)
    if reporters >= current_app.config["REPORTS_TO_HIDE"] and posting.is_public:
        posting.hide()
        search.remove_posting(posting.id)
        audit.record(
            None,
            AuditAction.POSTING_HIDE,
            posting,
            before={"hidden": False},
            after={"hidden": True, "open_reports": reporters},
            note=f"Reported by {reporters} different people; hidden until a moderator reviews it.",
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
