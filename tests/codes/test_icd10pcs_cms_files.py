"""codes import-icd10pcs --tables --codes on small files in the layouts CMS publishes each
fiscal year (tests/codes/pcs_release/): icd10pcs_tables_2026.xml with five tables of five
sections (0DT Medical and Surgical, 10D Obstetrics, 2W0 Placement, BW0 Imaging, XW0 New
Technology) and the matching icd10pcs_order_2026.txt, its header lines included. The rows are
a sample in the CMS layout, not the release's full tables."""

import html as html_module
import re
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from careercenter.codes import pcs
from careercenter.extensions import db
from careercenter.models import CodeImport, CodeKind, CodeSystem, MedicalCode, Role

PCS = CodeSystem.ICD10PCS
FILES = Path(__file__).parent / "pcs_release"
TABLES = FILES / "icd10pcs_tables_2026.xml"
ORDER = FILES / "icd10pcs_order_2026.txt"
CODES_IN_FILES = 26  # 9 + 9 + 2 + 4 + 2, in 5 tables of 5 body systems


def _import(app, tables=TABLES, order=ORDER, *extra):
    args = ["codes", "import-icd10pcs", "--tables", str(tables), "--codes", str(order), *extra]
    return app.test_cli_runner().invoke(args=args)


def _text(response) -> str:
    html = response.get_data(as_text=True)
    return html_module.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def _state(app) -> dict:
    """Every PCS entry (id, description, notes) and the imports recorded, to compare."""
    with app.app_context():
        codes = {
            code: (code_id, description, notes)
            for code, code_id, description, notes in db.session.execute(
                sa.select(
                    MedicalCode.code, MedicalCode.id, MedicalCode.official_description,
                    MedicalCode.notes,
                ).where(MedicalCode.system == PCS)
            )
        }  # fmt: skip
        imports = db.session.scalar(sa.select(sa.func.count()).select_from(CodeImport))
    return {"codes": codes, "imports": imports}


@pytest.fixture
def staff(client, login_as, app, monkeypatch):
    login_as(Role.MODERATOR)  # code pages unmetered
    monkeypatch.setitem(app.config, "CODES_TODAY", date(2026, 5, 1))  # within FY2026
    return client


@pytest.fixture
def loaded(app):
    result = _import(app)
    assert result.exit_code == 0, result.output
    return result


def test_the_files_load_every_section_as_one_release(app, loaded):
    assert (
        f"Read {CODES_IN_FILES} codes in 5 tables of 5 body systems." in loaded.output
    )  # fmt: skip
    assert f"ICD-10-PCS: {CODES_IN_FILES + 10} added, 0 updated, 0 removed" in loaded.output
    with app.app_context():
        found = db.session.scalars(sa.select(CodeImport).where(CodeImport.system == PCS)).all()
        codes = db.session.scalars(
            sa.select(MedicalCode.code).where(
                MedicalCode.system == PCS, MedicalCode.kind == CodeKind.CODE
            )
        ).all()
    assert len(found) == 1 and found[0].complete
    assert (found[0].release, found[0].effective_from, found[0].effective_to) == (
        "FY2026", date(2025, 10, 1), date(2026, 9, 30)
    )  # fmt: skip
    assert "icd10pcs_tables_2026.xml" in found[0].source
    assert {code[0] for code in codes} == {"0", "1", "2", "B", "X"}
    assert len(codes) == CODES_IN_FILES  # the header lines (flag 0) are not codes


def test_an_imaging_code_names_its_characters_with_the_imaging_titles(staff, loaded):
    response = staff.get("/codes/icd-10-pcs/BW03ZZZ")
    assert response.status_code == 200
    page = _text(response)
    assert "Plain Radiography of Chest" in page
    for row in [
        "1 Section B Imaging",
        "2 Body System W Anatomical Regions",
        "3 Type 0 Plain Radiography",
        "4 Body Part 3 Chest",
        "5 Contrast Z None",
        "6 Qualifier Z None",
        "7 Qualifier Z None",
    ]:
        assert row in page
    assert "Root operation" not in page and "Approach" not in page
    assert "Plain Radiography (type 0): Planar display of an image" in page
    assert "Plain Radiography (type) of the Chest (body part), contrast None" in page
    assert "Release: ICD-10-PCS FY2026, in effect from 2025-10-01 to 2026-09-30." in page
    assert "took effect" not in page


@pytest.mark.parametrize(
    "code, rows",
    [
        ("10D07Z6", ["1 Section 1 Obstetrics", "2 Body System 0 Pregnancy",
                     "3 Operation D Extraction", "4 Body Part 0 Products of Conception",
                     "5 Approach 7 Via Natural or Artificial Opening", "7 Qualifier 6 Vacuum"]),
        ("2W00X1Z", ["1 Section 2 Placement", "4 Body Region 0 Head", "6 Device 1 Splint"]),
        ("XW043E5", ["1 Section X New Technology", "4 Body Part 4 Central Vein",
                     "6 Device / Substance / Technology E Remdesivir Anti-infective",
                     "7 Qualifier 5 New Technology Group 5"]),
    ],
)  # fmt: skip
def test_each_section_s_code_page_uses_that_section_s_titles(staff, loaded, code, rows):
    response = staff.get(f"/codes/icd-10-pcs/{code}")
    assert response.status_code == 200
    page = _text(response)
    for row in rows:
        assert row in page
    assert "This code's row" in page


def test_a_table_page_lists_its_rows_and_codes_under_the_section_s_titles(staff, loaded):
    response = staff.get("/codes/icd-10-pcs/10D")
    html = response.get_data(as_text=True)
    page = _text(response)
    assert response.status_code == 200
    assert "Pulling or stripping out or off all or a portion of a body part" in page
    assert 'id="row-0"' in html and "10D0 Products of Conception" in page
    for code in ["10D00Z0", "10D00Z1", "10D00Z2", "10D07Z3", "10D07Z8"]:
        assert f'href="/codes/icd-10-pcs/{code}"' in html
    # The appendix has two rows in the CMS table (one hand-assisted): one row here.
    page = _text(staff.get("/codes/icd-10-pcs/0DT"))
    assert "2 rows, one for each body part, 9 codes" in page
    assert "Qualifier G Hand-Assisted Z No Qualifier" in page
    # Imaging: the fifth character is the contrast.
    page = _text(staff.get("/codes/icd-10-pcs/BW0"))
    assert "Contrast Z None" in page and "Approach" not in page
    assert "4 rows, one for each body part, 4 codes" in page
    page = _text(staff.get("/codes/icd-10-pcs/2W0"))
    assert "one for each body region" in page and "Body Region 0 Head" in page


def test_body_systems_of_every_section_are_browsed_and_searched(client, staff, loaded):
    html = client.get("/codes/").get_data(as_text=True)
    for system, title in [("10", "Obstetrics: Pregnancy"), ("BW", "Imaging: Anatomical Regions"),
                          ("XW", "New Technology: Anatomical Regions")]:  # fmt: skip
        assert f'href="/codes/icd-10-pcs/{system}"' in html and title in html
    response = staff.get("/codes/icd-10-pcs/BW")
    assert response.status_code == 200
    assert 'href="/codes/icd-10-pcs/BW0"' in response.get_data(as_text=True)
    items = client.get("/api/v1/codes?q=vacuum+extraction+products+conception").get_json()["items"]
    assert [item["code"] for item in items] == ["10D07Z6"]
    items = client.get("/api/v1/codes?q=plain+radiography+chest").get_json()["items"]
    assert [item["code"] for item in items] == ["BW03ZZZ"]


def test_an_operation_s_explanation_and_examples_are_shown_when_the_tables_give_them(
    app, staff, tmp_path
):
    definition = (
        b"<definition>Cutting out or off, without replacement, all of a body part</definition>"
    )
    tables = _copy(tmp_path, TABLES, edit=lambda d: d.replace(definition, definition + (
        b"<explanation>Includes taking out all of a body part</explanation>"
        b"<example>Total nephrectomy</example><example>total lobectomy of lung</example>"), 1))  # fmt: skip
    assert _import(app, tables).exit_code == 0
    page = _text(staff.get("/codes/icd-10-pcs/0DT"))
    assert "Explanation Includes taking out all of a body part" in page
    assert "Examples Total nephrectomy; total lobectomy of lung" in page


def test_a_missing_code_is_known_absent_in_the_sections_held(client, loaded):
    page = _text(client.get("/codes/icd-10-pcs/BW03ZZ1"))
    assert "There is no ICD-10-PCS code BW03ZZ1 in FY2026" in page
    page = _text(client.get("/codes/icd-10-pcs/D7011ZZ"))  # Radiation Therapy: not in the sample
    assert "D7011ZZ is not in our ICD-10-PCS data" in page
    assert (
        "We hold the ICD-10-PCS sections Medical and Surgical (0), Obstetrics (1), Placement (2), "
        "Imaging (B), New Technology (X), not the other sections" in page
    )


def test_running_it_again_updates_in_place(app, loaded):
    before = _state(app)
    again = _import(app)
    assert again.exit_code == 0, again.output
    assert f"ICD-10-PCS: 0 added, {CODES_IN_FILES + 10} updated, 0 removed" in again.output
    after = _state(app)
    assert after["codes"] == before["codes"]
    assert after["imports"] == before["imports"] + 1


def test_the_newer_release_replaces_the_package_s_in_place(app, staff):
    with app.app_context():
        pcs.load_demo()  # FY2025 tables of the package, 0DT among them
    old = _state(app)["codes"]
    assert _import(app).exit_code == 0
    new = _state(app)["codes"]
    assert new["0DTJ4ZZ"][0] == old["0DTJ4ZZ"][0]  # same entry: its address and counts stay
    assert new["0DTJ4ZZ"][2]["pcs_titles"][3] == "Body Part"
    assert "0SRD0JZ" not in new  # the whole set: what the files lack is gone
    page = _text(staff.get("/codes/icd-10-pcs/0DTJ4ZZ"))
    assert "4 Body Part J Appendix" in page and "Release: ICD-10-PCS FY2026" in page
    with app.app_context():
        assert pcs.load_demo() == []  # the demo sample never overwrites a whole set
    assert _state(app)["codes"] == new


def test_the_cms_zip_files_load_as_they_are(app, tmp_path):
    tables_zip = tmp_path / "2026-icd-10-pcs-code-tables-and-index.zip"
    with zipfile.ZipFile(tables_zip, "w") as archive:
        archive.writestr("icd10pcs_index_2026.xml", "<ICD10PCS.index/>")
        archive.write(TABLES, "icd10pcs_tables_2026.xml")
        archive.writestr("icd10pcs_definitions_2026.xml", "<ICD10PCS.definitions/>")
    order_zip = tmp_path / "2026-icd-10-pcs-order-file.zip"
    with zipfile.ZipFile(order_zip, "w") as archive:
        archive.write(ORDER, "Zip File 4 2026 ICD-10-PCS Order File/icd10pcs_order_2026.txt")
        archive.writestr("Zip File 4 2026 ICD-10-PCS Order File/order_addenda.txt", "x")
    result = _import(app, tables_zip, order_zip)
    assert result.exit_code == 0, result.output
    assert f"ICD-10-PCS: {CODES_IN_FILES + 10} added" in result.output
    wrong = _import(app, order_zip, order_zip)
    assert wrong.exit_code != 0
    assert "the zip file has no icd10pcs_tables_<year>.xml" in wrong.output


def _copy(tmp_path, source: Path, name: str | None = None, edit=None) -> Path:
    path = tmp_path / (name or source.name)
    shutil.copy(source, path)
    if edit:
        path.write_bytes(edit(path.read_bytes()))
    return path


def _line(order: int, code: str, flag: str, text: str) -> bytes:
    return f"{order:05d} {code:<7} {flag} {text[:60]:<60} {text}\r\n".encode()


@pytest.mark.parametrize(
    "make, expected",
    [
        (
            lambda tmp: {"tables": _copy(tmp, TABLES, edit=lambda d: d[: len(d) // 2])},
            "icd10pcs_tables_2026.xml: not well-formed XML at line",
        ),
        (
            lambda tmp: {"order": _copy(tmp, ORDER, edit=lambda d: d + _line(
                32, "0DTJ4ZX", "1", "Resection of Appendix, a qualifier no row has"))},
            "line 32: 0DTJ4ZX is in the order file, but no row of the tables allows it",
        ),
        (
            lambda tmp: {"order": _copy(tmp, ORDER, "icd10pcs_order_2025.txt")},
            "the tables are FY2026 (icd10pcs_tables_2026.xml) but the order file is FY2025",
        ),
        (
            lambda tmp: {"order": _copy(tmp, TABLES, "icd10pcs_order_2026.txt")},
            "line 1: not a line of the ICD-10-PCS order file",
        ),
        (
            lambda tmp: {"tables": _copy(tmp, ORDER, "icd10pcs_tables_2026.xml")},
            "icd10pcs_tables_2026.xml: not well-formed XML",
        ),
        (
            lambda tmp: {"tables": _copy(tmp, TABLES, edit=lambda d: d.replace(
                b"<title>Contrast</title>", b"", 1))},
            "table 4 (BW0) row 1: axis 5 has no title",
        ),
        (
            lambda tmp: {"order": _copy(tmp, ORDER, edit=lambda d: d.replace(
                b"00027 BW03ZZZ 1", b"00027 BW03ZZZ 2", 1))},
            "line 27: not a line of the ICD-10-PCS order file",
        ),
    ],
    ids=["truncated-xml", "code-no-row-allows", "other-year", "xml-as-order", "order-as-tables",
         "axis-without-title", "bad-flag"],
)  # fmt: skip
def test_a_bad_or_mismatched_file_is_refused_and_changes_nothing(
    app, loaded, tmp_path, make, expected
):
    before = _state(app)
    files = {"tables": TABLES, "order": ORDER, **make(tmp_path)}
    result = _import(app, files["tables"], files["order"])
    assert result.exit_code != 0
    assert expected in result.output
    assert "Nothing was imported" in result.output
    assert "Traceback" not in result.output
    assert _state(app) == before


def test_a_code_the_tables_allow_but_the_order_file_lacks_is_named_and_left_out(app, tmp_path):
    order = _copy(tmp_path, ORDER, edit=lambda d: re.sub(rb"00027 BW03ZZZ 1 [^\n]*\n", b"", d))
    result = _import(app, TABLES, order)
    assert result.exit_code == 0, result.output
    assert "the tables allow 1 code the order file does not list (not loaded): BW03ZZZ." in (
        result.output
    )
    assert "BW03ZZZ" not in _state(app)["codes"] and "BW01ZZZ" in _state(app)["codes"]


def test_both_files_are_needed(app):
    result = app.test_cli_runner().invoke(
        args=["codes", "import-icd10pcs", "--tables", str(TABLES)]
    )
    assert result.exit_code != 0 and "Give both --tables and --codes" in result.output
    assert _state(app)["codes"] == {}
