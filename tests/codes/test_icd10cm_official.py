"""The whole ICD-10-CM as imported, every entry checked against the official data (the
simple-icd-10-cm package the import reads). The import runs once for the module, and
the tests only read it: the data stays until the module's end."""

import re

import pytest
import simple_icd_10_cm as cm
import sqlalchemy as sa

from careercenter.codeformat import canonical
from careercenter.codes.services import check_key_codes
from careercenter.extensions import db
from careercenter.models import CodeSystem, MedicalCode, Role
from tests.conftest import clean_state
from tests.pages import hrefs

ICD = CodeSystem.ICD10CM
# The entries whose pages answered 404 (their addresses have no digit second).
ONCE_MISSING = [
    "I10-I1A", "I30-I5A", "J40-J4A", "O94-O9A", "QA0", "QA0.0", "QA0.01", "QA0.010",
    "QA0.0101", "QA0.0102", "QA0.0109", "QA0.011", "QA0.012", "QA0.013", "QA0.0131",
    "QA0.0139", "QA0.014", "QA0.0141", "QA0.0142", "QA0.0149", "QA0.015", "QA0.0151",
    "QA0.0159", "QA0.8",
]  # fmt: skip
THREE_CHARACTER_BILLABLE = ["B20", "Z66", "F99", "R99", "P84"]


@pytest.fixture(autouse=True)
def _clean_state():
    """Overrides the suite's: the imported codes stay for every test of the module."""
    yield


@pytest.fixture(scope="module")
def icd10cm(app):
    """The full import, as an operator runs it; then every entry's columns by code."""
    result = app.test_cli_runner().invoke(args=["codes", "import-icd10cm"])
    assert result.exit_code == 0, result.output
    assert "ICD-10-CM:" in result.output
    with app.app_context():
        rows = db.session.execute(
            sa.select(
                MedicalCode.code, MedicalCode.official_description, MedicalCode.billable,
                MedicalCode.parent_code, MedicalCode.notes,
            ).where(MedicalCode.system == ICD)
        ).all()  # fmt: skip
    yield {row.code: row for row in rows}
    clean_state(app)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _official_notes(code: str) -> dict:
    """The package's notes of one entry, each kind a list of its sentences."""
    notes = {
        "includes": cm.get_includes(code),
        "inclusion_terms": cm.get_inclusion_term(code),
        "excludes1": cm.get_excludes1(code),
        "excludes2": cm.get_excludes2(code),
        "code_first": _lines(cm.get_code_first(code)),
        "use_additional_code": _lines(cm.get_use_additional_code(code)),
        "code_also": _lines(cm.get_code_also(code)),
        "notes": _lines(cm.get_notes(code)),
        "seventh_character_note": _lines(cm.get_seven_chr_note(code)),
    }
    table = []
    for character, text in cm.get_seven_chr_def(code).items():
        meaning, *extra = [part.strip() for part in text.split("/")]
        table.append({"character": character, "meaning": meaning, "notes": extra})
    notes["seventh_characters"] = table
    return {key: value for key, value in notes.items() if value}


def test_every_entry_is_imported(icd10cm):
    assert set(icd10cm) == set(cm.get_all_codes(True))
    assert len(icd10cm) > 98_000
    assert icd10cm["E11.52"].official_description == (
        "Type 2 diabetes mellitus with diabetic peripheral angiopathy with gangrene"
    )
    assert icd10cm["E11.5"].parent_code == "E11"
    for code, row in icd10cm.items():
        above = [a for a in cm.get_ancestors(code) if a != code]  # B20 is its block's too
        assert row.parent_code == (above[0] if above else None), code


def test_every_entry_carries_the_official_notes_as_sentences(icd10cm):
    for code, row in icd10cm.items():
        assert row.notes == _official_notes(code), code
        for kind, items in row.notes.items():
            assert isinstance(items, list), (code, kind)
            if kind != "seventh_characters":
                assert all(isinstance(s, str) and len(s) > 1 for s in items), (code, kind)
    assert icd10cm["E11.621"].notes["use_additional_code"] == [
        "code to identify site of ulcer (L97.4-, L97.5-)"
    ]
    assert [row["character"] for row in icd10cm["S72"].notes["seventh_characters"]] == list(
        "ABCDEFGHJKMNPQRS"
    )


def test_billable_is_the_package_s_for_every_entry(app, icd10cm):
    for code, row in icd10cm.items():
        assert row.billable == cm.is_leaf(code), code
    assert all(icd10cm[code].billable for code in THREE_CHARACTER_BILLABLE)
    assert not icd10cm["E11"].billable and not icd10cm["I10-I1A"].billable
    with app.test_request_context():
        check = check_key_codes([*THREE_CHARACTER_BILLABLE, "E11.9", "I10"])
        assert (check.unknown, check.headings, check.not_in_data) == ([], [], [])
        assert check_key_codes(["E11"]).headings == ["E11"]


def test_descriptions_are_clean_for_every_entry(icd10cm):
    for code, row in icd10cm.items():
        description = row.official_description
        assert "\t" not in description and "/\t" not in description, code
        if cm.is_extended_subcategory(code):
            parent = cm.get_parent(code)
            meaning = cm.get_seven_chr_def(parent, search_in_ancestors=True)[code[-1]]
            expected = f"{cm.get_description(parent)}, {meaning.split('/')[0].strip()}"
            assert description == expected, code
        else:
            assert description == cm.get_description(code), code
    assert icd10cm["S72.001B"].official_description == (
        "Fracture of unspecified part of neck of right femur, initial encounter for open "
        "fracture type I or II"
    )
    assert icd10cm["H34.8112"].official_description == (
        "Central retinal vein occlusion, right eye, stable"
    )


def test_every_entry_has_a_page(app, client, icd10cm):
    """Each entry's address (and so each breadcrumb) reaches its page: the route matches
    it, the page's code is the entry's own (no redirect), and the entry is there."""
    from flask import url_for

    with app.test_request_context():
        urls = {code: url_for("codes.code", system=ICD.value, code=code) for code in icd10cm}
    adapter = app.url_map.bind("localhost")
    missing = []
    for code, url in urls.items():
        endpoint, args = adapter.match(url)
        wanted = canonical(CodeSystem(args["system"]), args["code"])
        if endpoint != "codes.code" or wanted != code or wanted not in icd10cm:
            missing.append(code)
    assert missing == []
    assert all(row.parent_code in icd10cm for row in icd10cm.values() if row.parent_code)
    for code in [*ONCE_MISSING, "QA0.0101", "B20", "S72.001A"]:
        response = client.get(urls[code])
        assert response.status_code == 200, code
        assert code in response.get_data(as_text=True)


def test_pages_show_notes_as_sentences_with_those_they_inherit(client, login_as):
    login_as(Role.MODERATOR)  # not metered
    pages = {
        code: client.get(f"/codes/icd-10-cm/{code}").get_data(as_text=True)
        for code in ["E11", "E11.621", "L97", "L97.511", "G63", "B20", "S72", "S72.001A"]
    }
    for code, page in pages.items():
        assert not re.search(r"<dd>.</dd>", page), code
        assert "No official notes" not in page, code
    assert "<dd>code to identify site of ulcer (" in pages["E11.621"]
    assert 'href="/codes/icd-10-cm/L97.4"' in pages["E11.621"]
    # L97.511 has none of its own: its category's and chapter's apply.
    assert "From L97" in pages["L97.511"] and "Code first" in pages["L97.511"]
    assert "<dd>any associated underlying condition, such as:</dd>" in pages["L97.511"]
    assert "/codes/icd-10-cm/I96" in hrefs(pages["L97.511"])
    # S72.001A: S72's 7th characters and Excludes, linked to the codes they name.
    page = pages["S72.001A"]
    assert "7th characters of S72" in page
    assert "The appropriate 7th character is to be added to all codes from category S72" in page
    for character in "ABCDEFGHJKMNPQRS":
        assert f'<td class="code-id">{character}</td>' in page
    assert "initial encounter for open fracture type I or II<br>" in page
    assert "initial encounter for open fracture NOS" in page
    assert "Excludes1" in page
    assert "/codes/icd-10-cm/S78" in hrefs(page)  # (S78.-)
    assert "/codes/icd-10-cm/E08-E13" in hrefs(pages["G63"])
    assert "<dd>code(s) to identify all manifestations of HIV infection</dd>" in pages["B20"]


# -- search and missing codes on the whole import ---------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type 2 diabetes", "E11.9"),
        ("stage 4 pressure ulcer sacral", "L89.154"),
        ("covid 19", "U07.1"),
        ("obesity class 3", "E66.813"),
        ("covid", "U07.1"),
    ],
)
def test_word_searches_with_numbers_find_the_right_codes(client, icd10cm, query, expected):
    data = client.get("/api/v1/codes", query_string={"q": query, "limit": 5}).get_json()
    codes = [item["code"] for item in data["items"]]
    assert expected in codes, (query, codes)
    if query in ("covid", "obesity class 3", "stage 4 pressure ulcer sacral"):
        assert codes[0] == expected, (query, codes)


def test_word_results_rank_billable_and_general_codes_first(client, icd10cm):
    items = client.get("/api/v1/codes?q=type+2+diabetes&limit=20").get_json()["items"]
    billable = [item["billable"] for item in items]
    assert billable == sorted(billable, reverse=True)  # no heading before a billable code
    lengths = [len(item["description"]) for item in items if item["billable"]]
    assert lengths == sorted(lengths)  # the shortest (most general) descriptions first


@pytest.mark.parametrize("query", ["E11.9", "e119", "E11.9 "])
def test_code_like_searches_go_by_code(client, icd10cm, query):
    items = client.get("/api/v1/codes", query_string={"q": query}).get_json()["items"]
    assert items[0]["code"] == "E11.9"


def test_a_code_missing_from_the_whole_icd10cm_does_not_exist(client, icd10cm):
    expected = "There is no ICD-10-CM code E11.99 in FY2026 (with the April 1, 2026 update)"
    response = client.get("/codes/icd-10-cm/E11.99")
    assert response.status_code == 404
    assert expected in response.get_data(as_text=True)
    assert expected in client.get("/codes/search?q=E11.99").get_data(as_text=True)
    absent = client.get("/api/v1/codes?q=E11.99").get_json()["absent"]
    assert absent["exists"] is False and absent["message"].startswith(expected)
