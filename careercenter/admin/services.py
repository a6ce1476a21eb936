"""What the staff area reads: the dashboard's numbers and the account lists. The actions
live in careercenter.moderation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from careercenter.codes import services as code_services
from careercenter.extensions import db
from careercenter.models import CodeImport, Posting, Role, User, utcnow
from careercenter.moderation import reports, review, signals
from careercenter.pagination import page_number

ACCOUNTS_PER_PAGE = 25
RECENT_DAYS = 7
STATUSES = {"active": "Active", "suspended": "Suspended", "unverified": "Email not confirmed"}


def account_counts() -> dict[str, int]:
    by_role = dict(
        db.session.execute(sa.select(User.role, sa.func.count()).group_by(User.role)).all()
    )
    counts = {role.value: by_role.get(role, 0) for role in Role}
    counts["unverified"] = db.session.scalar(
        sa.select(sa.func.count()).where(User.email_verified_at.is_(None))
    )
    counts["suspended"] = db.session.scalar(
        sa.select(sa.func.count()).where(User.suspended_at.is_not(None))
    )
    return counts


@dataclass(frozen=True)
class Dashboard:
    pending: int
    pending_profiles: int
    oldest_submitted_at: datetime | None
    open_reports: int
    reported_postings: int
    hidden_postings: int
    published_this_week: int
    new_accounts: int
    suspended_accounts: int
    counts: dict[str, int]
    # The code data: each system's latest import, and the day its release is judged by.
    code_releases: list[CodeImport] = field(default_factory=list)
    codes_today: date | None = None


def dashboard(now: datetime | None = None) -> Dashboard:
    now = now or utcnow()
    since = now - timedelta(days=RECENT_DAYS)
    pending, oldest = review.pending_summary()
    open_reports, reported_postings = reports.open_counts()
    counts = account_counts()
    return Dashboard(
        pending=pending,
        pending_profiles=review.pending_profiles(),
        oldest_submitted_at=oldest,
        open_reports=open_reports,
        reported_postings=reported_postings,
        hidden_postings=db.session.scalar(
            sa.select(sa.func.count()).where(Posting.hidden_at.is_not(None))
        ),
        published_this_week=db.session.scalar(
            sa.select(sa.func.count()).where(Posting.published_at >= since)
        ),
        new_accounts=db.session.scalar(sa.select(sa.func.count()).where(User.created_at >= since)),
        suspended_accounts=counts["suspended"],
        counts=counts,
        code_releases=list(code_services.releases().values()),
        codes_today=code_services.today(),
    )


def list_accounts(*, q: str = "", role: Role | None = None, status: str = "", page: int = 1):
    stmt = sa.select(User).order_by(User.created_at.desc(), User.id.desc())
    if q:
        pattern = (
            "%" + q.lower().replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_") + "%"
        )
        stmt = stmt.where(
            sa.or_(
                User.email.like(pattern, escape="\\"),
                sa.func.lower(User.name).like(pattern, escape="\\"),
            )
        )
    if role is not None:
        stmt = stmt.where(User.role == role)
    if status == "suspended":
        stmt = stmt.where(User.suspended_at.is_not(None))
    elif status == "unverified":
        stmt = stmt.where(User.email_verified_at.is_(None))
    elif status == "active":
        stmt = stmt.where(User.suspended_at.is_(None), User.email_verified_at.is_not(None))
    return db.paginate(stmt, page=page_number(page), per_page=ACCOUNTS_PER_PAGE, error_out=False)


def staff() -> list[User]:
    return db.session.scalars(
        sa.select(User)
        .where(User.role.in_([Role.MODERATOR, Role.ADMIN]))
        .order_by(User.role, User.name, User.id)
    ).all()


def has_strong_signal(item: review.QueueItem) -> bool:
    """A strong scam signal fired: approving takes a tick that it was checked."""
    return any(s.weight >= signals.STRONG for s in item.signals)
