"""ICD-10-PCS pages, search, key codes and links, on the demo's tables of the package
(codes.pcs.DEMO_TABLES); tests/codes/test_icd10pcs_official.py checks the full import."""

import re

import pytest
import sqlalchemy as sa

from careercenter.codes import pcs
from careercenter.codes.linkify import link_codes
from careercenter.codes.pcs_words import word_map
from careercenter.extensions import db
from careercenter.models import CodeImport, CodeSystem, MedicalCode, Posting, Role
from tests.conftest import post_form
from tests.factories import POSTING_FORM
from tests.pages import hrefs

PCS = CodeSystem.ICD10PCS
FULL = "In plain language"
METERED = "You have 0 free code views left"


@pytest.fixture
def pcs_tables(app):
    with app.app_context():
        pcs.load_demo()


def _text(response) -> str:
    html = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_code_page_names_its_seven_characters_and_shows_its_table(client, pcs_tables):
    response = client.get("/codes/icd-10-pcs/0FT44ZZ")
    assert response.status_code == 200
    page = _text(response)
    assert "Resection of Gallbladder, Percutaneous Endoscopic Approach" in page
    for row in [
        "1 Section 0 Medical and Surgical",
        "2 Body system F Hepatobiliary System and Pancreas",
        "3 Root operation T Resection",
        "4 Body part 4 Gallbladder",
        "5 Approach 4 Percutaneous Endoscopic",
        "6 Device Z No Device",
        "7 Qualifier Z No Qualifier",
    ]:
        assert row in page
    assert "Cutting out or off, without replacement, all of a body part" in page
    assert "Table 0FT" in page and "This code's row" in page
    html = response.get_data(as_text=True)
    assert "/codes/icd-10-pcs/0FT" in hrefs(html)
    assert 'href="/codes/icd-10-pcs/0FT40ZZ"' in html  # a sibling: the open approach
    assert 'href="/codes/icd-10-pcs/0FT0#row-0"' not in html
    # The release and its dates, as the ICD-10-CM pages show them; FY2025 has ended.
    assert "Release: ICD-10-PCS FY2025, in effect from 2024-10-01 to 2025-09-30." in page
    assert "ICD-10-PCS FY2026 took effect on 2025-10-01" in page


def test_0dtj4zz_is_the_appendix_not_the_gallbladder(client, pcs_tables):
    page = _text(client.get("/codes/icd-10-pcs/0DTJ4ZZ"))
    assert "4 Body part J Appendix" in page and "Gallbladder" not in page


def test_a_table_page_lists_its_rows_and_every_code(client, pcs_tables, app):
    response = client.get("/codes/icd-10-pcs/0SR")
    page = _text(response)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "ICD-10-PCS table 0SR" in page and "Lower Joints: Replacement" in page
    assert 'id="row-C"' in html and "0SRC Knee Joint, Right" in page
    with app.app_context():
        codes = db.session.scalars(
            sa.select(MedicalCode.code).where(
                MedicalCode.system == PCS, MedicalCode.parent_code == "0SR"
            )
        ).all()
    assert len(codes) > 100
    for code in codes:
        assert f'href="/codes/icd-10-pcs/{code}"' in html


def test_a_body_system_page_lists_its_tables(client, pcs_tables):
    response = client.get("/codes/icd-10-pcs/0S")
    assert response.status_code == 200
    assert 'href="/codes/icd-10-pcs/0SR"' in response.get_data(as_text=True)


def test_addresses_are_canonical_and_missing_codes_say_what_we_know(client, pcs_tables):
    assert client.get("/codes/icd-10-pcs/0ft44zz").headers["Location"] == (
        "/codes/icd-10-pcs/0FT44ZZ"
    )
    # The demo holds some tables only: a code we lack may exist.
    page = _text(client.get("/codes/icd-10-pcs/0DB00ZZ"))
    assert "0DB00ZZ is not in our ICD-10-PCS data" in page
    assert "We hold a sample of ICD-10-PCS tables, not the full list" in page
    assert client.get("/codes/icd-10-pcs/0DTI4ZZ").status_code == 404  # no I in PCS
    assert client.get("/codes/icd-10-pcs/B2151ZZ").status_code == 404


@pytest.mark.parametrize("entry", word_map(), ids=lambda entry: entry.phrase)
def test_each_coders_word_finds_its_code(client, pcs_tables, entry):
    """Each entry of the word map: its query finds its code among the first ten, and the
    code's description has the words the phrase means."""
    data = client.get("/api/v1/codes", query_string={"q": entry.query, "limit": 10}).get_json()
    codes = [item["code"] for item in data["items"]]
    assert entry.expect in codes, (entry.query, codes)
    description = next(i["description"] for i in data["items"] if i["code"] == entry.expect)
    from careercenter.codes.words import words

    assert set(entry.meaning_words) <= words(description)


def test_word_searches_rank_the_procedure_first(client, pcs_tables):
    items = client.get("/api/v1/codes?q=laparoscopic+cholecystectomy").get_json()["items"]
    assert items[0]["code"] == "0FT44ZZ" and items[0]["system"] == "icd-10-pcs"
    items = client.get("/api/v1/codes?q=total+knee+replacement&limit=5").get_json()["items"]
    assert items and all(item["code"][:5] in ("0SRC0", "0SRD0") for item in items)
    page = _text(client.get("/codes/search?q=laparoscopic+appendectomy&system=icd-10-pcs"))
    assert "0DTJ4ZZ Resection of Appendix, Percutaneous Endoscopic Approach" in page


def test_prefix_search_goes_by_code(client, pcs_tables):
    items = client.get("/api/v1/codes?q=0dtj&limit=20").get_json()["items"]
    assert [item["code"] for item in items] == [
        "0DTJ0ZZ", "0DTJ4ZG", "0DTJ4ZZ", "0DTJ7ZZ", "0DTJ8ZZ",
    ]  # fmt: skip
    items = client.get("/api/v1/codes?q=0DT&limit=3").get_json()["items"]
    assert items[0]["code"] == "0DT"  # the table first, then its codes in order
    response = client.get("/codes/search?q=0ft44zz")
    assert response.headers["Location"] == "/codes/icd-10-pcs/0FT44ZZ"


def test_the_cm_search_for_the_same_words_is_unchanged(client, pcs_tables):
    """A coders' word also matches itself: an ICD-10-CM-only search is not narrowed."""
    data = client.get("/api/v1/codes?q=cholecystectomy&system=icd-10-cm").get_json()
    assert data["total"] == 0  # no ICD-10-CM loaded here: nothing invented
    assert client.get("/api/v1/codes?q=cholecystectomy").get_json()["total"] >= 1


def test_pcs_key_codes_are_checked_against_the_data(app, employer, pcs_tables):
    response = post_form(
        employer,
        "/employer/postings/new",
        {**POSTING_FORM, "submit_for_review": "y", "key_codes": "0SRD0JZ, 0ft44zz"},
        follow_redirects=True,
    )
    assert response.status_code == 200 and "/employer/postings/new" not in response.request.path
    with app.app_context():
        assert db.session.scalar(sa.select(Posting)).key_codes == ["0SRD0JZ", "0FT44ZZ"]
    # A code of a loaded table that does not exist is refused once the full set is loaded;
    # with the demo's tables only it is a warning that we could not check it.
    page = _text(
        post_form(
            employer,
            "/employer/postings/new",
            {**POSTING_FORM, "save_draft": "y", "key_codes": "0FT44ZA"},
            follow_redirects=True,
        )
    )
    assert "0FT44ZA is not in our ICD-10-PCS data" in page
    with app.app_context():
        db.session.execute(
            sa.update(CodeImport).where(CodeImport.system == PCS).values(complete=True)
        )
        db.session.commit()
    page = _text(
        post_form(
            employer,
            "/employer/postings/new",
            {**POSTING_FORM, "submit_for_review": "y", "key_codes": "0FT44ZA, 0FT"},
        )
    )
    assert "These are not CPT, ICD-10-CM, ICD-10-PCS or HCPCS codes: 0FT." in page
    page = _text(
        post_form(
            employer,
            "/employer/postings/new",
            {**POSTING_FORM, "submit_for_review": "y", "key_codes": "0FT44ZA"},
        )
    )
    assert "These codes do not exist: There is no ICD-10-PCS code 0FT44ZA in FY2025." in page


def _links(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a href="/codes/([^"]+)" class="code-link"[^>]*>([^<]+)</a>', html)


LINK_SENTENCES = [
    ("Code 0SRD0JZ and 0FT44ZZ daily.", [("0SRD0JZ", "0SRD0JZ"), ("0FT44ZZ", "0FT44ZZ")]),
    ("Inpatient PCS coding (0DTJ4ZZ, 0UT90ZZ).", [("0DTJ4ZZ", "0DTJ4ZZ"), ("0UT90ZZ", "0UT90ZZ")]),
    ("Codes like 0dtj4zz in lower case stay text.", []),
    ("CHANGES BECAUSE ORDERED TRACKED", []),  # words of that length are no codes
    ("Call 0210093 or 555-0199 today.", []),  # seven digits: a phone, not a code
    ("ICD-10-PCS procedure code 0210093 for a CABG.", [("0210093", "0210093")]),
    ("Ref 0FT44ZZ-2 and X0FT44ZZ and 0FT44ZZ9 are not codes.", []),
    ("0FT44ZA does not exist, so it stays text.", []),
    ("Order 0FT44ZZ.", [("0FT44ZZ", "0FT44ZZ")]),
    ("See https://example.com/0FT44ZZ for more.", []),
]


@pytest.mark.parametrize(("sentence", "expected"), LINK_SENTENCES)
def test_job_text_links_pcs_codes_only_where_they_are_codes(app, pcs_tables, sentence, expected):
    with app.test_request_context():
        links = _links(str(link_codes(f"<p>{sentence}</p>")))
    assert links == [(f"icd-10-pcs/{code}", text) for code, text in expected]


def test_a_code_page_lists_the_jobs_that_ask_for_it(
    app, pcs_tables, post_job, publish, client, login_as
):
    posting_id = post_job(key_codes="0SRD0JZ")
    publish(posting_id)
    job = client.get(f"/jobs/{posting_id}", follow_redirects=True).get_data(as_text=True)
    assert 'href="/codes/icd-10-pcs/0SRD0JZ?job=' in job  # a job-scoped link: not metered
    login_as(Role.MODERATOR)  # not metered
    page = client.get("/codes/icd-10-pcs/0SRD0JZ").get_data(as_text=True)
    section = page[page.index('id="jobs-title"') :]
    assert f"/jobs/{posting_id}" in section


def test_pcs_pages_are_metered_like_other_code_pages(app, pcs_tables):
    guest = app.test_client(use_cookies=False)
    limit = app.config["CODE_VIEWS_GUEST"]
    codes = ["0FT44ZZ", "0FT40ZZ", "0DTJ4ZZ", "0DTJ0ZZ", "0SRD0JZ", "0SRC0JZ"][: limit + 1]
    pages = [_text(guest.get(f"/codes/icd-10-pcs/{code}")) for code in codes]
    assert all(FULL in page and "The seven characters" in page for page in pages[:limit])
    last = pages[limit]
    assert METERED in last and "The seven characters" not in last
    # The official description stays visible behind the wall.
    assert "Replacement of" in last or "Resection of" in last
    assert FULL in _text(guest.get(f"/codes/icd-10-pcs/{codes[0]}"))  # counted already


def test_import_is_idempotent_and_updates_in_place(app, pcs_tables):
    with app.app_context():
        before = dict(
            db.session.execute(
                sa.select(MedicalCode.code, MedicalCode.id).where(MedicalCode.system == PCS)
            ).all()
        )
        result = pcs.import_icd10pcs(only_tables=pcs.DEMO_TABLES)
        after = dict(
            db.session.execute(
                sa.select(MedicalCode.code, MedicalCode.id).where(MedicalCode.system == PCS)
            ).all()
        )
    assert result.inserted == 0 and result.updated == len(before)
    assert after == before


def test_the_demo_loads_the_sample_tables(app, pcs_tables):
    with app.app_context():
        tables = set(
            db.session.scalars(
                sa.select(MedicalCode.code).where(
                    MedicalCode.system == PCS, MedicalCode.parent_code.is_(None)
                )
            )
        )
        count = db.session.scalar(sa.select(sa.func.count()).where(MedicalCode.system == PCS))
    expected = len(pcs.package_codes(pcs.DEMO_TABLES))
    assert {t[:2] for t in pcs.DEMO_TABLES} == tables
    assert count == expected + len(pcs.DEMO_TABLES) + len(tables)


def test_the_code_index_browses_pcs_by_body_system(client, pcs_tables):
    html = client.get("/codes/").get_data(as_text=True)
    assert "Browse ICD-10-PCS by body system" in html
    assert 'href="/codes/icd-10-pcs/0S"' in html and "Medical and Surgical: Lower Joints" in html
