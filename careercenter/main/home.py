"""What each role's home page shows: the work that waits for them and the jobs that fit.

Every list here is a bounded number of queries, whatever the number of jobs: counts come
from one GROUP BY each, job lists from the search index, and what is the same for everyone
(the latest jobs, the counts by specialty and credential) is remembered like search
answers (search.remembered), keyed by the index's generation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask import render_template
from markupsafe import Markup
from sqlalchemy.orm import joinedload
from werkzeug.datastructures import MultiDict

from careercenter import search
from careercenter.applicants import services as applicant_services
from careercenter.applicants.matching import Criterion, match
from careercenter.extensions import db
from careercenter.models import (
    ApplicantProfile,
    Application,
    ApplicationStatus,
    Company,
    Posting,
    PostingStatus,
    SavedSearch,
    User,
    utcnow,
)
from careercenter.models.base import UTCDateTime
from careercenter.moderation import reports, review
from careercenter.saved.services import _parse_qs, canonical_query
from careercenter.search.cache import first_expiry
from careercenter.vocabulary import CREDENTIALS, SPECIALTIES

LATEST_JOBS = 6
MATCHES_SHOWN = 5
ALERTS_SHOWN = 5
NEW_JOBS_LOOKED_AT = 20  # per saved search: "20+ new" beyond it


# -- everyone: counts by specialty and credential ------------------------------------------------


@dataclass(frozen=True)
class FacetCount:
    slug: str
    label: str
    count: int


def _elements(column: str) -> str:
    """A FROM item that yields each element of a JSON array column of `p` as `value`."""
    if db.engine.dialect.name == "postgresql":
        return f"CROSS JOIN LATERAL json_array_elements_text(p.{column}) AS j(value)"
    return f"JOIN json_each(p.{column}) AS j"


def _open_jobs_by(columns: tuple[str, ...], extra: str = "") -> dict[str, int]:
    """How many open jobs name each slug in any of these JSON array columns: one GROUP BY
    over the search index's open postings."""
    # Column names come from the code, never from a request.
    parts = [
        "SELECT p.id AS posting_id, j.value AS value FROM posting_search ps "  # noqa: S608
        f"JOIN postings p ON p.id = ps.posting_id {_elements(column)} "
        "WHERE ps.expires_at > :now"
        for column in columns
    ]
    if extra:
        parts.append(extra)
    statement = sa.text(
        f"SELECT value, COUNT(DISTINCT posting_id) FROM ({' UNION ALL '.join(parts)}) AS v "  # noqa: S608 (fixed column names)
        "GROUP BY value"
    ).bindparams(sa.bindparam("now", utcnow(), type_=UTCDateTime))
    return {value: count for value, count in db.session.execute(statement)}


def _facets(counts: dict[str, int], labels: dict[str, str]) -> list[FacetCount]:
    """In the vocabulary's order; slugs with no open job are left out."""
    return [FacetCount(slug, labels[slug], counts[slug]) for slug in labels if counts.get(slug)]


@dataclass(frozen=True)
class Board:
    """What the guest home shows of the whole board (the same for everyone), rendered."""

    total: int
    html: Markup
    first_expiry: datetime | None


def _board() -> Board:
    results = search.search_jobs(search.JobQuery(sort="date"), per_page=LATEST_JOBS)
    apprentice = (
        "SELECT p.id AS posting_id, 'cpc-a' AS value FROM posting_search ps "
        "JOIN postings p ON p.id = ps.posting_id WHERE ps.expires_at > :now "
        "AND p.apprentice_friendly"
    )
    by_credential = _open_jobs_by(("credentials_required", "credentials_preferred"), apprentice)
    html = render_template(
        "main/_board.html",
        latest=results.items,
        total_label=results.total_label,
        by_specialty=_facets(_open_jobs_by(("specialties",)), SPECIALTIES),
        by_credential=_facets(by_credential, {s: c.label for s, c in CREDENTIALS.items()}),
    )
    return Board(
        total=results.total,
        html=Markup(html),  # noqa: S704 (a template's escaped output)
        first_expiry=first_expiry(results.items),
    )


def board() -> Board:
    return search.remembered(("home board",), _board, until=lambda b: b.first_expiry)


# -- coders -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class JobMatch:
    posting: Posting
    met: list[Criterion]
    missed: list[Criterion]


@dataclass(frozen=True)
class AlertNews:
    alert: SavedSearch
    new_count: int
    capped: bool
    newest: Posting | None

    @property
    def new_label(self) -> str:
        return f"{self.new_count}+" if self.capped else str(self.new_count)


@dataclass
class CoderHome:
    profile: ApplicantProfile | None
    matches: list[JobMatch] = field(default_factory=list)
    alerts: list[AlertNews] = field(default_factory=list)
    alert_total: int = 0
    status_counts: list[tuple[ApplicationStatus, int]] = field(default_factory=list)
    recent_applications: list[Application] = field(default_factory=list)


def _candidates(profile: ApplicantProfile) -> list[Posting]:
    """Open jobs worth scoring for this profile: the newest for each credential it holds
    (or, without credentials, for each specialty), one index search each."""
    queries = [
        search.JobQuery(credential=slug, sort="date") for slug in sorted(profile.credential_slugs)
    ]
    if not queries:
        queries = [search.JobQuery(specialty=s, sort="date") for s in profile.specialties or []]
    queries = queries[:4] or [search.JobQuery(sort="date")]
    found: dict[int, Posting] = {}
    for query in queries:
        page = search.remembered(
            ("home candidates", tuple(sorted(query.to_args().items()))),
            lambda query=query: search.search_jobs(query, per_page=40),
            until=lambda page: first_expiry(page.items),
        )
        for posting in page.items:
            found.setdefault(posting.id, posting)
    return list(found.values())


def _matches(profile: ApplicantProfile, applied: set[int]) -> list[JobMatch]:
    scored = []
    for posting in _candidates(profile):
        if posting.id in applied:
            continue
        criteria = match(profile, posting)
        met = [c for c in criteria if c.met]
        missed = [c for c in criteria if not c.met]
        scored.append(
            (len(met) - len(missed), posting.published_at, posting.id, met, missed, posting)
        )
    scored.sort(key=lambda row: (row[0], row[1], row[2]), reverse=True)
    return [JobMatch(row[5], row[3], row[4]) for row in scored[:MATCHES_SHOWN]]


def _alert_news(alert: SavedSearch) -> AlertNews:
    query, _ = canonical_query(MultiDict(_parse_qs(alert.query_string)))
    page = search.remembered(
        ("home alert", alert.query_string),
        lambda: search.search_jobs(_newest_first(query), per_page=NEW_JOBS_LOOKED_AT),
        until=lambda page: first_expiry(page.items),
    )
    since = alert.last_sent_at or alert.created_at
    new = [p for p in page.items if p.published_at and p.published_at > since]
    return AlertNews(alert, len(new), len(new) == NEW_JOBS_LOOKED_AT, new[0] if new else None)


def _newest_first(query: search.JobQuery) -> search.JobQuery:
    from dataclasses import replace

    return replace(query, sort="date", page=1)


def coder_home(user: User) -> CoderHome:
    profile = applicant_services.profile_of(user)
    home = CoderHome(profile=profile)
    counts = dict(
        db.session.execute(
            sa.select(Application.status, sa.func.count())
            .where(Application.applicant_id == user.id)
            .group_by(Application.status)
        ).all()
    )
    home.status_counts = [(s, counts[s]) for s in ApplicationStatus if counts.get(s)]
    home.recent_applications = db.session.scalars(
        sa.select(Application)
        .where(Application.applicant_id == user.id)
        .options(joinedload(Application.posting).joinedload(Posting.company))
        .order_by(Application.updated_at.desc(), Application.id.desc())
        .limit(5)
    ).all()
    alerts = db.session.scalars(
        sa.select(SavedSearch)
        .where(SavedSearch.user_id == user.id, SavedSearch.active)
        .order_by(SavedSearch.created_at.desc(), SavedSearch.id.desc())
    ).all()
    home.alert_total = len(alerts)
    home.alerts = [_alert_news(alert) for alert in alerts[:ALERTS_SHOWN]]
    if profile is not None:
        applied = set(
            db.session.scalars(
                sa.select(Application.posting_id).where(Application.applicant_id == user.id)
            )
        )
        home.matches = _matches(profile, applied)
    return home


# -- employers --------------------------------------------------------------------------------


@dataclass(frozen=True)
class JobWithNew:
    posting: Posting
    new: int


@dataclass
class EmployerHome:
    company: Company | None
    with_new: list[JobWithNew] = field(default_factory=list)
    in_review: list[Posting] = field(default_factory=list)
    sent_back: list[Posting] = field(default_factory=list)
    drafts: int = 0
    live: int = 0


def employer_home(user: User) -> EmployerHome:
    company = db.session.scalar(sa.select(Company).where(Company.owner_id == user.id))
    home = EmployerHome(company=company)
    if company is None:
        return home
    new_counts = db.session.execute(
        sa.select(Posting, sa.func.count(Application.id))
        .join(Application, Application.posting_id == Posting.id)
        .where(Posting.company_id == company.id, Application.status == ApplicationStatus.NEW)
        .group_by(Posting.id)
        .order_by(sa.func.count(Application.id).desc(), Posting.id.desc())
    ).all()
    home.with_new = [JobWithNew(posting, count) for posting, count in new_counts]
    waiting = db.session.scalars(
        sa.select(Posting)
        .where(
            Posting.company_id == company.id,
            Posting.status.in_([PostingStatus.SUBMITTED, PostingStatus.REJECTED]),
        )
        .order_by(Posting.updated_at.desc())
    ).all()
    home.in_review = [p for p in waiting if p.status is PostingStatus.SUBMITTED]
    home.sent_back = [p for p in waiting if p.status is PostingStatus.REJECTED]
    by_status = dict(
        db.session.execute(
            sa.select(Posting.status, sa.func.count())
            .where(Posting.company_id == company.id)
            .group_by(Posting.status)
        ).all()
    )
    home.drafts = by_status.get(PostingStatus.DRAFT, 0)
    home.live = by_status.get(PostingStatus.PUBLISHED, 0)
    return home


# -- moderators -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModeratorHome:
    waiting: int
    oldest: Posting | None
    open_reports: int


def moderator_home() -> ModeratorHome:
    waiting, _oldest_at = review.pending_summary()
    oldest = None
    if waiting:
        oldest = db.session.scalar(
            review._waiting()
            .options(sa.orm.contains_eager(Posting.company))
            .order_by(Posting.submitted_at, Posting.id)
            .limit(1)
        )
    open_reports, _reported = reports.open_counts()
    return ModeratorHome(waiting, oldest, open_reports)
