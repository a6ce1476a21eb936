import pytest
import sqlalchemy as sa

from careercenter.extensions import db
from careercenter.models import Posting
from tests.conftest import post_form
from tests.factories import POSTING_FORM


def _submit(client, **overrides):
    data = {**POSTING_FORM, "submit_for_review": "y", **overrides}
    return post_form(client, "/employer/postings/new", data)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"zip_code": "00000"}, "We don&#39;t know this ZIP code"),
        ({"zip_code": "abcde"}, "We don&#39;t know this ZIP code"),
        ({"state": "TX"}, "ZIP code 80202 is in Colorado"),
        ({"pay_min": "40", "pay_max": "30"}, "The highest pay must be at least the lowest pay."),
        ({"pay_min": "", "pay_max": ""}, "Enter the lowest pay of the range."),
        ({"pay_min": "26", "pay_max": "33", "pay_unit": "year"}, "Pay per year should be between"),
        ({"pay_min": "abc"}, "Not a valid decimal value"),
        ({"apply_method": "external", "apply_url": ""}, "Enter the address where coders apply."),
        (
            {"apply_method": "external", "apply_url": "javascript:alert(1)"},
            "must start with https://",
        ),
        (
            {"apply_method": "external", "apply_url": "https://nodot"},
            "Enter a full web address",
        ),
        (
            {"apply_method": "external", "apply_url": "ftp://jobs.example.com/x"},
            "must start with https://",
        ),
        (
            {"key_codes": "99213, 12, DROP TABLE"},
            "These are not CPT, ICD-10-CM, ICD-10-PCS or HCPCS codes: 12, DROP, TABLE.",
        ),
        ({"duration_days": "120"}, "Enter 1 to 90 days."),
        ({"title": ""}, "Give the job a title."),
        ({"description": "too short"}, "Use 50 to 20,000 characters."),
        ({"arrangement": "moon"}, "Not a valid choice"),
        ({"credentials_required": ["cpc", "wizard"]}, "not a valid choice"),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_what_was_typed(employer, overrides, message):
    response = _submit(employer, **overrides)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message.lower() in page.lower()
    assert 'value="Orthopaedic Surgery Coder (CPC or COSC)"' in page or overrides.get("title") == ""


def test_hostile_text_never_gives_a_500(employer):
    for value in ["\x00", "'; DROP TABLE postings; --", "<svg onload=alert(1)>", "é" * 5000]:
        response = _submit(employer, title=value[:120], key_codes=value[:600])
        assert response.status_code in (303, 422)


def test_apprentice_friendly_means_cpc_a_is_accepted(app, employer):

    _submit(employer, apprentice_friendly="y", credentials_required=["cpc"])
    with app.app_context():
        posting = db.session.scalar(sa.select(Posting))
        assert posting.credentials_required == ["cpc", "cpc-a"]
        assert posting.apprentice_friendly


def test_remote_states_only_count_for_remote_jobs(app, employer):

    _submit(employer, arrangement="on-site", remote_states=["TX"])
    _submit(employer, arrangement="remote", remote_states=["TX", "CO"], title="Remote coder job")
    with app.app_context():
        onsite, remote = db.session.scalars(sa.select(Posting).order_by(Posting.id)).all()
        assert onsite.remote_states == []
        assert remote.remote_states == ["CO", "TX"]


@pytest.mark.parametrize("years", ["１２３" * 100, "9" * 400, "٣", "1e3"])
def test_a_number_that_is_no_plain_whole_number_is_refused_not_a_500(employer, years):
    data = {**POSTING_FORM, "years_experience": years, "save_draft": "y"}
    response = post_form(employer, "/employer/postings/new", data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Enter a whole number, like 3." in page
    assert POSTING_FORM["title"] in page  # what was typed is kept


def test_a_search_page_number_in_other_digits_is_dropped_with_a_message(client):
    response = client.get("/jobs", query_string={"page": "１２３" * 100})
    assert response.status_code == 200
