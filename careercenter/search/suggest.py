"""Suggestions as someone types in the search box: job titles, specialties, credentials and
places that start with or contain the text, the ones leading to the most open jobs first.

The table of everything that can be suggested, with how many open jobs each leads to, is
read once per index generation (one pass over the open postings' few columns) and kept
in each process, like the lexicon; a keystroke then only scans that table, already in
order of jobs, and stops at the limit. It is read again after MAX_AGE seconds as well, for
the jobs whose date has passed.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa

from careercenter import vocabulary
from careercenter.extensions import db
from careercenter.models import Posting, utcnow
from careercenter.search.engine import current_generation
from careercenter.search.schema import posting_search as ps

MAX_LENGTH = 50  # characters of text to complete
MAX_LIMIT = 10
DEFAULT_LIMIT = 8
MAX_AGE = 300  # seconds
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


def _table() -> list[Suggestion]:
    now = utcnow()
    rows = db.session.execute(
        sa.select(
            Posting.title,
            Posting.city,
            Posting.state,
            Posting.arrangement,
            Posting.specialties,
            Posting.credentials_required,
            Posting.credentials_preferred,
        )
        .join(ps, ps.c.posting_id == Posting.id)
        .where(ps.c.expires_at > now)
    )
    titles: Counter = Counter()
    spelling: dict[str, str] = {}
    specialties: Counter = Counter()
    credentials: Counter = Counter()
    cities: Counter = Counter()
    states: Counter = Counter()
    for title, city, state, arrangement, specs, required, preferred in rows:
        key = normalised(title)
        titles[key] += 1
        spelling.setdefault(key, " ".join(title.split()))
        specialties.update(set(specs or []))
        credentials.update(set(required or []) | set(preferred or []))
        if arrangement != "remote":
            cities[(city, state)] += 1
            states[state] += 1

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


_lock = threading.Lock()
_latest: dict[str, tuple[int, float, list[Suggestion]]] = {}  # URL -> (generation, when, table)


def current_table(generation: int) -> list[Suggestion]:
    """The table of the index at `generation` (read again when it changed, or is old)."""
    key = str(db.engine.url)
    with _lock:
        found = _latest.get(key)
    if found and found[0] == generation and time.monotonic() - found[1] < MAX_AGE:
        return found[2]
    table = _table()
    with _lock:
        _latest[key] = (generation, time.monotonic(), table)
    return table


def suggestions(text: str, limit: int = DEFAULT_LIMIT) -> list[Suggestion]:
    """Up to `limit` suggestions whose text (or, for a credential, its full name) starts
    with or contains `text`: the most open jobs first, then titles, specialties,
    credentials, places, then alphabetically."""
    needle = normalised(text)[:MAX_LENGTH]
    if not needle:
        return []
    found: list[Suggestion] = []
    for suggestion in current_table(current_generation()):
        if needle in suggestion.key:
            found.append(suggestion)
            if len(found) >= limit:
                break
    return found
