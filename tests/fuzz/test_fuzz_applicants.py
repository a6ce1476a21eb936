"""The coder's forms fed hostile values: the profile (with its resume), applying, job alerts,
saving jobs (with their `next` address), and reporting a job."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from hypothesis import given, note
from hypothesis import strategies as st

from careercenter.applicants.forms import MAX_COVER_LETTER
from careercenter.extensions import db
from careercenter.models import (
    ApplicantProfile,
    Application,
    HeldCredential,
    Report,
    ReportReason,
    Resume,
    SavedSearch,
)
from careercenter.vocabulary import (
    ARRANGEMENTS,
    CODE_SETS,
    CREDENTIALS,
    EMPLOYMENT_TYPES,
    PAY_UNITS,
    SETTINGS,
    SPECIALTIES,
    TOOLS,
)
from tests.conftest import post_form
from tests.factories import PDF, PROFILE_FORM
from tests.fuzz.conftest import FUZZ, assert_clean, count, fresh_limits, outcome, snapshot
from tests.fuzz.strategies import (
    form_with_hostile_fields,
    hostile_bytes,
    hostile_list,
    hostile_or,
    hostile_text,
)

numbers = hostile_or("0", "4", "60", "61", "-1", "30", "0.001", "1000001", "NaN", "sNaN", "1e3")
PROFILE_FIELDS = {
    "full_name": hostile_text,
    "headline": hostile_text,
    "zip_code": hostile_or("80202", "00000", "8020"),
    "credentials-0-credential": hostile_or(*CREDENTIALS, ""),
    "credentials-0-number": hostile_text,
    "credentials-0-expires_on": hostile_or("2030-12-31", "2030-02-30", "0000-00-00", "9999-12-31"),
    "credentials-1-credential": hostile_or(*CREDENTIALS, "cpc"),
    "years_experience": numbers,
    "specialties": hostile_list(*SPECIALTIES),
    "settings": hostile_list(*SETTINGS),
    "code_sets": hostile_list(*CODE_SETS),
    "tools": hostile_list(*TOOLS),
    "arrangements": hostile_list(*ARRANGEMENTS),
    "employment_types": hostile_list(*EMPLOYMENT_TYPES),
    "desired_pay": numbers,
    "desired_pay_unit": hostile_or(*PAY_UNITS),
}


@pytest.fixture
def resumes_in(app, monkeypatch, tmp_path):
    """Uploaded resumes go to a temporary folder, not the instance folder."""
    monkeypatch.setitem(app.config, "RESUME_DIR", str(tmp_path / "resumes"))


def _profile_rows(app) -> tuple:
    return snapshot(app, ApplicantProfile, ApplicantProfile.id > 0), snapshot(
        app, HeldCredential, HeldCredential.id > 0
    )


@FUZZ
@given(
    form=form_with_hostile_fields(PROFILE_FORM, PROFILE_FIELDS),
    resume=st.one_of(st.none(), hostile_bytes(), st.just(PDF)),
    filename=hostile_or("resume.pdf", "resume.docx"),
)
def test_profile(app, coder_client, resumes_in, form, resume, filename):
    note(f"form={form!r} resume={resume!r} filename={filename!r}")
    before = _profile_rows(app)
    resumes = count(app, Resume)
    if resume is not None:
        form["resume_file"] = (io.BytesIO(resume), filename.replace("\x00", "") or "x")
    response = post_form(coder_client, "/me/profile", form, content_type="multipart/form-data")
    if outcome(response) == "refused":
        assert _profile_rows(app) == before
        assert count(app, Resume) == resumes
        return
    (profile,), credentials = _profile_rows(app)
    assert_clean(profile["full_name"], max_length=120, what="name")
    assert_clean(profile["headline"], max_length=160, what="headline")
    assert profile["zip_code"].isdigit() and len(profile["zip_code"]) == 5
    assert 0 <= profile["years_experience"] <= 60
    for name, vocabulary in (("specialties", SPECIALTIES), ("settings", SETTINGS),
                             ("code_sets", CODE_SETS), ("tools", TOOLS),
                             ("arrangements", ARRANGEMENTS),
                             ("employment_types", EMPLOYMENT_TYPES)):  # fmt: skip
        assert set(profile[name]) <= set(vocabulary), name
    for held in credentials:
        assert held["credential"] in CREDENTIALS
        assert_clean(held["number"], max_length=40, what="credential number")
    for row in snapshot(app, Resume, Resume.id > 0):
        assert_clean(row["filename"], max_length=120, what="resume file name")
        assert row["filename"].endswith((".pdf", ".docx")) and "/" not in row["filename"]


@pytest.fixture
def signed_in(client, login_as):
    login_as()
    return client


@pytest.fixture
def applying(app, coder_client, open_job):
    """The coder and the job; each example's application is removed after it."""
    yield coder_client, open_job
    with app.app_context():
        db.session.execute(sa.delete(Application))
        db.session.commit()


@FUZZ
@given(
    form=form_with_hostile_fields(
        {"resume_choice": "profile", "cover_letter": "I code foot and ankle surgery daily."},
        {"resume_choice": hostile_or("profile", "upload"), "cover_letter": hostile_text},
    ),
    upload=st.one_of(st.none(), hostile_bytes(), st.just(PDF)),
)
def test_apply(app, applying, resumes_in, form, upload):
    note(f"form={form!r} upload={upload!r}")
    coder, job = applying
    applications = count(app, Application)
    if upload is not None:
        form["resume"] = (io.BytesIO(upload), "resume.pdf")
    response = post_form(
        coder, f"/jobs/{job}/apply/on-site", form, content_type="multipart/form-data"
    )
    if outcome(response) == "refused":
        assert count(app, Application) == applications
        return
    (application,) = snapshot(app, Application, Application.id > 0)
    assert_clean(
        application["cover_letter"], max_length=MAX_COVER_LETTER, multiline=True, what="letter"
    )
    with app.app_context():
        db.session.execute(sa.delete(Application))
        db.session.commit()


query_strings = st.lists(
    st.tuples(hostile_or("q", "location", "radius", "page", "sort", "credential"), hostile_text)
).map(lambda pairs: "&".join(f"{k}={v}" for k, v in pairs))


@FUZZ
@given(
    form=form_with_hostile_fields(
        {"query": "q=coder&arrangement=remote", "name": "Remote coders", "frequency": "daily"},
        {
            "query": st.one_of(hostile_text, query_strings),
            "name": hostile_text,
            "frequency": hostile_or("daily", "weekly"),
        },
    )
)
def test_job_alert_creation(app, signed_in, form):
    note(f"form={form!r}")
    client = signed_in
    alerts = count(app, SavedSearch)
    response = post_form(client, "/me/alerts", form)
    if outcome(response) == "refused":
        assert count(app, SavedSearch) == alerts
        return
    for alert in snapshot(app, SavedSearch, SavedSearch.id > 0):
        assert_clean(alert["name"], max_length=120, what="alert name")
        assert_clean(alert["query_string"], max_length=1000, what="alert query")
        assert client.get(f"/jobs?{alert['query_string']}").status_code == 200
    with app.app_context():  # at most a few alerts per coder: start afresh
        db.session.execute(sa.delete(SavedSearch))
        db.session.commit()


@FUZZ
@given(next_url=hostile_or("/me/saved-jobs", "//evil.example", "https://evil.example/"))
def test_saving_a_job_never_redirects_off_site(app, coder_client, open_job, next_url):
    note(f"next={next_url!r}")
    for action in ("save", "unsave"):
        response = post_form(coder_client, f"/jobs/{open_job}/{action}", {"next": next_url})
        assert outcome(response) == "accepted"
        location = urlsplit(response.location)
        assert not location.scheme and not location.netloc, response.location
        assert response.location.startswith("/") and not response.location.startswith("//")


@FUZZ
@given(
    form=form_with_hostile_fields(
        {"reason": ReportReason.OTHER.value, "note": "They asked me to pay for training."},
        {"reason": hostile_or(*(r.value for r in ReportReason)), "note": hostile_text},
    ),
    as_guest=st.booleans(),
)
def test_reporting_a_job(app, coder_client, other_client, open_job, form, as_guest):
    note(f"form={form!r} as_guest={as_guest}")
    fresh_limits()
    reports = count(app, Report)
    response = post_form(
        other_client if as_guest else coder_client, f"/jobs/{open_job}/report", form
    )
    if outcome(response) == "refused":
        assert count(app, Report) == reports
        return
    for report in snapshot(app, Report, Report.id > 0):
        assert report["reason"].value in {r.value for r in ReportReason}
        assert_clean(report["note"], max_length=1000, multiline=True, what="report note")
    with app.app_context():  # so the next example may report again
        db.session.execute(sa.delete(Report))
        db.session.commit()
