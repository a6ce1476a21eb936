"""Loading code data: ICD-10-CM from the simple-icd-10-cm package, CPT, HCPCS and
modifiers from CSV files (a licensed file, or the demo files under data/codes/).

Every import runs in one transaction: a file with a bad row names the row's line and
imports nothing. Imports are idempotent: codes are matched by (system, code) and updated
in place, so their pages and readers' view counts keep pointing at them.
"""

from __future__ import annotations

import csv
import importlib.metadata
import importlib.util
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from careercenter import codeformat
from careercenter.codeformat import canonical, compact
from careercenter.codes.words import words
from careercenter.extensions import db
from careercenter.models import (
    CodeImport,
    CodeKind,
    CodeRelation,
    CodeSystem,
    CodeWord,
    MedicalCode,
    RelationKind,
)
from careercenter.search.engine import CODES, index_changed

DEMO_DIR = Path(__file__).resolve().parent.parent.parent / "data" / "codes"
_BATCH = 5000


class CodeImportError(ValueError):
    """A data file is wrong; `problems` lists each bad line."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems[:20]))
        self.problems = problems


@dataclass
class ImportResult:
    system: CodeSystem
    inserted: int
    updated: int
    deleted: int
    seconds: float

    def __str__(self) -> str:
        return (
            f"{self.system.label}: {self.inserted} added, {self.updated} updated, "
            f"{self.deleted} removed in {self.seconds:.1f} s"
        )


def decode_text(data: bytes) -> str:
    """A CMS text file: UTF-8, else Windows text (as CMS files often are)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def demo_file(name: str) -> Path:
    """A demo data file: beside the repository in a checkout, inside the package in a wheel."""
    for folder in (DEMO_DIR, Path(__file__).resolve().parent.parent / "data" / "codes"):
        if (folder / name).exists():
            return folder / name
    raise FileNotFoundError(name)


# -- ICD-10-CM ------------------------------------------------------------------------------


def _icd_kind(cm, code: str) -> CodeKind:
    if cm.is_chapter(code):
        return CodeKind.CHAPTER
    if cm.is_category(code):  # before blocks: B10 is a block and its only category
        return CodeKind.CATEGORY
    if cm.is_block(code):
        return CodeKind.BLOCK
    return CodeKind.SUBCATEGORY


# The package's notes: lists of lines, and for these kinds one string of lines joined by
# "\n" (a list in the page's notes, not a string read one character at a time).
_NOTE_LISTS = {
    "includes": "get_includes",
    "inclusion_terms": "get_inclusion_term",
    "excludes1": "get_excludes1",
    "excludes2": "get_excludes2",
}
_NOTE_TEXTS = {
    "code_first": "get_code_first",
    "use_additional_code": "get_use_additional_code",
    "code_also": "get_code_also",
    "notes": "get_notes",
    "seventh_character_note": "get_seven_chr_note",
}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").split("\n") if line.strip()]


def _seventh_character(meaning: str) -> tuple[str, list[str]]:
    """A 7th character's meaning and its notes: the package appends each note to the
    meaning after a "/" (no meaning has one of its own)."""
    first, *notes = meaning.split("/")
    return first.strip(), [n.strip() for n in notes if n.strip()]


def icd10cm_notes(cm, code: str) -> dict:
    """The official notes of one entry, its own only (a page adds its ancestors'): each kind
    a list of sentences, and the 7th characters it defines as [{character, meaning, notes}]."""
    notes: dict = {}
    for key, getter in _NOTE_LISTS.items():
        if found := [n.strip() for n in getattr(cm, getter)(code) if n.strip()]:
            notes[key] = found
    for key, getter in _NOTE_TEXTS.items():
        if found := _lines(getattr(cm, getter)(code)):
            notes[key] = found
    table = []
    for char, text in cm.get_seven_chr_def(code).items():
        meaning, extra = _seventh_character(text)
        table.append({"character": char, "meaning": meaning, "notes": extra})
    if table:
        notes["seventh_characters"] = table
    return notes


def icd10cm_description(cm, code: str) -> str:
    """The official description. A code with a 7th character is its parent's description
    and the character's meaning, without the notes the package appends to that meaning
    ("...type I or II/<tab>initial encounter for open fracture NOS")."""
    if not cm.is_extended_subcategory(code):
        return cm.get_description(code)
    parent = cm.get_parent(code)
    meaning = cm.get_seven_chr_def(parent, search_in_ancestors=True)[code[-1]]
    return f"{cm.get_description(parent)}, {_seventh_character(meaning)[0]}"


def icd10cm_source() -> str:
    # Found without importing the package: importing it parses the whole code set (seconds),
    # and the seed asks this only to know whether the import is already done.
    spec = importlib.util.find_spec("simple_icd_10_cm")
    data_dir = Path(next(iter(spec.submodule_search_locations))) / "data"
    release = next((p.stem.replace("code-list-", "") for p in data_dir.glob("code-list-*.txt")), "")
    version = importlib.metadata.version("simple-icd-10-cm")
    return f"ICD-10-CM {release.replace('-', ' ')} (CDC), via simple-icd-10-cm {version}"


@dataclass(frozen=True)
class Release:
    """A code-set release and the days it applies to (either may be unknown)."""

    name: str | None = None
    effective_from: date | None = None
    effective_to: date | None = None


_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]  # fmt: skip


def icd10cm_release() -> Release:
    """The release the installed package carries: the fiscal year from its tabular file's
    <version> (FY2026 applies from 2025-10-01 to 2026-09-30), and a mid-year update from its
    file name ("icd10c-tabular-April-1-2026.xml": the April 1, 2026 update)."""
    import simple_icd_10_cm as cm

    data_dir = Path(cm.__file__).parent / "data"
    tabular = next(iter(sorted(data_dir.glob("icd10c-tabular-*.xml"))), None)
    if tabular is None:
        return Release()
    with tabular.open(encoding="utf-8") as handle:
        found = re.search(r"<version>\s*(\d{4})\s*</version>", handle.read(4096))
    if not found:
        return Release()
    year = int(found[1])
    name = f"FY{year}"
    update = re.fullmatch(r"icd10c-tabular-([A-Za-z]+)-(\d{1,2})-(\d{4})", tabular.stem)
    if update and update[1].capitalize() in _MONTHS and update[1].capitalize() != "October":
        name += f" (with the {update[1].capitalize()} {int(update[2])}, {update[3]} update)"
    return Release(name, date(year - 1, 10, 1), date(year, 9, 30))


def import_icd10cm(only_prefixes: Iterable[str] | None = None) -> ImportResult:
    """The whole ICD-10-CM (or, for tests, the codes under some prefixes and their
    ancestors) in one transaction."""
    import simple_icd_10_cm as cm

    started = time.perf_counter()
    source = icd10cm_source()
    all_codes = cm.get_all_codes(True)
    if only_prefixes:
        prefixes = tuple(compact(p) for p in only_prefixes)
        keep: set[str] = set()
        for code in all_codes:
            if compact(code).startswith(prefixes):
                keep.add(code)
                keep.update(cm.get_ancestors(code))
        all_codes = [c for c in all_codes if c in keep]

    # Parents from the children lists: get_parent() is ambiguous for the blocks that hold a
    # single category of the same name (B10, C7A...), which become one entry here.
    parent_of: dict[str, str] = {}
    for code in all_codes:
        for child in cm.get_children(code):
            if child != code:
                parent_of.setdefault(child, code)
    rows: dict[str, dict] = {}
    for position, code in enumerate(all_codes):
        notes = icd10cm_notes(cm, code)
        if code in rows:
            notes = notes or rows[code]["notes"]
            position = rows[code]["sort_key"]
        rows[code] = {
            "system": CodeSystem.ICD10CM,
            "code": code,
            "compact": compact(code),
            "kind": _icd_kind(cm, code),
            # A leaf is billable, three-character ones too (B20, Z66: a block of one
            # category, which the package names as the category).
            "billable": cm.is_leaf(code),
            "official_description": icd10cm_description(cm, code),
            "parent_code": parent_of.get(code),
            "notes": notes,
            "source": source,
            "sort_key": position,
        }
    result = _upsert(CodeSystem.ICD10CM, list(rows.values()), delete_missing=only_prefixes is None)
    _record_import(
        CodeSystem.ICD10CM,
        source,
        complete=only_prefixes is None,
        rows=len(rows),
        release=icd10cm_release(),
    )
    db.session.commit()
    _refresh_statistics()
    result.seconds = time.perf_counter() - started
    return result


# -- CSV files: CPT, HCPCS Level II, modifiers ----------------------------------------------

_CODE_CHECKS = {
    CodeSystem.CPT: lambda c: codeformat.code_system(c) == "cpt",
    CodeSystem.HCPCS: lambda c: codeformat.code_system(c) == "hcpcs",
    CodeSystem.MODIFIER: lambda c: len(c) == 2 and c.isalnum(),
}


def import_csv(
    system: CodeSystem,
    path: Path | str,
    *,
    complete: bool = False,
    source: str | None = None,
    release: Release | None = None,
) -> ImportResult:
    """Codes from a CSV file with the columns code, official_description,
    plain_description (either description may be empty, not both), of a release when the
    file is one (a licensed annual file: "2026", 2026-01-01 to 2026-12-31)."""
    started = time.perf_counter()
    path = Path(path)
    source = source or f"{path.name}"
    rows, problems, seen = [], [], set()
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = {"code", "official_description", "plain_description"} - set(
                reader.fieldnames or []
            )
            if missing:
                raise CodeImportError([f"line 1: missing column(s) {', '.join(sorted(missing))}"])
            for position, row in enumerate(reader):
                line = reader.line_num
                code = (row.get("code") or "").strip().upper()
                official = (row.get("official_description") or "").strip() or None
                plain = (row.get("plain_description") or "").strip() or None
                if not _CODE_CHECKS[system](code):
                    problems.append(
                        f"line {line}: {code or '(empty)'!r} is not a {system.label} code"
                    )
                    continue
                if code in seen:
                    problems.append(f"line {line}: {code} appears twice")
                    continue
                if not official and not plain:
                    problems.append(f"line {line}: {code} has no description")
                    continue
                if len(official or "") > 2000 or len(plain or "") > 4000:
                    problems.append(f"line {line}: {code} has a description that is too long")
                    continue
                seen.add(code)
                rows.append(
                    {
                        "system": system,
                        "code": code,
                        "compact": compact(code),
                        "kind": CodeKind.CODE,
                        "billable": system is not CodeSystem.MODIFIER,
                        "official_description": official,
                        "plain_description": plain,
                        "parent_code": None,
                        "notes": {},
                        "source": source,
                        "sort_key": position,
                    }
                )
    except UnicodeDecodeError as exc:
        raise CodeImportError([f"the file is not UTF-8 text ({exc.reason})"]) from exc
    except csv.Error as exc:
        raise CodeImportError([f"line {reader.line_num}: {exc}"]) from exc
    if problems:
        raise CodeImportError(problems)
    if not rows:
        raise CodeImportError(["the file has no codes"])
    # A file of summaries only (our modifiers.csv) leaves the official texts that another
    # file brought (the CMS HCPCS release) as they are, and the other way round.
    for key in ("official_description", "plain_description"):
        if all(row[key] is None for row in rows):
            for row in rows:
                del row[key]
    result = _upsert(system, rows, delete_missing=complete)
    _record_import(system, source, complete=complete, rows=len(rows), release=release)
    db.session.commit()
    _refresh_statistics()
    result.seconds = time.perf_counter() - started
    return result


def import_relations(path: Path | str) -> int:
    """Relations between codes: system, code, kind, related_system, related_code, note."""
    path = Path(path)
    problems, pairs = [], []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            line = reader.line_num
            try:
                system = CodeSystem(row["system"].strip())
                related_system = CodeSystem(row["related_system"].strip())
                kind = RelationKind(row["kind"].strip())
            except (KeyError, ValueError, AttributeError):
                problems.append(f"line {line}: unknown code system or relation kind")
                continue
            code = _find(system, row["code"])
            related = _find(related_system, row["related_code"])
            if code is None or related is None:
                problems.append(
                    f"line {line}: {row['code']} or {row['related_code']} is not loaded"
                )
                continue
            pairs.append((code, related, kind, (row.get("note") or "").strip() or None))
    if problems:
        db.session.rollback()
        raise CodeImportError(problems)
    for code, related, kind, note in pairs:
        exists = db.session.scalar(
            sa.select(CodeRelation.id).where(
                CodeRelation.code_id == code.id,
                CodeRelation.related_id == related.id,
                CodeRelation.kind == kind,
            )
        )
        if exists is None:
            db.session.add(CodeRelation(code=code, related=related, kind=kind, note=note))
    index_changed(CODES)
    db.session.commit()
    _refresh_statistics()
    return len(pairs)


DEMO_SOURCE = "CareerCenter demo file (summaries written by CareerCenter)"
DEMO_FILES = (
    (CodeSystem.CPT, "cpt_demo.csv"),
    (CodeSystem.HCPCS, "hcpcs_demo.csv"),
    (CodeSystem.MODIFIER, "modifiers.csv"),
)


# -- shared ---------------------------------------------------------------------------------


def _find(system: CodeSystem, code: str) -> MedicalCode | None:
    code = canonical(system, code or "")
    if code is None:
        return None
    return db.session.scalar(
        sa.select(MedicalCode).where(MedicalCode.system == system, MedicalCode.code == code)
    )


def _has_complete_import(system: CodeSystem, source: str) -> bool:
    return (
        db.session.scalar(
            sa.select(CodeImport.id).where(
                CodeImport.system == system, CodeImport.source == source, CodeImport.complete
            )
        )
        is not None
    )


def _refresh_statistics() -> None:
    """Let PostgreSQL's planner see the new rows now. Without statistics it guesses a few
    hundred words per prefix where there are thousands, and picks a plan that took code
    search from 60 ms to 40 s on the full ICD-10-CM (autovacuum, where it runs, would only
    analyze later, and some servers run without it)."""
    if db.session.get_bind().dialect.name == "postgresql":
        for table in ("medical_codes", "code_words", "code_relations"):
            db.session.execute(sa.text(f"ANALYZE {table}"))  # noqa: S608 (fixed names)
        db.session.commit()


def _record_import(
    system: CodeSystem, source: str, complete: bool, rows: int, release: Release | None = None
) -> None:
    release = release or Release()
    db.session.add(
        CodeImport(
            system=system,
            source=source,
            complete=complete,
            rows=rows,
            release=release.name,
            effective_from=release.effective_from,
            effective_to=release.effective_to,
        )
    )
    index_changed(CODES)  # remembered code pages and searches are not used again


def _upsert(system: CodeSystem, rows: list[dict], delete_missing: bool) -> ImportResult:
    table = MedicalCode.__table__
    existing = {
        code: code_id
        for code, code_id in db.session.execute(
            sa.select(MedicalCode.code, MedicalCode.id).where(MedicalCode.system == system)
        )
    }
    new_rows = [r for r in rows if r["code"] not in existing]
    changed_rows = [{**r, "_id": existing[r["code"]]} for r in rows if r["code"] in existing]
    for start in range(0, len(new_rows), _BATCH):
        db.session.execute(table.insert(), new_rows[start : start + _BATCH])
    if changed_rows:
        update = (
            table.update()
            .where(table.c.id == sa.bindparam("_id"))
            .values({k: sa.bindparam(k) for k in rows[0] if k not in ("system", "code")})
        )
        for start in range(0, len(changed_rows), _BATCH):
            db.session.execute(update, changed_rows[start : start + _BATCH])
    deleted = 0
    if delete_missing:
        gone = set(existing) - {r["code"] for r in rows}
        gone_list = list(gone)
        for start in range(0, len(gone_list), _BATCH):
            db.session.execute(
                table.delete().where(
                    table.c.system == system, table.c.code.in_(gone_list[start : start + _BATCH])
                )
            )
        deleted = len(gone)
    _rebuild_words(system, [r["code"] for r in rows])
    return ImportResult(system, len(new_rows), len(changed_rows), deleted, 0.0)


def _rebuild_words(system: CodeSystem, codes: list[str]) -> None:
    ids = dict(
        db.session.execute(
            sa.select(MedicalCode.code, MedicalCode.id).where(MedicalCode.system == system)
        ).all()
    )
    wanted = set(codes)
    id_list = [ids[c] for c in codes if c in ids]
    word_table = CodeWord.__table__
    for start in range(0, len(id_list), _BATCH):
        db.session.execute(
            word_table.delete().where(word_table.c.code_id.in_(id_list[start : start + _BATCH]))
        )
    descriptions = db.session.execute(
        sa.select(
            MedicalCode.id, MedicalCode.code, MedicalCode.official_description,
            MedicalCode.plain_description,
        ).where(MedicalCode.system == system)
    ).all()  # fmt: skip
    batch = []
    for code_id, code, official, plain in descriptions:
        if code not in wanted:
            continue
        batch.extend({"word": w, "code_id": code_id} for w in words(official, plain))
        if len(batch) >= _BATCH * 4:
            db.session.execute(word_table.insert(), batch)
            batch = []
    if batch:
        db.session.execute(word_table.insert(), batch)
