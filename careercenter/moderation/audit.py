"""The audit log: who did what, when, to what, with the state before and after.

Entries are written in the same transaction as the action they record (the caller
commits), so an action and its entry exist together or not at all. Nothing here updates or
deletes an entry, and the model refuses it (careercenter.models.moderation).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from careercenter.extensions import db
from careercenter.models import (
    AuditAction,
    AuditEntry,
    AuditTarget,
    Company,
    Posting,
    User,
)
from careercenter.pagination import page_number

ENTRIES_PER_PAGE = 50
SYSTEM = "system"

# The actions that decide a posting's fate, for "what happened" when two moderators collide.
POSTING_DECISIONS = (
    AuditAction.POSTING_APPROVE,
    AuditAction.POSTING_AUTO_PUBLISH,
    AuditAction.POSTING_REJECT,
    AuditAction.POSTING_REQUEST_CHANGES,
    AuditAction.POSTING_TAKE_DOWN,
    AuditAction.POSTING_KEEP,
)


def target_of(thing: Posting | User | Company) -> tuple[AuditTarget, int, str]:
    if isinstance(thing, Posting):
        return AuditTarget.POSTING, thing.id, f"{thing.title} ({thing.company.name})"[:200]
    if isinstance(thing, User):
        return AuditTarget.ACCOUNT, thing.id, thing.email
    if isinstance(thing, Company):
        return AuditTarget.COMPANY, thing.id, thing.name
    raise TypeError(f"no audit target for {thing!r}")


def record(
    actor: User | None,
    action: AuditAction,
    target: Posting | User | Company,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str | None = None,
) -> AuditEntry:
    """Add an entry to the session; the caller's commit writes it with the action.
    A value the action left as it was ("published → published") is not a change: it is
    left out of both sides."""
    if before and after:
        same = {key for key in before.keys() & after.keys() if before[key] == after[key]}
        before = {k: v for k, v in before.items() if k not in same} or None
        after = {k: v for k, v in after.items() if k not in same} or None
    kind, target_id, label = target_of(target)
    entry = AuditEntry(
        actor=actor,
        actor_label=actor.email if actor is not None else SYSTEM,
        action=action.value,
        target_type=kind.value,
        target_id=target_id,
        target_label=label,
        before=before,
        after=after,
        note=(note or "").strip()[:1000] or None,
    )
    db.session.add(entry)
    return entry


def history_of(kind: AuditTarget, target_id: int, limit: int = 20) -> list[AuditEntry]:
    return db.session.scalars(
        sa.select(AuditEntry)
        .where(AuditEntry.target_type == kind.value, AuditEntry.target_id == target_id)
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
        .limit(limit)
    ).all()


def last_decision(posting: Posting) -> AuditEntry | None:
    return db.session.scalar(
        sa.select(AuditEntry)
        .where(
            AuditEntry.target_type == AuditTarget.POSTING.value,
            AuditEntry.target_id == posting.id,
            AuditEntry.action.in_([a.value for a in POSTING_DECISIONS]),
        )
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
        .limit(1)
    )


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""  # part of the actor's email, or "system"
    action: AuditAction | None = None
    target_type: AuditTarget | None = None
    target_id: int | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.actor or self.action or self.target_type or self.target_id)


def _like_pattern(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
    return f"%{escaped}%"


def search(filters: AuditFilter, page: int = 1):
    """Entries matching the filters, newest first, a page at a time."""
    stmt = sa.select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    if filters.actor:
        stmt = stmt.where(
            sa.func.lower(AuditEntry.actor_label).like(_like_pattern(filters.actor), escape="\\")
        )
    if filters.action is not None:
        stmt = stmt.where(AuditEntry.action == filters.action.value)
    if filters.target_type is not None:
        stmt = stmt.where(AuditEntry.target_type == filters.target_type.value)
    if filters.target_id is not None:
        stmt = stmt.where(AuditEntry.target_id == filters.target_id)
    return db.paginate(stmt, page=page_number(page), per_page=ENTRIES_PER_PAGE, error_out=False)
