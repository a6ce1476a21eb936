"""Typed codes to their canonical form, per code system."""

from __future__ import annotations

import functools
import re

import snowballstemmer

from careercenter.models import CodeSystem

# A letter, then two letters or digits (I1A, QA0: not always a digit second), at least one
# a digit; then up to four more after the dot.
_ICD_RE = re.compile(r"^(?=.{0,2}\d)[A-Z][0-9A-Z]{2}([0-9A-Z]{1,4})?$")
_ICD_BLOCK_RE = re.compile(r"^[A-Z][0-9A-Z]{2}-[A-Z][0-9A-Z]{2}$")
_STOPWORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "is", "it", "of", "on", "or",
     "other", "the", "to", "with"}
)  # fmt: skip
_WORD_RE = re.compile(r"[a-z0-9]+")
MAX_CODE_LENGTH = 20


def compact(code: str) -> str:
    return code.replace(".", "").strip().upper()


def canonical(system: CodeSystem, code: str) -> str | None:
    """The stable form of a code for its page address, or None if it cannot be one."""
    code = (code or "").strip().upper()
    if not code or len(code) > MAX_CODE_LENGTH:
        return None
    if system is CodeSystem.ICD10CM:
        if re.fullmatch(r"\d{1,2}", code) or _ICD_BLOCK_RE.match(code):
            return code  # a chapter number or a block range
        bare = compact(code)
        if not _ICD_RE.match(bare):
            return None
        return bare if len(bare) == 3 else f"{bare[:3]}.{bare[3:]}"
    if system is CodeSystem.ICD10PCS:
        # A body system (0D), a table (0DT) or a code (0DTJ4ZZ): never I or O.
        return code if re.fullmatch(r"[0-9BCDFGHX][0-9A-HJ-NP-Z]{1,6}", code) else None
    if system is CodeSystem.MODIFIER:
        code = code.removeprefix("-")  # "-25" as written after a code
    if not re.fullmatch(r"[A-Z0-9]{2,7}", code):
        return None
    return code


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


def looks_like_code(token: str) -> bool:
    token = compact(token)
    return bool(token) and any(ch.isdigit() for ch in token) and token.isalnum()
