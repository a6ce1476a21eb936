"""Search answers remembered for a short while, in each process.

A search page's answer depends on the query and the index alone, so it can be reused by
everyone who asks the same thing: coders repeat the same few searches all day. Answers are
keyed by the index's generation, a number every change to the index raises in the same
transaction (`engine.index_changed`), so an answer is never reused after a posting was
published, edited or taken out; and an answer listing jobs is not used past the first of
their expiry dates (`until`). They are kept at most `SEARCH_CACHE_SECONDS` besides, for
what else the clock changes ("posted 2 hours ago", the edge of "last 24 hours", a count
that includes a job on another page that has just expired). `SEARCH_CACHE_SIZE = 0` turns
remembering off.

An answer is kept from the second time it is asked within the window, not the first
(`SEARCH_CACHE_MIN_ASKS`, default 2; 1 keeps every answer): most searches are asked once,
and keeping each of those made unique traffic slower with the cache than without it (every
answer stored and evicted unused, a heap full of them for the garbage collector to walk).
The first ask of a key costs one small integer in a set of keys seen (at most 4 x the
cache's size, then started afresh); the repeated searches coders make all day are kept at
their second ask, as before at their first.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from datetime import datetime
from typing import TypeVar

from cachetools import TTLCache
from flask import Flask, current_app

from careercenter.models import utcnow
from careercenter.search.engine import JOBS, current_generation

T = TypeVar("T")
_EXTENSION = "search_answers"


class _Answers:
    def __init__(self, size: int, seconds: float, min_asks: int = 2):
        self.store: TTLCache = TTLCache(maxsize=size, ttl=seconds)
        self.lock = threading.Lock()
        # Hashes of the keys asked once (their answers not kept), when min_asks > 1.
        self.asked: set[int] | None = set() if min_asks > 1 else None
        self.asked_limit = 4 * size

    def admit(self, key: Hashable) -> bool:
        """Whether to keep the answer for `key` (under the lock): from its second ask."""
        if self.asked is None:
            return True
        digest = hash(key)
        if digest in self.asked:
            self.asked.discard(digest)
            return True
        if len(self.asked) >= self.asked_limit:
            self.asked.clear()
        self.asked.add(digest)
        return False


def init_app(app: Flask) -> None:
    size, seconds = app.config["SEARCH_CACHE_SIZE"], app.config["SEARCH_CACHE_SECONDS"]
    min_asks = app.config.get("SEARCH_CACHE_MIN_ASKS", 2)
    app.extensions[_EXTENSION] = (
        _Answers(size, seconds, min_asks) if size > 0 and seconds > 0 else None
    )


def remembered(
    key: Hashable,
    compute: Callable[[], T],
    *,
    generation: int | None = JOBS,
    until: Callable[[T], datetime | None] | None = None,
) -> T:
    """The answer for `key` while the data it comes from is unchanged, or `compute()` (then
    remembered). `generation` names that data: the job index (JOBS), the code data (CODES),
    or None for what depends on one posting's version alone (its page's parts, keyed by its
    `updated_at`), which other postings' changes leave valid. `until(answer)` is the moment
    the clock alone makes the answer wrong (the first expiry among the jobs it shows)."""
    answers: _Answers | None = current_app.extensions.get(_EXTENSION)
    if answers is None:
        return compute()
    full_key = (generation, current_generation(generation) if generation else None, key)
    with answers.lock:
        found = answers.store.get(full_key)
    if found is not None:
        value, deadline = found
        if deadline is None or utcnow() < deadline:
            return value
    value = compute()
    with answers.lock:
        if answers.admit(full_key):
            answers.store[full_key] = (value, until(value) if until else None)
    return value


def first_expiry(postings) -> datetime | None:
    """When the first of these postings passes its date (for `until`)."""
    return min((p.expires_at for p in postings if p.expires_at), default=None)
