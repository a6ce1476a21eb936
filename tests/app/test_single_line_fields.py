"""Single-line fields refuse every kind of line break, with a message, and keep what was
typed: a title or a name with U+2028 once saved broke every mail built from it."""

import pytest
import sqlalchemy as sa

from careercenter.extensions import db
from careercenter.models import Company, Posting, Role, SavedSearch, User
from tests.conftest import STRONG_PASSWORD, post_form
from tests.factories import COMPANY_FORM, POSTING_FORM, save_profile

BREAKS = ["\u2028", "\u2029", "\r", "\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85"]
MESSAGE = "Keep this on one line"


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.mark.parametrize("brk", BREAKS)
def test_a_posting_title_with_a_line_break_is_refused(app, employer, brk):
    data = {**POSTING_FORM, "title": f"Coder{brk}Bcc: everyone", "submit_for_review": "y"}
    response = post_form(employer, "/employer/postings/new", data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert MESSAGE in page and "Bcc: everyone" in page  # what was typed is kept
    assert count(app, Posting) == 0


@pytest.mark.parametrize("brk", ["\u2028", "\u2029", "\x85"])
def test_a_company_name_with_a_line_break_is_refused(app, client, login_as, brk):
    login_as(Role.EMPLOYER)
    response = post_form(client, "/employer/company", {**COMPANY_FORM, "name": f"Summit{brk}Ortho"})
    assert response.status_code == 422
    assert MESSAGE in response.get_data(as_text=True)
    assert count(app, Company) == 0


@pytest.mark.parametrize("brk", ["\u2028", "\u2029"])
def test_an_alert_name_with_a_line_break_is_refused(app, coder_client, brk):
    data = {"query": "q=orthopaedic", "name": f"Ortho{brk}jobs", "frequency": "daily"}
    response = post_form(coder_client, "/me/alerts", data)
    assert response.status_code == 422
    assert MESSAGE in response.get_data(as_text=True)
    assert count(app, SavedSearch) == 0


@pytest.mark.parametrize("field", ["full_name", "headline", "zip_code"])
def test_profile_fields_with_a_line_separator_are_refused(app, coder_client, field):
    response = save_profile(coder_client, resume=None, **{field: "8020\u20282"})
    assert response.status_code == 422
    assert MESSAGE in response.get_data(as_text=True)


def test_a_credential_number_with_a_paragraph_separator_is_refused(coder_client):
    response = save_profile(coder_client, resume=None, **{"credentials-0-number": "0123\u20294567"})
    assert response.status_code == 422
    assert MESSAGE in response.get_data(as_text=True)


def test_a_name_with_a_line_separator_is_refused_at_registration(app, client):
    data = {
        "account_type": "applicant",
        "name": "Casey\u2028Coder",
        "email": "casey@example.com",
        "password": STRONG_PASSWORD,
    }
    response = post_form(client, "/register", data)
    assert response.status_code == 422
    assert MESSAGE in response.get_data(as_text=True)
    assert count(app, User) == 0
