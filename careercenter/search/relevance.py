"""How good the job search's answers are: a judged set of postings and queries, loaded into
an empty database and searched through the same engine as /jobs.

The set (tests/search/relevance/) holds realistic coding postings (`postings.json`) and the
searches coders type (`judgements.json`), each with the jobs that answer it graded 2 (what
was asked for) or 1 (close); a job not listed is 0. `measure()` reports:

- NDCG@10: the graded gain of the first ten results (2**grade - 1, discounted by log2 of the
  rank + 1) over the best possible order of the judged jobs, averaged over the queries;
- the share of queries with nothing relevant (grade 1 or 2) in the first ten;
- the share of queries with no result at all.

`flask --app careercenter search-relevance` prints them (a temporary SQLite database unless
--database-url names an empty one), and a test holds the figures above a bar.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from slugify import slugify

from careercenter import geo
from careercenter.extensions import db
from careercenter.models import Company, Posting, PostingStatus, Role, User
from careercenter.search.engine import index_posting, search_jobs
from careercenter.search.reading import parse_job_query
from careercenter.text import render_markdown

DEFAULT_SET = Path(__file__).resolve().parents[2] / "tests" / "search" / "relevance"
DEPTH = 10
# Employers of the set: names that say nothing about the jobs (no query word in them).
COMPANIES = [
    ("Lakeside Health Partners", "hospital", "62701"),
    ("Bluebonnet Medical Group", "physician-group", "77002"),
    ("Northstar Revenue Services", "coding-vendor", "55401"),
    ("Evergreen Care Alliance", "hospital", "98101"),
    ("Harborview Physicians", "physician-group", "02108"),
    ("Prairie Mutual Health Plan", "payer", "68102"),
]
NO_PASSWORD = "!"  # noqa: S105 (no password hash matches it: the set's accounts never sign in)
REMOTE_OFFICE_ZIP = "80202"  # where a remote job's employer is, when the set does not say


@dataclass
class Figures:
    queries: int
    ndcg: float
    nothing_relevant: float  # share of queries with no grade >= 1 in the first DEPTH
    zero_results: float  # share of queries with no result at all
    per_query: list[tuple[str, float, int]] = field(default_factory=list)  # (q, ndcg, total)

    def lines(self) -> list[str]:
        return [
            f"queries: {self.queries}",
            f"NDCG@{DEPTH}: {self.ndcg:.3f}",
            f"nothing relevant in the top {DEPTH}: {self.nothing_relevant:.1%}",
            f"zero results: {self.zero_results:.1%}",
        ]


def load_set(directory: Path = DEFAULT_SET) -> tuple[list[dict], list[dict]]:
    postings = json.loads((directory / "postings.json").read_text())
    judgements = json.loads((directory / "judgements.json").read_text())
    return postings, judgements


def _owner(index: int, name: str) -> User:
    user = User(email=f"hiring{index}@{slugify(name)}.example", name=name, role=Role.EMPLOYER)
    user.password_hash = NO_PASSWORD
    db.session.add(user)
    db.session.flush()
    return user


def populate(postings: list[dict]) -> dict[int, str]:
    """Publish and index the set's postings (in the order given, each published a minute
    after the one before unless it says days_ago), as a moderator would approve them.
    Returns {posting id: the set's key}."""
    companies = []
    for index, (name, org_type, zip_code) in enumerate(COMPANIES):
        place = geo.place_for_zip(zip_code)
        company = Company(
            owner_id=_owner(index, name).id,
            name=name,
            slug=slugify(name),
            hq_city=place.city,
            hq_state=place.state,
            org_type=org_type,
            size="201-1000",
        )
        db.session.add(company)
        companies.append(company)
    admin = User(email="relevance-admin@careercenter.example", name="Ada", role=Role.ADMIN)
    admin.password_hash = NO_PASSWORD
    db.session.add(admin)
    db.session.flush()

    keys = {}
    for index, row in enumerate(postings):
        where = row["place"]
        remote_states: list[str] = []
        if where.startswith("remote:"):
            remote_states = [s for s in where.removeprefix("remote:").split(",") if s]
            zip_code = REMOTE_OFFICE_ZIP
        else:
            zip_code = row.get("zip") or ZIPS[where]
        place = geo.place_for_zip(zip_code)
        low, high, unit = row["pay"]
        posting = Posting(
            company_id=companies[index % len(companies)].id,
            status=PostingStatus.DRAFT,
            duration_days=30,
            title=row["title"],
            slug=slugify(row["title"]),
            description_md=row["description"],
            description_html=render_markdown(row["description"]),
            city=place.city,
            state=place.state,
            zip_code=zip_code,
            latitude=place.latitude,
            longitude=place.longitude,
            arrangement=row["arrangement"],
            remote_states=remote_states,
            employment_type=row["employment_type"],
            pay_min=Decimal(low),
            pay_max=Decimal(high),
            pay_unit=unit,
            credentials_required=row["credentials"],
            credentials_preferred=[],
            apprentice_friendly="cpc-a" in row["credentials"],
            specialties=row["specialties"],
            settings=row["settings"],
            code_sets=[],
            key_codes=row.get("key_codes", []),
        )
        db.session.add(posting)
        posting.submit()
        posting.approve(admin)
        # Publication times are distinct and in the set's order (the last is the newest).
        posting.published_at -= timedelta(minutes=len(postings) - index, days=row["days_ago"])
        posting.expires_at -= timedelta(days=row["days_ago"])
        index_posting(posting)
        db.session.flush()
        keys[posting.id] = row["key"]
    db.session.commit()
    return keys


def _dcg(gains: list[int]) -> float:
    return sum((2**g - 1) / math.log2(rank + 2) for rank, g in enumerate(gains))


def measure(judgements: list[dict], keys: dict[int, str]) -> Figures:
    """Run every judged query through the /jobs engine (default sort: best match)."""
    ndcgs, nothing, zero, per_query = [], 0, 0, []
    for judged in judgements:
        query, _ = parse_job_query({"q": judged["q"]})
        page = search_jobs(query, per_page=DEPTH)
        grades = judged["grades"]
        gains = [grades.get(keys.get(p.id, ""), 0) for p in page.items]
        ideal = _dcg(sorted(grades.values(), reverse=True)[:DEPTH])
        score = _dcg(gains) / ideal if ideal else 0.0
        ndcgs.append(score)
        nothing += not any(gains)
        zero += page.total == 0
        per_query.append((judged["q"], score, page.total))
    n = len(judgements)
    return Figures(
        queries=n,
        ndcg=sum(ndcgs) / n,
        nothing_relevant=nothing / n,
        zero_results=zero / n,
        per_query=per_query,
    )


def run(directory: Path = DEFAULT_SET) -> Figures:
    """Load the set into the (empty) database of the app in context and measure it."""
    if db.session.query(Posting.id).first() is not None:
        raise RuntimeError("The relevance set needs a database without postings.")
    postings, judgements = load_set(directory)
    return measure(judgements, populate(postings))


# The places of the set, by the short names postings.json uses.
ZIPS = {
    "houston": "77002", "dallas": "75201", "austin": "78701", "sanantonio": "78205",
    "phoenix": "85004", "denver": "80202", "chicago": "60601", "atlanta": "30303",
    "nashville": "37203", "boston": "02108", "newyork": "10001", "seattle": "98101",
    "portland": "97204", "losangeles": "90012", "sandiego": "92101", "miami": "33130",
    "tampa": "33602", "orlando": "32801", "charlotte": "28202", "raleigh": "27601",
    "columbus": "43215", "cleveland": "44113", "pittsburgh": "15222",
    "philadelphia": "19103", "baltimore": "21201", "minneapolis": "55401",
    "stlouis": "63101", "kansascity": "64106", "omaha": "68102", "saltlake": "84101",
    "lasvegas": "89101", "albuquerque": "87102", "birmingham": "35203",
    "neworleans": "70112", "louisville": "40202", "indianapolis": "46204",
    "detroit": "48226", "milwaukee": "53202", "richmond": "23219", "boise": "83702",
    "sacramento": "95814", "okc": "73102", "littlerock": "72201", "memphis": "38103",
    "elpaso": "79901",
}  # fmt: skip
