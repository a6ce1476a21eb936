"""Decisions on a posting, and the review queue they are taken from.

Every decision locks the posting's row first and reads it again, so when two moderators
act at once the second sees the first one's decision (AlreadyDecided) instead of
overwriting it. A form may also carry the review token of the version the moderator read:
a posting edited or resubmitted since is not decided blind.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from itertools import zip_longest

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import contains_eager

from careercenter import search
from careercenter.employers.profiles import publish_profile
from careercenter.extensions import db
from careercenter.formatting import money
from careercenter.mail import send_mail
from careercenter.models import (
    AuditAction,
    AuditEntry,
    Company,
    Posting,
    PostingStatus,
    ReportOutcome,
    User,
    utcnow,
)
from careercenter.models.posting import PUBLIC
from careercenter.moderation import audit, reports, signals
from careercenter.pagination import PageNumbers
from careercenter.text import same_text
from careercenter.vocabulary import (
    ARRANGEMENTS,
    CODE_SETS,
    CREDENTIALS,
    EMPLOYMENT_TYPES,
    PAY_UNITS,
    SETTINGS,
    SPECIALTIES,
    US_STATES,
    label,
)

QUEUE_PER_PAGE = 50
# Sorting by signals reads this many of the oldest waiting postings: a queue longer than
# this has bigger problems than its order.
QUEUE_SCAN = 1000
REASON_MAX_LENGTH = 800

# The standard reasons a moderator picks from; the employer reads them, then the free text.
SEND_BACK_REASONS = {
    "fees": "It asks applicants to pay for training, software or equipment",
    "chat": "It moves applicants to a chat app instead of a proper application",
    "not-coding": "It is not a medical coding, billing or documentation job",
    "pay": "Its pay is missing, unclear or implausible",
    "contact": "We could not confirm the employer or its contact details",
    "copied": "It copies another employer's posting",
    "duplicate": "It duplicates another of your postings",
    "discriminatory": "Its wording is discriminatory",
    "other": "Another reason (explained below)",
}

SORTS = {"oldest": "Oldest first", "signals": "Most signals first"}


def reason_text(code: str | None, text: str | None) -> str:
    """A standard reason (if any, and not "other") followed by the moderator's words."""
    standard = SEND_BACK_REASONS.get(code or "") if code != "other" else None
    parts = [f"{standard}." if standard else "", (text or "").strip()]
    return " ".join(part for part in parts if part)


def state_of(posting: Posting) -> dict:
    return {"status": posting.status.value, "hidden": posting.is_hidden}


def review_token(posting: Posting) -> str:
    """Changes whenever the posting's status, submission, last review or substance does."""
    parts = [
        posting.status.value,
        posting.submitted_at.isoformat() if posting.submitted_at else "",
        posting.reviewed_at.isoformat() if posting.reviewed_at else "",
        json.dumps(posting.substance(), sort_keys=True, default=str),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:20]


# -- what an edit changed ---------------------------------------------------------------------

FIELD_LABELS = {
    "title": "Job title",
    "description_md": "Description",
    "city": "City",
    "state": "State",
    "zip_code": "ZIP code",
    "arrangement": "Work arrangement",
    "remote_states": "Remote from",
    "employment_type": "Employment type",
    "pay_min": "Pay from",
    "pay_max": "Pay up to",
    "pay_unit": "Pay unit",
    "credentials_required": "Credentials accepted",
    "credentials_preferred": "Credentials preferred",
    "apprentice_friendly": "CPC-A welcome",
    "specialties": "Specialties",
    "settings": "Settings",
    "code_sets": "Code sets",
    "years_experience": "Years of experience",
    "key_codes": "Key codes",
    "apply_method": "How to apply",
    "apply_url": "Application address",
}
_VOCABULARIES = {
    "arrangement": ARRANGEMENTS,
    "employment_type": EMPLOYMENT_TYPES,
    "pay_unit": PAY_UNITS,
    "state": US_STATES,
    "remote_states": US_STATES,
    "credentials_required": CREDENTIALS,
    "credentials_preferred": CREDENTIALS,
    "specialties": SPECIALTIES,
    "settings": SETTINGS,
    "code_sets": CODE_SETS,
}


def _display(name: str, value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if name in ("pay_min", "pay_max"):
        return money(value)
    vocab = _VOCABULARIES.get(name)
    if isinstance(value, list):
        return ", ".join(label(vocab, v) if vocab else str(v) for v in value)
    return label(vocab, value) if vocab else str(value)


@dataclass
class Change:
    name: str
    label: str
    before: str
    after: str
    # For long text (the description, a company's about text): the changed lines, each
    # ("removed" | "added", text), and how many more changed lines were left out.
    lines: list[tuple[str, str]] = field(default_factory=list)
    omitted: int = 0

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "before": self.before,
            "after": self.after,
            "lines": [list(line) for line in self.lines],
            "omitted": self.omitted,
        }

    @classmethod
    def from_json(cls, data: dict, labels: dict[str, str]) -> Change:
        name = data["name"]
        return cls(
            name,
            labels.get(name, name),
            data.get("before", ""),
            data.get("after", ""),
            [(kind, text) for kind, text in data.get("lines", [])],
            data.get("omitted", 0),
        )


# What "what changed" shows of a long text, at most: a reviewer reads the full text on the
# page itself. These bound the work and the page whatever an employer writes.
DIFF_MAX_LINES = 60
DIFF_MAX_CHARS = 6000
DIFF_LINE_CHARS = 400


def line_changes(before: str, after: str) -> tuple[list[tuple[str, str]], int]:
    """The lines an edit took out and put in, and how many more were left out of the list.

    Linear in the size of the text, whatever it is (a line-matching diff is quadratic, and
    an employer controls the text): the lines both versions start and end with are set
    aside, and in between a line counts as kept when the other version has it as often
    (counted with hashes: a linear pass over each version).
    What is shown is bounded by DIFF_MAX_LINES, DIFF_MAX_CHARS and DIFF_LINE_CHARS.
    """
    old, new = (before or "").splitlines(), (after or "").splitlines()
    shortest = min(len(old), len(new))
    head = 0
    while head < shortest and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < shortest - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    old, new = old[head : len(old) - tail], new[head : len(new) - tail]
    both = Counter(old) & Counter(new)
    sides = []
    for kind, lines in (("removed", old), ("added", new)):
        kept, side = Counter(both), []
        for line in lines:
            if kept[line]:
                kept[line] -= 1
            elif line.strip():
                side.append((kind, line))
        sides.append(side)
    # Taken out and put in, pair by pair: a line edited in place reads as its two versions,
    # and what was added shows even when the list is cut short.
    changed = [pair for pairs in zip_longest(*sides) for pair in pairs if pair]
    shown, size = [], 0
    for kind, line in changed:
        if len(shown) >= DIFF_MAX_LINES or size >= DIFF_MAX_CHARS:
            break
        text = line[: min(DIFF_LINE_CHARS, DIFF_MAX_CHARS - size)]
        if len(text) < len(line):
            text += "…"
        shown.append((kind, text))
        size += len(text)
    return shown, len(changed) - len(shown)


def field_changes(
    before: dict, now: dict, labels: dict[str, str], long_text: set[str], display=None
) -> list[Change]:
    """The fields whose values differ, long text as changed lines."""
    display = display or (lambda name, value: "—" if value in (None, "") else str(value))
    changes = []
    for name in labels:
        old, new = before.get(name), now.get(name)
        if old == new:
            continue
        change = Change(name, labels[name], display(name, old), display(name, new))
        if name in long_text:
            change.before = change.after = ""
            change.lines, change.omitted = line_changes(old or "", new or "")
        changes.append(change)
    return changes


def changes_since_approval(posting: Posting) -> list[dict] | None:
    """What coders would read differently from the last approved version, as stored;
    None when no approved version is on record (a first submission)."""
    before = posting.approved_snapshot
    if before is None:
        return None
    found = field_changes(before, posting.substance(), FIELD_LABELS, {"description_md"}, _display)
    return [change.to_json() for change in found]


def note_changes(posting: Posting) -> None:
    """Work out once, when an edit is submitted for review, what it changed: the queue and
    the review page read it from the posting instead of diffing on every view."""
    posting.review_changes = changes_since_approval(posting)


def changes_of(posting: Posting) -> list[Change] | None:
    """The changes stored with the edit waiting for review (see note_changes)."""
    stored = posting.review_changes
    if stored is None and posting.approved_snapshot is not None:
        # Submitted before changes were stored: work them out (bounded, linear) once.
        stored = changes_since_approval(posting)
    if stored is None:
        return None
    return [Change.from_json(data, FIELD_LABELS) for data in stored]


# -- the queue --------------------------------------------------------------------------------


@dataclass
class QueueItem:
    posting: Posting
    signals: list[signals.Signal]
    changes: list[Change] | None

    @property
    def score(self) -> int:
        return signals.score(self.signals)

    @property
    def token(self) -> str:
        return review_token(self.posting)


@dataclass
class ListPage(PageNumbers):
    """A page of an in-memory list, shaped like Flask-SQLAlchemy's pagination."""

    items: list
    page: int
    per_page: int
    total: int


def _waiting():
    """Submitted postings of employers that are not suspended."""
    return (
        sa.select(Posting)
        .join(Company, Company.id == Posting.company_id)
        .join(User, User.id == Company.owner_id)
        .where(Posting.status == PostingStatus.SUBMITTED, User.suspended_at.is_(None))
    )


def pending_summary() -> tuple[int, datetime | None]:
    """How many postings wait for review, and since when the oldest has."""
    waiting = _waiting().subquery()
    count, oldest = db.session.execute(
        sa.select(sa.func.count(), sa.func.min(waiting.c.submitted_at))
    ).one()
    return count, oldest


def queue(sort: str = "oldest", page: int = 1) -> ListPage:
    """The review queue, oldest first or by the weight of its signals (then oldest)."""
    stmt = (
        _waiting()
        .options(contains_eager(Posting.company).contains_eager(Company.owner))
        .order_by(Posting.submitted_at, Posting.id)
    )
    if sort == "signals":
        postings = db.session.scalars(stmt.limit(QUEUE_SCAN)).unique().all()
        total = len(postings)
        found = signals.assess(postings)
        postings = sorted(postings, key=lambda p: -signals.score(found[p.id]))
        page = min(max(page, 1), max(1, math.ceil(total / QUEUE_PER_PAGE)))
        chosen = postings[(page - 1) * QUEUE_PER_PAGE : page * QUEUE_PER_PAGE]
    else:
        total = db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery()))
        page = min(max(page, 1), max(1, math.ceil(total / QUEUE_PER_PAGE)))
        chosen = (
            db.session.scalars(stmt.offset((page - 1) * QUEUE_PER_PAGE).limit(QUEUE_PER_PAGE))
            .unique()
            .all()
        )
        found = signals.assess(chosen)
    items = [QueueItem(p, found[p.id], changes_of(p)) for p in chosen]
    return ListPage(items=items, page=page, per_page=QUEUE_PER_PAGE, total=total)


def item_for(posting: Posting) -> QueueItem:
    return QueueItem(posting, signals.assess([posting])[posting.id], changes_of(posting))


# -- deciding ---------------------------------------------------------------------------------

_DONE = {
    AuditAction.POSTING_APPROVE: "approved it",
    AuditAction.POSTING_AUTO_PUBLISH: "published it without review (verified employer)",
    AuditAction.POSTING_REJECT: "rejected it",
    AuditAction.POSTING_REQUEST_CHANGES: "sent it back for changes",
    AuditAction.POSTING_TAKE_DOWN: "took it down",
    AuditAction.POSTING_KEEP: "kept it up after reviewing its reports",
}


class AlreadyDecided(Exception):
    """The posting is no longer in the state the moderator decided on."""

    def __init__(self, posting: Posting, entry: AuditEntry | None, status_changed: bool):
        super().__init__(posting.id)
        self.posting = posting
        self.entry = entry
        self.status_changed = status_changed

    @property
    def message(self) -> str:
        if not self.status_changed:
            return (
                "This job changed since you opened it (the employer edited or resubmitted it, "
                "or another moderator acted). Nothing was decided: read it again."
            )
        if self.entry is None:
            return (
                f"This job was already decided: it is now "
                f"{self.posting.status.label.lower()}. Nothing changed."
            )
        entry = self.entry
        who = entry.actor.name if entry.actor is not None else "The site"
        done = _DONE.get(AuditAction(entry.action), entry.action_label.lower())
        when = f"{entry.created_at:%b} {entry.created_at.day}, {entry.created_at:%H:%M} UTC"
        return f"This job was already decided: {who} {done} on {when}. Nothing changed."


def _check(posting: Posting, allowed, seen: str | None) -> None:
    posting.lock()
    status_ok = posting.status in allowed
    if not status_ok or (seen and seen != review_token(posting)):
        db.session.rollback()
        raise AlreadyDecided(posting, audit.last_decision(posting), status_changed=not status_ok)


def _mail_employer(posting: Posting, template: str, subject: str, **context) -> None:
    owner = posting.company.owner
    send_mail(
        owner.email,
        subject,
        template,
        owner=owner,
        posting=posting,
        **context,
    )


def _decided(
    posting: Posting,
    moderator: User | None,
    action: AuditAction,
    before: dict,
    outcome: ReportOutcome | None,
    note: str,
) -> None:
    """What every decision does after the transition: resolve the open reports with the
    matching outcome, update the index, write the audit entry, commit."""
    after = state_of(posting)
    if outcome is not None and moderator is not None:
        resolved = reports.resolve_open(posting, moderator, outcome, note)
        if resolved:
            after["reports_resolved"] = resolved
    search.index_posting(posting)
    audit.record(moderator, action, posting, before=before, after=after, note=note)
    db.session.commit()


def _approved(posting: Posting) -> None:
    """The version just published is the one later edits are compared with."""
    posting.approved_snapshot = posting.substance()
    posting.review_changes = []


def approve(posting: Posting, moderator: User | None, seen: str | None = None) -> None:
    """Publish a submitted posting. The one way a posting is approved: moderators, bulk
    approval, the demo data and scripts all come here, so each approval is recorded."""
    _check(posting, {PostingStatus.SUBMITTED}, seen)
    before = state_of(posting)
    posting.approve(moderator)
    _approved(posting)
    _decided(posting, moderator, AuditAction.POSTING_APPROVE, before, ReportOutcome.KEPT, "")


def reject(posting: Posting, moderator: User, reason: str, seen: str | None = None) -> None:
    _check(posting, {PostingStatus.SUBMITTED}, seen)
    before = state_of(posting)
    posting.reject(moderator, reason)
    _decided(posting, moderator, AuditAction.POSTING_REJECT, before, ReportOutcome.REMOVED, reason)
    _mail_employer(
        posting, "mail/posting_rejected.txt", "Your job was not published", reason=reason
    )


def request_changes(posting: Posting, moderator: User, note: str, seen: str | None = None) -> None:
    _check(posting, {PostingStatus.SUBMITTED, PostingStatus.PUBLISHED}, seen)
    before = state_of(posting)
    posting.request_changes(moderator, f"Changes requested: {note.strip()}")
    _decided(
        posting,
        moderator,
        AuditAction.POSTING_REQUEST_CHANGES,
        before,
        ReportOutcome.CHANGES_REQUESTED,
        note,
    )
    _mail_employer(
        posting,
        "mail/posting_changes_requested.txt",
        "A moderator asks for changes to your job",
        note=note.strip(),
        was_published=before["status"] == PostingStatus.PUBLISHED.value,
    )


def take_down(posting: Posting, moderator: User, reason: str, seen: str | None = None) -> None:
    _check(posting, {PostingStatus.SUBMITTED, *PUBLIC}, seen)
    before = state_of(posting)
    posting.take_down(moderator, reason)
    _decided(
        posting, moderator, AuditAction.POSTING_TAKE_DOWN, before, ReportOutcome.REMOVED, reason
    )
    _mail_employer(posting, "mail/posting_taken_down.txt", "Your job was taken down", reason=reason)


def keep(posting: Posting, moderator: User, note: str = "", seen: str | None = None) -> None:
    """Reports reviewed, nothing wrong found: resolve them and show the job again."""
    posting.lock()
    if not posting.is_hidden and not reports.distinct_reporters(posting):
        db.session.rollback()
        raise AlreadyDecided(posting, audit.last_decision(posting), status_changed=True)
    if seen and seen != review_token(posting):
        db.session.rollback()
        raise AlreadyDecided(posting, audit.last_decision(posting), status_changed=False)
    before = state_of(posting)
    posting.keep(moderator)
    _decided(posting, moderator, AuditAction.POSTING_KEEP, before, ReportOutcome.KEPT, note)


@dataclass
class BulkResult:
    approved: list[Posting] = field(default_factory=list)
    skipped: list[AlreadyDecided] = field(default_factory=list)
    missing: int = 0


def bulk_approve(posting_ids: list[int], moderator: User) -> BulkResult:
    """Approve each posting on its own (in id order, so concurrent bulk approvals take
    row locks in the same order); those decided meanwhile are reported, not overwritten."""
    result = BulkResult()
    for posting_id in sorted(set(posting_ids)):
        posting = db.session.get(Posting, posting_id)
        if posting is None:
            result.missing += 1
            continue
        try:
            approve(posting, moderator)
        except AlreadyDecided as exc:
            result.skipped.append(exc)
        else:
            result.approved.append(posting)
    return result


def publish_if_trusted(posting: Posting) -> bool:
    """With VERIFIED_EMPLOYERS_SKIP_REVIEW on, publish a verified employer's submitted job
    at once, unless its text carries a strong scam signal or people have reported it.
    Runs in the caller's transaction; the caller commits."""
    if not current_app.config["VERIFIED_EMPLOYERS_SKIP_REVIEW"]:
        return False
    company = posting.company
    if (
        posting.status is not PostingStatus.SUBMITTED
        or not company.is_verified
        or company.owner.is_suspended
        or posting.is_hidden
        or reports.distinct_reporters(posting)
    ):
        return False
    strong = [s for s in signals.text_signals(posting) if s.weight >= signals.STRONG]
    if strong:
        return False
    before = state_of(posting)
    posting.approve(None)
    _approved(posting)
    search.index_posting(posting)
    audit.record(
        None,
        AuditAction.POSTING_AUTO_PUBLISH,
        posting,
        before=before,
        after=state_of(posting),
        note="Verified employer: published without review.",
    )
    return True


# -- company profiles ---------------------------------------------------------------------------

PROFILE_LABELS = {
    "name": "Company name",
    "website": "Website",
    "hq_city": "Headquarters city",
    "about_md": "About the company",
}
PROFILE_QUEUE_SIZE = 50
_AUDIT_TEXT = 500  # how much of the about text an audit entry quotes


def profile_token(company: Company) -> str:
    """Changes whenever the change waiting for review does."""
    when = company.profile_submitted_at
    return when.isoformat() if when else ""


def profile_changes_of(company: Company) -> list[Change]:
    return [Change.from_json(data, PROFILE_LABELS) for data in company.profile_changes or []]


def _profile_signals(profile: dict) -> list[signals.Signal]:
    text = "\n".join(str(profile.get(name) or "") for name in PROFILE_LABELS)
    return signals.strong_text_signals(text)


@dataclass
class ProfileItem:
    company: Company
    changes: list[Change]
    signals: list[signals.Signal]

    @property
    def token(self) -> str:
        return profile_token(self.company)


def profile_queue() -> list[ProfileItem]:
    """Company profile changes waiting for review, oldest first (at most a page of them)."""
    companies = db.session.scalars(
        sa.select(Company)
        .join(User, User.id == Company.owner_id)
        .where(Company.pending_profile.is_not(None), User.suspended_at.is_(None))
        .options(contains_eager(Company.owner))
        .order_by(Company.profile_submitted_at, Company.id)
        .limit(PROFILE_QUEUE_SIZE)
    ).all()
    return [
        ProfileItem(c, profile_changes_of(c), _profile_signals(c.pending_profile))
        for c in companies
    ]


def pending_profiles() -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Company)
        .join(User, User.id == Company.owner_id)
        .where(Company.pending_profile.is_not(None), User.suspended_at.is_(None))
    )


def _audit_profile(profile: dict, logo: bool) -> dict:
    shown = dict(profile)
    about = shown.get("about_md") or ""
    if len(about) > _AUDIT_TEXT:
        shown["about_md"] = about[:_AUDIT_TEXT] + "…"
    if logo:
        shown["logo"] = "new logo"
    return shown


def propose_profile(company: Company, proposed: dict, logo: tuple[bytes, str] | None) -> str:
    """An employer's change to the public profile: it waits for review, and the public
    pages keep showing the approved version. What it changes is worked out here, once.
    Returns "saved" (nothing public changed), "pending" or "published" (a verified
    employer, when the setting lets them skip review and no strong signal fires). Runs in
    the caller's transaction; the caller commits."""
    if logo is not None:
        company.pending_logo_png, company.pending_logo_version = logo
    has_logo = company.pending_logo_version is not None
    current = company.profile()
    unchanged = all(same_text(current.get(name), value) for name, value in proposed.items())
    if unchanged and not has_logo:
        _clear_pending(company)
        return "saved"
    company.pending_profile = dict(proposed)
    company.profile_submitted_at = utcnow()
    changes = field_changes(current, proposed, PROFILE_LABELS, {"about_md"})
    if has_logo:
        changes.append(Change("logo", "Logo", "The logo shown now", "A new logo (shown here)"))
    company.profile_changes = [change.to_json() for change in changes]
    if _publish_profile_if_trusted(company):
        return "published"
    return "pending"


def _clear_pending(company: Company) -> None:
    company.pending_profile = None
    company.pending_logo_png = None
    company.pending_logo_version = None
    company.profile_submitted_at = None
    company.profile_changes = None


def _publish_profile(company: Company) -> tuple[dict, dict]:
    """Make the waiting change the public profile; (before, after) for the audit log."""
    logo = company.pending_logo_version is not None
    before = _audit_profile(company.profile(), False)
    after = _audit_profile(company.pending_profile, logo)
    publish_profile(company, company.pending_profile, company.pending_logo_png, logo)
    _clear_pending(company)
    return before, after


def _publish_profile_if_trusted(company: Company) -> bool:
    """With VERIFIED_EMPLOYERS_SKIP_REVIEW on, a verified employer's profile change goes
    live at once, unless its text carries a strong scam signal."""
    if not current_app.config["VERIFIED_EMPLOYERS_SKIP_REVIEW"]:
        return False
    if (
        not company.is_verified
        or company.owner.is_suspended
        or _profile_signals(company.pending_profile)
    ):
        return False
    before, after = _publish_profile(company)
    audit.record(
        None,
        AuditAction.COMPANY_PROFILE_AUTO_PUBLISH,
        company,
        before=before,
        after=after,
        note="Verified employer: published without review.",
    )
    return True


class ProfileAlreadyDecided(Exception):
    """The change the moderator read is no longer the one waiting."""

    message = (
        "This company's profile change was already decided, or the employer changed it "
        "again since you read it. Nothing was decided: read it again."
    )

    def __init__(self, company: Company):
        super().__init__(company.id)
        self.company = company


def _check_profile(company: Company, seen: str | None) -> None:
    db.session.execute(
        sa.update(Company)
        .where(Company.id == company.id)
        .values(updated_at=Company.updated_at)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(company)
    if company.pending_profile is None or (seen and seen != profile_token(company)):
        db.session.rollback()
        raise ProfileAlreadyDecided(company)


def approve_profile(company: Company, moderator: User, seen: str | None = None) -> None:
    _check_profile(company, seen)
    before, after = _publish_profile(company)
    audit.record(
        moderator, AuditAction.COMPANY_PROFILE_APPROVE, company, before=before, after=after
    )
    db.session.commit()


def reject_profile(company: Company, moderator: User, reason: str, seen: str | None = None) -> None:
    """The change is dropped; the approved profile stays, and the employer is told why."""
    _check_profile(company, seen)
    logo = company.pending_logo_version is not None
    proposed = _audit_profile(company.pending_profile, logo)
    _clear_pending(company)
    audit.record(
        moderator,
        AuditAction.COMPANY_PROFILE_REJECT,
        company,
        after={f"proposed {name}": value for name, value in proposed.items()},
        note=reason,
    )
    db.session.commit()
    owner = company.owner
    send_mail(
        owner.email,
        "Your company profile change was not published",
        "mail/company_profile_rejected.txt",
        owner=owner,
        company=company,
        reason=reason,
    )
