"""The searchable words of code descriptions (a code's shape is careercenter/codeformat.py)."""

from __future__ import annotations

import functools
import re

import snowballstemmer

_STOPWORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "is", "it", "of", "on", "or",
     "other", "the", "to", "with"}
)  # fmt: skip
_WORD_RE = re.compile(r"[a-z0-9]+")


_stemmer = snowballstemmer.stemmer("english")


def words(*texts: str | None) -> set[str]:
    """The searchable words of descriptions, stemmed so that "amputation" finds
    "amputating" (Snowball's English stemmer)."""
    found: set[str] = set()
    for text in texts:
        raw = [w for w in _WORD_RE.findall((text or "").lower()) if w not in _STOPWORDS]
        found.update(w for w in map(_stem, raw) if len(w) <= 40)
    return found


@functools.lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    """One word's stem, remembered: a code set's descriptions repeat a few thousand words
    (stemming each anew was most of an import's time)."""
    return _stemmer.stemWord(word)
