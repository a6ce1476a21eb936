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
- `idf(term)`: how rare the term is among those documents (BM25's inverse document
  frequency), from the documents having its commonest alternative: what relevance weighs
  each word of a search by (backends.Backend.share); `share(term)`, the share of documents
  having it, tells PostgreSQL rare words from common ones (engine.FEW_MATCHES_SHARE).
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from careercenter.extensions import db
from careercenter.search import terms
from careercenter.search.terms import is_tag

LEXICON_DOCUMENTS = 5000
MIN_CORRECTED_LENGTH = 5  # shorter words are too often someone's abbreviation
MAX_EDITS = 2
MAX_FAMILY = 8  # alternatives a stem adds to a query word, the most common first
# A form of a word in fewer documents than this share of its commonest form's is not added
# to a search (engine._with_family): "coded" in 41 of 327 jobs beside "coding" in 326.
RARE_FORM_SHARE = 0.2
# Tags a word of a search may stand for (the specialty ED names, the credential CPC...),
# counted for idf(); places, days and pay are only ever filters.
_WORD_TAGS = ("zzspec", "zzcred", "zzset", "zzarr", "zztype", "zzappr")


@dataclass
class Lexicon:
    counts: Counter = field(default_factory=Counter)  # words: the documents having each
    by_stem: dict[str, list[str]] = field(default_factory=dict)
    # Every token a search word may be (words, concepts, _WORD_TAGS): the documents having it.
    frequencies: dict[str, int] = field(default_factory=dict)
    documents: int = 0  # how many were read

    @classmethod
    def of(cls, counts: Counter, documents: int) -> Lexicon:
        words = {w: n for w, n in counts.items() if w.isalpha() and not w.startswith("zz")}
        by_stem: dict[str, list[str]] = {}
        for word in sorted(words, key=lambda w: -words[w]):
            by_stem.setdefault(terms.stem(word), []).append(word)
        return cls(Counter(words), by_stem, dict(counts), documents)

    def share(self, term: terms.Term) -> float:
        """The share of the documents having one of the term's alternatives, at most (the
        sum of each one's share)."""
        having = sum(self.frequencies.get(alt, 0) for alt in term.alternatives)
        return min(1.0, having / max(self.documents, 1))

    def idf(self, term: terms.Term) -> float:
        """BM25's inverse document frequency of the term (Lucene's form, never negative),
        counting the documents of its commonest alternative."""
        having = max((self.frequencies.get(alt, 0) for alt in term.alternatives), default=0)
        return math.log(1 + (self.documents - having + 0.5) / (having + 0.5))

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


def _counted(counts: Counter) -> Counter:
    """The counts of words, concepts and _WORD_TAGS (not of places, days nor pay)."""
    kept = (terms.KEYWORD, *_WORD_TAGS)
    return Counter({t: n for t, n in counts.items() if not is_tag(t) or t.startswith(kept)})


def _read_sqlite() -> tuple[Counter, int]:
    rows = db.session.execute(
        sa.text("SELECT title, body, tags FROM posting_search_doc ORDER BY seq DESC LIMIT :n"),
        {"n": LEXICON_DOCUMENTS},
    )
    counts: Counter = Counter()
    documents = 0
    for title, body, tags in rows:
        counts.update(set(title.split()) | set(body.split()) | set(tags.split()))
        documents += 1
    return _counted(counts), documents


def _read_postgresql() -> tuple[Counter, int]:
    # ts_stat counts each lexeme's documents; the window is written into the statement
    # (a constant), as ts_stat takes the text of a query.
    window = f"SELECT tsv FROM posting_search ORDER BY seq DESC LIMIT {int(LEXICON_DOCUMENTS)}"  # noqa: S608
    rows = db.session.execute(sa.text(f"SELECT word, ndoc FROM ts_stat('{window}')"))  # noqa: S608
    documents = db.session.execute(sa.text(f"SELECT count(*) FROM ({window}) AS d")).scalar()  # noqa: S608
    return _counted(Counter({word: ndoc for word, ndoc in rows})), documents or 0


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
    lexicon = Lexicon.of(*(_read_postgresql() if dialect == "postgresql" else _read_sqlite()))
    with _lock:
        _latest[key] = (generation, lexicon)
    return lexicon
