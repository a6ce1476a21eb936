"""The posting lifecycle as the application performs it: each function changes a posting,
keeps the search index in step, and commits."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from slugify import slugify
from sqlalchemy.orm import joinedload

from careercenter import search
from careercenter.extensions import db
from careercenter.models import Company, Posting, PostingStatus, utcnow
from careercenter.models.posting import PUBLIC, SUBSTANCE
from careercenter.moderation import review
from careercenter.postings import views_counter
from careercenter.text import render_markdown, same_text

# Tags a coder reads as a set: the form sends them in its own order, which need not be the
# order they were stored in (the demo's, an older form's).
UNORDERED = frozenset(
    {"remote_states", "credentials_required", "credentials_preferred", "specialties", "settings",
     "code_sets"}
)  # fmt: skip


def _same(name: str, stored, sent) -> bool:
    """Whether a coder would read `sent` as the value already stored."""
    if isinstance(stored, str) and isinstance(sent, str):
        return same_text(stored, sent)
    if name in UNORDERED and isinstance(stored, list) and isinstance(sent, list):
        return sorted(stored) == sorted(sent)
    return stored == sent


def _apply_values(posting: Posting, values: dict) -> bool:
    """Set the values that differ; True when something a coder reads has changed. A value
    the same to a reader is left as stored, so the approved version still matches it."""
    changed = False
    for name, value in values.items():
        if not _same(name, getattr(posting, name), value):
            changed = changed or name in SUBSTANCE
            setattr(posting, name, value)
    posting.slug = slugify(posting.title, max_length=80, word_boundary=True) or "job"
    posting.description_html = render_markdown(posting.description_md)
    return changed


def _note_changes(posting: Posting) -> None:
    """Work out what the edit in review changed, once, for the reviewers."""
    review.note_changes(posting)


def _after_submission(posting: Posting) -> bool:
    """A posting entering review: note what it changes, then a verified employer's job may
    go live without review (a setting); True if it did."""
    _note_changes(posting)
    return review.publish_if_trusted(posting)


def create_posting(company: Company, values: dict, submit: bool) -> Posting:
    posting = Posting(company=company, status=PostingStatus.DRAFT)
    _apply_values(posting, values)
    db.session.add(posting)
    if submit:
        posting.submit()
        db.session.flush()
        _after_submission(posting)
    db.session.commit()
    return posting


def update_posting(posting: Posting, values: dict, submit: bool) -> str:
    """Save an edit. Returns what happened, for the message the employer sees.

    An edit of what coders read on a posting that was approved, in whatever state it is
    now (live, past its date, expired, filled, closed, hidden), takes it back to review:
    the public never reads text no moderator saw."""
    was_approved = posting.status in PUBLIC
    changed = _apply_values(posting, values)
    outcome = "saved"
    if was_approved and changed:
        posting.send_back_to_review()
        outcome = "back-to-review"
    elif submit and (posting.status is PostingStatus.EXPIRED or posting.is_past_expiry()):
        posting.renew()
        outcome = "submitted"
    elif submit and posting.status in (PostingStatus.DRAFT, PostingStatus.REJECTED):
        posting.submit()
        outcome = "submitted"
    if outcome != "saved" and _after_submission(posting):
        outcome = "published"
    elif outcome == "saved" and changed and posting.status is PostingStatus.SUBMITTED:
        _note_changes(posting)  # edited again while waiting: the reviewers see this one
    search.index_posting(posting)
    db.session.commit()
    return outcome


def submit(posting: Posting) -> None:
    posting.submit()
    _after_submission(posting)
    db.session.commit()


def renew(posting: Posting) -> None:
    posting.renew()
    _after_submission(posting)
    search.index_posting(posting)
    db.session.commit()


def mark_filled(posting: Posting) -> None:
    posting.mark_filled()
    search.index_posting(posting)
    db.session.commit()


def close(posting: Posting) -> None:
    posting.close()
    search.index_posting(posting)
    db.session.commit()


def reopen(posting: Posting) -> None:
    """Open a job its employer closed, for the rest of its run. A job that was live when it
    was closed, with the text a moderator approved (closed jobs cannot be edited), goes live
    again at once; any other (closed while waiting for review, sent back or taken down by a
    moderator, or approved before versions were kept) goes back to review, and so through
    the same checks as any submission."""
    was_live = posting.published_at is not None  # close() clears it for a job not live
    approved = (
        was_live
        and posting.approved_snapshot is not None
        and posting.approved_snapshot == posting.substance()
    )
    posting.reopen(needs_review=not approved)
    if not approved:
        _after_submission(posting)
    search.index_posting(posting)
    db.session.commit()


def expire_due(now: datetime | None = None) -> int:
    """Expire every published posting past its date (for cron); returns how many."""
    now = now or utcnow()
    due = db.session.scalars(
        sa.select(Posting).where(
            Posting.status == PostingStatus.PUBLISHED, Posting.expires_at <= now
        )
    ).all()
    for posting in due:
        posting.expire()
    search.remove_postings(posting.id for posting in due)
    db.session.commit()
    return len(due)


def record_view(posting: Posting) -> None:
    views_counter.count_view(posting.id)


def record_apply_click(posting: Posting) -> None:
    db.session.execute(
        sa.update(Posting)
        .where(Posting.id == posting.id)
        # updated_at says when the job last changed; a click is not a change.
        .values(apply_click_count=Posting.apply_click_count + 1, updated_at=Posting.updated_at)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def open_postings_of(company: Company) -> list[Posting]:
    now = utcnow()
    return db.session.scalars(
        sa.select(Posting)
        .where(
            Posting.company_id == company.id,
            Posting.status == PostingStatus.PUBLISHED,
            Posting.expires_at > now,
            Posting.hidden_at.is_(None),
        )
        .order_by(Posting.published_at.desc())
    ).all()


def postings_of(company: Company) -> list[Posting]:
    return db.session.scalars(
        sa.select(Posting)
        .where(Posting.company_id == company.id)
        .order_by(Posting.updated_at.desc(), Posting.id.desc())
    ).all()


def visible_posting(posting_id: int, reader) -> Posting | None:
    """The posting `reader` may see (`Posting.visible_to`), with its company and owner
    loaded; None when it does not exist or is not theirs to see."""
    posting = db.session.scalar(
        sa.select(Posting)
        .where(Posting.id == posting_id)
        .options(joinedload(Posting.company).joinedload(Company.owner))
    )
    return posting if posting is not None and posting.visible_to(reader) else None
