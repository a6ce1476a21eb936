"""Reading the code data: look-ups, neighbours, search, metering and job links."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType
from typing import NamedTuple

import sqlalchemy as sa
from flask import current_app, session
from markupsafe import Markup

from careercenter import codeformat, search
from careercenter.codeformat import canonical, compact, looks_like_code
from careercenter.codes import metering, pcs, pcs_words
from careercenter.codes.linkify import link_references
from careercenter.codes.lookup import find_codes, is_complete
from careercenter.codes.words import words
from careercenter.extensions import db
from careercenter.models import (
    CodeImport,
    CodeKind,
    CodeRelation,
    CodeSystem,
    CodeView,
    CodeWord,
    MedicalCode,
    Posting,
    RelationKind,
    utcnow,
)
from careercenter.models.code import CodeWording, ReleaseWording
from careercenter.pagination import PageNumbers

SEARCH_PER_PAGE = 25
MAX_QUERY_LENGTH = 100
_GUEST_VIEWS_KEY = "code_views"


# The statements of a code page, built once (building a statement costs more than running
# it): each request binds its own values.
_codes = MedicalCode.__table__
_related = _codes.alias("related")
_relations = CodeRelation.__table__
_RELATIONS = (
    sa.select(
        _relations.c.kind.label("relation_kind"), _relations.c.note.label("relation_note"), _related
    )
    .join(_related, _related.c.id == _relations.c.related_id)
    .where(_relations.c.code_id == sa.bindparam("code_id"))
    .order_by(_relations.c.id)
)


# What Code.of reads, the notes as JSON text (Code.notes decodes them if a page reads them).
_PAGE_COLUMNS = [
    *(c for c in _codes.c if c.name not in ("notes", "updated_at")),
    sa.cast(_codes.c.notes, sa.Text).label("notes"),
]


@functools.cache
def _page_statement(dialect_name: str, with_jobs: bool) -> sa.Select:
    """A code page's entries in one query: the code (depth 0) and its parent, grandparent
    ... up to the chapter (depth 1, 2 ... 8 at most: a recursive query), then its children
    (depth -1, in their order), with the generations of the code data and of the job index
    (search.GENERATION_COLUMNS: the page's remembered parts need no query of their own) and,
    `with_jobs`, whether open jobs name the code (search.words_found_column). Built once per
    database (building a statement costs more than running it)."""
    start = (
        sa.select(_codes.c.id, _codes.c.parent_code, sa.literal(0).label("depth"))
        .where(_codes.c.system == sa.bindparam("system"), _codes.c.code == sa.bindparam("code"))
        .cte("chain", recursive=True)
    )
    parent = _codes.alias("parent")
    chain = start.union_all(
        sa.select(parent.c.id, parent.c.parent_code, (start.c.depth + 1).label("depth")).where(
            parent.c.system == sa.bindparam("system"),
            parent.c.code == start.c.parent_code,
            start.c.depth < 8,
        )
    )
    has_relations = sa.exists().where(_relations.c.code_id == _codes.c.id)
    lineage = sa.select(*_PAGE_COLUMNS, has_relations.label("has_relations"), chain.c.depth).join(
        chain, _codes.c.id == chain.c.id
    )
    kids = sa.select(
        *_PAGE_COLUMNS, sa.false().label("has_relations"), sa.literal(-1).label("depth")
    ).where(_codes.c.system == sa.bindparam("system"), _codes.c.parent_code == sa.bindparam("code"))
    entries = sa.union_all(lineage, kids).subquery("entries")
    jobs = [search.words_found_column(dialect_name)] if with_jobs else []
    return sa.select(entries, *search.GENERATION_COLUMNS, *jobs).order_by(
        entries.c.depth.desc(), entries.c.sort_key
    )


# The kinds of official notes, in the order of the page, with their labels.
NOTE_KINDS = [
    ("includes", "Includes"),
    ("inclusion_terms", "Inclusion terms"),
    ("excludes1", "Excludes1 (never code together)"),
    ("excludes2", "Excludes2 (not included here; may be coded together)"),
    ("code_first", "Code first"),
    ("use_additional_code", "Use additional code"),
    ("code_also", "Code also"),
    ("notes", "Notes"),
]
# Inclusion terms name the entry they are listed under; every other note of a chapter,
# block, category or subcategory applies to all the codes in it.
_INHERITED_KINDS = {key for key, _ in NOTE_KINDS} - {"inclusion_terms"}


def _frozen(value):
    """JSON data (a code's notes) made read-only: mappings and tuples all the way down."""
    if isinstance(value, dict):
        return MappingProxyType({key: _frozen(item) for key, item in value.items()})
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    return value


@dataclass(frozen=True)
class Relation:
    kind: RelationKind
    note: str | None
    related: Code


@dataclass(frozen=True)
class Code(CodeWording):
    """A code as pages and the API read it: a copy of its row that cannot change, so that
    it can be remembered for every reader at once (search.remembered, CODES). A detached
    MedicalCode could be changed by one request under another's feet, and would try to load
    what it lacks in whichever request read it."""

    id: int
    system: CodeSystem
    code: str
    compact: str
    kind: CodeKind
    billable: bool
    official_description: str | None
    plain_description: str | None
    parent_code: str | None
    source: str
    sort_key: int
    relations: tuple[Relation, ...] = ()  # copied only for the code a page is about
    # The official notes as stored: JSON text (read so by a code page's statement: most
    # pages show no notes, and a page reads those of every ancestor) or a read-only mapping.
    stored_notes: str | Mapping | None = field(default=None, repr=False)

    @functools.cached_property
    def notes(self) -> Mapping:
        """The official notes (includes, excludes1...), read-only, decoded when first read."""
        stored = self.stored_notes
        if isinstance(stored, str):
            stored = _frozen(json.loads(stored))
        return stored or MappingProxyType({})

    @classmethod
    def of(cls, row, *, relations: tuple[Relation, ...] = ()) -> Code:
        """The copy of a row (a MedicalCode, or a plain row of its columns, whose notes may
        be JSON text), with the relations given (see lineage)."""
        notes = row.notes
        return cls(
            id=row.id,
            system=row.system,
            code=row.code,
            compact=row.compact,
            kind=row.kind,
            billable=row.billable,
            official_description=row.official_description,
            plain_description=row.plain_description,
            parent_code=row.parent_code,
            source=row.source,
            sort_key=row.sort_key,
            relations=relations,
            stored_notes=notes if notes is None or isinstance(notes, str) else _frozen(notes),
        )


@dataclass(frozen=True)
class NoteGroup:
    """The notes of one entry as a page shows them: `source` is None for the code's own,
    else the ancestor they come from; `notes` are (label, sentences with code links)."""

    source: Code | None
    notes: tuple[tuple[str, tuple[Markup, ...]], ...]


@dataclass(frozen=True)
class SeventhCharacters:
    """The 7th-character table that applies to a code: its own or its nearest ancestor's."""

    source: Code
    note: tuple[str, ...]
    characters: tuple[Mapping, ...]  # {character, meaning, notes}


@dataclass(frozen=True)
class CodePage:
    """A code with what its page shows around it, immutable (codes and Markup), so that it
    can be remembered between requests (search.remembered, CODES). Its notes are apart
    (code_notes): only readers with an account see them."""

    code: Code
    ancestors: tuple[Code, ...]
    children: tuple[Code, ...]
    # Whether open jobs name the code (search.words_found_column: 0 when none does), read
    # with the rest; None when it was not (a code with no word to look for).
    jobs_found: int | None = None


@dataclass(frozen=True)
class CodeNotes:
    """The official notes a code page shows: its own and those it inherits, and the
    7th-character table that applies to it."""

    notes: tuple[NoteGroup, ...] = ()
    seventh: SeventhCharacters | None = None


def code_page(system: CodeSystem, code: str) -> CodePage | None:
    """The code, its ancestors and its children, from one query (two for a code with
    relations) that also reads the generations the page's remembered parts are keyed by."""
    jobs = search.words_found_values(code)
    statement = _page_statement(db.session.get_bind().dialect.name, jobs is not None)
    rows = db.session.execute(statement, {"system": system, "code": code, **(jobs or {})}).all()
    if rows:
        search.generations_read(rows[0])
    row = next((row for row in rows if row.depth == 0), None)
    if row is None:
        return None
    found = db.session.execute(_RELATIONS, {"code_id": row.id}) if row.has_relations else ()
    relations = tuple(
        Relation(item.relation_kind, item.relation_note, Code.of(item)) for item in found
    )
    this = Code.of(row, relations=relations)
    return CodePage(
        code=this,
        ancestors=tuple(Code.of(item) for item in rows if item.depth > 0),
        # A billable ICD-10-CM code is a leaf (and a CPT, HCPCS or modifier code has none).
        children=tuple(Code.of(item) for item in rows if item.depth < 0)
        if _may_have_children(this)
        else (),
        jobs_found=row.jobs_found if jobs is not None else None,
    )


def code_notes(page: CodePage) -> CodeNotes:
    chain = list(page.ancestors)
    return CodeNotes(coding_notes(page.code, chain), seventh_characters(page.code, chain))


def _may_have_children(code: Code) -> bool:
    if code.kind is CodeKind.CODE:
        return False
    return not (code.billable and code.system is CodeSystem.ICD10CM)


def coding_notes(code: Code, chain: list[Code]) -> tuple[NoteGroup, ...]:
    """The code's own notes, then those it inherits from its parent up to its chapter,
    with the codes they name linked to their pages (one query for all of them)."""
    wanted: list[tuple[Code | None, list[tuple[str, tuple[str, ...]]]]] = []
    for source in [None, *reversed(chain)]:
        notes = (code if source is None else source).notes or {}
        kinds = [
            (label, notes[key])
            for key, label in NOTE_KINDS
            if notes.get(key) and (source is None or key in _INHERITED_KINDS)
        ]
        if kinds:
            wanted.append((source, kinds))
    texts = [text for _, kinds in wanted for _, items in kinds for text in items]
    linked = dict(zip(texts, link_references(code.system, texts), strict=True))
    return tuple(
        NoteGroup(source, tuple((label, tuple(linked[t] for t in items)) for label, items in kinds))
        for source, kinds in wanted
    )


def seventh_characters(code: Code, chain: list[Code]) -> SeventhCharacters | None:
    """The 7th characters of the nearest entry that defines them (S72 for S72.001A), with
    the nearest note about them."""
    nearest = [code, *reversed(chain)]
    source = next((c for c in nearest if (c.notes or {}).get("seventh_characters")), None)
    if source is None:
        return None
    note = next(
        (
            c.notes["seventh_character_note"]
            for c in nearest
            if (c.notes or {}).get("seventh_character_note")
        ),
        (),
    )
    return SeventhCharacters(source, note, source.notes["seventh_characters"])


def chapters() -> list[MedicalCode]:
    return db.session.scalars(
        sa.select(MedicalCode)
        .where(MedicalCode.system == CodeSystem.ICD10CM, MedicalCode.kind == CodeKind.CHAPTER)
        .order_by(MedicalCode.sort_key)
    ).all()


def system_counts() -> dict[CodeSystem, int]:
    rows = db.session.execute(
        sa.select(MedicalCode.system, sa.func.count()).group_by(MedicalCode.system)
    ).all()
    return dict(rows)


# -- releases and what a missing code means ---------------------------------------------------


def today() -> date:
    """The day release dates are compared with: CODES_TODAY when set (tests, a preview of
    a date), else today in UTC."""
    return current_app.config.get("CODES_TODAY") or utcnow().date()


@dataclass(frozen=True)
class Release(ReleaseWording):
    """An import of a code system as pages show it: a copy of its row that cannot change,
    remembered between requests like a Code."""

    id: int
    system: CodeSystem
    source: str
    complete: bool
    rows: int
    imported_at: datetime
    release: str | None
    effective_from: date | None
    effective_to: date | None

    @classmethod
    def of(cls, row: CodeImport) -> Release:
        return cls(**{name: getattr(row, name) for name in cls.__dataclass_fields__})


def releases() -> Mapping[CodeSystem, Release]:
    """The latest import of each code system: what its pages show (a few rows per system)."""
    latest = {
        item.system: Release.of(item)
        for item in db.session.scalars(sa.select(CodeImport).order_by(CodeImport.id)).all()
    }
    return MappingProxyType(latest)


@dataclass(frozen=True)
class Absence:
    """What to say about a code we do not have. `known` is True when we can say it does not
    exist (malformed, or its code set is loaded in full); else it is only not in our data."""

    system: CodeSystem
    code: str
    known: bool
    headline: str
    detail: str

    def as_json(self) -> dict:
        return {
            "system": self.system.value,
            "code": self.code,
            "exists": False if self.known else None,
            "message": f"{self.headline}. {self.detail}".strip(),
        }


def absence(system: CodeSystem, typed: str) -> Absence:
    label = system.label
    code = canonical(system, typed)
    if code is None:
        return Absence(system, typed, True, f"“{typed}” is not a {label} code", "")
    if system is CodeSystem.ICD10PCS and not pcs.absence_known(code):
        held = (
            _sections_text(label, pcs.sections_held())
            if is_complete(system)
            else f"a sample of {label} tables, not the full list"
        )
        return Absence(
            system, code, False, f"{code} is not in our {label} data",
            f"We hold {held}, so {code} may still be a valid {label} code: check it "
            f"in your {label} code book.",
        )  # fmt: skip
    if is_complete(system):
        release = releases().get(system)
        named = f" in {release.release}" if release and release.release else ""
        return Absence(
            system, code, True, f"There is no {label} code {code}{named}", "Check the code."
        )
    return Absence(
        system,
        code,
        False,
        f"{code} is not in our {label} data",
        f"We hold a sample of {label} codes, not the full list, so {code} may still be a "
        f"valid {label} code: check it in your {label} code book.",
    )


def _sections_text(label: str, held: Mapping[str, str]) -> str:
    """The ICD-10-PCS sections we hold, for a code of another one."""
    if len(held) == 1:
        ((char, name),) = held.items()
        return f"the {label} {name} section (codes beginning {char}), not the other sections"
    named = ", ".join(f"{name} ({char})" for char, name in held.items())
    return f"the {label} sections {named}, not the other sections"


def nearest(system: CodeSystem, typed: str, limit: int = 8) -> list[MedicalCode]:
    """Existing codes that share the longest beginning with what was typed."""
    key = compact(typed)[:12]
    while key:
        found = db.session.scalars(
            sa.select(MedicalCode)
            .where(
                MedicalCode.system == system,
                MedicalCode.compact >= key,
                MedicalCode.compact < key + "\x7f",
            )
            .order_by(MedicalCode.sort_key)
            .limit(limit)
        ).all()
        if found:
            return found
        key = key[:-1]
    return []


# -- search ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeSearchPage(PageNumbers):
    """A page of code search results, immutable (remembered: remembered_search)."""

    query: str
    items: tuple[Code, ...]
    total: int
    page: int
    per_page: int
    exact: Code | None = None
    absent: Absence | None = None  # a whole code typed that we do not have

    def grouped(self) -> list[tuple[CodeSystem, list[Code]]]:
        """The page's results by code system, each system where its best result ranks."""
        groups: dict[CodeSystem, list[Code]] = {}
        for item in self.items:
            groups.setdefault(item.system, []).append(item)
        return list(groups.items())


def _code_token(token: str) -> bool:
    """Whether a token among words is a code: a whole code's shape ("E11.9", "e119",
    "99213", "J1100"), not a number such as the 2 of "type 2" or the 19 of "covid 19"."""
    upper = token.upper()
    if codeformat.code_system(upper) is not None:
        return True
    bare = compact(upper)
    return any(ch.isalpha() for ch in bare) and canonical(CodeSystem.ICD10CM, bare) is not None


def _typed_system(token: str, system: CodeSystem | None) -> CodeSystem | None:
    """The code system a whole code typed alone belongs to, if it has that shape."""
    if system is not None:
        return system if canonical(system, token) else None
    shape = codeformat.code_system(token.upper())
    if shape is not None:
        return CodeSystem(shape)
    return CodeSystem.ICD10CM if _code_token(token) else None


def _word_condition(word: str):
    """Codes with this word: a number exactly ("2" is not "21"), a word also as the
    beginning of a longer one ("diab" finds "diabetes")."""
    if word.isdigit():
        matches = CodeWord.word == word
    else:
        matches = sa.and_(CodeWord.word >= word, CodeWord.word < word + "\x7f")
    return MedicalCode.id.in_(sa.select(CodeWord.code_id).where(matches))


def search_codes(
    query: str, page: int = 1, per_page: int = SEARCH_PER_PAGE, system: CodeSystem | None = None
) -> CodeSearchPage:
    """Codes by code and by the words of their descriptions.

    A query of codes alone ("E11.9", "e119", "2882") goes by code: the exact code first,
    then the codes that begin with it in list order. Any other query goes by words, numbers
    included ("type 2 diabetes", "covid 19"), with whole codes among them as code filters;
    a word that is itself a code ("RT", "XS") also finds that code. Word results are ranked
    by relevance: the exact code, then billable codes before headings, then the shortest
    (most general) descriptions."""
    query = " ".join((query or "").split())[:MAX_QUERY_LENGTH]
    page = max(1, min(page, 10_000))
    tokens = query.split()
    by_code = bool(tokens) and all(looks_like_code(t) for t in tokens)
    code_tokens = [compact(t).lstrip("-") for t in tokens if by_code or _code_token(t)]
    word_tokens = [w for t in tokens if not (by_code or _code_token(t)) for w in sorted(words(t))]
    if not code_tokens and not word_tokens:
        return CodeSearchPage(query, (), 0, page, per_page)

    conditions = []
    if system is not None:
        conditions.append(MedicalCode.system == system)
    if code_tokens:
        conditions.append(
            sa.or_(
                *(
                    sa.and_(MedicalCode.compact >= t, MedicalCode.compact < t + "\x7f")
                    for t in code_tokens
                )
            )
        )
    named = compact(tokens[0]).lstrip("-") if len(tokens) == 1 else None
    if word_tokens:
        matches_words = sa.and_(*(_word_condition(w) for w in word_tokens[:6]))
        # ICD-10-PCS: coders' words ("laparoscopic cholecystectomy") also as the tables'.
        if synonyms := pcs_words.groups(word_tokens[:6]):
            matches_words = sa.and_(
                *(
                    sa.or_(*(sa.and_(*(_word_condition(w) for w in alt)) for alt in group))
                    for group in synonyms
                )
            )
        if named and named.isalnum():
            # "RT", "XS", "25": a modifier's code is not a word of its description.
            matches_words = sa.or_(MedicalCode.compact == named, matches_words)
        conditions.append(matches_words)
    exact_code = named or None
    order = [sa.case((MedicalCode.compact == exact_code, 0), else_=1)] if exact_code else []
    if by_code:
        order += [MedicalCode.system, MedicalCode.sort_key]
    else:
        title = sa.func.coalesce(
            MedicalCode.official_description, MedicalCode.plain_description, ""
        )
        order += [
            MedicalCode.billable.desc(),
            sa.func.length(title),
            MedicalCode.system,
            MedicalCode.sort_key,
        ]
    total = db.session.scalar(sa.select(sa.func.count()).where(*conditions))
    items = tuple(
        Code.of(row)
        for row in db.session.scalars(
            sa.select(MedicalCode)
            .where(*conditions)
            .order_by(*order)
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    exact = items[0] if exact_code and items and items[0].compact == exact_code else None
    absent = None
    if by_code and len(tokens) == 1 and exact is None and page == 1:
        typed_system = _typed_system(tokens[0], system)
        if typed_system is not None and (exact_code or "").isalnum():
            absent = absence(typed_system, tokens[0])
    return CodeSearchPage(query, items, total, page, per_page, exact, absent)


# -- metering --------------------------------------------------------------------------------


@dataclass
class Meter:
    allowed: bool
    remaining: int
    limit: int
    unlimited: bool = False
    renews_on: date | None = None  # when free views renew (None: never)
    from_job: object | None = None  # the open job whose page linked here (not metered)


_GUEST_PERIOD_KEY = "code_views_period"


def job_granting(system: CodeSystem, code: str, token: str | None):
    """The open job whose page linked to this code with a token made for it, or None."""
    posting_id = metering.token_posting_id(token or "", system.value, code) if token else None
    if posting_id is None:
        return None
    posting = db.session.get(Posting, posting_id)
    return posting if posting is not None and posting.is_open() else None


def counts_outside_database(user) -> bool:
    """Whether meter_view writes nothing to the database for this reader: a guest, counted
    in Redis (REDIS_URL); account holders' views are rows."""
    return not user.is_authenticated and bool(current_app.config.get("REDIS_URL"))


def meter_view(user, code: Code, job_token: str | None = None) -> Meter:
    """Count this reader's opening of a code page, once per code in each period of
    CODE_VIEWS_PERIOD, and say whether the full page may be shown. Accounts are counted in
    the database, guests on the server by a hash of address and user agent (codes.metering),
    with the signed session cookie as a hint; all of it survives a restart and is shared by
    every worker. A code opened from an open job's page that lists it (job_token) is shown
    without counting."""
    cfg = current_app.config
    if user.is_authenticated and user.is_staff:
        return Meter(True, 0, 0, unlimited=True)
    if not user.is_authenticated and metering.is_allowed_crawler():
        return Meter(True, 0, 0, unlimited=True)
    current = metering.period()
    if job_token and (posting := job_granting(code.system, code.code, job_token)):
        return Meter(True, 0, 0, renews_on=current.renews_on, from_job=posting)
    if user.is_authenticated:
        limit = cfg["CODE_VIEWS_GUEST"] + cfg["CODE_VIEWS_REGISTERED"]
        since = current.starts_at
        seen = db.session.scalar(
            sa.select(sa.func.count()).where(
                CodeView.user_id == user.id, CodeView.viewed_at >= since
            )
        )
        row = db.session.get(CodeView, (user.id, code.id))
        already = row is not None and row.viewed_at >= since
        if not already and seen < limit:
            now = metering.utcnow()  # the metering clock (periods are read from it)
            if row is None:
                db.session.add(CodeView(user_id=user.id, code_id=code.id, viewed_at=now))
            else:  # opened in an earlier period: counted again in this one
                row.viewed_at = now
            db.session.commit()
            seen += 1
            already = True
        return Meter(already, max(0, limit - seen), limit, renews_on=current.renews_on)
    limit = cfg["CODE_VIEWS_GUEST"]
    hinted = []
    if session.get(_GUEST_PERIOD_KEY) == current.start.isoformat():
        hinted = [v for v in session.get(_GUEST_VIEWS_KEY, []) if isinstance(v, int)]
    allowed, seen = metering.record_guest_view(code.id, limit, set(hinted))
    if allowed and code.id not in hinted:
        session[_GUEST_VIEWS_KEY] = [*hinted, code.id][-limit:]
        session[_GUEST_PERIOD_KEY] = current.start.isoformat()
        session.permanent = True
    return Meter(allowed, max(0, limit - seen), limit, renews_on=current.renews_on)


def remembered_search(query: str, **options) -> CodeSearchPage:
    """search_codes, remembered until the code data changes (the code pages and the API)."""
    key = ("code search", query, tuple(sorted(options.items(), key=lambda kv: kv[0])))
    return search.remembered(key, lambda: search_codes(query, **options), generation=search.CODES)


class KeyCodeCheck(NamedTuple):
    unknown: list[Absence]  # codes of a set loaded in full that are not in it
    headings: list[str]  # ICD-10-CM headings that are not billable
    not_in_data: list[Absence]  # codes of a sample set that we lack: unchecked


def check_key_codes(codes: list[str]) -> KeyCodeCheck:
    """What is known of a posting's key codes (modifiers written "-25").

    A code set whose full list is not loaded cannot prove a code unknown, so its codes
    we lack are only reported as not in our data."""
    check = KeyCodeCheck([], [], [])
    typed = []
    for code in codes:
        system = CodeSystem(codeformat.code_system(code))
        typed.append((system, code, canonical(system, code)))
    # One query for all of them (a posting lists up to MAX_KEY_CODES).
    billable = find_codes([(system, found) for system, _, found in typed if found])
    for system, code, canonical_code in typed:
        if (system, canonical_code) not in billable:
            missing = absence(system, code)
            (check.unknown if missing.known else check.not_in_data).append(missing)
        elif not billable[system, canonical_code] and system is CodeSystem.ICD10CM:
            check.headings.append(canonical_code)
    return check


def jobs_for_code(code: Code, limit: int = 10, found: int | None = None) -> list:
    """Open postings that list this code among their key codes or mention it, newest
    first: the code as written (no typo correction: a code nobody mentions is not a
    misspelt word). `found`: CodePage.jobs_found, when the page read it (0: none)."""
    return search.newest_with_words(code.code, limit, found)
