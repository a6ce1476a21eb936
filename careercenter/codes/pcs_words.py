"""Coders' words for ICD-10-PCS searches: "laparoscopic cholecystectomy" is, in the words of
the PCS tables, a Resection of the Gallbladder with a Percutaneous Endoscopic approach.

The map is data (data/codes/pcs_words.csv: phrase, means, a query and the code it must
find, a note); tests/codes/test_icd10pcs.py searches each entry's query. A query word that
the map names matches a code by its own word or by the words it means, so an ICD-10-CM
search for the same words still finds what it found before.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from careercenter.codes.importers import demo_file
from careercenter.codes.words import words


@dataclass(frozen=True)
class CoderWords:
    phrase: str
    means: str
    query: str
    expect: str
    note: str

    @property
    def phrase_words(self) -> tuple[str, ...]:
        return _stems(self.phrase)

    @property
    def meaning_words(self) -> tuple[str, ...]:
        return _stems(self.means)


def _stems(text: str) -> tuple[str, ...]:
    return tuple(w for part in text.split() for w in sorted(words(part)))


@cache
def word_map() -> tuple[CoderWords, ...]:
    with demo_file("pcs_words.csv").open(newline="", encoding="utf-8") as handle:
        return tuple(
            CoderWords(**{k: (v or "").strip() for k, v in row.items()})
            for row in csv.DictReader(handle)
        )


def groups(stems: list[str]) -> list[list[tuple[str, ...]]] | None:
    """The query's stemmed words as groups of alternatives: a phrase of the map (longest
    first) is its own words or the words it means; any other word is itself. None when the
    map names no phrase of the query."""
    phrases = sorted(word_map(), key=lambda entry: -len(entry.phrase_words))
    found: list[list[tuple[str, ...]]] = []
    matched, at = False, 0
    while at < len(stems):
        entry = next(
            (
                e
                for e in phrases
                if e.phrase_words and tuple(stems[at : at + len(e.phrase_words)]) == e.phrase_words
            ),
            None,
        )
        if entry is None:
            found.append([(stems[at],)])
            at += 1
            continue
        matched = True
        found.append([entry.phrase_words, entry.meaning_words])
        at += len(entry.phrase_words)
    return found if matched else None
