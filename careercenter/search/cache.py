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
    def __init__(self, size: int, seconds: float):
        self.store: TTLCache = TTLCache(maxsize=size, ttl=seconds)
        self.lock = threading.Lock()


def init_app(app: Flask) -> None:
    size, seconds = app.config["SEARCH_CACHE_SIZE"], app.config["SEARCH_CACHE_SECONDS"]
    app.extensions[_EXTENSION] = _Answers(size, seconds) if size > 0 and seconds > 0 else None


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
        answers.store[full_key] = (value, until(value) if until else None)
    return value


def first_expiry(postings) -> datetime | None:
    """When the first of these postings passes its date (for `until`)."""
    return min((p.expires_at for p in postings if p.expires_at), default=None)
