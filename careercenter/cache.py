"""The one cache: what every reader is shown the same way, remembered in each process.

Search answers, `/api/v1/jobs` answers, code pages and code search, the shared parts of job
pages, the home board and the pay figures and charts are all remembered here, through
`cache.remembered` (the instance is `careercenter.extensions.cache`, bound by the app
factory). Whoever calls it names in the key everything the answer depends on: a generation
number that each change to the data it was read from raises in the same transaction (the
job index and the code data: `search.remembered`; the pay figures: `pay.stats.remembered`),
so an answer is never used after its data changed. What the clock alone changes is bounded
by `until` (the moment an answer becomes wrong, such as the first expiry among the jobs it
lists) and by `CACHE_SECONDS`, unless the caller says the key names all the answer depends
on (`timeless`).

Only immutable values are kept: rendered `Markup` and strings, numbers, dates, enums, and
tuples, frozensets, read-only mappings and frozen dataclasses of them. A value is handed to
every thread of the process at once, so a mutable one (an ORM object, a list, a dict) could
be changed under another request's feet, and a detached ORM object may lazy-load in
whichever request reads it.

The cache is sized by bytes (`CACHE_MAX_BYTES`, an estimate of each entry's size with its
key: `size_of`), least recently used first out; 0 turns remembering off. An answer is kept
from the `CACHE_MIN_ASKS`th time it is asked within `CACHE_SECONDS` (default 2): most
searches are asked once, and keeping each of those made unique traffic slower with the
cache than without it. The first ask of a key costs one small integer in a set of keys seen
(at most as many as fit a thousandth of the bytes, then started afresh).

Each process has its own cache (see README, "Where answers are kept").
"""

from __future__ import annotations

import dataclasses
import enum
import sys
import threading
import time
from collections.abc import Callable, Hashable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import NamedTuple, TypeVar

from cachetools import TLRUCache
from flask import Flask, current_app

T = TypeVar("T")
_EXTENSION = "careercenter.cache"
# Bytes charged per entry beyond its key and value: the entry tuple and the cache's own
# bookkeeping (its dictionaries, its order and expiry links).
_ENTRY_OVERHEAD = 400
_SMALL = (int, float, bool, complex, date, datetime, timedelta, type(None))


def utcnow() -> datetime:
    """The clock `until` deadlines are compared with (replaced in tests)."""
    return datetime.now(UTC)


def size_of(value: object, _depth: int = 0) -> int:
    """An estimate of the bytes `value` holds: strings and bytes by their length, the
    containers and frozen dataclasses an answer is made of by what they contain (enum
    members, shared by everyone, count as a pointer)."""
    if isinstance(value, enum.Enum):
        return 8
    if isinstance(value, (str, bytes, bytearray, *_SMALL)):
        return sys.getsizeof(value)
    if _depth > 12:  # far deeper than any answer: count no further
        return sys.getsizeof(value)
    depth = _depth + 1
    if isinstance(value, tuple | list | frozenset | set):
        return sys.getsizeof(value) + sum(size_of(item, depth) for item in value)
    if isinstance(value, Mapping):
        return sys.getsizeof(value) + sum(
            size_of(key, depth) + size_of(item, depth) for key, item in value.items()
        )
    if dataclasses.is_dataclass(value):
        return sys.getsizeof(value) + sum(
            size_of(getattr(value, f.name), depth) for f in dataclasses.fields(value)
        )
    return sys.getsizeof(value)


class _Entry(NamedTuple):
    value: object
    deadline: datetime | None  # `until`: past it, the answer is not used
    seconds: float  # how long it may stay (infinite for timeless answers)
    size: int


class _Store:
    def __init__(self, max_bytes: int, seconds: float, min_asks: int):
        self.entries: TLRUCache = TLRUCache(
            maxsize=max_bytes,
            ttu=lambda _key, entry, now: now + entry.seconds,
            timer=time.monotonic,
            getsizeof=lambda entry: entry.size,
        )
        self.seconds = seconds
        self.lock = threading.Lock()
        # Hashes of the keys asked once (their answers not kept), when min_asks > 1.
        self.asked: set[int] | None = set() if min_asks > 1 else None
        self.asked_limit = max(64, max_bytes // 1000)

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


class Cache:
    """The app's one cache (a Flask extension: `init_app` in the factory)."""

    def init_app(self, app: Flask) -> None:
        max_bytes = app.config["CACHE_MAX_BYTES"]
        seconds = app.config["CACHE_SECONDS"]
        min_asks = app.config["CACHE_MIN_ASKS"]
        app.extensions[_EXTENSION] = (
            _Store(max_bytes, seconds, min_asks) if max_bytes > 0 and seconds > 0 else None
        )

    @staticmethod
    def _store() -> _Store | None:
        return current_app.extensions.get(_EXTENSION)

    def enabled(self) -> bool:
        return self._store() is not None

    def remembered(
        self,
        key: Hashable,
        compute: Callable[[], T],
        *,
        until: Callable[[T], datetime | None] | None = None,
        timeless: bool = False,
    ) -> T:
        """The answer remembered for `key`, or `compute()` (then remembered). The key must
        name everything the answer depends on but the clock; `until(answer)` is the moment
        the clock makes it wrong. A `timeless` answer depends on its key alone: it is kept
        from its first ask and stays until pushed out by newer ones."""
        store = self._store()
        if store is None:
            return compute()
        with store.lock:
            found: _Entry | None = store.entries.get(key)
        if found is not None and (found.deadline is None or utcnow() < found.deadline):
            return found.value  # type: ignore[return-value]
        value = compute()
        with store.lock:
            admitted = timeless or store.admit(key)
        if not admitted:  # asked once so far: not worth measuring its size
            return value
        size = size_of(key) + size_of(value) + _ENTRY_OVERHEAD
        seconds = float("inf") if timeless else store.seconds
        entry = _Entry(value, until(value) if until else None, seconds, size)
        if size <= store.entries.maxsize:
            with store.lock:
                store.entries[key] = entry
        return value

    def clear(self) -> None:
        """Forget every answer (tests start from an empty cache)."""
        store = self._store()
        if store is not None:
            with store.lock:
                store.entries.clear()
                if store.asked is not None:
                    store.asked.clear()

    def stats(self) -> tuple[int, int]:
        """(entries, bytes) held now."""
        store = self._store()
        if store is None:
            return 0, 0
        with store.lock:
            return len(store.entries), store.entries.currsize
