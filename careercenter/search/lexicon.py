"""The words of the index: what word families are joined with and typos corrected to.

A Lexicon is the set of word tokens in the documents of the newest LEXICON_DOCUMENTS open
postings (titles and bodies; no filter tags, no concept tokens), with how many of those
documents have each. It is read once per index generation (engine.current_generation),
so it changes with the index: a posting published, edited or taken out raises the
generation and the next search reads the words again. Reading is bounded whatever the
size of the index (a window of the newest documents, one query): a word found only in
older postings is still searched as typed, it just never becomes a correction.

- `family(token)`: the words of the lexicon with the token's Snowball stem (coders, coded,
  cardiologist...), so a query word also finds its inflections as the postings spell them.
- `correction(word)`: the nearest lexicon word within MAX_EDITS edits (rapidfuzz's
  Levenshtein distance), the most common one among equals.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from careercenter.extensions import db
from careercenter.search import terms

LEXICON_DOCUMENTS = 5000
MIN_CORRECTED_LENGTH = 5  # shorter words are too often someone's abbreviation
MAX_EDITS = 2
MAX_FAMILY = 8  # alternatives a stem adds to a query word, the most common first
# A form of a word in fewer documents than this share of its commonest form's is not added
# to a search (engine._with_family): "coded" in 41 of 327 jobs beside "coding" in 326.
RARE_FORM_SHARE = 0.2


@dataclass
class Lexicon:
    counts: Counter = field(default_factory=Counter)
    by_stem: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, counts: Counter) -> Lexicon:
        words = {w: n for w, n in counts.items() if w.isalpha() and not w.startswith("zz")}
        by_stem: dict[str, list[str]] = {}
        for word in sorted(words, key=lambda w: -words[w]):
            by_stem.setdefault(terms.stem(word), []).append(word)
        return cls(Counter(words), by_stem)

    def __contains__(self, token: str) -> bool:
        return token in self.counts

    def family(self, token: str) -> list[str]:
        return self.by_stem.get(terms.stem(token), [])[:MAX_FAMILY]

    def correction(self, word: str) -> str | None:
        if len(word) < MIN_CORRECTED_LENGTH or not word.isalpha() or not self.counts:
            return None
        found = process.extract(
            word, self.counts.keys(), scorer=Levenshtein.distance, score_cutoff=MAX_EDITS,
            limit=None,
        )  # fmt: skip
        if not found:
            return None
        return min(found, key=lambda hit: (hit[1], -self.counts[hit[0]], hit[0]))[0]


def _read_sqlite() -> Counter:
    rows = db.session.execute(
        sa.text("SELECT title, body FROM posting_search_doc ORDER BY seq DESC LIMIT :n"),
        {"n": LEXICON_DOCUMENTS},
    )
    counts: Counter = Counter()
    for title, body in rows:
        counts.update(set(title.split()) | set(body.split()))
    return counts


def _read_postgresql() -> Counter:
    # ts_stat counts each lexeme's documents; the window is written into the statement
    # (a constant), as ts_stat takes the text of a query.
    rows = db.session.execute(
        sa.text(
            "SELECT word, ndoc FROM ts_stat('SELECT tsv FROM posting_search "  # noqa: S608
            f"ORDER BY seq DESC LIMIT {int(LEXICON_DOCUMENTS)}')"
        )
    )
    return Counter({word: ndoc for word, ndoc in rows})


_lock = threading.Lock()
_latest: dict[str, tuple[int, Lexicon]] = {}  # database URL -> (generation, lexicon)


def current_lexicon(generation: int) -> Lexicon:
    """The lexicon of the index at `generation` (read again when the generation changed)."""
    key = str(db.engine.url)
    with _lock:
        found = _latest.get(key)
    if found and found[0] == generation:
        return found[1]
    dialect = db.session.get_bind().dialect.name
    lexicon = Lexicon.of(_read_postgresql() if dialect == "postgresql" else _read_sqlite())
    with _lock:
        _latest[key] = (generation, lexicon)
    return lexicon
