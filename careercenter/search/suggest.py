"""Suggestions as someone types in the search box: job titles, specialties, credentials and
places that start with or contain the text, the ones leading to the most open jobs first.

The table of everything that can be suggested, with how many open jobs each leads to, is
counted by a few GROUP BY queries over the open postings and kept in each process, like
the lexicon, until the index's generation changes (REFRESH_SECONDS at the soonest). A
keystroke then only searches that table, already in order of jobs, and stops at the limit
(while the table is younger than REFRESH_SECONDS it reads nothing from the database, not
even the generation):
the table's texts are one string, searched with `str.find` (C speed, about 1 ms through
the whole table at 100k postings) rather than entry by entry in Python.

Counting again costs a second or two at 100k postings, so it is done by a thread of its
own while the previous table keeps answering; a gunicorn worker counts its first table as
it starts (careercenter.gunicorn_conf), so no keystroke waits for a count.
"""

from __future__ import annotations

import logging
import threading
import time
from array import array
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from careercenter import vocabulary
from careercenter.extensions import db
from careercenter.models import Posting, utcnow
from careercenter.search.engine import current_generation
from careercenter.search.schema import posting_search as ps

log = logging.getLogger(__name__)

MAX_LENGTH = 50  # characters of text to complete
MAX_LIMIT = 10
DEFAULT_LIMIT = 8
# A change to the index (a job published, edited, taken down) shows in the suggestions
# within REFRESH_SECONDS: counting costs a pass over the open postings, which should not
# follow every change on a busy board. MAX_AGE: counted again anyway, for jobs whose date
# has passed.
REFRESH_SECONDS = 60
MAX_AGE = 300
KINDS = ("title", "specialty", "credential", "place")


def normalised(text: str) -> str:
    """Lower case, single spaces: what is compared."""
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class Suggestion:
    text: str  # what goes in the search box
    kind: str  # one of KINDS
    jobs: int  # open jobs it leads to
    params: tuple[tuple[str, str], ...]  # the /jobs search it leads to
    key: str  # normalised text (and other names it is found by)


# Counted by the database: one pass over the open postings per kind, and only the groups
# come back. A list column's values come out of its JSON by the database's own function.
def _counts(now) -> dict[str, list]:
    sqlite = db.session.get_bind().dialect.name == "sqlite"

    def of_open(*columns) -> sa.Select:
        # In the index (read from its posting_id index alone: the rows are wide) and not
        # past its date (the posting's own copy).
        return (
            sa.select(*columns)
            .select_from(Posting)
            .where(Posting.id.in_(sa.select(ps.c.posting_id)), Posting.expires_at > now)
        )

    def values(column) -> sa.Select:
        if sqlite:
            item = sa.func.json_each(column).table_valued("value").alias("item")
        else:
            item = sa.func.json_array_elements_text(column).table_valued("value")
            item = item.render_derived(name="item")
        return of_open(Posting.id.label("id"), item.c.value.label("value")).join(item, sa.true())

    def per_value(*columns) -> sa.Select:
        # Each posting once per value, whichever of the columns have it.
        found = sa.union_all(*map(values, columns)).subquery()
        return sa.select(found.c.value, sa.func.count(found.c.id.distinct())).group_by(
            found.c.value
        )

    def rows(statement: sa.Select) -> list:
        return db.session.execute(statement).all()

    return {
        "titles": rows(of_open(Posting.title, sa.func.count()).group_by(Posting.title)),
        "cities": rows(
            of_open(Posting.city, Posting.state, sa.func.count())
            .where(Posting.arrangement != "remote")
            .group_by(Posting.city, Posting.state)
        ),
        "specialties": rows(per_value(Posting.specialties)),
        "credentials": rows(per_value(Posting.credentials_required, Posting.credentials_preferred)),
    }


def _table() -> list[Suggestion]:
    return _suggestion_table(_counts(utcnow()))


def _suggestion_table(counts: dict[str, list]) -> list[Suggestion]:
    titles: Counter = Counter()
    spellings: dict[str, Counter] = {}
    for title, n in counts["titles"]:
        key = normalised(title)
        titles[key] += n
        spellings.setdefault(key, Counter())[" ".join(title.split())] += n
    # A title written several ways is shown the way most of its jobs write it.
    spelling = {key: min(found, key=lambda s: (-found[s], s)) for key, found in spellings.items()}
    specialties = dict(counts["specialties"])
    credentials = dict(counts["credentials"])
    cities: Counter = Counter()
    states: Counter = Counter()
    for city, state, n in counts["cities"]:
        cities[(city, state)] += n
        states[state] += n

    table = [
        Suggestion(spelling[key], "title", n, (("q", spelling[key]),), key)
        for key, n in titles.items()
    ]
    for slug, n in specialties.items():
        if slug in vocabulary.SPECIALTIES:
            label = vocabulary.label(vocabulary.SPECIALTIES, slug)
            table.append(
                Suggestion(label, "specialty", n, (("specialty", slug),), normalised(label))
            )
    for slug, n in credentials.items():
        if slug in vocabulary.CREDENTIALS:
            credential = vocabulary.CREDENTIALS[slug]
            label = vocabulary.label(vocabulary.CREDENTIALS, slug)
            key = normalised(f"{label} {credential.name}")
            table.append(Suggestion(label, "credential", n, (("credential", slug),), key))
    for (city, state), n in cities.items():
        label = f"{city}, {state}"
        table.append(Suggestion(label, "place", n, (("location", label),), normalised(label)))
    for state, n in states.items():
        name = vocabulary.US_STATES.get(state, state)
        table.append(Suggestion(name, "place", n, (("location", state),), normalised(name)))
    table.sort(key=lambda s: (-s.jobs, KINDS.index(s.kind), s.key))
    return table


@dataclass(frozen=True)
class Table:
    """The suggestions in order, and their keys as one text for `str.find`: entry i's key
    starts at `starts[i]`, keys separated by a newline (no key has one)."""

    entries: list[Suggestion]
    text: str
    starts: array

    @classmethod
    def of(cls, entries: list[Suggestion]) -> Table:
        starts = array("l")
        position = 0
        for entry in entries:
            starts.append(position)
            position += len(entry.key) + 1
        return cls(entries, "\n".join(entry.key for entry in entries), starts)

    def matching(self, needle: str, limit: int) -> list[Suggestion]:
        found: list[Suggestion] = []
        text, starts, position = self.text, self.starts, 0
        while len(found) < limit:
            position = text.find(needle, position)
            if position < 0:
                break
            index = bisect_right(starts, position) - 1
            found.append(self.entries[index])
            position = starts[index + 1] if index + 1 < len(starts) else len(text)
        return found


_lock = threading.Lock()
_latest: dict[str, tuple[int, float, Table]] = {}  # URL -> (generation, when, table)
_counting: set[str] = set()  # URLs whose table a thread is counting now


def _count_into_latest(app, key: str, generation: int, now: float) -> None:
    """Count the table (in a thread of its own, with its own session) and publish it."""
    try:
        with app.app_context():
            table = Table.of(_table())
        with _lock:
            _latest[key] = (generation, now, table)
    except Exception:  # a database that is away: the previous table keeps answering
        log.exception("counting the suggestions failed")
    finally:
        with _lock:
            _counting.discard(key)


def current_table() -> Table:
    """The table of the index as it is. Counted again when the index has changed, at most
    every REFRESH_SECONDS, and at least every MAX_AGE seconds, by a thread of its own while
    the previous table answers (in tests, by the request itself). Only a process's first
    table is counted by the request that needs it. A table younger than REFRESH_SECONDS
    answers without a look at the index's generation: most keystrokes read no database."""
    key = str(db.engine.url)
    now = time.monotonic()
    with _lock:
        found = _latest.get(key)
        if found and (key in _counting or now - found[1] < REFRESH_SECONDS):
            return found[2]
    generation = current_generation()
    with _lock:
        found = _latest.get(key)
        if found:
            seen, when, table = found
            if key in _counting or (now - when < MAX_AGE and seen == generation):
                return table
        _counting.add(key)
    if found and not current_app.testing:
        app = current_app._get_current_object()  # noqa: SLF001 (Flask's documented way)
        threading.Thread(
            target=_count_into_latest, args=(app, key, generation, now), daemon=True
        ).start()
        return found[2]
    try:
        table = Table.of(_table())
    finally:
        with _lock:
            _counting.discard(key)
    with _lock:
        _latest[key] = (generation, now, table)
    return table


def warm_in_background(app) -> None:
    """Count the table in a thread now (a server's new worker does this), so that not even
    the first keystroke waits for it."""

    def count() -> None:
        with app.app_context():
            key = str(db.engine.url)
            with _lock:
                if key in _latest or key in _counting:
                    return
                _counting.add(key)
            _count_into_latest(app, key, current_generation(), time.monotonic())

    threading.Thread(target=count, daemon=True).start()


def suggestions(text: str, limit: int = DEFAULT_LIMIT) -> list[Suggestion]:
    """Up to `limit` suggestions whose text (or, for a credential, its full name) starts
    with or contains `text`: the most open jobs first, then titles, specialties,
    credentials, places, then alphabetically."""
    needle = normalised(text)[:MAX_LENGTH]
    if not needle:
        return []
    return current_table().matching(needle, limit)
