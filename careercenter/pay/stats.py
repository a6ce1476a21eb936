"""What coding jobs pay: figures drawn from the published jobs of the last 12 months.

Each job counted once (a row of `pay_points`, keyed by the posting, however often it was
edited or renewed) with the middle of its range. Hourly pay is annualised at 2,080 hours
and kept with yearly pay ("annual"); per-chart pay is its own kind ("chart") and never mixed
into yearly figures. Quantiles are linear interpolations between the sorted values (the
"inclusive" method: the 25th percentile of 10, 20, 30, 40, 50 is 20).

`refresh()` recomputes the points and the quantiles of every group a page reads in one go
(`pay_stats`), in the caller's transaction. It runs before the commit of any transaction
that changed the search index (search.engine.index_changed calls `mark_stale`: publishing,
editing, closing, expiring, hiding a job), and daily from `flask refresh-pay`, which moves
the 12-month window. When the jobs counted have not changed, the stored figures stay.

No figure is shown from fewer than PAY_MIN_JOBS jobs: a comparison widens its place from the
state to its Census region, then to the whole country, and says so.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TypeVar

import sqlalchemy as sa
from cachetools import LRUCache
from flask import current_app

from careercenter import vocabulary
from careercenter.extensions import db
from careercenter.formatting import money
from careercenter.models import Company, PayPoint, PayRefresh, PayStat, Posting, User, utcnow
from careercenter.models.posting import PUBLIC
from careercenter.payunits import HOURS_PER_YEAR, annualise

WINDOW_DAYS = 365
ANNUAL, CHART = "annual", "chart"
QUANTILES = (0.10, 0.25, 0.50, 0.75, 0.90)
DEFAULT_MIN_JOBS = 10
_STALE = "pay_statistics_stale"
_DEFERRED = "pay_statistics_deferred"
T = TypeVar("T")

# The US Census Bureau's four regions (Puerto Rico is in none: it widens to the country).
REGIONS: dict[str, tuple[str, frozenset[str]]] = {
    "northeast": (
        "the Northeast",
        frozenset(["CT", "ME", "MA", "NH", "RI", "VT", "NJ", "NY", "PA"]),
    ),
    "midwest": (
        "the Midwest",
        frozenset(["IL", "IN", "MI", "OH", "WI", "IA", "KS", "MN", "MO", "NE", "ND", "SD"]),
    ),
    "south": (
        "the South",
        frozenset(
            [
                "DE",
                "DC",
                "FL",
                "GA",
                "MD",
                "NC",
                "SC",
                "VA",
                "WV",
                "AL",
                "KY",
                "MS",
                "TN",
                "AR",
                "LA",
                "OK",
                "TX",
            ]
        ),
    ),
    "west": (
        "the West",
        frozenset(["AZ", "CO", "ID", "MT", "NV", "NM", "UT", "WY", "AK", "CA", "HI", "OR", "WA"]),
    ),
}


def region_of(state: str | None) -> str | None:
    for slug, (_, states) in REGIONS.items():
        if state in states:
            return slug
    return None


def min_jobs() -> int:
    return int(current_app.config.get("PAY_MIN_JOBS", DEFAULT_MIN_JOBS))


def kind_of(unit: str) -> str:
    return CHART if unit == "chart" else ANNUAL


def percentile(ordered: list[float], q: float) -> float:
    """The q-th quantile of sorted values, interpolating linearly between neighbours."""
    position = (len(ordered) - 1) * q
    below = int(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


# -- the jobs counted ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    posting_id: int
    kind: str
    unit: str
    low: float
    high: float
    mid: float
    credentials: tuple[str, ...]
    specialties: tuple[str, ...]
    settings: tuple[str, ...]
    arrangement: str
    state: str
    month: str
    published_at: datetime

    @property
    def remote(self) -> bool:
        return self.arrangement == "remote"

    @property
    def width(self) -> float:
        return self.high / self.low if self.low else 1.0


def point_of(posting) -> Point:
    """A posting (or a row with its columns) as the statistics count it; one not yet
    published as if published now."""
    published_at = posting.published_at or utcnow()
    kind = kind_of(posting.pay_unit)
    low = annualise(posting.pay_min, posting.pay_unit)
    high = annualise(posting.pay_max, posting.pay_unit)
    return Point(
        posting_id=posting.id,
        kind=kind,
        unit=posting.pay_unit,
        low=round(low, 2),
        high=round(high, 2),
        mid=round((low + high) / 2, 2),
        credentials=tuple(sorted(posting.credentials_required or [])),
        specialties=tuple(sorted(posting.specialties or [])),
        settings=tuple(sorted(posting.settings or [])),
        arrangement=posting.arrangement,
        state=posting.state,
        month=published_at.strftime("%Y-%m"),
        published_at=published_at,
    )


def window(now: datetime) -> tuple[datetime, datetime]:
    return now - timedelta(days=WINDOW_DAYS), now


def jobs_to_count(now: datetime) -> list[Point]:
    """Every job published in the window that the public may still read (live or ended),
    not hidden for review and not of a suspended employer: one point each."""
    start, _ = window(now)
    rows = db.session.execute(
        sa.select(
            Posting.id,
            Posting.pay_min,
            Posting.pay_max,
            Posting.pay_unit,
            Posting.credentials_required,
            Posting.specialties,
            Posting.settings,
            Posting.arrangement,
            Posting.state,
            Posting.published_at,
        )
        .join(Company, Company.id == Posting.company_id)
        .join(User, User.id == Company.owner_id)
        .where(
            Posting.status.in_(list(PUBLIC)),
            Posting.published_at.is_not(None),
            Posting.published_at >= start,
            Posting.hidden_at.is_(None),
            User.suspended_at.is_(None),
        )
        .order_by(Posting.id)
    )
    return [point_of(row) for row in rows]


def _stored_points() -> list[Point]:
    rows = db.session.execute(sa.select(*PayPoint.__table__.c).order_by(PayPoint.posting_id))
    return [
        Point(
            posting_id=r.posting_id,
            kind=r.kind,
            unit=r.unit,
            low=r.low,
            high=r.high,
            mid=r.mid,
            credentials=tuple(r.credentials),
            specialties=tuple(r.specialties),
            settings=tuple(r.settings),
            arrangement=r.arrangement,
            state=r.state,
            month=r.month,
            published_at=r.published_at,
        )
        for r in rows
    ]


# -- groups -------------------------------------------------------------------------------------


def group_key(**dims: str | None) -> str:
    """The stored name of a group: its dimensions that are set, in name order."""
    return "&".join(f"{name}={value}" for name, value in sorted(dims.items()) if value)


def place_of_state(state: str) -> str:
    return f"state:{state}"


def _places(point: Point) -> list[str | None]:
    """Where a job counts: remote jobs together, others in their state and region; all of
    them in the country (None)."""
    if point.remote:
        return ["remote", None]
    region = region_of(point.state)
    return [place_of_state(point.state), *([f"region:{region}"] if region else []), None]


def groups_of(point: Point) -> set[str]:
    """Every precomputed group the job belongs to: credential x setting x place (what a
    job page, the dashboard and the posting form compare with, each dimension possibly
    "any"), and each specialty, arrangement and month alone (the pay page's breakdowns)."""
    keys = set()
    for credential in [*point.credentials, None]:
        for setting in [*point.settings, None]:
            for place in _places(point):
                keys.add(group_key(credential=credential, setting=setting, place=place))
    for specialty in point.specialties:
        keys.add(group_key(specialty=specialty))
    keys.add(group_key(arrangement=point.arrangement))
    keys.add(group_key(month=point.month))
    return keys


@dataclass(frozen=True)
class Figures:
    """The quantiles of a group's pay, in its kind's unit (dollars a year, or per chart)."""

    kind: str
    count: int
    hourly_count: int
    p10: float
    p25: float
    p50: float
    p75: float
    p90: float
    width_p75: float
    first_published: datetime
    last_published: datetime

    @classmethod
    def of(cls, points: list[Point]) -> Figures | None:
        if not points:
            return None
        mids = sorted(p.mid for p in points)
        widths = sorted(p.width for p in points)
        p10, p25, p50, p75, p90 = (round(percentile(mids, q), 2) for q in QUANTILES)
        return cls(
            kind=points[0].kind,
            count=len(points),
            hourly_count=sum(1 for p in points if p.unit == "hour"),
            p10=p10,
            p25=p25,
            p50=p50,
            p75=p75,
            p90=p90,
            width_p75=round(percentile(widths, 0.75), 4),
            first_published=min(p.published_at for p in points),
            last_published=max(p.published_at for p in points),
        )

    @classmethod
    def from_row(cls, row: PayStat) -> Figures:
        return cls(
            kind=row.kind,
            count=row.count,
            hourly_count=row.hourly_count,
            p10=row.p10,
            p25=row.p25,
            p50=row.p50,
            p75=row.p75,
            p90=row.p90,
            width_p75=row.width_p75,
            first_published=row.first_published,
            last_published=row.last_published,
        )

    @property
    def quantiles(self) -> list[tuple[str, float]]:
        return [
            ("10th percentile", self.p10),
            ("25th percentile", self.p25),
            ("Median", self.p50),
            ("75th percentile", self.p75),
            ("90th percentile", self.p90),
        ]

    def position(self, value: float) -> str:
        if value >= self.p75:
            return "Top quarter"
        if value >= self.p50:
            return "Above the median"
        if value >= self.p25:
            return "Below the median"
        return "Bottom quarter"


# -- refreshing ---------------------------------------------------------------------------------


def mark_stale(session=None) -> None:
    """The jobs may have changed: refresh the figures before this transaction commits."""
    (session or db.session).info[_STALE] = True


@sa.event.listens_for(sa.orm.Session, "before_commit")
def _refresh_before_commit(session) -> None:
    if session.info.get(_DEFERRED):
        return
    if session.info.pop(_STALE, False) and _refresh_due():
        refresh()


def _refresh_due() -> bool:
    """Whether a change may refresh the figures now: at most every PAY_REFRESH_SECONDS, so
    that a busy board does not read every job in the window at each change (refresh-pay,
    from cron, brings in what came between)."""
    interval = current_app.config.get("PAY_REFRESH_SECONDS", 0)
    if not interval:
        return True
    last = db.session.scalar(sa.select(PayRefresh.refreshed_at).where(PayRefresh.id == 1))
    return last is None or utcnow() - last >= timedelta(seconds=interval)


@contextmanager
def refreshed_once() -> Iterator[None]:
    """For bulk work (the demo seed, imports): one refresh at the end, committed, rather
    than one before each commit."""
    db.session.info[_DEFERRED] = True
    try:
        yield
    finally:
        db.session.info.pop(_DEFERRED, None)
    db.session.info.pop(_STALE, None)
    refresh()
    db.session.commit()


@sa.event.listens_for(sa.orm.Session, "after_soft_rollback")
def _forget_after_rollback(session, previous_transaction) -> None:
    session.info.pop(_STALE, None)


def _take_refresh_row(now: datetime) -> None:
    """Raise the generation first: refreshes run one at a time (the row lock), and cached
    charts keyed by the old number are not used again."""
    start, end = window(now)
    values = {"refreshed_at": now, "window_start": start, "window_end": end}
    raised = db.session.execute(
        sa.update(PayRefresh)
        .where(PayRefresh.id == 1)
        .values(generation=PayRefresh.generation + 1, **values)
    )
    if raised.rowcount == 0:
        # The row is missing (a database emptied by hand): start from a number no earlier
        # figures can have had.
        db.session.execute(sa.insert(PayRefresh).values(id=1, generation=time.time_ns(), **values))


def _lock_refresh_row() -> None:
    """Refreshes run one at a time (a no-op update takes the row's lock), so each reads the
    points the one before it wrote."""
    db.session.execute(
        sa.update(PayRefresh).where(PayRefresh.id == 1).values(generation=PayRefresh.generation)
    )


def _point_row(p: Point) -> dict:
    return {
        "posting_id": p.posting_id,
        "kind": p.kind,
        "unit": p.unit,
        "low": p.low,
        "high": p.high,
        "mid": p.mid,
        "credentials": list(p.credentials),
        "specialties": list(p.specialties),
        "settings": list(p.settings),
        "arrangement": p.arrangement,
        "state": p.state,
        "month": p.month,
        "published_at": p.published_at,
    }


_CHUNK = 500


def _chunks(items: list) -> Iterator[list]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def refresh(now: datetime | None = None) -> int:
    """Bring the points and the figures up to date, in the caller's transaction (the caller
    commits). Only the jobs that changed are rewritten, and only the groups they were or
    are in are computed again. Returns how many jobs are counted."""
    now = now or utcnow()
    db.session.flush()
    _lock_refresh_row()
    points = jobs_to_count(now)
    old = {p.posting_id: p for p in _stored_points()}
    new = {p.posting_id: p for p in points}
    changed = sorted(i for i in old.keys() | new.keys() if old.get(i) != new.get(i))
    if not changed:
        return len(points)  # nothing a figure depends on has changed
    _take_refresh_row(now)
    for ids in _chunks(changed):
        db.session.execute(sa.delete(PayPoint).where(PayPoint.posting_id.in_(ids)))
    rows = [_point_row(new[i]) for i in changed if i in new]
    if rows:
        db.session.execute(sa.insert(PayPoint), rows)

    affected: set[tuple[str, str]] = set()
    for posting_id in changed:
        for point in (old.get(posting_id), new.get(posting_id)):
            if point is not None:
                affected.update((point.kind, key) for key in groups_of(point))
    grouped: dict[tuple[str, str], list[Point]] = defaultdict(list)
    for point in points:
        for key in groups_of(point):
            if (point.kind, key) in affected:
                grouped[(point.kind, key)].append(point)
    for pairs in _chunks(sorted(affected)):
        db.session.execute(
            sa.delete(PayStat).where(sa.tuple_(PayStat.kind, PayStat.grp).in_(pairs))
        )
    if grouped:
        db.session.execute(
            sa.insert(PayStat),
            [
                {"kind": kind, "grp": key, **_row_values(Figures.of(members))}
                for (kind, key), members in grouped.items()
            ],
        )
    return len(points)


def _row_values(figures: Figures) -> dict:
    return {
        name: getattr(figures, name)
        for name in ("count", "hourly_count", "p10", "p25", "p50", "p75", "p90", "width_p75",
                     "first_published", "last_published")
    }  # fmt: skip


# -- reading ------------------------------------------------------------------------------------


def current_generation() -> int:
    found = db.session.connection().exec_driver_sql(
        "SELECT generation FROM pay_refresh WHERE id = 1"
    )
    return found.scalar() or 0


def stored_figures(kind: str, keys: list[str]) -> dict[str, Figures]:
    rows = db.session.scalars(
        sa.select(PayStat).where(PayStat.kind == kind, PayStat.grp.in_(keys))
    ).all()
    return {row.grp: Figures.from_row(row) for row in rows}


def counted_points() -> list[Point]:
    """The jobs the current figures count (for the pay page's own filters)."""
    return _stored_points()


def period() -> tuple[date, date]:
    """The first and last day of the window of the current figures."""
    row = db.session.get(PayRefresh, 1)
    end = (row.window_end if row and row.window_end else utcnow()).date()
    return end - timedelta(days=WINDOW_DAYS), end


def period_text(start: date, end: date) -> str:
    """The window in words: "Dec 8, 2025 – Dec 7, 2026"."""
    return f"{start:%b} {start.day}, {start.year} – {end:%b} {end.day}, {end.year}"


_CACHE = "pay_answers"
_lock = threading.Lock()


def remembered(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()` for `key` at the current figures' generation, once per process and app
    (a refresh raises the generation, so nothing older is used again)."""
    answers = current_app.extensions.setdefault(_CACHE, LRUCache(maxsize=1024))
    full_key = (current_generation(), key)
    with _lock:
        found = answers.get(full_key)
    if found is None:
        found = compute()
        with _lock:
            answers[full_key] = found
    return found


# -- words and money ----------------------------------------------------------------------------


def per_year(value: float) -> str:
    return f"{money(round(value))}/yr"


def per_hour(value: float) -> str:
    return f"{money(round(value / HOURS_PER_YEAR, 2))}/h"


def per_chart(value: float) -> str:
    return f"{money(round(value, 2))}/chart"


def amount(value: float, kind: str, unit: str = "year") -> str:
    """A figure in the unit a reader thinks in: per chart, per hour, or per year."""
    if kind == CHART:
        return per_chart(value)
    return per_hour(value) if unit == "hour" else per_year(value)


def thousands(value: float) -> str:
    """$58,881 a year as "$59k" (chart ticks and compact tables)."""
    return f"${value / 1000:,.0f}k"


def both_ways(value: float) -> str:
    """Yearly pay with its hourly equivalent: "$52,000/yr ($25.00/h)"."""
    return f"{per_year(value)} ({per_hour(value)})"


def setting_words(slug: str) -> str:
    label = vocabulary.label(vocabulary.SETTINGS, slug)
    return label.split(" (")[0].lower()


def place_words(place: str | None) -> str:
    if place is None:
        return "the US"
    if place == "remote":
        return "remote"
    kind, _, value = place.partition(":")
    if kind == "state":
        return vocabulary.US_STATES.get(value, value)
    return REGIONS[value][0]


def describe(credential: str | None, setting: str | None, place: str | None) -> str:
    """The group in words: "CPC physician practice jobs in Texas", "remote CCS jobs"."""
    words = []
    if place == "remote":
        words.append("remote")
    if credential:
        words.append(vocabulary.label(vocabulary.CREDENTIALS, credential))
    if setting:
        words.append(setting_words(setting))
    words.append("jobs")
    if place != "remote":
        words.append(f"in {place_words(place)}")
    return " ".join(words)


# -- comparisons (job page, dashboard, posting form, moderation) --------------------------------


@dataclass(frozen=True)
class Comparison:
    figures: Figures
    credential: str | None
    setting: str | None
    place: str | None
    wanted_place: str | None  # the place asked for, when it had too few jobs
    tried: list[tuple[str, int]] = field(default_factory=list)  # (place words, jobs) skipped

    @property
    def label(self) -> str:
        return describe(self.credential, self.setting, self.place)

    @property
    def widened(self) -> bool:
        return self.place != self.wanted_place

    @property
    def widening_note(self) -> str:
        if not self.widened:
            return ""
        skipped = "; ".join(f"{where}: {count} job{'s' if count != 1 else ''}"
                            for where, count in self.tried)  # fmt: skip
        return (
            f"Fewer than {min_jobs()} similar jobs in {place_words(self.wanted_place)}"
            f" ({skipped}), so this compares with {place_words(self.place)}."
        )


def primary(values, order: dict) -> str | None:
    """The one value a comparison uses of a posting's list: the first in the vocabulary's
    order, passing over CPC-A when a full credential is also accepted."""
    ranked = [v for v in order if v in (values or [])]
    full = [v for v in ranked if v != "cpc-a"]
    return (full or ranked or [None])[0]


def places_for(state: str | None, remote: bool) -> list[str | None]:
    if remote:
        return ["remote", None]
    if not state:
        return [None]
    region = region_of(state)
    return [place_of_state(state), *([f"region:{region}"] if region else []), None]


def compare(
    *, kind: str, credential: str | None, setting: str | None, state: str | None, remote: bool
) -> Comparison | None:
    """The figures of similar jobs (same credential and setting, same state or remote),
    widening the place until there are enough jobs; None if even the country has too few.
    Remembered per generation: pages and the moderation queue ask the same few."""
    needed = min_jobs()
    return remembered(
        ("compare", kind, credential, setting, state, remote, needed),
        lambda: _compare(kind, credential, setting, state, remote, needed),
    )


def _compare(kind, credential, setting, state, remote, needed) -> Comparison | None:
    places = places_for(state, remote)
    keys = [group_key(credential=credential, setting=setting, place=p) for p in places]
    return _choose(stored_figures(kind, keys), credential, setting, places, needed)


def _choose(found: dict[str, Figures], credential, setting, places, needed):
    """The first place, narrowest first, whose group has enough jobs."""
    keys = [group_key(credential=credential, setting=setting, place=p) for p in places]
    tried = []
    for place, key in zip(places, keys, strict=True):
        figures = found.get(key)
        if figures and figures.count >= needed:
            return Comparison(figures, credential, setting, place, places[0], tried)
        tried.append((place_words(place), figures.count if figures else 0))
    return None


def _similar(posting) -> tuple[str, str | None, str | None, list[str | None]]:
    return (
        kind_of(posting.pay_unit),
        primary(posting.credentials_required, vocabulary.CREDENTIALS),
        primary(posting.settings, vocabulary.SETTINGS),
        places_for(posting.state, posting.arrangement == "remote"),
    )


def compare_postings(postings) -> dict[int, Comparison | None]:
    """compare_posting for many postings (the moderation queue) in one query."""
    wanted = {}
    for posting in postings:
        kind, credential, setting, places = _similar(posting)
        for place in places:
            wanted[(kind, group_key(credential=credential, setting=setting, place=place))] = 1
    found: dict[tuple[str, str], Figures] = {}
    if wanted:
        rows = db.session.scalars(
            sa.select(PayStat).where(sa.tuple_(PayStat.kind, PayStat.grp).in_(list(wanted)))
        )
        found = {(row.kind, row.grp): Figures.from_row(row) for row in rows}
    needed = min_jobs()
    result = {}
    for posting in postings:
        kind, credential, setting, places = _similar(posting)
        mine = {grp: figures for (k, grp), figures in found.items() if k == kind}
        result[posting.id] = _choose(mine, credential, setting, places, needed)
    return result


def compare_posting(posting) -> Comparison | None:
    return compare(
        kind=kind_of(posting.pay_unit),
        credential=primary(posting.credentials_required, vocabulary.CREDENTIALS),
        setting=primary(posting.settings, vocabulary.SETTINGS),
        state=posting.state,
        remote=posting.arrangement == "remote",
    )
