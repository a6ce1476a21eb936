"""The schema.org JobPosting on job pages, as Google's job search reads it."""

import json

import lxml.html
import pytest

from careercenter.extensions import db
from careercenter.models import Company, Posting
from careercenter.models.posting import ApplyMethod
from careercenter.postings.jsonld import job_posting_jsonld, script_json

HOSTILE_TITLE = "Coder </script><script>alert('title')</script>"
HOSTILE_NAME = "<script>alert('company')</script> & Sons"
HOSTILE_DESCRIPTION = (
    "Code surgery. </script><script>alert(1)</script><!-- <img src=x onerror=alert(2)> "
    "Ask about E11.52 & 28820."
)


def jsonld(app, posting_id: int) -> dict:
    with app.test_request_context():
        return job_posting_jsonld(db.session.get(Posting, posting_id))


def page_jsonld(response) -> list[dict]:
    """The JSON-LD blocks of a page, parsed back as a search engine would."""
    document = lxml.html.fromstring(response.get_data(as_text=True))
    return [
        json.loads(script.text)
        for script in document.iter("script")
        if script.get("type") == "application/ld+json"
    ]


def job_page(client, jobs, posting_id: int):
    posting = jobs.get(posting_id)
    return client.get(f"/jobs/{posting.id}-{posting.slug}")


# -- the data ------------------------------------------------------------------------------------


def test_an_on_site_hourly_job_has_googles_required_and_recommended_properties(app, jobs):
    posting_id = jobs.posting(jobs.company(), title="Orthopaedic Surgery Coder")
    posting = jobs.get(posting_id)
    data = jsonld(app, posting_id)

    assert data["@context"] == "https://schema.org/" and data["@type"] == "JobPosting"
    assert data["title"] == "Orthopaedic Surgery Coder"
    assert data["description"] == posting.description_html
    assert data["datePosted"] == posting.published_at.isoformat(timespec="seconds")
    assert data["validThrough"] == posting.expires_at.isoformat(timespec="seconds")
    assert data["employmentType"] == "FULL_TIME"
    assert data["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Summit Orthopaedic Partners",
        "sameAs": "https://summitortho.example",
    }
    assert data["jobLocation"] == {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Denver",
            "addressRegion": "CO",
            "postalCode": "80202",
            "addressCountry": "US",
        },
    }
    assert "jobLocationType" not in data and "applicantLocationRequirements" not in data
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "USD",
        "value": {"@type": "QuantitativeValue", "minValue": 26, "maxValue": 33, "unitText": "HOUR"},
    }
    assert data["identifier"] == {
        "@type": "PropertyValue",
        "name": "Summit Orthopaedic Partners",
        "value": str(posting_id),
    }
    assert data["url"] == f"http://localhost/jobs/{posting_id}-orthopaedic-surgery-coder"
    # Applying on CareerCenter takes a coder account: not "direct apply" in Google's sense.
    assert data["directApply"] is False
    assert data["occupationalCategory"] == "29-2072.00 Medical Records Specialists"
    assert data["experienceRequirements"] == {
        "@type": "OccupationalExperienceRequirements",
        "monthsOfExperience": 24,
    }
    assert data["educationRequirements"]["credentialCategory"] == "professional certificate"
    assert data["qualifications"].startswith(
        "One of these credentials: CPC (Certified Professional Coder) or COSC"
    )


def test_a_remote_job_names_the_states_applicants_may_live_in(app, jobs):
    company = jobs.company()
    some_states = jobs.posting(company, arrangement="remote", remote_states=["FL", "TX"])
    anywhere = jobs.posting(company, arrangement="remote", remote_states=[])

    data = jsonld(app, some_states)
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["applicantLocationRequirements"] == [
        {"@type": "State", "name": "Florida"},
        {"@type": "State", "name": "Texas"},
    ]
    assert data["jobLocation"]["address"]["addressRegion"] == "CO"  # the team's base
    assert jsonld(app, anywhere)["applicantLocationRequirements"] == {
        "@type": "Country",
        "name": "US",
    }


def test_a_hybrid_job_is_not_telecommute(app, jobs):
    data = jsonld(app, jobs.posting(jobs.company(), arrangement="hybrid"))
    assert "jobLocationType" not in data and data["jobLocation"]["@type"] == "Place"


@pytest.mark.parametrize(
    ("employment_type", "expected"),
    [
        ("full-time", "FULL_TIME"),
        ("part-time", "PART_TIME"),
        ("contract", "CONTRACTOR"),
        ("per-diem", "PER_DIEM"),
        ("temp-to-hire", "TEMPORARY"),
    ],
)
def test_employment_types_use_googles_values(app, jobs, employment_type, expected):
    posting_id = jobs.posting(jobs.company(), employment_type=employment_type)
    assert jsonld(app, posting_id)["employmentType"] == expected


def test_a_yearly_salary_and_a_single_rate(app, jobs):
    posting_id = jobs.posting(jobs.company(), pay_min=62000, pay_max=62000, pay_unit="year")
    assert jsonld(app, posting_id)["baseSalary"]["value"] == {
        "@type": "QuantitativeValue",
        "value": 62000,
        "unitText": "YEAR",
    }


def test_pay_per_chart_has_no_base_salary(app, jobs):
    # Google accepts only HOUR, DAY, WEEK, MONTH and YEAR; a per-chart rate has no honest
    # conversion, so the property is left out rather than given a value Google rejects.
    posting_id = jobs.posting(jobs.company(), pay_min="0.90", pay_max="1.50", pay_unit="chart")
    assert "baseSalary" not in jsonld(app, posting_id)


def test_no_experience_no_credentials_and_an_external_application(app, jobs):
    posting_id = jobs.posting(
        jobs.company(website=None),
        years_experience=0,
        credentials_required=[],
        credentials_preferred=["ccs"],
        apply_method=ApplyMethod.EXTERNAL,
        apply_url="https://careers.example/42",
    )
    data = jsonld(app, posting_id)
    assert data["experienceRequirements"] == "no requirements"
    assert "educationRequirements" not in data
    assert data["qualifications"] == "Preferred: CCS (Certified Coding Specialist)."
    assert data["directApply"] is False
    assert "sameAs" not in data["hiringOrganization"]


def test_the_logo_is_an_absolute_versioned_url(app, jobs):
    company = jobs.company(slug="riverside-health")
    jobs.update(Company, company, logo_version="a1b2c3")
    data = jsonld(app, jobs.posting(company))
    assert (
        data["hiringOrganization"]["logo"]
        == "http://localhost/companies/riverside-health/logo.png?v=a1b2c3"
    )


# -- embedding it safely ---------------------------------------------------------------------------


def test_the_script_text_cannot_close_the_element_and_reads_back_unchanged():
    data = {"description": "</script><script>alert(1)</script><!-- a & b \u2028 \u00e9"}
    text = str(script_json(data))
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert "\\u003c/script\\u003e" in text
    assert json.loads(text) == data


# -- on the job page -------------------------------------------------------------------------------


def test_an_open_job_page_carries_its_jsonld(app, client, jobs):
    posting_id = jobs.posting(jobs.company())
    response = job_page(client, jobs, posting_id)
    assert response.status_code == 200
    assert page_jsonld(response) == [jsonld(app, posting_id)]


def test_hostile_text_cannot_break_out_of_the_jsonld(app, client, jobs):
    company = jobs.company(name=HOSTILE_NAME)
    posting_id = jobs.posting(company, title=HOSTILE_TITLE, description_md=HOSTILE_DESCRIPTION)
    response = job_page(client, jobs, posting_id)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<script>alert" not in html

    [data] = page_jsonld(response)
    assert data["title"] == HOSTILE_TITLE
    assert data["hiringOrganization"]["name"] == HOSTILE_NAME
    document = lxml.html.fromstring(html)
    for script in document.iter("script"):
        # Only the JSON-LD data block and scripts from our own files.
        assert script.get("type") == "application/ld+json" or script.get("src"), script.text


@pytest.mark.parametrize("state", ["expired", "lapsed", "filled", "closed"])
def test_an_ended_job_page_says_so_and_has_no_jsonld(client, jobs, state):
    posting_id = jobs.posting(jobs.company(), state=state)
    response = job_page(client, jobs, posting_id)
    assert response.status_code == 200
    assert "no longer accepting applications" in response.get_data(as_text=True)
    assert page_jsonld(response) == []


@pytest.mark.parametrize("state", ["draft", "submitted", "rejected"])
def test_an_unpublished_job_is_not_public(client, jobs, state):
    posting_id = jobs.posting(jobs.company(), state=state)
    assert job_page(client, jobs, posting_id).status_code == 404
