"""One normaliser for documents and queries: the coder's words as index tokens.

Both sides go through the same steps, so whatever a posting says and however a coder types
it, the two meet on the same token:

- Written forms that punctuation would split are one token: `CPC-A` is `cpca` (never the
  credential `cpc`), `ICD-10-CM` is `icd10cm`, `E11.52` is `e1152` (a document also gets its
  parents `e11` and `e115`, so a search for the category finds the codes under it).
- Equivalent names meet on one concept token: E/M and "evaluation and management", HCC and
  "risk adjustment", pro-fee and "professional fee", inpatient and IP. A document keeps its
  words and gains the concept; a query asks for the concept.
- Spelling variants (orthopaedic, orthopedic) and plurals (coders, coder) are folded.

Every token is `[a-z0-9]+`, so nothing a user types can reach a full-text query language as
an operator. Tokens the index invents (concepts, filter tags) start with `zz`; user text can
never produce that prefix.

A query is a list of `Term`s, all required; a term is satisfied by any of its alternatives.
Words that name a filter (remote, a credential, a state...) are both the word and the
filter's tag, e.g. `cpc` is `cpc OR zzcredcpc`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from careercenter.vocabulary import (
    ARRANGEMENTS,
    CREDENTIALS,
    EMPLOYMENT_TYPES,
    SEARCH_EQUIVALENTS,
    SEARCH_STOPWORDS,
    SETTINGS,
    SPECIALTIES,
    US_STATES,
)

RESERVED = "zz"
MAX_TOKEN_LENGTH = 40
MAX_QUERY_TERMS = 12

# Tokens standing for several words start with zzk; filter tags with other zz prefixes.
KEYWORD = RESERVED + "k"
EM = KEYWORD + "em"
HCC = KEYWORD + "hcc"
PROFEE = KEYWORD + "profee"
INPATIENT = KEYWORD + "inpatient"


def slug_token(slug: str) -> str:
    """A vocabulary slug as one index token: lower-case letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", slug.lower())


# -- filter tags: the posting's facts as tokens, so every filter is an index lookup ----------


def arrangement_tag(slug: str) -> str:
    return "zzarr" + slug_token(slug)


def type_tag(slug: str) -> str:
    return "zztype" + slug_token(slug)


def credential_tag(slug: str) -> str:
    return "zzcred" + slug_token(slug)


def specialty_tag(slug: str) -> str:
    return "zzspec" + slug_token(slug)


def setting_tag(slug: str) -> str:
    return "zzset" + slug_token(slug)


def state_tag(code: str) -> str:
    """A posting located in the state (on-site and hybrid jobs)."""
    return "zzst" + code.lower()


def remote_state_tag(code: str) -> str:
    """A remote posting that hires in the state."""
    return "zzrem" + code.lower()


REMOTE_ANYWHERE_TAG = "zzremall"
APPRENTICE_TAG = "zzappr"


def is_tag(token: str) -> bool:
    """A filter tag (kept in a posting's tags), as opposed to text (words, concepts)."""
    return token.startswith(RESERVED) and not token.startswith(KEYWORD)


# -- lexing ------------------------------------------------------------------------------------

# Written forms that are one term to a coder (lowercase, as typed).
COMPOUNDS = {
    "e/m": EM,
    "e&m": EM,
    "pro-fee": PROFEE,
    "pro-fees": PROFEE,
    "icd-10-cm": "icd10cm",
    "icd-10-pcs": "icd10pcs",
    "icd-10": "icd10",
    "icd-9": "icd9",
    "icd-9-cm": "icd9cm",
    "ms-drg": "msdrg",
    "apr-drg": "aprdrg",
    "full-time": "fulltime",
    "part-time": "parttime",
    "per-diem": "perdiem",
    "temp-to-hire": "temptohire",
    "on-site": "onsite",
    "work-from-home": "remote",
    "ob/gyn": "obgyn",
    "ob-gyn": "obgyn",
} | {slug: slug_token(slug) for slug in CREDENTIALS if "-" in slug}

SPELLING = {
    "orthopaedic": "orthopedic",
    "orthopaedics": "orthopedics",
    "behavioural": "behavioral",
    "anaesthesia": "anesthesia",
    "anaesthesiology": "anesthesiology",
    "paediatric": "pediatric",
    "paediatrics": "pediatrics",
    "haematology": "hematology",
    "centre": "center",
    "centres": "centers",
    "payor": "payer",
    "payors": "payers",
    "wfh": "remote",
    "telecommute": "remote",
}

STOPWORDS = SEARCH_STOPWORDS
# Two-letter state codes that are also everyday words or coding abbreviations (CT scan,
# AR for accounts receivable, VA...): as a query word they mean the state only in capitals.
AMBIGUOUS_STATE_CODES = frozenset({
    "al", "ar", "co", "ct", "de", "ga", "hi", "id", "in", "la", "ma", "md", "me", "mo", "ms",
    "ne", "oh", "ok", "or", "pa", "pr", "va",
})  # fmt: skip

_EM_SPACED = re.compile(r"\b[eE]\s*[&/]\s*[mM]\b")
_COMPOUND_RE = re.compile(r"[a-z0-9]+(?:[./&-][a-z0-9]+)*", re.IGNORECASE)
_LOWER_COMPOUND_RE = re.compile(r"[a-z0-9]+(?:[./&-][a-z0-9]+)*")
_SEPARATORS = re.compile(r"[./&-]")
_ICD_RE = re.compile(r"^([a-z][0-9][0-9a-z])\.([0-9a-z]{1,4})$")


@dataclass(frozen=True)
class Atom:
    token: str
    upper: bool = False  # typed in capitals (for two-letter state codes)
    parents: tuple[str, ...] = ()  # an ICD-10-CM code's categories


def _stem(word: str) -> str:
    """Fold plurals, the same way on both sides: coders -> coder, specialties -> specialty."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("s"):
        return word[:-1]
    return word


def _word(part: str) -> str:
    part = part[:MAX_TOKEN_LENGTH]
    if part.startswith(RESERVED):
        part = "z" + part.lstrip("z")  # the zz prefix belongs to the index
    part = SPELLING.get(part, part)
    return _stem(part)


@lru_cache(maxsize=100_000)
def _compound(low: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A lowercase written form as (tokens, the code categories it implies)."""
    if low in COMPOUNDS:
        return (COMPOUNDS[low],), ()
    code = _ICD_RE.match(low)
    if code:
        category, detail = code.groups()
        return (category + detail,), tuple(category + detail[:i] for i in range(len(detail)))
    return tuple(_word(part) for part in _SEPARATORS.split(low) if part), ()


def _fold(text: str) -> str:
    """Accents off (café -> cafe), apostrophes out (coder's -> coders)."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.replace("'", "").replace("\u2019", "")


def _join_spaced_em(text: str) -> str:
    """E/M written with spaces, "E / M" or "E & M", is E/M too."""
    if " /" in text or "/ " in text or " &" in text or "& " in text:
        return _EM_SPACED.sub("e/m", text)
    return text


def atoms(text: str) -> list[Atom]:
    """The tokens of a query, remembering which were typed in capitals."""
    result: list[Atom] = []
    for match in _COMPOUND_RE.finditer(_fold(_join_spaced_em(text or ""))):
        raw = match.group()
        tokens, parents = _compound(raw.lower())
        if len(tokens) == 1:
            result.append(Atom(tokens[0], raw.isupper(), parents))
        else:
            parts = [part for part in _SEPARATORS.split(raw) if part]
            result.extend(Atom(t, p.isupper()) for t, p in zip(tokens, parts, strict=True))
    return result


_CHUNKS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
_MAX_CHUNKS = 50_000


def _chunk(chunk: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The tokens of one whitespace-separated lowercase piece of a document, and the code
    categories they imply. Cached in a plain dict (the fastest lookup): documents are mostly
    made of the same few thousand pieces."""
    entry = _CHUNKS.get(chunk)
    if entry is None:
        tokens: tuple[str, ...] = ()
        parents: tuple[str, ...] = ()
        for raw in _LOWER_COMPOUND_RE.findall(_fold(chunk)):
            found, implied = _compound(raw)
            tokens += found
            parents += implied
        entry = (tokens, parents)
        if len(_CHUNKS) >= _MAX_CHUNKS:
            _CHUNKS.clear()
        _CHUNKS[chunk] = entry
    return entry


def _key(text: str) -> tuple[str, ...]:
    return tuple(atom.token for atom in atoms(text))


# -- one token for several words ---------------------------------------------------------------

# Equivalent names: each meets the others on the concept token.
CONCEPT_SURFACES = {
    EM: ["evaluation and management", "evaluation management", "e and m"],
    HCC: ["hcc", "risk adjustment"],
    PROFEE: ["profee", "pro fee", "professional fee"],
    INPATIENT: ["inpatient", "ip"],
    "fulltime": ["full time"],
    "parttime": ["part time"],
    "perdiem": ["per diem"],
    "temptohire": ["temp to hire"],
    "onsite": ["on site"],
    "remote": ["work from home", "work at home"],
}

# Query words naming a filter value (besides the vocabularies' own slugs and state names).
SPECIALTY_SURFACES = {
    "evaluation-management": ["e/m"],
    "orthopaedics": ["orthopaedics", "ortho"],
    "cardiology": ["cardiology", "cardio"],
    "radiology": ["radiology"],
    "anesthesia": ["anesthesia", "anesthesiology"],
    "general-surgery": ["general surgery"],
    "emergency-department": ["emergency department", "emergency medicine"],
    "oncology": ["oncology"],
    "pathology-lab": ["pathology"],
    "behavioral-health": ["behavioral health", "mental health"],
    "home-health": ["home health"],
    "risk-adjustment": ["hcc"],
    "inpatient-drg": ["drg", "ms-drg"],
    "cdi": ["cdi", "clinical documentation integrity"],
    "auditing": ["auditing", "audit", "auditor"],
    "denials-appeals": ["denials", "appeals"],
}
SETTING_SURFACES = {
    "physician-practice": ["pro-fee"],
    "hospital-inpatient": ["inpatient"],
    "hospital-outpatient": ["outpatient"],
    "asc": ["asc", "ambulatory surgery"],
    "payer": ["payer"],
    "telehealth": ["telehealth", "telemedicine"],
}
APPRENTICE_SURFACES = ["apprentice", "apprenticeship", "entry level"]


def _filter_surfaces() -> list[tuple[str, tuple[str, ...]]]:
    """(how it is written, the tags it asks for) for every filter word."""
    found = [(slug, (credential_tag(slug),)) for slug in CREDENTIALS]
    found.append(("cpc-a", (APPRENTICE_TAG,)))
    found += [(slug, (arrangement_tag(slug),)) for slug in ARRANGEMENTS]
    found += [(slug, (type_tag(slug),)) for slug in EMPLOYMENT_TYPES]
    for slug, surfaces in SPECIALTY_SURFACES.items():
        assert slug in SPECIALTIES, slug
        found += [(surface, (specialty_tag(slug),)) for surface in surfaces]
    for slug, surfaces in SETTING_SURFACES.items():
        assert slug in SETTINGS, slug
        found += [(surface, (setting_tag(slug),)) for surface in surfaces]
    found += [(surface, (APPRENTICE_TAG,)) for surface in APPRENTICE_SURFACES]
    found += [(name, (state_tag(c), remote_state_tag(c))) for c, name in US_STATES.items()]
    return found


@lru_cache(maxsize=1)
def rewrites() -> dict[tuple[str, ...], str]:
    """Token sequences that stand for one token: the ways of writing a concept, and the
    multiword names of filter values ("new york" -> zzknewyork). A document gains the token
    beside its words; a query asks for the token. So no search ever needs word positions:
    an index of which documents hold which tokens is enough, on both databases."""
    table: dict[tuple[str, ...], str] = {}
    for concept, surfaces in CONCEPT_SURFACES.items():
        for surface in surfaces:
            key = _key(surface)
            if key != (concept,):
                table[key] = concept
    for surface, _ in _filter_surfaces():
        key = _key(surface)
        if len(key) > 1 and key not in table:
            table[key] = KEYWORD + "".join(key)
    # The multiword ways of writing an entry of the coder's vocabulary ("emergency room",
    # "health information management") are one token too, so the entry can list them.
    for group in SEARCH_EQUIVALENTS:
        for surface in group:
            key = _key(surface)
            if len(key) > 1 and key not in table:
                table[key] = KEYWORD + "".join(key)
    return table


_LONGEST_PHRASE = 4


def _rewritten(tokens: list[str]) -> list[str]:
    """Each longest sequence that stands for one token, replaced by it."""
    table = rewrites()
    result: list[str] = []
    i = 0
    while i < len(tokens):
        for n in range(min(_LONGEST_PHRASE, len(tokens) - i), 0, -1):
            key = tuple(tokens[i : i + n])
            if key in table:
                result.append(table[key])
                i += n
                break
        else:
            result.append(tokens[i])
            i += 1
    return result


@lru_cache(maxsize=1)
def _document_rewrites() -> list[tuple[str, str, str]]:
    """(first token, " the sequence ", its token), for finding them in a document."""
    return [(key[0], f" {' '.join(key)} ", token) for key, token in rewrites().items()]


def document_text(text: str) -> str:
    """A column of the index: the text's tokens in order, then the concepts, phrase tokens
    and code categories it implies."""
    tokens: list[str] = []
    extras: dict[str, None] = {}
    cache, chunk = _CHUNKS, _chunk
    for piece in _join_spaced_em(text or "").lower().split():
        found, parents = cache.get(piece) or chunk(piece)
        tokens += found
        if parents:
            extras.update(dict.fromkeys(parents))
    present = set(tokens)
    words = " ".join(tokens)
    padded = f" {words} "
    for first, sequence, token in _document_rewrites():
        if first in present and sequence in padded:
            extras[token] = None
    added = [token for token in extras if token not in present]
    return f"{words} {' '.join(added)}" if added else words


# -- queries ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One thing the user asked for: any one of its alternative tokens satisfies it."""

    alternatives: tuple[str, ...]
    # The token the user typed, when the term comes from the search box (its first
    # alternative); "" for a filter's term.
    word: str = ""

    @classmethod
    def of(cls, *alternatives: str, word: str = "") -> Term:
        return cls(tuple(dict.fromkeys(alternatives)), word)

    def with_alternatives(self, *more: str) -> Term:
        return Term(tuple(dict.fromkeys(self.alternatives + more)), self.word)


@lru_cache(maxsize=1)
def filter_words() -> dict[str, tuple[str, ...]]:
    """Query tokens that also name a filter value, with that value's tags."""
    words: dict[str, tuple[str, ...]] = {}
    for surface, tags in _filter_surfaces():
        (token,) = _rewritten(_key(surface))
        words[token] = tuple(dict.fromkeys(words.get(token, ()) + tags))
    return words


def _state_code(atom: Atom) -> str | None:
    code = atom.token.upper()
    if len(atom.token) != 2 or code not in US_STATES:
        return None
    if atom.upper:
        return None if code == "OR" else code
    return None if atom.token in AMBIGUOUS_STATE_CODES else code


def _single_token(surface: str) -> str:
    tokens = _rewritten(list(_key(surface)))
    if len(tokens) != 1:
        raise ValueError(f"{surface!r} is not one index token: {tokens}")
    return tokens[0]


@lru_cache(maxsize=1)
def equivalents() -> dict[str, tuple[str, ...]]:
    """Each token of vocabulary.SEARCH_EQUIVALENTS with the tokens of its groups."""
    table: dict[str, tuple[str, ...]] = {}
    for group in SEARCH_EQUIVALENTS:
        tokens = tuple(dict.fromkeys(_single_token(surface) for surface in group))
        for token in tokens:
            table[token] = tuple(dict.fromkeys(table.get(token, ()) + tokens))
    return table


_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=100_000)
def stem(token: str) -> str:
    """The Snowball (Porter 2) stem of a word token: cardiology and cardiologist meet on
    "cardiolog". Tokens that are not plain words (codes, concepts, tags) are their own."""
    if not token.isalpha() or token.startswith(RESERVED) or len(token) <= 3:
        return token
    return _STEMMER.stemWord(token)


def word_term(token: str) -> Term:
    """A word of the search box as a term: the word, its equivalents, and the tags of any
    filter value among them."""
    words = filter_words()
    alternatives = (token, *equivalents().get(token, ()))
    tags = [tag for alt in alternatives for tag in words.get(alt, ())]
    return Term.of(*alternatives, *tags, word=token)


# A hyphenated credential typed with a space in the search box ("cpc a", "ccs p") is that
# credential. Queries only: in a document, "CPC, a plus" is a CPC.
_SPACED_CREDENTIALS = {
    tuple(slug.split("-")): slug_token(slug) for slug in CREDENTIALS if "-" in slug
}


def _spaced_credentials(tokens: list[str]) -> list[str]:
    result: list[str] = []
    for token in tokens:
        joined = _SPACED_CREDENTIALS.get((result[-1], token)) if result else None
        if joined:
            result[-1] = joined
        else:
            result.append(token)
    return result


def query_terms(text: str) -> list[Term]:
    """The user's words as terms, all required. Never raises; empty when nothing is left."""
    found = atoms(text)
    capitals = {atom.token: atom.upper for atom in found}
    terms: list[Term] = []
    for token in _rewritten(_spaced_credentials([atom.token for atom in found])):
        state = _state_code(Atom(token, capitals.get(token, False)))
        if state:
            terms.append(Term.of(token, state_tag(state), remote_state_tag(state), word=token))
        elif token not in STOPWORDS:
            terms.append(word_term(token))

    unique = list(dict.fromkeys(terms))[:MAX_QUERY_TERMS]
    if any(arrangement_tag("remote") in term.alternatives for term in unique):
        # "remote texas": remote jobs one can do from Texas, including those open anywhere.
        unique = [
            term.with_alternatives(REMOTE_ANYWHERE_TAG)
            if any(alt.startswith("zzrem") for alt in term.alternatives)
            else term
            for term in unique
        ]
    return unique
