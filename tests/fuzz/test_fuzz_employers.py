"""The employer's forms fed hostile values: the company profile (with its logo), the posting
form (new and edit), and the applicant pipeline's notes and status."""

from __future__ import annotations

import io

from hypothesis import given, note
from hypothesis import strategies as st

from careercenter.applications.services import MAX_NOTE_CHARS
from careercenter.models import PIPELINE, Application, ApplicationNote, Company, Posting
from careercenter.vocabulary import (
    ARRANGEMENTS,
    CODE_SETS,
    COMPANY_SIZES,
    CREDENTIALS,
    EMPLOYMENT_TYPES,
    ORG_TYPES,
    PAY_UNITS,
    SETTINGS,
    SPECIALTIES,
    US_STATES,
)
from tests.conftest import post_form
from tests.factories import COMPANY_FORM, POSTING_FORM, png_bytes
from tests.fuzz.conftest import (
    FUZZ,
    assert_clean,
    assert_safe_html,
    count,
    not_a_server_error,
    outcome,
    snapshot,
)
from tests.fuzz.strategies import (
    form_with_hostile_fields,
    hostile_bytes,
    hostile_list,
    hostile_or,
    hostile_text,
    tainted,
)

COMPANY_FIELDS = {
    "name": hostile_text,
    "website": hostile_or("https://summitortho.example", "http://a.b", "ftp://x.example"),
    "org_type": hostile_or(*ORG_TYPES),
    "size": hostile_or(*COMPANY_SIZES),
    "hq_city": hostile_text,
    "hq_state": hostile_or(*US_STATES),
    "about": hostile_text,
    "notify_mode": hostile_or("each", "digest"),
}

numbers = hostile_or(
    "0", "1", "-1", "7.25", "26.00", "300", "1000000", "NaN", "sNaN", "1e9", "2.999"
)
POSTING_FIELDS = {
    "title": hostile_text,
    "description": hostile_or(POSTING_FORM["description"]),
    "zip_code": hostile_or("80202", "00000", "99999", "8020", "802021"),
    "city": hostile_text,
    "state": hostile_or(*US_STATES),
    "arrangement": hostile_or(*ARRANGEMENTS),
    "remote_states": hostile_list(*US_STATES),
    "employment_type": hostile_or(*EMPLOYMENT_TYPES),
    "pay_min": numbers,
    "pay_max": numbers,
    "pay_unit": hostile_or(*PAY_UNITS),
    "credentials_required": hostile_list(*CREDENTIALS),
    "credentials_preferred": hostile_list(*CREDENTIALS),
    "apprentice_friendly": hostile_or("y"),
    "specialties": hostile_list(*SPECIALTIES),
    "settings": hostile_list(*SETTINGS),
    "code_sets": hostile_list(*CODE_SETS),
    "years_experience": numbers,
    "key_codes": hostile_or("99213, 28820", "E11.52", "J1100,,", "XYZ", "99213 " * 40),
    "apply_method": hostile_or("on-site", "external"),
    "apply_url": hostile_or("https://jobs.example/1", "javascript:alert(1)", "http://"),
    "duration_days": numbers,
}


def assert_company_stored_clean(row: dict) -> None:
    assert_clean(row["name"], max_length=120, what="company name")
    assert_clean(row["hq_city"], max_length=80, what="city")
    assert row["org_type"] in ORG_TYPES and row["size"] in COMPANY_SIZES
    assert row["hq_state"] in US_STATES and row["notify_mode"] in ("each", "digest")
    assert row["website"] is None or row["website"].lower().startswith(("https://", "http://"))
    assert_clean(row["website"], max_length=300, what="website")
    assert_clean(row["about_md"], max_length=10_000, multiline=True, what="about")
    assert_safe_html(row["about_html"], "about")


@FUZZ
@given(
    form=form_with_hostile_fields(
        {**COMPANY_FORM, "logo": None},
        {**COMPANY_FIELDS, "logo": st.one_of(hostile_bytes(), st.just(png_bytes()))},
    ),
    filename=hostile_or("logo.png", "logo.svg", "../../x.png"),
)
def test_company_profile(app, employer, form, filename):
    note(f"form={form!r} filename={filename!r}")
    before = snapshot(app, Company, Company.id > 0)
    if form["logo"] is None:
        del form["logo"]
    else:
        form["logo"] = (io.BytesIO(form["logo"]), filename.replace("\x00", "") or "x")
    response = post_form(employer, "/employer/company", form, content_type="multipart/form-data")
    if outcome(response) == "refused":
        assert snapshot(app, Company, Company.id > 0) == before
        return
    (row,) = snapshot(app, Company, Company.id > 0)
    assert_company_stored_clean(row)
    if row["logo_png"] is not None:
        assert row["logo_png"].startswith(b"\x89PNG"), "the logo is re-encoded as PNG"
    assert employer.get(f"/companies/{row['slug']}").status_code == 200


def assert_posting_stored_clean(row: dict) -> None:
    assert_clean(row["title"], max_length=120, what="title")
    assert len(row["title"]) >= 5
    assert_clean(row["description_md"], max_length=20_000, multiline=True, what="description")
    assert_safe_html(row["description_html"], "description")
    assert_clean(row["city"], max_length=80, what="city")
    assert row["zip_code"].isdigit() and len(row["zip_code"]) == 5
    assert row["state"] in US_STATES and row["arrangement"] in ARRANGEMENTS
    assert row["employment_type"] in EMPLOYMENT_TYPES and row["pay_unit"] in PAY_UNITS
    assert set(row["remote_states"]) <= set(US_STATES)
    for name, vocabulary in (("credentials_required", CREDENTIALS),
                             ("credentials_preferred", CREDENTIALS),
                             ("specialties", SPECIALTIES), ("settings", SETTINGS),
                             ("code_sets", CODE_SETS)):  # fmt: skip
        assert set(row[name]) <= set(vocabulary), name
    assert 0 < row["pay_min"] <= row["pay_max"]
    assert 0 <= row["years_experience"] <= 30 and row["duration_days"] >= 1
    assert_clean(row["key_codes"], max_length=10, what="key codes")
    if row["apply_url"]:
        assert row["apply_url"].lower().startswith(("https://", "http://"))
        assert_clean(row["apply_url"], max_length=500, what="apply URL")


@FUZZ
@given(
    form=form_with_hostile_fields(POSTING_FORM, POSTING_FIELDS),
    button=st.sampled_from(["save_draft", "submit_for_review"]),
)
def test_new_posting(app, employer, form, button):
    note(f"form={form!r} button={button}")
    postings = count(app, Posting)
    response = post_form(employer, "/employer/postings/new", {**form, button: "y"})
    if outcome(response) == "refused":
        assert count(app, Posting) == postings
        return
    assert count(app, Posting) == postings + 1
    row = max(snapshot(app, Posting, Posting.id > 0), key=lambda r: r["id"])
    assert_posting_stored_clean(row)
    not_a_server_error(employer.get("/employer/dashboard"))
    not_a_server_error(employer.get(f"/jobs/{row['id']}", follow_redirects=True))


@FUZZ
@given(form=form_with_hostile_fields(POSTING_FORM, POSTING_FIELDS))
def test_edit_of_a_published_posting(app, employer, open_job, form):
    note(f"form={form!r}")
    before = snapshot(app, Posting, Posting.id == open_job)
    response = post_form(employer, f"/employer/postings/{open_job}/edit", form)
    if outcome(response) == "refused":
        assert snapshot(app, Posting, Posting.id == open_job) == before
        return
    (row,) = snapshot(app, Posting, Posting.id == open_job)
    assert_posting_stored_clean(row)


@FUZZ
@given(
    body=st.one_of(hostile_text, tainted("Strong surgical coding background.")),
    status=hostile_or(*(s.value for s in PIPELINE), "withdrawn", "new"),
    mail=st.one_of(st.none(), hostile_or("y")),
)
def test_applicant_notes_and_status(app, employer, applied, body, status, mail):
    note(f"body={body!r} status={status!r} mail={mail!r}")
    url = f"/employer/applications/{applied}"
    notes = count(app, ApplicationNote)
    response = post_form(employer, url + "/notes", {"body": body})
    if outcome(response) == "refused":
        assert count(app, ApplicationNote) == notes
    else:
        for row in snapshot(app, ApplicationNote, ApplicationNote.id > 0):
            assert_clean(row["body"], max_length=MAX_NOTE_CHARS, multiline=True, what="note")

    (before,) = snapshot(app, Application, Application.id == applied)
    form = {"status": status} if mail is None else {"status": status, "mail_applicant": mail}
    response = post_form(employer, url + "/status", form)
    (after,) = snapshot(app, Application, Application.id == applied)
    if outcome(response) == "refused":
        assert after["status"] == before["status"]
    else:
        assert after["status"].value == status
    not_a_server_error(employer.get(url))


@FUZZ
@given(
    status=hostile_or("", "new", "withdrawn"),
    credential=hostile_or("", "cpc"),
    fmt=hostile_or("csv", "html"),
)
def test_applicant_filters(app, employer, open_job, status, credential, fmt):
    note(f"status={status!r} credential={credential!r} format={fmt!r}")
    response = employer.get(
        f"/employer/postings/{open_job}/applicants",
        query_string={"status": status, "credential": credential, "format": fmt},
    )
    not_a_server_error(response)
    assert response.status_code in (200, 400)
