"""Searching the index and keeping it in step with the postings."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import defer, joinedload

from careercenter import geo
from careercenter.extensions import db
from careercenter.models import Company, Posting, PostingStatus, User, utcnow
from careercenter.pagination import PageNumbers
from careercenter.search import documents, facets, lexicon, terms
from careercenter.search.backends import PAY_COLUMNS, Backend, backend_for
from careercenter.search.limits import COUNT_CAP, MAX_PER_PAGE
from careercenter.search.query import JobQuery
from careercenter.search.schema import posting_search as ps
from careercenter.search.schema import search_generation as sg

# Relevance ranks every match when there are at most RANK_ALL of them; beyond, it ranks two
# bounded tiers of RANK_WINDOW rows each (see ranked_ids).
RANK_WINDOW = COUNT_CAP
RANK_ALL = RANK_WINDOW
# When fewer jobs than this have all the words, jobs with some of them follow.
FEW_WITH_ALL_WORDS = 10
# Pay order for many matches (SQLite): sorting them all costs about a microsecond each,
# walking the pay index costs a few per row tested. Up to PAY_SORT_ALL matches are sorted;
# beyond, the index is walked unless the estimate of rows to test exceeds MAX_WALK.
PAY_SORT_ALL = 20_000
MAX_WALK = 25_000
# Words in fewer than this share of the postings (estimated from the lexicon's counts,
# lexicon.Lexicon.share; _few_matches) are rare enough that a backend which may (PostgreSQL) reads all their
# matches from the word index and sorts them: walking the rows newest first would read about
# COUNT_CAP / share of them (89,000 rows, 260 ms, for "inpatient CDI specialist" at 100k).
FEW_MATCHES_SHARE = 0.1


def current_backend() -> Backend:
    return backend_for(db.session.get_bind().dialect.name)


# -- reading -----------------------------------------------------------------------------------


@dataclass
class Plan:
    """A JobQuery as the index sees it: the words of the search box and the filters' terms,
    plus exact tests on posting_search."""

    words: list[terms.Term]
    filters: list[terms.Term]
    conditions: list
    # A US city typed among the words that no job names (engine._words): the words of its
    # name as typed, and the city.
    unfound_place: tuple[tuple[str, ...], geo.Place] | None = None
    # How rare each word is among the postings (lexicon.Lexicon.idf), in the order of words,
    # and the share of postings estimated to have it (lexicon.Lexicon.share; None: unknown).
    idf: list[float] = field(default_factory=list)
    share: list[float] | None = None

    @property
    def terms(self) -> list[terms.Term]:
        return [*self.words, *self.filters]

    @property
    def has_words(self) -> bool:
        return bool(self.words)


def plan_for(query: JobQuery, now: datetime) -> Plan:
    required: list[terms.Term] = []
    conditions = [ps.c.expires_at > now]

    for tag, value in (
        (terms.arrangement_tag, query.arrangement),
        (terms.type_tag, query.employment_type),
        (terms.specialty_tag, query.specialty),
        (terms.setting_tag, query.setting),
    ):
        if value:
            required.append(terms.Term.of(tag(value)))
    if query.credential:
        accepted = [terms.credential_tag(query.credential)]
        if query.credential == "cpc-a":
            accepted.append(terms.APPRENTICE_TAG)
        required.append(terms.Term.of(*accepted))
    if query.apprentice:
        required.append(terms.Term.of(terms.APPRENTICE_TAG))

    # A place: on-site and hybrid jobs within the radius, and remote jobs open to people
    # living in the place's state. An arrangement filter narrows that to one side.
    state = query.place.state if query.place else query.state
    if state:
        remote = [terms.remote_state_tag(state), terms.REMOTE_ANYWHERE_TAG]
        if query.place:
            local = facets.circle_cells(query.place.latitude, query.place.longitude, query.radius)
        else:
            local = [terms.state_tag(state)]
        if query.arrangement == "remote":
            local = []
        elif query.arrangement:
            remote = []
        required.append(terms.Term.of(*local, *remote))
        if query.place and local:
            x, y, z = facets.unit_vector(query.place.latitude, query.place.longitude)
            within = ps.c.ux * x + ps.c.uy * y + ps.c.uz * z >= facets.min_dot_product(query.radius)
            conditions.append(sa.or_(ps.c.remote, within))

    annual = query.pay_min_annual
    if annual:
        floor = facets.pay_floor_tag(annual)
        if floor:
            required.append(terms.Term.of(floor))
        conditions.append(ps.c.pay_annual >= annual)

    if query.posted_within:
        since = facets.days_ago(now, query.posted_within)
        days = facets.days_tags(since, now)
        if days:
            required.append(terms.Term.of(*days))
        conditions.append(ps.c.published_at >= since)

    return Plan(words=terms.query_terms(query.q), filters=required, conditions=conditions)


def _with_family(term: terms.Term, words: lexicon.Lexicon) -> terms.Term:
    """The term with the index's words of the same stem as its own (coders, codes...),
    leaving out a form far rarer than the commonest word of its stem (coded beside code and
    coding; lexicon.RARE_FORM_SHARE): in FTS5's bm25 each alternative weighs by its own
    rarity, so the few jobs that say "coded" would outrank every job that says "coder" or
    "coding", whatever the other words of the search. Words of different stems (the
    vocabulary's synonyms) and the word as typed always stay."""
    more = [w for alt in term.alternatives if alt.isalpha() for w in words.family(alt)]
    every = list(dict.fromkeys([*term.alternatives, *more]))
    commonest: dict[str, int] = {}
    for word in every:
        if word.isalpha() and not word.startswith("zz"):
            stem = terms.stem(word)
            commonest[stem] = max(commonest.get(stem, 0), words.counts.get(word, 0))
    kept = [
        word
        for word in every
        if word == term.word
        or not word.isalpha()
        or word.startswith("zz")
        or words.counts.get(word, 0) >= commonest[terms.stem(word)] * lexicon.RARE_FORM_SHARE
    ]
    return terms.Term.of(*kept, word=term.word)


def _found_anywhere(backend: Backend, *wanted: terms.Term) -> bool:
    """Whether any row has all these terms (expired or not: a word's presence)."""
    source, matches, _ = backend.source(list(wanted))
    rows = sa.select(sa.literal(1).label("one")).select_from(source).where(*matches)
    if backend.fences_few_matches:
        # For LIMIT 1, PostgreSQL's planner reads the table in order until a row has the
        # word (it expects some to), which reads every row for a word no job has (a typo:
        # 100 ms at 100k jobs). Fenced, the rows come from the GIN index.
        fenced = rows.cte("found").prefix_with("MATERIALIZED")
        return db.session.execute(sa.select(fenced.c.one).limit(1)).first() is not None
    return db.session.execute(rows.limit(1)).first() is not None


def _words(backend: Backend, query: JobQuery, plan: Plan, generation: int) -> dict[str, str]:
    """Widen the plan's words to their families, and correct a word found nowhere (unless
    the query asks for its words as typed). Returns {typed word: its correction}."""
    words = lexicon.current_lexicon(generation)
    corrections: dict[str, str] = {}
    if not query.literal:
        plan.unfound_place = _unfound_city(backend, plan.words)
    city_words = plan.unfound_place[0] if plan.unfound_place else ()
    widened = []
    for term in plan.words:
        term = _with_family(term, words)
        typed = term.word
        if (
            not query.literal
            and typed not in city_words
            and len(typed) >= lexicon.MIN_CORRECTED_LENGTH
            and typed.isalpha()
            and typed not in terms.equivalents()  # a word of the trade's vocabulary is no typo
            and not any(alt in words for alt in term.alternatives)
            and not _found_anywhere(backend, term)
        ):
            if typed in geo.city_words():  # a place no job names: never another place
                if plan.unfound_place is None and (city := geo.city_named(typed)):
                    plan.unfound_place = ((typed,), city)
            elif better := words.correction(typed):
                corrections[typed] = better
                term = _with_family(terms.word_term(better), words)
        widened.append(term)
    plan.words = list(dict.fromkeys(widened))
    plan.idf = [words.idf(term) for term in plan.words]
    plan.share = [words.share(term) for term in plan.words] if words.documents else None
    return corrections


# The most words of a US city's name looked for among a search's words ("salt lake city").
MAX_CITY_WORDS = 4
# A one-word city name shorter than lexicon.MIN_CORRECTED_LENGTH ("waco", "reno") is taken
# for a place from this length (shorter words are too often someone's abbreviation).
MIN_SHORT_CITY_LENGTH = 4


def _unfound_city(
    backend: Backend, words: list[terms.Term]
) -> tuple[tuple[str, ...], geo.Place] | None:
    """The first run of consecutive words typed that names a US city no job names (the
    longest name at each place): "el paso", "salt lake city", "waco", "st louis" (a word's
    equivalents of the vocabulary count: Saint Louis). Words of the trade's vocabulary are
    never a city; a one-word name of 5 letters or more is left to _words, which tells it
    from a typo. Returns the words as typed, and the city."""
    known = geo.city_words()
    for start in range(len(words)):
        for size in range(min(MAX_CITY_WORDS, len(words) - start), 0, -1):
            run = words[start : start + size]
            # Each word as the ZIP data spells it: the longest of its forms ("saint").
            name = [
                max((a for a in t.alternatives if a in known), key=len, default="") for t in run
            ]
            if "" in name:
                continue
            typed = tuple(t.word for t in run)
            if size == 1 and not (
                MIN_SHORT_CITY_LENGTH <= len(typed[0]) < lexicon.MIN_CORRECTED_LENGTH
                and typed[0] not in terms.equivalents()
            ):
                continue
            city = geo.city_named(" ".join(name))
            if city is None:
                continue
            if _found_anywhere(backend, *run):
                return None  # jobs name it: a word to match like the others
            return typed, city
    return None


def _corrected_text(text: str, corrections: dict[str, str]) -> str:
    """The search box's text with each corrected word replaced."""

    def fixed(piece: str) -> str:
        found = terms.atoms(piece)
        if len(found) == 1 and found[0].token in corrections:
            return corrections[found[0].token]
        return piece

    return " ".join(fixed(piece) for piece in text.split())


@dataclass
class SearchPage(PageNumbers):
    """One page of results, with what the page needs to show about the whole search."""

    query: JobQuery
    items: list[Posting]
    total: int  # at most COUNT_CAP
    total_is_capped: bool  # there are more matches than `total`
    page: int
    per_page: int
    distances: dict[int, float] = field(default_factory=dict)  # posting id -> miles
    # Fewer than FEW_WITH_ALL_WORDS jobs have all the words (this many), so jobs with some
    # of them follow; None when every job listed has all the words.
    with_all_words: int | None = None
    # The words searched instead of the ones typed (a typo corrected), or "".
    corrected_q: str = ""
    # A city typed among the words that no job names, as a place to search near instead,
    # with the words left once it is taken out.
    place_hint: geo.Place | None = None
    place_hint_q: str = ""
    # The pay of the jobs found, when asked for (search_jobs(with_pay=True)): for yearly
    # or hourly ranges (False) and for pay per chart (True), read with the count.
    pay: dict[bool, PayFigures] = field(default_factory=dict)

    @property
    def some_words_only(self) -> bool:
        return self.with_all_words is not None

    @property
    def total_label(self) -> str:
        return f"{self.total:,}+" if self.total_is_capped else f"{self.total:,}"

    @property
    def first_index(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.items else 0


class WindowRow(NamedTuple):
    """A row of Backend.window (a plain tuple: a page sorts and sums a thousand of them)."""

    seq: int
    posting_id: int
    pay_annual: float
    pay_low: float
    pay_high: float
    per_chart: bool
    found: int
    score: float


def _read_window(statement) -> list[WindowRow]:
    # .all(): fetched at once (iterating psycopg's rows fetches them one call at a time).
    return list(map(WindowRow._make, db.session.execute(statement).all()))


def _newest_rows(
    backend: Backend, plan: Plan, *, any_word: bool = False, scored: bool
) -> list[WindowRow]:
    """The newest COUNT_CAP + 1 rows the plan finds (`any_word`: with at least one of its
    words), each with what ordering a page of them, counting them and their pay figures
    need (Backend.window's columns): one statement reads what a page of a search is made
    of, and Python orders it."""
    if not plan.terms:
        statement = (
            sa.select(
                ps.c.seq,
                ps.c.posting_id,
                *PAY_COLUMNS,
                sa.literal(0).label("found"),
                sa.literal(0.0).label("score"),
            )
            .where(*plan.conditions)
            .order_by(ps.c.seq.desc())
            .limit(COUNT_CAP + 1)
        )
    else:
        statement = backend.window(
            plan.words,
            plan.filters,
            plan.conditions,
            COUNT_CAP + 1,
            any_word=any_word,
            idf=plan.idf,
            scored=scored,
            few=_few_matches(backend, plan, any_word),
        )
    return _read_window(statement)


def _few_matches(backend: Backend, plan: Plan, any_word: bool) -> bool:
    """Whether the plan's words are estimated to be in fewer than FEW_MATCHES_SHARE of the
    postings (Backend.window's `few`)."""
    if not backend.fences_few_matches or not plan.words or plan.share is None:
        return False
    share = min(1.0, sum(plan.share)) if any_word else math.prod(plan.share)
    return share < FEW_MATCHES_SHARE


def _order_key(sort: str, plan: Plan, some_words: bool):
    """How rows of _newest_rows are sorted for `sort`: the most words first when only some
    jobs have them all, then the order asked for, newest last of all (seq is unique, so
    pages never repeat or skip a job)."""
    if sort == "pay":
        key = lambda row: (-row.pay_annual, -row.seq)  # noqa: E731
    elif sort == "newest" or not plan.has_words:
        key = lambda row: -row.seq  # noqa: E731
    else:
        key = lambda row: (row.score, -row.seq)  # noqa: E731
    if some_words:
        return lambda row: (-row.found, key(row))
    return key


def ranked_ids(backend: Backend, plan: Plan, newest: list, offset: int, limit: int) -> list[int]:
    """A page of the jobs with all the words by relevance (Backend.window's score, ties
    newest first), for a search with more than RANK_ALL matches (a word in thousands of
    jobs: "coder", "remote"; fewer are all ranked by search_jobs): two tiers, each bounded.
    The newest RANK_WINDOW matches that have the words in the title or the fact tags
    (specialty, credential, setting), ranked; then the others among `newest` (the newest
    matches, scored: _newest_rows), ranked. Paging stops at COUNT_CAP = RANK_WINDOW, and
    the tiers together always have that many. tests/search/test_relevance.py shows the
    bound leaves the judged set's answers as they are."""
    key = _order_key("relevance", plan, some_words=False)
    first = backend.window(
        plan.words,
        plan.filters,
        plan.conditions,
        RANK_WINDOW,
        in_title=True,
        idf=plan.idf,
        few=_few_matches(backend, plan, any_word=False),
    )
    ranked = sorted(_read_window(first), key=key)
    in_first = {row.seq for row in ranked}
    ranked += sorted((row for row in newest if row.seq not in in_first), key=key)
    return [row.posting_id for row in ranked[offset : offset + limit]]


def _pay_page(backend: Backend, plan: Plan, offset: int, limit: int) -> list[int]:
    """A page of more than COUNT_CAP matches in pay order (the newest COUNT_CAP + 1 are not
    enough: the best paid may be older). SQLite walks the pay index and tests each row when
    the words are common enough (PAY_SORT_ALL, MAX_WALK), else sorts the matches;
    PostgreSQL's planner makes that choice itself."""
    source, found, _ = backend.source(plan.terms)
    if plan.terms and backend.walks_pay_index:
        word_matches, index_size = db.session.execute(
            sa.select(*backend.walk_estimates(plan.terms, PAY_SORT_ALL))
        ).one()
        rows_to_test = (offset + limit) * index_size / max(word_matches, 1)
        if word_matches >= PAY_SORT_ALL and rows_to_test <= MAX_WALK:
            base = backend.pay_walk(plan.terms)
        else:
            base = sa.select(ps.c.posting_id).select_from(source).where(*found)
    else:
        base = sa.select(ps.c.posting_id).select_from(source).where(*found)
    statement = (
        base.where(*plan.conditions)
        .order_by(ps.c.pay_annual.desc(), ps.c.seq.desc())
        .offset(offset)
        .limit(limit)
    )
    return list(db.session.scalars(statement))


def search_jobs(
    query: JobQuery, per_page: int = 20, *, all_words_only: bool = False, with_pay: bool = False
) -> SearchPage:
    """Open postings matching the query, with their companies, in a number of SQL queries
    that does not depend on per_page. `all_words_only`: never follow with jobs that have
    only some of the words, nor correct a typo (for mailed alerts: a job that lacks a word
    of the search is not news). `with_pay`: the pay figures of the jobs found too, from
    the rows that count them (no statement of their own).

    Most searches are one statement (_newest_rows: the newest COUNT_CAP + 1 matches with
    their score and pay), counted, ordered and paged in Python; a second reads the jobs
    with some of the words when few have them all. More than COUNT_CAP matches ordered by
    relevance or pay take statements of their own (ranked_ids, _pay_page): the best of
    them may be older than the newest."""
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    backend = current_backend()
    plan = plan_for(query, utcnow())
    if plan.words:
        literal = replace(query, literal=True) if all_words_only else query
        corrections = _words(backend, literal, plan, current_generation())
    else:
        corrections = {}

    relevance = query.sort == "relevance" and plan.has_words
    rows = _newest_rows(backend, plan, scored=relevance)
    counted = len(rows)
    with_all_words = None
    if len(plan.words) > 1 and counted < FEW_WITH_ALL_WORDS and not all_words_only:
        # Few jobs or none have every word: jobs with some of them follow, the newest
        # RANK_WINDOW of them ordered with every job that has them all, however old.
        some = _newest_rows(backend, plan, any_word=True, scored=relevance)
        if len(some) > counted:
            with_all_words = counted
            found_all = {row.seq for row in rows}
            rows = rows + [row for row in some[:RANK_WINDOW] if row.seq not in found_all]
            counted = len(some)

    total = min(counted, COUNT_CAP)
    result = SearchPage(
        query=query,
        items=[],
        total=total,
        total_is_capped=counted > COUNT_CAP,
        page=1,
        per_page=per_page,
        with_all_words=with_all_words,
        corrected_q=_corrected_text(query.q, corrections) if corrections else "",
        pay=_pay_figures(rows) if with_pay and with_all_words is None else {},
    )
    if plan.unfound_place and not (query.place or query.state):
        run, result.place_hint = plan.unfound_place
        result.place_hint_q = " ".join(_corrected_text(query.q, dict.fromkeys(run, "")).split())
    result.page = min(max(query.page, 1), result.pages)
    if not total:
        return result

    offset = (result.page - 1) * per_page
    limit = min(per_page, total - offset)  # the last page ends at the cap
    if relevance and counted > RANK_ALL and not result.some_words_only:
        ids = ranked_ids(backend, plan, rows, offset, limit)
    elif result.total_is_capped and not result.some_words_only and query.sort == "pay":
        ids = _pay_page(backend, plan, offset, limit)
    else:
        if result.total_is_capped:
            rows = rows[:COUNT_CAP]  # newest first: the ones the count's cap keeps
        ordered = sorted(rows, key=_order_key(query.sort, plan, result.some_words_only))
        ids = [row.posting_id for row in ordered[offset : offset + limit]]
    result.items = _postings(ids)
    if query.place:
        here = (query.place.latitude, query.place.longitude)
        result.distances = {
            p.id: geo.distance_miles(here, (p.latitude, p.longitude))
            for p in result.items
            if not p.is_remote
        }
    return result


def _pay_figures(rows) -> dict[bool, PayFigures]:
    """PayFigures of the rows' pay ranges (at most COUNT_CAP + 1 rows, as counted), by
    per_chart: for yearly or hourly ranges (False) and for pay per chart (True)."""
    figures = {}
    for per_chart in (False, True):
        ranges = [(row.pay_low, row.pay_high) for row in rows if row.per_chart == per_chart]
        if not ranges:
            continue
        middles = sorted((low + high) / 2 for low, high in ranges)
        # The median as pay.stats.percentile(middles, 0.5) gives it (pay.stats builds on
        # this module, which cannot import it at the top).
        size = len(middles)
        below, above = middles[(size - 1) // 2], middles[size // 2]
        median = below + (above - below) * (((size - 1) / 2) % 1)
        lowest = min(low for low, _ in ranges)
        highest = max(high for _, high in ranges)
        figures[per_chart] = PayFigures(len(ranges), lowest, highest, median)
    return figures


def _postings(ids: list[int]) -> list[Posting]:
    """The postings of these ids, in this order, with their companies (one query)."""
    if not ids:
        return []
    postings = db.session.scalars(
        sa.select(Posting)
        .where(Posting.id.in_(ids))
        .options(
            joinedload(Posting.company),
            # What a card never shows: the text, and moderation's copy of it at approval
            # (JSON of the whole posting, decoded for nothing on every card).
            defer(Posting.description_md, raiseload=True),
            defer(Posting.description_html, raiseload=True),
            defer(Posting.approved_snapshot, raiseload=True),
            defer(Posting.review_changes, raiseload=True),
        )
    ).all()
    by_id = {posting.id: posting for posting in postings}
    return [by_id[i] for i in ids if i in by_id]


def newest_with_words(text: str, limit: int, found: int | None = None) -> list[Posting]:
    """The newest `limit` open postings with every word of `text` as typed (no word
    families, no corrections): a code page's jobs (text: the code), read by statements
    planned once for every code (Backend.newest_ids), and the postings when there are any.
    `found`: what words_found_column read for `text` (0: none, nothing is read)."""
    words = terms.query_terms(text)
    if not words or found == 0:
        return []
    return _postings(current_backend().newest_ids(db.session, words, utcnow(), limit, found))


def words_found_column(dialect_name: str) -> sa.ColumnElement:
    """Whether open postings have the words bound by words_found_values, as a column of
    another statement (a code page's, which so learns without a query of its own that no
    job names its code): 0 when none has them, else a number for newest_with_words."""
    return backend_for(dialect_name).found_column().label("jobs_found")


def words_found_values(text: str) -> dict | None:
    """The values words_found_column needs for the words of `text` as typed (None: it has
    no word to look for)."""
    words = terms.query_terms(text)
    if not words:
        return None
    return {"job_match": current_backend().render(words), "job_now": utcnow()}


@dataclass(frozen=True)
class PayFigures:
    """The pay ranges of some of the jobs a search found (dollars a year, or a chart)."""

    count: int
    lowest: float  # the lowest bottom of a range
    highest: float  # the highest top of a range
    median: float  # of the ranges' midpoints


# -- the index's generation ----------------------------------------------------------------------


# Rows of `search_generation`: the job index, and the code data (code pages and code search).
JOBS, CODES = 1, 2


def current_generation(row: int = JOBS) -> int:
    """The number `index_changed` raises: equal numbers, equal index. Both numbers are read
    at once, once per transaction (a code page asks for them three times), and again after
    this transaction changed one."""
    session = db.session()  # the request's Session (its info lives as long as it does)
    memo = session.info.get(_GENERATIONS)
    transaction = session.get_transaction()
    if memo is None or transaction is None or memo[0] is not transaction:
        # Plain SQL on the session's connection: read on every search, it skips the ORM.
        found = dict(session.connection().exec_driver_sql(_READ_GENERATIONS).all())
        memo = session.info[_GENERATIONS] = (session.get_transaction(), found)
    return memo[1].get(row) or 0


_GENERATIONS = "search_generations"  # Session.info: (the transaction, {row: generation})
_READ_GENERATIONS = "SELECT id, generation FROM search_generation WHERE id IN (1, 2)"  # JOBS, CODES

# Both generations as columns of another statement: a page whose first statement reads them
# with its own rows (and passes a row to generations_read) saves current_generation a round
# trip to the database.
GENERATION_COLUMNS = (
    sa.select(sg.c.generation).where(sg.c.id == JOBS).scalar_subquery().label("jobs_generation"),
    sa.select(sg.c.generation).where(sg.c.id == CODES).scalar_subquery().label("codes_generation"),
)


def generations_read(row) -> None:
    """Keep for this transaction the generations a statement read (GENERATION_COLUMNS)."""
    session = db.session()
    found = {JOBS: row.jobs_generation or 0, CODES: row.codes_generation or 0}
    session.info[_GENERATIONS] = (session.get_transaction(), found)


def index_changed(row: int = JOBS) -> None:
    """Raise the generation, in the caller's transaction (cached answers keyed by the old
    number are not used again once it commits)."""
    db.session.info.pop(_GENERATIONS, None)
    raised = db.session.execute(
        sa.update(sg).where(sg.c.id == row).values(generation=sg.c.generation + 1)
    )
    if raised.rowcount == 0:
        # The row is missing (a database emptied by hand, or made without the migrations):
        # start from a number no earlier index can have had.
        db.session.execute(sa.insert(sg).values(id=row, generation=time.time_ns()))


# -- writing -----------------------------------------------------------------------------------


def _company_name(posting: Posting) -> str:
    company = posting.company or db.session.get(Company, posting.company_id)
    return company.name if company else ""


def _owner_is_suspended(posting: Posting) -> bool:
    company = posting.company or db.session.get(Company, posting.company_id)
    return company is not None and company.owner.is_suspended


# The order key `seq`: the publication time in milliseconds since 1970, shifted left by
# SLOT_BITS, plus a slot. Postings published in the same millisecond take its slots in
# order of (publication time, id). So newest first (publication time, then id) is `seq DESC`,
# an index walk on both databases (FTS5 rowid, primary key), whatever order postings
# entered the index in. 42 bits of milliseconds (until 2109) and 21 of slots fit a signed
# 64-bit integer.
SLOT_BITS = 21
SLOTS = 1 << SLOT_BITS
_MAX_MILLISECONDS = (1 << (63 - SLOT_BITS)) - 1
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def publication_key(published_at: datetime) -> int:
    """The first `seq` of the millisecond the posting was published in."""
    milliseconds = (published_at - _EPOCH) // timedelta(milliseconds=1)
    return min(max(milliseconds, 0), _MAX_MILLISECONDS) << SLOT_BITS


def _place_for(backend: Backend, posting: Posting) -> int:
    """A free `seq` for a posting entering the index: its millisecond's first free slot,
    after the postings published before it (or with a smaller id) in that millisecond. Those
    published after it in the same millisecond (a clock set by hand, a bulk load) each move
    up a slot, so the slots keep the order."""
    base = publication_key(posting.published_at)
    block = db.session.execute(
        sa.select(ps.c.seq, ps.c.published_at, ps.c.posting_id)
        .where(ps.c.seq >= base, ps.c.seq < base + SLOTS)
        .order_by(ps.c.seq)
    ).all()
    if not block:
        return base
    if block[-1].seq + 1 >= base + SLOTS:
        raise RuntimeError("more postings published in one millisecond than it has slots")
    mine = (posting.published_at, posting.id)
    later = [row for row in block if (row.published_at, row.posting_id) > mine]
    if not later:
        return block[-1].seq + 1
    for row in reversed(later):  # the highest first, each into a free slot
        backend.move(db.session, row.seq, row.seq + 1)
    return later[0].seq


def index_posting(posting: Posting) -> None:
    """Put an open posting in the index (or refresh it); take any other out, and those of
    a suspended employer. Runs in the caller's transaction; the caller commits."""
    db.session.flush()
    index_changed()
    if posting.published_at is not None:  # one never published is in no pay figure
        _pay_changed()
    if not posting.is_open() or _owner_is_suspended(posting):
        remove_posting(posting.id)
        return
    backend = current_backend()
    row = documents.index_row(posting, _company_name(posting))
    existing = db.session.execute(
        sa.select(ps.c.seq, ps.c.published_at).where(ps.c.posting_id == posting.id)
    ).first()
    if existing and existing.published_at == posting.published_at:
        backend.update(db.session, existing.seq, row)
        return
    if existing:
        # Published anew (a renewal, a re-approval): it takes its new place in the order.
        remove_posting(posting.id)
    backend.insert(db.session, {**row, "seq": _place_for(backend, posting)})


def remove_posting(posting_id: int) -> None:
    remove_postings([posting_id])


def remove_postings(posting_ids) -> None:
    """Take these postings out of the index: a statement per 500, not one per posting."""
    ids = list(posting_ids)
    for start in range(0, len(ids), 500):
        db.session.execute(sa.delete(ps).where(ps.c.posting_id.in_(ids[start : start + 500])))
    index_changed()
    _pay_changed()


def _pay_changed() -> None:
    """The jobs changed: the pay statistics are refreshed before the caller commits."""
    from careercenter.pay.stats import mark_stale  # the pay figures build on this module

    mark_stale()


REBUILD_BATCH = 2000
_POSTING_COLUMNS = [getattr(Posting, name) for name in documents.POSTING_FIELDS]


def rebuild_index() -> int:
    """Index every open posting afresh, in publication order, and commit. For bulk loads
    and repairs: batches of plain rows, no ORM objects. Returns how many are indexed."""
    backend = current_backend()
    session = db.session
    now = utcnow()
    session.execute(sa.delete(ps))
    index_changed()
    _pay_changed()
    ids = session.scalars(
        sa.select(Posting.id)
        .join(Company, Company.id == Posting.company_id)
        .join(User, User.id == Company.owner_id)
        .where(
            Posting.status == PostingStatus.PUBLISHED,
            Posting.expires_at > now,
            Posting.hidden_at.is_(None),
            User.suspended_at.is_(None),
        )
        .order_by(Posting.published_at, Posting.id)
    ).all()
    last = -1
    for start in range(0, len(ids), REBUILD_BATCH):
        batch = ids[start : start + REBUILD_BATCH]
        found = {
            row.id: row
            for row in session.execute(
                sa.select(*_POSTING_COLUMNS, Company.name.label("company_name"))
                .join(Company, Company.id == Posting.company_id)
                .where(Posting.id.in_(batch))
            )
        }
        rows = []
        for posting_id in batch:
            p = found[posting_id]
            # In publication order: the next slot of the same millisecond, or a new one.
            last = max(publication_key(p.published_at), last + 1)
            rows.append({**documents.index_row(p, p.company_name), "seq": last})
        backend.insert_many(session, rows)
    backend.after_bulk_load(session)
    session.commit()
    return len(ids)
