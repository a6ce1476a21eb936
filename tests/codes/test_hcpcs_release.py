"""codes import-hcpcs on small files written in the layouts CMS publishes the HCPCS Level II
release in: the ANWEB fixed-width text (HCPC<year>_recordlayout.txt), its Excel workbook
and that sheet saved as CSV."""

import csv
import textwrap

import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from careercenter.codes.hcpcs_release import CDT_NOTE, release_from_name
from careercenter.codes.importers import demo_file, import_csv
from careercenter.extensions import db
from careercenter.models import CodeImport, CodeSystem, MedicalCode

G2211 = (
    "Visit complexity inherent to evaluation and management associated with medical care "
    "services that serve as the continuing focal point for all needed health care services "
    "and/or with medical care services that are part of ongoing care related to a patient's "
    "single, serious condition or a complex condition. (add-on code, list separately in "
    "addition to office/outpatient evaluation and management visit, new or established)"
)
AD = "Medical supervision by a physician: more than four concurrent anesthesia procedures"
# (code, record id, long description, short description, added, effective, terminated, action)
ENTRIES = [
    ("AD", "7", AD, "Md supervision, >4 anes proc", "19840101", "20010101", "", "N"),
    ("RT", "7", "Right side (used to identify procedures performed on the right side of the body)",
     "Right side", "19840101", "19970101", "", "N"),
    ("A4253", "3", "Blood glucose test or reagent strips for home blood glucose monitor, per 50 strips",
     "Blood glucose/reagent strips", "19840101", "20020101", "", "N"),
    ("D0120", "3", "Periodic oral evaluation - established patient", "Periodic oral evaluation",
     "19950101", "20000101", "", "N"),
    ("G2211", "3", G2211, "Complex e/m visit add on", "20210101", "20240101", "", "C"),
    ("V9999", "3", "Discontinued test item for the importer", "Discontinued test item",
     "20200101", "20250101", "20250331", "D"),
]  # fmt: skip


def _lines(entries=ENTRIES):
    """Each entry as its records: the first (3 or 7) with the details, continuations (4 or
    8) with 80 more characters of the long description each."""
    for code, first, long, short, added, effective, terminated, action in entries:
        parts = textwrap.wrap(long, 80)
        more = "4" if first == "3" else "8"
        for number, part in enumerate(parts, 1):
            yield (
                code,
                f"{number:03d}00",
                first if number == 1 else more,
                part,
                ((short, added, effective, terminated, action) if number == 1 else ("",) * 5),
            )


def write_fixed_width(path, entries=ENTRIES):
    records = []
    for code, sequence, record, long, (short, added, effective, terminated, action) in _lines(
        entries
    ):
        line = list(" " * 320)

        def put(start, end, value, line=line):
            width = end - start + 1
            line[start - 1 : end] = list(value.ljust(width)[:width])

        put(1, 5, code.rjust(5))  # a modifier is right-aligned, "   RT"
        put(6, 10, sequence)
        put(11, 11, record)
        put(12, 91, long)
        if record in "37":
            put(92, 119, short)
            put(120, 121, "00")
            put(269, 276, added)
            put(277, 284, effective)
            put(285, 292, terminated)
            put(293, 293, action)
            text = "".join(line)
        else:
            text = "".join(line[:91]).rstrip()
        records.append(text.rstrip())
    path.write_text("\r\n".join(records) + "\r\n", encoding="cp1252")
    return path


HEADER = ["HCPC", "SEQNUM", "RECID", "LONG DESCRIPTION", "SHORT DESCRIPTION", "PRICE1",
          "ADD DT", "ACT EFF DT", "TERM DT", "ACTION CD"]  # fmt: skip


def _table(entries=ENTRIES):
    for code, sequence, record, long, (short, added, effective, terminated, action) in _lines(
        entries
    ):
        yield [code, sequence, record, long, short, "00" if short else "", added, effective,
               terminated, action]  # fmt: skip


def write_xlsx(path, entries=ENTRIES):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in _table(entries):
        # Excel keeps the dates as numbers (20250331) once the sheet is saved by hand.
        sheet.append([int(v) if i >= 6 and v.isdigit() else v for i, v in enumerate(row)])
    book.save(path)
    return path


def write_csv(path, entries=ENTRIES):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([h.replace(" ", "_") for h in HEADER])  # "LONG_DESCRIPTION" too
        writer.writerows(_table(entries))
    return path


def _import(app, path, *extra):
    return app.test_cli_runner().invoke(args=["codes", "import-hcpcs", str(path), *extra])


def _code(app, system, code):
    with app.app_context():
        found = db.session.scalar(
            sa.select(MedicalCode).where(MedicalCode.system == system, MedicalCode.code == code)
        )
        if found is not None:
            db.session.expunge(found)
        return found


@pytest.mark.parametrize(
    "name, writer",
    [
        ("HCPC2026_JAN_ANWEB_v3.txt", write_fixed_width),
        ("HCPC2026_JAN_ANWEB_v3.xlsx", write_xlsx),
        ("HCPC2026_JAN_ANWEB_v3.csv", write_csv),
    ],
)
def test_each_layout_loads_codes_modifiers_and_dates(app, tmp_path, name, writer):
    result = _import(app, writer(tmp_path / name))
    assert result.exit_code == 0, result.output
    assert "HCPCS Level II: 4 added" in result.output
    assert "CPT/HCPCS modifier: 2 added" in result.output

    g2211 = _code(app, CodeSystem.HCPCS, "G2211")
    assert g2211.official_description == G2211  # five lines of the file, joined
    assert g2211.billable and g2211.notes["hcpcs_release"]["effective"] == "2024-01-01"
    ad = _code(app, CodeSystem.MODIFIER, "AD")
    assert ad.official_description == AD  # a modifier's continuation line (record id 8)
    assert _code(app, CodeSystem.HCPCS, "AD") is None
    assert _code(app, CodeSystem.MODIFIER, "RT").official_description.startswith("Right side")

    ended = _code(app, CodeSystem.HCPCS, "V9999")
    assert not ended.billable
    assert ended.notes["hcpcs_release"] == {
        "added": "2020-01-01", "effective": "2025-01-01", "terminated": "2025-03-31",
        "action": "D",
    }  # fmt: skip
    dental = _code(app, CodeSystem.HCPCS, "D0120")  # the ADA's text is not shown
    assert dental.official_description is None and dental.plain_description == CDT_NOTE

    with app.app_context():
        imports = {
            i.system: i for i in db.session.scalars(sa.select(CodeImport).order_by(CodeImport.id))
        }
    assert imports[CodeSystem.HCPCS].complete and not imports[CodeSystem.MODIFIER].complete
    assert imports[CodeSystem.HCPCS].release == "HCPCS 2026 (January update)"
    assert str(imports[CodeSystem.HCPCS].effective_to) == "2026-03-31"


def test_pages_show_the_official_text_the_end_date_and_a_missing_code_is_invalid(
    app, client, tmp_path, monkeypatch
):
    assert _import(app, write_fixed_width(tmp_path / "HCPC2026_APR_ANWEB.txt")).exit_code == 0
    monkeypatch.setitem(app.config, "CODE_VIEWS_GUEST", 100)
    page = client.get("/codes/hcpcs/V9999").get_data(as_text=True)
    assert "Discontinued test item for the importer" in page
    assert "Terminated: its last day of service was 2025-03-31" in page
    page = client.get("/codes/hcpcs/G2211").get_data(as_text=True)
    assert "single, serious condition or a complex condition" in page
    assert "Terminated" not in page
    missing = client.get("/codes/hcpcs/A4254")
    assert missing.status_code == 404
    assert "There is no HCPCS Level II code A4254" in missing.get_data(as_text=True)
    assert client.get("/codes/search?q=RT").status_code in (200, 302)


def test_a_new_release_updates_in_place_and_keeps_our_summaries_and_old_pages(
    app, client, tmp_path
):
    with app.app_context():
        import_csv(CodeSystem.MODIFIER, demo_file("modifiers.csv"), source="ours")
    rt_summary = _code(app, CodeSystem.MODIFIER, "RT").plain_description
    assert _import(app, write_fixed_width(tmp_path / "HCPC2026_JAN_ANWEB.txt")).exit_code == 0
    first_id = _code(app, CodeSystem.HCPCS, "A4253").id
    later = [e for e in ENTRIES if e[0] != "V9999"]
    assert (
        _import(app, write_fixed_width(tmp_path / "HCPC2026_APR_ANWEB.txt", later)).exit_code == 0
    )
    assert _code(app, CodeSystem.HCPCS, "A4253").id == first_id  # same page, same counts
    rt = _code(app, CodeSystem.MODIFIER, "RT")
    assert rt.plain_description == rt_summary and rt.official_description.startswith("Right")
    assert _code(app, CodeSystem.HCPCS, "V9999") is not None  # its page stays
    # Our summaries loaded again do not wipe the official text the release brought.
    with app.app_context():
        import_csv(CodeSystem.MODIFIER, demo_file("modifiers.csv"), source="ours")
    assert _code(app, CodeSystem.MODIFIER, "RT").official_description.startswith("Right")


def _bad(tmp_path, lines):
    path = tmp_path / "HCPC2026_JAN_ANWEB.txt"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_bad_lines_are_named_and_nothing_is_imported(app, tmp_path):
    good = tmp_path / "good.txt"
    write_fixed_width(good)
    lines = good.read_text(encoding="cp1252").splitlines()
    lines.insert(1, "   ZZ001009A record of a kind the layout does not have")
    lines.append("99213001003Office visit (a CPT code, not HCPCS Level II)")
    lines.append("A0021002004a continuation without its first line")
    result = _import(app, _bad(tmp_path, lines))
    assert result.exit_code != 0
    assert "line 2: record identification code '9' is not 3, 4, 7 or 8" in result.output
    assert "'99213' is not a HCPCS Level II code" in result.output
    assert "continuation of A0021 without its first line" in result.output
    assert "Nothing was imported" in result.output
    assert _code(app, CodeSystem.HCPCS, "A4253") is None

    dated = _bad(tmp_path, [lines[0][:276] + "2024XX01"])
    result = _import(app, dated)
    assert result.exit_code != 0 and "is not a date" in result.output

    sheet = tmp_path / "HCPC2026_JAN_ANWEB.xlsx"
    sheet.write_bytes(b"not a workbook")
    result = _import(app, sheet)
    assert result.exit_code != 0 and "not an Excel workbook" in result.output
    assert "Traceback" not in result.output


def test_release_names():
    assert release_from_name("HCPC2026_OCT_ANWEB_v2.txt").effective_to.isoformat() == "2026-12-31"
    assert release_from_name("HCPC2026_JUL_ANWEB.xlsx").name == "HCPCS 2026 (July update)"
    assert release_from_name("HCPC2025_ANWEB.txt").effective_from.isoformat() == "2025-01-01"
    assert release_from_name("codes.txt").name is None
