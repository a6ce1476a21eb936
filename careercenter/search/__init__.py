"""Job search: one interface, two backends (SQLite FTS5, PostgreSQL tsvector + GIN).

THE CONTRACT (other modules rely on exactly these names):

    parse_job_query(args) -> tuple[JobQuery, dict[str, str]]
        Read /jobs GET parameters (a werkzeug MultiDict) into a JobQuery. Bad values are
        dropped from the query and explained in the returned {param: message} dict;
        never raises for user input.

    search_jobs(query: JobQuery, per_page: int = 20, *, all_words_only=False,
                with_pay=False) -> SearchPage
        Open postings (published, not past expires_at) matching the query, with the
        company loaded, in a number of SQL queries that does not depend on per_page.
        The page also says whether only some jobs had all the words
        (`with_all_words`, `some_words_only`) and which words were searched instead
        of a typo (`corrected_q`; JobQuery.literal, the `literal=1` parameter, turns
        correction off; all_words_only turns both off, for mailed alerts). with_pay: the
        pay of the jobs found too (`pay`, PayFigures by per_chart), read by the statement
        that counts them.

    GENERATION_COLUMNS, generations_read(row)
        The index's and the code data's generations as columns of another statement, and
        the call that keeps what a row of it read for the transaction: remembered() then
        needs no statement of its own (a code page's first statement reads them).

    newest_with_words(text: str, limit: int, found=None) -> list[Posting]
        The newest `limit` open postings with every word of `text` as typed, company
        loaded, nothing counted nor corrected: a code page's jobs (text: the code).

    words_found_column(dialect_name), words_found_values(text) -> dict | None
        Whether open postings have those words, as a column of another statement (the code
        page's), read with the values given; 0 means none, and newest_with_words(...,
        found=that) then reads nothing.

    index_posting(posting) -> None
        Put the posting in the index if it is open (and its employer is not suspended),
        take it out otherwise. Called by the
        postings services after every status or content change, inside the same
        transaction (the caller commits).

    remove_posting(posting_id: int) -> None
    remove_postings(posting_ids) -> None  (many at once: suspensions, expiry)
    rebuild_index() -> int          (re-index every open posting; returns how many)

    suggestions(text: str, limit: int = 8) -> list[Suggestion]
        Job titles, specialties, credentials and places whose text contains `text`
        (case and spacing aside), the most open jobs first (suggest.py: a table counted
        when the index's generation changes, at most every suggest.REFRESH_SECONDS, so
        a keystroke never reads the postings).

HOW IT WORKS

- terms.py: one normaliser for postings and queries. Coder's terms become single tokens
  (CPC-A -> cpca, E11.52 -> e1152, plus e11 and e115 in documents), equivalents meet on a
  concept token (E/M = evaluation and management, HCC = risk adjustment, pro-fee =
  professional fee, IP = inpatient), multiword names become one token too ("new york"), and
  every token is [a-z0-9]+, so no user input is ever query syntax and no search needs word
  positions.
- The search box's words (terms.query_terms; stop words such as "jobs", "position",
  "hiring", "medical" dropped) each become a term whose alternatives are the word, its
  equivalents from vocabulary.SEARCH_EQUIVALENTS (ED = ER = emergency, coder = coding,
  surgery = surgical, chemo = infusion...), the tags of a filter value among them, and the
  index's words of the same Snowball stem (lexicon.py). Only the query is widened:
  documents are indexed as before.
- Jobs with all the words come first. When fewer than engine.FEW_WITH_ALL_WORDS have
  them all, jobs with any of the words follow, ordered by how many they have, then by the
  order asked for (the newest RANK_WINDOW of them, plus every job with all the words).
- A word of 5 letters or more that is nowhere in the index is corrected to the nearest
  word of the lexicon (the words of the newest lexicon.LEXICON_DOCUMENTS documents, read
  once per index generation) within 2 edits (rapidfuzz).
- Every filter is an index lookup: a posting's facts are tags in its document (zzarrremote,
  zzcredcpc, zzst + state, remote eligibility zzrem + state / zzremall, grid cells of its
  place, its publication day, pay thresholds). Words that name a filter (remote, CPC,
  Texas...) search for the word OR the tag.
- Exact tests then run on the rows found: expiry (an expired posting never shows, even
  before the expiry command runs), distance (dot product of unit vectors, the same SQL on
  both databases), pay, dates.
- Newest first is the index's own order: `seq` (= FTS5 rowid / primary key) is the
  publication time in milliseconds with a slot for postings of the same millisecond
  (engine.publication_key), so `seq DESC` is newest first by publication time, then id,
  whatever order postings entered the index in (a re-approved job moves to its new time).
  Counting stops at COUNT_CAP ("1,000+"), and so does paging. Every order ends with
  `seq`, unique, so pages never repeat or skip a job.
- One statement makes most pages (engine._newest_rows): the newest COUNT_CAP + 1 matches,
  each with its score and pay, which Python counts ("1,000+"), sums into the pay line,
  orders and pages. Jobs with some of the words are a second one, when few have them all.
  On PostgreSQL, words the lexicon's counts put in few postings (engine.FEW_MATCHES_SHARE)
  are read from the GIN index and sorted: the planner would walk every row newest first.
- Relevance (backends.py): on SQLite BM25F over title (8), specialty/credential/setting
  tags (4) and body (1), each word weighed by its idf from the lexicon's counts; on
  PostgreSQL ts_rank_cd over `title_tsv`, weighted title A, specialty B, credential and
  setting C, plus the body's share (weight D) from ts_rank over `tsv`; both vectors live
  in the row. Freshness is the tie-break: scores equal to two decimals go newest first.
  A search with at most RANK_ALL (1,000) matches ranks every one of them. One with more
  (a word in thousands of jobs) ranks two bounded tiers (engine.ranked_ids): the newest
  RANK_WINDOW matches with the words in the title or fact tags, then the newest
  RANK_WINDOW of the others; the judged set gives the same figures with every search
  forced through the tiers (tests/search/test_relevance.py).
- Place names typed among the words: a state ("texas", "TX") is the state's filter tags
  as well as the word; a city matches the city written in each on-site or hybrid job's
  document ("coder houston"). A city no job names, of one word or several ("houston",
  "el paso", "salt lake city"; engine._unfound_city), is never corrected to another word:
  the page offers a search near it instead (SearchPage.place_hint).
- Pay order of more than COUNT_CAP matches (engine._pay_page): PostgreSQL's planner walks
  the pay index or sorts the matches; SQLite does the same by estimate
  (engine.PAY_SORT_ALL), testing rows against the stored document.

SEMANTICS (documented choices)

- location + radius: on-site and hybrid jobs within the radius, plus remote jobs open to
  people in the searched place's state (all-US remote jobs included). arrangement=remote
  keeps only the remote ones; on-site or hybrid only the local ones. A state as location
  ("TX", "Texas") means jobs in that state plus remote jobs open to it.
- pay_min is dollars a year (an amount under $1,000 is an hourly rate, x 2080). It is
  compared with the top of each job's range, annualised the same way; jobs paid per chart
  have no yearly figure, so a minimum pay leaves them out and pay order puts them last.
- sort=pay: top of the range per year, highest first; relevance without words is newest.
"""

from __future__ import annotations

from careercenter.search.cache import remembered
from careercenter.search.engine import (
    CODES,
    COUNT_CAP,
    GENERATION_COLUMNS,
    JOBS,
    SearchPage,
    generations_read,
    index_posting,
    newest_with_words,
    rebuild_index,
    remove_posting,
    remove_postings,
    search_jobs,
    words_found_column,
    words_found_values,
)
from careercenter.search.limits import SORTS
from careercenter.search.query import JobQuery
from careercenter.search.reading import parse_job_query, search_form
from careercenter.search.suggest import Suggestion, suggestions

__all__ = [
    "CODES",
    "COUNT_CAP",
    "GENERATION_COLUMNS",
    "JOBS",
    "JobQuery",
    "SORTS",
    "SearchPage",
    "generations_read",
    "index_posting",
    "newest_with_words",
    "parse_job_query",
    "remembered",
    "rebuild_index",
    "remove_posting",
    "remove_postings",
    "search_form",
    "search_jobs",
    "Suggestion",
    "suggestions",
    "words_found_column",
    "words_found_values",
]
