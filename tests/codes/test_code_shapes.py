"""Every real code shape is a key code and a link; ZIP codes, pay and phone numbers are not."""

import re

import pytest
import sqlalchemy as sa

from careercenter.codes.importers import demo_file, import_csv, import_icd10cm
from careercenter.codes.linkify import link_codes
from careercenter.extensions import db
from careercenter.models import CodeSystem, Posting
from tests.conftest import post_form
from tests.factories import POSTING_FORM


@pytest.fixture
def code_sets(app, tmp_path):
    """ICD-10-CM around the codes below, and a CPT file with PLA, Category II/III codes and
    a code that is also a Denver ZIP code."""
    cpt = tmp_path / "cpt.csv"
    cpt.write_text(
        "code,official_description,plain_description\n"
        + "".join(f"{code},,CPT code {code}\n" for code in ["99213", "80202", "65000"])
        + "0001U,,A lab analysis\n0042T,,An emerging technology\n0001F,,A quality measure\n",
        encoding="utf-8",
    )
    with app.app_context():
        import_icd10cm(only_prefixes=["U07", "U09", "I10", "B20", "E11.9"])
        import_csv(CodeSystem.CPT, cpt, source="test")
        import_csv(CodeSystem.HCPCS, demo_file("hcpcs_demo.csv"), source="demo")
        import_csv(CodeSystem.MODIFIER, demo_file("modifiers.csv"), source="demo")


def _links(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a href="/codes/([^"]+)" class="code-link"[^>]*>([^<]+)</a>', html)


def test_key_codes_take_every_real_code_shape(app, employer, code_sets):
    typed = "U07.1, U09.9, 0001U, 0042T, 0001F, I10, B20, 99213-25, J1100 -RT; modifier 59"
    response = post_form(
        employer,
        "/employer/postings/new",
        {**POSTING_FORM, "submit_for_review": "y", "key_codes": typed},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "/employer/postings/new" not in response.request.path
    assert "not a billable code" not in page  # I10 and B20 are billable
    with app.app_context():
        posting = db.session.scalar(sa.select(Posting))
        assert posting.key_codes == [
            "U07.1", "U09.9", "0001U", "0042T", "0001F", "I10", "B20", "99213", "-25",
            "J1100", "-RT", "-59",
        ]  # fmt: skip


def test_job_text_links_codes_and_modifiers_but_not_zip_codes_pay_or_phones(app, code_sets):
    html = (
        "<p>Office in Denver, CO 80202 (ZIP 80202-1234). Salary $65000, or 65000 per year; "
        "call 80202 ext. 65000. Code 99213-25, 0001U, 0042T, 0001F, U07.1, U09.9 and I10; "
        "B20 and J1100 with modifier 59 or -RT. E11 is a heading, ages 18-25.</p>"
    )
    with app.test_request_context():
        links = _links(str(link_codes(html)))
    assert links == [
        ("cpt/99213", "99213"),
        ("modifier/25", "25"),
        ("cpt/0001U", "0001U"),
        ("cpt/0042T", "0042T"),
        ("cpt/0001F", "0001F"),
        ("icd-10-cm/U07.1", "U07.1"),
        ("icd-10-cm/U09.9", "U09.9"),
        ("icd-10-cm/I10", "I10"),
        ("icd-10-cm/B20", "B20"),
        ("hcpcs/J1100", "J1100"),
        ("modifier/59", "59"),
        ("modifier/RT", "RT"),
    ]


def test_a_job_page_links_its_modifier_key_codes(app, code_sets, post_job, publish, client):
    posting_id = post_job(key_codes="99213-25")
    publish(posting_id)
    page = client.get(f"/jobs/{posting_id}", follow_redirects=True).get_data(as_text=True)
    assert re.search(r'href="/codes/modifier/25\?job=\d+\.[\w-]+">-25</a>', page)
