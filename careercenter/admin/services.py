from __future__ import annotations

import sqlalchemy as sa

from careercenter.auth.services import end_all_sessions
from careercenter.extensions import db
from careercenter.models import Role, User, utcnow

ACCOUNTS_PER_PAGE = 25


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


def list_accounts(*, q: str = "", role: Role | None = None, page: int = 1):
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
    return db.paginate(stmt, page=max(page, 1), per_page=ACCOUNTS_PER_PAGE, error_out=False)


def suspend(user: User, reason: str) -> None:
    """Suspend an account: it can no longer sign in and its sessions end now."""
    user.suspended_at = utcnow()
    user.suspension_reason = reason
    db.session.commit()
    end_all_sessions(user)


def reinstate(user: User) -> None:
    user.suspended_at = None
    user.suspension_reason = None
    db.session.commit()
