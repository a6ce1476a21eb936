"""What the fuzz tests found, pinned down as plain examples so that it never comes back."""

from __future__ import annotations

import pytest
from lxml import etree

from careercenter.models import Application, Company, Posting
from tests.conftest import post_form
from tests.factories import COMPANY_FORM, POSTING_FORM, save_profile
from tests.fuzz.conftest import count, snapshot


@pytest.mark.parametrize("path", ["/companies/a%00b", "/companies/a%00b/logo.png"])
def test_a_company_address_with_a_nul_byte_is_not_found(client, path):
    # PostgreSQL refused to compare the slug with a NUL byte in it: a 500 for anyone.
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("poison", ["\x00", "\x08", "\x1b[2J", "\u202e"], ids=repr)
def test_control_characters_in_a_job_description_are_refused(app, employer, poison, client):
    # They were stored, and one published job with them broke the Atom feed for everyone
    # (lxml refuses control characters); a NUL byte was a 500 on PostgreSQL.
    description = POSTING_FORM["description"] + poison
    data = {**POSTING_FORM, "description": description, "submit_for_review": "y"}
    response = post_form(employer, "/employer/postings/new", data)
    assert response.status_code == 422
    assert "Remove the invisible control characters" in response.get_data(as_text=True)
    assert count(app, Posting) == 0


def test_line_breaks_and_tabs_in_a_job_description_are_kept(app, employer):
    description = POSTING_FORM["description"] + "\r\n\r\n- Remote\t(CO only)\n- Epic"
    data = {**POSTING_FORM, "description": description, "save_draft": "y"}
    assert post_form(employer, "/employer/postings/new", data).status_code == 303
    (posting,) = snapshot(app, Posting, Posting.id > 0)
    assert "\t(CO only)" in posting["description_md"]


def test_the_feed_stays_well_formed_xml(client, open_job):
    etree.fromstring(client.get("/jobs/feed.atom").data)


@pytest.mark.parametrize("poison", ["\x00", "\x08"], ids=repr)
def test_control_characters_in_the_company_about_text_are_refused(app, employer, poison):
    before = snapshot(app, Company, Company.id > 0)
    data = {**COMPANY_FORM, "about": "We code **orthopaedics**." + poison}
    response = post_form(employer, "/employer/company", data)
    assert response.status_code == 422
    assert snapshot(app, Company, Company.id > 0) == before


@pytest.mark.parametrize(
    ("letter", "poison"),
    [
        ("I code foot surgery.", "\x00"),
        ("I code foot surgery.", "\x07"),
        # U+0085 alone: Python calls it whitespace, so "optional" used to stop the checks
        # there and the character was stored.
        ("", "\x85"),
        ("  ", "\x1f"),
    ],
    ids=repr,
)
def test_control_characters_in_a_cover_letter_are_refused(
    app, coder_client, open_job, letter, poison
):
    form = {"resume_choice": "profile", "cover_letter": letter + poison}
    response = post_form(coder_client, f"/jobs/{open_job}/apply/on-site", form)
    assert response.status_code == 422
    assert count(app, Application) == 0


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("TRACE", "/api/v1/jobs/1", "GET, HEAD, OPTIONS"),
        ("TRACE", "/api/v1/", "GET, HEAD, OPTIONS"),
        ("POST", "/api/v1/jobs", "GET, HEAD, OPTIONS"),
        ("TRACE", "/jobs", "GET, HEAD, OPTIONS"),
        ("GET", "/logout", "OPTIONS, POST"),
    ],
)
def test_a_method_not_allowed_says_which_are(client, method, path, allow):
    # Schemathesis: a method the router refuses (TRACE) was a 405 without `Allow`, which
    # RFC 9110 requires.
    response = client.open(path, method=method)
    assert response.status_code == 405
    assert response.headers["Allow"] == allow
    if path.startswith("/api/"):
        assert response.get_json() == {
            "status": 405,
            "message": "The method is not allowed for the requested URL.",
        }


def test_an_invisible_character_in_the_company_website_is_refused(app, employer):
    # The URL validator let "https://summitortho.example\u200b" through: a link that does
    # not go where it reads.
    before = snapshot(app, Company, Company.id > 0)
    data = {**COMPANY_FORM, "website": "https://summitortho\u200b.example"}
    assert post_form(employer, "/employer/company", data).status_code == 422
    assert snapshot(app, Company, Company.id > 0) == before


def test_an_invisible_character_in_the_application_address_is_refused(app, employer):
    data = {**POSTING_FORM, "apply_method": "external", "apply_url": "https://jobs\u200b.example/1",
            "save_draft": "y"}  # fmt: skip
    assert post_form(employer, "/employer/postings/new", data).status_code == 422
    assert count(app, Posting) == 0


@pytest.mark.parametrize("amount", ["NaN", "sNaN", "-sNaN", "Infinity"])
def test_an_amount_that_is_not_a_number_is_refused(app, employer, coder_client, client, amount):
    # Decimal reads these as numbers: NaN could not be compared in the posting form's pay
    # check, and WTForms' NumberRange raises on "sNaN" (math.isnan), so /jobs?pay_min=sNaN
    # was a 500 on the page, the feed and the API, and so was the coder's desired pay.
    for pay_min, pay_max in ((amount, "33"), ("26", amount)):
        data = {**POSTING_FORM, "pay_min": pay_min, "pay_max": pay_max, "save_draft": "y"}
        assert post_form(employer, "/employer/postings/new", data).status_code == 422
    assert count(app, Posting) == 0
    assert save_profile(coder_client, resume=None, desired_pay=amount).status_code == 422
    assert client.get(f"/jobs?pay_min={amount}").status_code == 200
    assert client.get(f"/jobs/feed.atom?pay_min={amount}").status_code == 200
    response = client.get(f"/api/v1/jobs?pay_min={amount}")
    assert response.status_code == 400
    assert "pay_min" in response.get_json()["errors"]
