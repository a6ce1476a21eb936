"""The HCPCS Level II release file as CMS publishes it (the "Alpha-Numeric HCPCS File" of
each yearly and quarterly update, cms.gov > HCPCS > Quarterly update):

- HCPC<year>_<MON>_ANWEB....txt: fixed-width records of 320 characters, laid out as in the
  release's HCPC<year>_recordlayout.txt (CMS RIF report "HCPCS Contractor Record"):

      1-5     HCPCS code (a modifier is right-aligned: "   RT")
      6-10    description sequence number (00100, 00200 ...)
      11      record identification code: 3 first line of a procedure code,
              4 its continuation lines, 7 first line of a modifier, 8 its continuation
      12-91   long description (80 characters a line; continuation lines go on with it)
      92-119  short description (first lines only)
      269-276 code added date, 277-284 action effective date,
      285-292 termination date (YYYYMMDD, the last day it may be used), 293 action code

- HCPC<year>_<MON>_ANWEB....xlsx, or that sheet saved as CSV: one row per record with the
  headers HCPC, SEQNUM, RECID, LONG DESCRIPTION, SHORT DESCRIPTION ... ADD DT, ACT EFF DT,
  TERM DT, ACTION CD.

Procedure codes go to HCPCS Level II, modifiers to the modifier set (where our own plain
summaries, data/codes/modifiers.csv, stay as they are). Codes that a later file leaves out
keep their pages (their last release said when they were terminated).
"""

from __future__ import annotations

import csv
import io
import re
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from careercenter import codeformat
from careercenter.codeformat import compact
from careercenter.codes.importers import (
    CodeImportError,
    ImportResult,
    Release,
    _record_import,
    _refresh_statistics,
    _upsert,
    decode_text,
)
from careercenter.extensions import db
from careercenter.models import CodeKind, CodeSystem

# Fixed-width columns, 1-based inclusive as in the record layout.
_COLUMNS = {
    "code": (1, 5),
    "sequence": (6, 10),
    "record": (11, 11),
    "long": (12, 91),
    "short": (92, 119),
    "added": (269, 276),
    "effective": (277, 284),
    "terminated": (285, 292),
    "action": (293, 293),
}
# Spreadsheet headers (upper case, runs of spaces and underscores as one space).
_HEADERS = {
    "code": ("HCPC", "HCPCS", "HCPCS CODE", "HCPC CODE"),
    "sequence": ("SEQNUM", "SEQ NUM", "SEQUENCE NUMBER"),
    "record": ("RECID", "REC ID", "RECORD ID"),
    "long": ("LONG DESCRIPTION", "LONG DESC"),
    "short": ("SHORT DESCRIPTION", "SHORT DESC"),
    "added": ("ADD DT", "ADD DATE"),
    "effective": ("ACT EFF DT", "ACTION EFFECTIVE DATE"),
    "terminated": ("TERM DT", "TERMINATION DATE"),
    "action": ("ACTION CD", "ACTION CODE"),
}
_REQUIRED = ("code", "record", "long")
FIRST_PROCEDURE, MORE_PROCEDURE, FIRST_MODIFIER, MORE_MODIFIER = "3", "4", "7", "8"
_MONTHS = {m: i for i, m in enumerate(
    ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], 1)}  # fmt: skip
# CDT (the D codes) is the American Dental Association's: its descriptors are not shown.
CDT_NOTE = (
    "A dental procedure code (CDT). Its descriptor is copyright of the American Dental "
    "Association and is not shown here: see the CDT code book."
)


@dataclass
class HcpcsEntry:
    """One procedure code or modifier of the file, its description lines joined."""

    code: str
    modifier: bool
    line: int
    long_parts: list[str] = field(default_factory=list)
    short: str = ""
    added: date | None = None
    effective: date | None = None
    terminated: date | None = None
    action: str = ""

    @property
    def description(self) -> str:
        return " ".join(" ".join(p.split()) for p in self.long_parts if p.strip())


def _date(raw, line: int, what: str, problems: list[str]) -> date | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = str(raw).strip()
    if isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))
    if not text:
        return None
    for pattern in ("%Y%m%d", "%Y-%m-%d", "%m/%d/%Y"):
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 (a day)
        except ValueError:
            continue
    problems.append(f"line {line}: {what} {text!r} is not a date (YYYYMMDD)")
    return None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _fixed_width_records(text: str):
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        line = line.ljust(320)
        yield number, {key: line[start - 1 : end] for key, (start, end) in _COLUMNS.items()}


def _header_key(name) -> str:
    return re.sub(r"[\s_]+", " ", _text(name)).strip().upper()


def _table_records(rows):
    """Rows of a sheet: the header row (within the first ten) names the columns."""
    rows = iter(rows)
    columns: dict[str, int] | None = None
    for number, row in enumerate(rows, 1):
        names = [_header_key(cell) for cell in row]
        if columns is None:
            found = {
                key: names.index(alias)
                for key, aliases in _HEADERS.items()
                for alias in aliases
                if alias in names
            }
            if all(key in found for key in _REQUIRED):
                columns = found
            elif number >= 10:
                break
            continue
        if not any(_text(cell).strip() for cell in row):
            continue
        yield (
            number,
            {key: (row[index] if index < len(row) else None) for key, index in columns.items()},
        )
    if columns is None:
        wanted = ", ".join(_HEADERS[key][0] for key in _REQUIRED)
        raise CodeImportError([f"missing column(s): no header row with {wanted}"])


def read_release(path: Path | str) -> list[HcpcsEntry]:
    """The codes and modifiers of a release file (.txt fixed width, .xlsx, .csv), or
    CodeImportError naming each bad line."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from zipfile import BadZipFile

        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError) as exc:
            raise CodeImportError([f"the file is not an Excel workbook ({exc})"]) from exc
        records = list(_table_records(book.worksheets[0].iter_rows(values_only=True)))
        book.close()
    elif suffix == ".csv":
        text = decode_text(path.read_bytes())
        records = list(_table_records(csv.reader(io.StringIO(text))))
    else:
        records = list(_fixed_width_records(decode_text(path.read_bytes())))
    return _entries(records)


def _entries(records) -> list[HcpcsEntry]:
    problems: list[str] = []
    entries: dict[tuple[bool, str], HcpcsEntry] = {}
    current: HcpcsEntry | None = None
    for line, record in records:
        code = _text(record.get("code")).strip().upper()
        kind = _text(record.get("record")).strip()
        long = _text(record.get("long")).rstrip()
        if kind in (FIRST_PROCEDURE, FIRST_MODIFIER):
            modifier = kind == FIRST_MODIFIER
            if modifier and not re.fullmatch(r"[0-9A-Z]{2}", code):
                problems.append(f"line {line}: {code or '(empty)'!r} is not a modifier")
                current = None
                continue
            if not modifier and codeformat.code_system(code) != "hcpcs":
                problems.append(f"line {line}: {code or '(empty)'!r} is not a HCPCS Level II code")
                current = None
                continue
            if (modifier, code) in entries:
                problems.append(f"line {line}: {code} appears twice")
                current = None
                continue
            current = HcpcsEntry(
                code=code,
                modifier=modifier,
                line=line,
                long_parts=[long],
                short=" ".join(_text(record.get("short")).split()),
                added=_date(record.get("added"), line, "added date", problems),
                effective=_date(record.get("effective"), line, "effective date", problems),
                terminated=_date(record.get("terminated"), line, "termination date", problems),
                action=_text(record.get("action")).strip().upper()[:1],
            )
            entries[(modifier, code)] = current
        elif kind in (MORE_PROCEDURE, MORE_MODIFIER):
            modifier = kind == MORE_MODIFIER
            if current is None or current.code != code or current.modifier != modifier:
                problems.append(
                    f"line {line}: continuation of {code or '(empty)'} without its first line"
                )
                continue
            current.long_parts.append(long)
        else:
            problems.append(
                f"line {line}: record identification code {kind or '(empty)'!r} is not "
                "3, 4, 7 or 8 (is this the ANWEB release file?)"
            )
    for entry in entries.values():
        if not entry.description and not entry.short:
            problems.append(f"line {entry.line}: {entry.code} has no description")
        elif len(entry.description) > 2000:
            problems.append(f"line {entry.line}: {entry.code} has a description that is too long")
    if problems:
        raise CodeImportError(problems)
    if not entries:
        raise CodeImportError(["the file has no codes"])
    return list(entries.values())


def release_from_name(path: Path | str) -> Release:
    """The release a CMS file name says ("HCPC2026_JAN_ANWEB_v2.txt": the January 2026
    quarterly file, which applies until the April file, 2026-01-01 to 2026-03-31; a name
    with the year only: that year)."""
    name = Path(path).name.upper()
    found = re.search(r"HCPC(?:S)?(20\d\d)(?:[_ -]?([A-Z]{3}))?", name)
    if not found:
        return Release()
    year = int(found[1])
    month = _MONTHS.get(found[2] or "")
    if month is None:
        return Release(f"HCPCS {year}", date(year, 1, 1), date(year, 12, 31))
    start = date(year, month, 1)
    quarter_end_month = ((month - 1) // 3 + 1) * 3
    end = (
        date(year, 12, 31)
        if quarter_end_month == 12
        else date(year, quarter_end_month + 1, 1) - timedelta(days=1)
    )
    return Release(f"HCPCS {year} ({start:%B} update)", start, end)


def _notes(entry: HcpcsEntry) -> dict:
    dates = {
        key: value.isoformat()
        for key, value in (
            ("added", entry.added),
            ("effective", entry.effective),
            ("terminated", entry.terminated),
        )
        if value
    }
    return {"hcpcs_release": {**dates, "action": entry.action}} if dates or entry.action else {}


def import_release(
    path: Path | str, *, release: Release | None = None, source: str | None = None
) -> list[ImportResult]:
    """A whole HCPCS Level II release in one transaction: its procedure codes (the full set:
    a code not in it is not a HCPCS code of this release) and its modifiers (Level II only:
    the CPT modifiers come from our own file, so the set stays incomplete)."""
    started = time.perf_counter()
    path = Path(path)
    release = release or release_from_name(path)
    source = source or f"CMS HCPCS release file {path.name}"
    entries = read_release(path)
    today = datetime.now().date()  # noqa: DTZ005 (a day is enough)
    results = []
    for system, modifier in ((CodeSystem.HCPCS, False), (CodeSystem.MODIFIER, True)):
        rows = []
        for position, entry in enumerate(e for e in entries if e.modifier is modifier):
            dental = not modifier and entry.code.startswith("D")
            row = {
                "system": system,
                "code": entry.code,
                "compact": compact(entry.code),
                "kind": CodeKind.CODE,
                "billable": not modifier
                and (entry.terminated is None or entry.terminated >= today),
                "official_description": None if dental else entry.description or entry.short,
                "parent_code": None,
                "notes": _notes(entry),
                "source": source,
                "sort_key": position,
            }
            if dental:
                row["plain_description"] = CDT_NOTE
            rows.append(row)
        if not rows:
            continue
        # plain_description is left out of updates (our own summaries stay): the rows of
        # one statement need the same keys.
        plain = [r for r in rows if "plain_description" in r]
        others = [r for r in rows if "plain_description" not in r]
        result = None
        for part in (others, plain):
            if part:
                done = _upsert(system, part, delete_missing=False)
                if result is None:
                    result = done
                else:
                    result.inserted += done.inserted
                    result.updated += done.updated
        _record_import(
            system, source, complete=not modifier, rows=len(rows),
            release=release if not modifier else Release(release.name),
        )  # fmt: skip
        results.append(result)
    db.session.commit()
    _refresh_statistics()
    for result in results:
        result.seconds = time.perf_counter() - started
    return results


def is_careercenter_csv(path: Path | str) -> bool:
    """Whether a file is our own CSV (code, official_description, plain_description), or a
    CSV that names none of the release's columns (which import_csv then explains)."""
    path = Path(path)
    if path.suffix.lower() != ".csv":
        return False
    with path.open("rb") as handle:
        head = decode_text(handle.read(4096)).splitlines()[:10]
    names = {_header_key(cell) for row in csv.reader(head) for cell in row}
    release_columns = any(alias in names for alias in _HEADERS["record"])
    return not release_columns
