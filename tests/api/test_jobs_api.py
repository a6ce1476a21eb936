from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest
from openapi_spec_validator import validate

from careercenter.api.openapi import openapi_document
from careercenter.models import User, utcnow
from careercenter.models.posting import ApplyMethod
from careercenter.search.forms import JobSearchForm
from tests.api.openapi_check import check_response, validator_for

HOSTILE_NAME = '<script>alert("company")</script> Coding & Co'
HOSTILE_DESCRIPTION = (
    "We code **surgery**. </script><script>alert(1)</script> <img src=x onerror=alert(2)> "
    "[apply here](javascript:alert(3)) and <iframe src=https://evil.example></iframe> now."
)


def assert_inert_html(html: str) -> None:
    """No element or attribute in `html` can run script or load anything."""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in root.iter():
        assert element.tag not in {"script", "style", "img", "iframe", "object", "embed"}
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (name, value)
            assert not value.strip().lower().startswith(("javascript:", "data:")), value


def ids(client, url: str) -> list[int]:
    return [item["id"] for item in check_response(client.get(url), "/jobs")["items"]]


# -- the description ---------------------------------------------------------------------------


def test_the_openapi_document_is_valid_openapi_3_1(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    document = response.get_json()
    validate(document)
    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": "/api/v1"}]


def test_the_document_lists_exactly_the_parameters_the_search_reads():
    parameters = openapi_document()["paths"]["/jobs"]["get"]["parameters"]
    assert {p["name"] for p in parameters} == {field.name for field in JobSearchForm()} | {
        "per_page"
    }
    credential = next(p for p in parameters if p["name"] == "credential")
    assert "cpc-a" in credential["schema"]["enum"] and "ccs-p" in credential["schema"]["enum"]


def test_the_index_links_to_the_resources(client):
    response = client.get("/api/v1/")
    body = check_response(response, "/")
    assert body == {
        "jobs": "http://localhost/api/v1/jobs",
        "suggest": "http://localhost/api/v1/suggest",
        "codes": "http://localhost/api/v1/codes",
        "openapi": "http://localhost/api/v1/openapi.json",
        "pay": "http://localhost/api/v1/pay",
    }


# -- the list ----------------------------------------------------------------------------------


def test_the_list_has_open_jobs_only(client, jobs):
    company = jobs.company()
    open_id = jobs.posting(company, title="Outpatient Coder")
    for state in ("draft", "submitted", "rejected", "expired", "lapsed", "filled", "closed"):
        jobs.posting(company, state=state, title=f"Coder {state}")

    response = client.get("/api/v1/jobs")
    body = check_response(response, "/jobs")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert [item["id"] for item in body["items"]] == [open_id]
    assert (body["total"], body["total_is_capped"], body["page"], body["pages"]) == (1, False, 1, 1)
    assert body["links"] == {"self": "http://localhost/api/v1/jobs", "next": None, "prev": None}

    item = body["items"][0]
    assert item["url"] == f"http://localhost/jobs/{open_id}-outpatient-coder"
    assert item["status"] == "open"
    assert item["company"] == {
        "name": "Summit Orthopaedic Partners",
        "slug": "company-1",
        "url": "http://localhost/companies/company-1",
        "verified": False,
        "logo_url": None,
    }
    assert item["location"]["city"] == "Denver" and item["location"]["zip"] == "80202"
    assert item["pay"] == {"min": 26.0, "max": 33.0, "unit": "hour", "currency": "USD"}
    assert item["credentials_required"] == ["cpc", "cosc"]
    assert item["apply"] == {"method": "on-site", "url": item["url"]}
    assert "description_html" not in item
    assert item["summary"].startswith("Code orthopaedic surgery for our foot and ankle team")


def test_the_list_takes_the_search_pages_filters(client, jobs):
    company = jobs.company()
    remote = jobs.posting(
        company,
        title="Remote Risk Adjustment Coder",
        arrangement="remote",
        remote_states=["FL", "TX"],
        credentials_required=["crc"],
        specialties=["risk-adjustment"],
        zip_code="77002",
    )
    boston = jobs.posting(
        company,
        title="Inpatient DRG Coder",
        credentials_required=["ccs"],
        specialties=["inpatient-drg"],
        settings=["hospital-inpatient"],
        employment_type="part-time",
        pay_min=80000,
        pay_max=95000,
        pay_unit="year",
        zip_code="02108",
    )
    denver = jobs.posting(company, arrangement="hybrid")

    assert ids(client, "/api/v1/jobs?credential=crc") == [remote]
    assert ids(client, "/api/v1/jobs?arrangement=remote") == [remote]
    assert ids(client, "/api/v1/jobs?q=risk+adjustment") == [remote]
    assert ids(client, "/api/v1/jobs?location=02108&radius=10") == [boston]
    assert ids(client, "/api/v1/jobs?location=TX") == [remote]
    assert ids(client, "/api/v1/jobs?type=part-time") == [boston]
    assert ids(client, "/api/v1/jobs?pay_min=75000") == [boston]
    assert ids(client, "/api/v1/jobs?specialty=orthopaedics&arrangement=hybrid") == [denver]
    assert ids(client, "/api/v1/jobs?sort=newest") == [denver, boston, remote]
    assert ids(client, "/api/v1/jobs?credential=cdip") == []


def test_summaries_are_plain_text_not_html(client, jobs):
    description = "Pay & benefits: **great**. Use <E/M> codes & 99213 " + "word " * 100
    posting_id = jobs.posting(jobs.company(), description_md=description)
    [item] = check_response(client.get("/api/v1/jobs"), "/jobs")["items"]
    assert item["summary"].startswith("Pay & benefits: great. Use <E/M> codes & 99213 word")
    assert len(item["summary"]) <= 300 and item["summary"].endswith("word\u2026")
    detail = check_response(client.get(f"/api/v1/jobs/{posting_id}"), "/jobs/{posting_id}")
    assert detail["summary"] == item["summary"]


def test_booleans_read_as_the_document_says(client, jobs):
    company = jobs.company()
    apprentice = jobs.posting(company, apprentice_friendly=True, credentials_required=["cpc-a"])
    other = jobs.posting(company)
    assert ids(client, "/api/v1/jobs?apprentice=true") == [apprentice]
    assert ids(client, "/api/v1/jobs?apprentice=1") == [apprentice]
    assert set(ids(client, "/api/v1/jobs?apprentice=false")) == {apprentice, other}


def test_pages_link_to_each_other_and_keep_the_filters(client, jobs):
    company = jobs.company()
    posted = [jobs.posting(company, title=f"Coder number {n}") for n in range(5)]

    first = check_response(
        client.get("/api/v1/jobs?credential=cpc&sort=newest&per_page=2"), "/jobs"
    )
    assert (first["total"], first["pages"], first["per_page"]) == (5, 3, 2)
    assert first["links"]["prev"] is None
    next_url = urlsplit(first["links"]["next"])
    assert next_url.path == "/api/v1/jobs"
    assert parse_qs(next_url.query) == {
        "credential": ["cpc"],
        "sort": ["newest"],
        "page": ["2"],
        "per_page": ["2"],
    }

    seen = [item["id"] for item in first["items"]]
    page = first
    while page["links"]["next"]:
        page = check_response(client.get(page["links"]["next"]), "/jobs")
        seen += [item["id"] for item in page["items"]]
    assert seen == list(reversed(posted))
    assert page["page"] == 3 and page["links"]["next"] is None
    assert parse_qs(urlsplit(page["links"]["prev"]).query)["page"] == ["2"]


def test_a_page_past_the_last_gives_the_last_page(client, jobs):
    company = jobs.company()
    only = jobs.posting(company)
    body = check_response(client.get("/api/v1/jobs?page=999999"), "/jobs")
    assert body["page"] == 1 and [item["id"] for item in body["items"]] == [only]


def test_an_empty_result_is_a_page_with_no_items(client):
    body = check_response(client.get("/api/v1/jobs?q=cardiology"), "/jobs")
    assert body["items"] == [] and body["total"] == 0 and body["pages"] == 1


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("radius=-5", "radius"),
        ("radius=5000", "radius"),
        ("per_page=0", "per_page"),
        ("per_page=51", "per_page"),
        ("per_page=ten", "per_page"),
        ("per_page=" + "9" * 5000, "per_page"),
        ("page=0", "page"),
        ("page=abc", "page"),
        ("page=" + "9" * 5000, "page"),
        ("credential=cpc-z", "credential"),
        ("arrangement=moon", "arrangement"),
        ("type=forever", "type"),
        ("location=Atlantis", "location"),
        ("pay_min=NaN", "pay_min"),
        ("pay_min=-1", "pay_min"),
        ("posted_within=0", "posted_within"),
        ("sort=random", "sort"),
        ("q=%00%01", "q"),
        ("q=" + "x" * 201, "q"),
        ("apprentice=maybe", "apprentice"),
        ("radius=", "radius"),
        ("credential=", "credential"),
        ("per_page=", "per_page"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(client, query, param):
    response = client.get(f"/api/v1/jobs?{query}")
    assert response.status_code == 400
    body = check_response(response, "/jobs")
    assert param in body["errors"], body
    assert body["status"] == 400


@pytest.mark.parametrize(
    "q",
    ['"', '"unclosed', "AND OR NOT", "cpc*", "NEAR(a b)", "title:coder", "(", ")", "'", "-",
     "^", "a & b | !c", "<->", ":*", "{}", "[x]", "\\", "%", "_", "e/m -", "NOT", "* * *"],
)  # fmt: skip
def test_full_text_syntax_in_q_is_just_text(client, jobs, q):
    jobs.posting(jobs.company())
    response = client.get("/api/v1/jobs", query_string={"q": q})
    assert response.status_code == 200, response.get_data(as_text=True)
    check_response(response, "/jobs")


# -- one job -----------------------------------------------------------------------------------


def test_an_open_job(client, jobs):
    company = jobs.company(verified_at=utcnow())
    posting_id = jobs.posting(company, years_experience=3)
    response = client.get(f"/api/v1/jobs/{posting_id}")
    body = check_response(response, "/jobs/{posting_id}")
    assert body["id"] == posting_id and body["status"] == "open"
    assert body["company"]["verified"] is True
    assert body["ended_at"] is None
    assert body["years_experience"] == 3
    assert "<strong>orthopaedic</strong>" in body["description_html"]
    assert body["apply"]["url"] == body["url"]


def test_an_external_application_goes_through_the_counting_redirect(client, jobs):
    posting_id = jobs.posting(
        jobs.company(), apply_method=ApplyMethod.EXTERNAL, apply_url="https://careers.example/1"
    )
    body = check_response(client.get(f"/api/v1/jobs/{posting_id}"), "/jobs/{posting_id}")
    assert body["apply"] == {
        "method": "external",
        "url": f"http://localhost/jobs/{posting_id}/apply",
    }


@pytest.mark.parametrize(
    ("state", "status"),
    [("expired", "expired"), ("lapsed", "expired"), ("filled", "filled"), ("closed", "closed")],
)
def test_an_ended_job_is_public_and_says_it_has_ended(client, jobs, state, status):
    posting_id = jobs.posting(jobs.company(), state=state)
    body = check_response(client.get(f"/api/v1/jobs/{posting_id}"), "/jobs/{posting_id}")
    assert body["status"] == status
    assert body["apply"]["url"] is None
    assert body["ended_at"] is not None


@pytest.mark.parametrize("state", ["draft", "submitted", "rejected"])
def test_a_job_never_published_is_not_found(client, jobs, state):
    posting_id = jobs.posting(jobs.company(), state=state)
    response = client.get(f"/api/v1/jobs/{posting_id}")
    assert response.status_code == 404
    body = check_response(response, "/jobs/{posting_id}")
    assert body["status"] == 404 and "title" not in body


def test_the_jobs_of_a_suspended_employer_are_not_found(client, jobs):
    company = jobs.company()
    posting_id = jobs.posting(company)
    owner_id = jobs.get(posting_id).company.owner_id
    jobs.update(User, owner_id, suspended_at=utcnow())
    assert client.get(f"/api/v1/jobs/{posting_id}").status_code == 404


@pytest.mark.parametrize("posting_id", ["0", "999999", "99999999999999999999"])
def test_ids_that_name_no_job_are_not_found(client, posting_id):
    response = client.get(f"/api/v1/jobs/{posting_id}")
    assert response.status_code == 404
    check_response(response, "/jobs/{posting_id}")


def test_hostile_text_stays_inert(client, jobs):
    company = jobs.company(name=HOSTILE_NAME)
    posting_id = jobs.posting(company, description_md=HOSTILE_DESCRIPTION)
    response = client.get(f"/api/v1/jobs/{posting_id}")
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    body = check_response(response, "/jobs/{posting_id}")
    assert body["company"]["name"] == HOSTILE_NAME  # data, served as JSON, never as HTML
    assert_inert_html(body["description_html"])
    assert "<strong>surgery</strong>" in body["description_html"]
    # Plain-text fields carry what the employer typed, as text: the document tells
    # consumers to escape them, as they would the title or the company's name.
    assert body["summary"].startswith("We code surgery. </script><script>")
    summary_doc = openapi_document()["components"]["schemas"]["Job"]["properties"]["summary"]
    assert "plain text" in summary_doc["description"]


# -- errors are JSON too -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/api/v1/nothing-here", 404),
        ("GET", "/api/v1/jobs/abc", 404),
        ("GET", "/api/v1/jobs/-5", 404),
        ("POST", "/api/v1/nothing-here", 404),
        ("POST", "/api/v1/jobs", 405),
        ("PUT", "/api/v1/jobs/1", 405),
        ("DELETE", "/api/v1/jobs/1", 405),
        ("PATCH", "/api/v1/openapi.json", 405),
        ("POST", "/api/v1/", 405),
    ],
)
def test_unknown_addresses_and_methods_answer_in_json(client, method, path, status):
    response = client.open(path, method=method)
    assert response.status_code == status
    assert response.mimetype == "application/json"
    validator_for("Error").validate(response.get_json())
    if status == 405:
        assert response.headers["Allow"] == "GET, HEAD, OPTIONS"


def test_options_names_the_read_methods(client):
    response = client.options("/api/v1/jobs")
    assert response.status_code == 200
    assert response.headers["Allow"] == "GET, HEAD, OPTIONS"
