"""Search answers and what else follows the job index or the code data, kept in the app's
one cache (careercenter/cache.py) keyed by a generation.

A search page's answer depends on the query and the index alone, so it can be reused by
everyone who asks the same thing: coders repeat the same few searches all day. Answers are
keyed by the index's generation, a number every change to the index raises in the same
transaction (`engine.index_changed`), so an answer is never reused after a posting was
published, edited or taken out; and an answer listing jobs is not used past the first of
their expiry dates (`until`). They are kept at most `CACHE_SECONDS` besides, for what else
the clock changes ("posted 2 hours ago", the edge of "last 24 hours", a count that includes
a job on another page that has just expired). Code pages and code search are keyed the
same way by the code data's generation (`CODES`, raised by every import).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import datetime
from typing import TypeVar

from careercenter.extensions import cache
from careercenter.search.engine import JOBS, current_generation

T = TypeVar("T")


def remembered(
    key: Hashable,
    compute: Callable[[], T],
    *,
    generation: int | None = JOBS,
    until: Callable[[T], datetime | None] | None = None,
) -> T:
    """The answer for `key` while the data it comes from is unchanged, or `compute()` (then
    remembered). `generation` names that data: the job index (JOBS), the code data (CODES),
    or None for what depends on the key alone (the /jobs filter form, by its query string).
    `until(answer)` is the moment the clock alone makes the answer wrong (the first expiry
    among the jobs it shows)."""
    if not cache.enabled():
        return compute()  # not even the generation read
    full_key = (generation, current_generation(generation) if generation else None, key)
    return cache.remembered(full_key, compute, until=until)


def first_expiry(postings) -> datetime | None:
    """When the first of these postings passes its date (for `until`)."""
    return min((p.expires_at for p in postings if p.expires_at), default=None)
