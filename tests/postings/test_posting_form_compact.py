"""The posting form, short and forgiving: every credential once with a level, remote states
behind "anywhere in the US", a preview before submitting, an error summary that links to
each field, and the description's limit said before anything is cut."""

import re

import sqlalchemy as sa

from careercenter.extensions import db
from careercenter.models import Posting, Role
from careercenter.vocabulary import CREDENTIALS
from tests.conftest import Auth, post_form
from tests.factories import POSTING_FORM


def _grid_form(**overrides):
    data = {k: v for k, v in POSTING_FORM.items() if k != "credentials_required"}
    data.update({"credential_levels-cpc": "required", "credential_levels-cosc": "required",
                 "credential_levels-cpma": "preferred"})  # fmt: skip
    data.update(overrides)
    return data


def _postings(app):
    with app.app_context():
        return db.session.scalars(sa.select(Posting).order_by(Posting.id)).all()


def test_each_credential_is_listed_once_with_not_asked_preferred_and_required(employer):
    page = employer.get("/employer/postings/new").get_data(as_text=True)
    for slug in CREDENTIALS:
        names = re.findall(rf'name="credential_levels-{re.escape(slug)}" value="([a-z]*)"', page)
        assert names == ["", "preferred", "required"], slug
    assert 'name="credentials_required"' not in page
    assert 'name="credentials_preferred"' not in page
    # Each radio is named by its label (the column heads are only seen) and its group.
    for level in ("Not asked", "Preferred", "Required"):
        assert page.count(f'<span class="visually-hidden"> {level}</span></label>') == len(
            CREDENTIALS
        )
    assert '<legend><abbr title="Certified Professional Coder">CPC</abbr>' in page


def test_the_credential_grid_saves_required_and_preferred(app, employer):
    response = post_form(employer, "/employer/postings/new",
                         _grid_form(submit_for_review="y"))  # fmt: skip
    assert response.status_code == 303
    posting = _postings(app)[-1]
    assert posting.credentials_required == ["cpc", "cosc"]
    assert posting.credentials_preferred == ["cpma"]
    edit = employer.get(f"/employer/postings/{posting.id}/edit").get_data(as_text=True)
    assert re.search(r'name="credential_levels-cpma" value="preferred" checked', edit)
    assert re.search(r'name="credential_levels-cosc" value="required" checked', edit)
    assert re.search(r'name="credential_levels-ccs" value="" checked', edit)


def test_a_made_up_credential_level_is_refused_with_a_message(employer):
    response = post_form(employer, "/employer/postings/new",
                         _grid_form(**{"credential_levels-cpc": "essential"}, submit_for_review="y"))  # fmt: skip
    assert response.status_code == 422
    assert "Choose not asked, preferred or required for each credential." in response.get_data(
        as_text=True
    )


def test_remote_states_sit_in_a_compact_box_behind_anywhere_in_the_us(app, employer):
    page = employer.get("/employer/postings/new").get_data(as_text=True)
    assert 'value="anywhere"' in page and "Anywhere in the US" in page
    assert '<div class="state-box">' in page
    anywhere = _grid_form(arrangement="remote", remote_scope="anywhere", remote_states=["TX"],
                          title="Remote coder anywhere", submit_for_review="y")  # fmt: skip
    assert post_form(employer, "/employer/postings/new", anywhere).status_code == 303
    some = _grid_form(arrangement="remote", remote_scope="states", remote_states=["TX", "OK"],
                      title="Remote coder in two states", submit_for_review="y")  # fmt: skip
    assert post_form(employer, "/employer/postings/new", some).status_code == 303
    none = _grid_form(arrangement="remote", remote_scope="states", title="Remote coder nowhere",
                      submit_for_review="y")  # fmt: skip
    response = post_form(employer, "/employer/postings/new", none)
    assert response.status_code == 422
    assert "Tick the states you can hire in, or choose anywhere in the US." in response.get_data(
        as_text=True
    )
    by_title = {p.title: p for p in _postings(app)}
    assert by_title["Remote coder anywhere"].remote_states == []
    assert by_title["Remote coder in two states"].remote_states == ["OK", "TX"]


def test_the_description_limit_is_said_before_and_nothing_is_cut(app, employer):
    page = employer.get("/employer/postings/new").get_data(as_text=True)
    assert "50 to 20,000 characters" in page
    textarea = re.search(r"<textarea[^>]*>", page).group(0)
    assert "maxlength" not in textarea  # the browser would cut a paste silently
    long_text = "Code orthopaedic surgery. " * 800 + "THE END"
    response = post_form(employer, "/employer/postings/new",
                         _grid_form(description=long_text, submit_for_review="y"))  # fmt: skip
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f"The description is {len(long_text):,} characters long; the limit is 20,000." in body
    assert "THE END</textarea>" in body  # what was typed comes back whole
    assert _postings(app) == []


def test_the_error_summary_links_to_each_invalid_field(employer):
    data = _grid_form(title="", pay_max="10", arrangement="", submit_for_review="y")
    response = post_form(employer, "/employer/postings/new", data)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    summary = body[
        body.index('class="error-summary"') : body.index(
            "</div>", body.index('class="error-summary"')
        )
    ]
    assert "Please correct these 3 problems" in summary
    for field_id in ("title", "arrangement", "pay_max"):
        assert f'href="#{field_id}"' in summary
        assert f'id="{field_id}"' in body  # the link has somewhere to go
    assert re.search(
        r'<input[^>]*aria-invalid="true"[^>]*id="title"|<input[^>]*id="title"[^>]*aria-invalid="true"',
        body,
    )


def test_preview_shows_the_job_page_and_saves_nothing(app, employer):
    data = _grid_form(preview="Preview")
    response = post_form(employer, "/employer/postings/new", data)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Nothing is saved yet" in body
    assert '<h1 id="job-title">Orthopaedic Surgery Coder (CPC or COSC)</h1>' in body
    assert "$26.00–$33.00 per hour" in body
    assert "Credentials accepted" in body and "CPC or COSC" in body
    assert 'form="posting-form" name="submit_for_review"' in body
    assert _postings(app) == []
    # The buttons beside the preview submit the same form.
    submitted = post_form(employer, "/employer/postings/new", _grid_form(submit_for_review="y"))
    assert submitted.status_code == 303
    assert len(_postings(app)) == 1


def test_preview_of_an_invalid_form_shows_the_errors_not_a_preview(employer):
    response = post_form(
        employer, "/employer/postings/new", _grid_form(title="", preview="Preview")
    )
    assert response.status_code == 422
    assert "Nothing is saved yet" not in response.get_data(as_text=True)


def test_another_employer_cannot_preview_an_edit_of_my_job(app, employer, post_job, rival):
    job = post_job(submit=False)
    response = post_form(rival, f"/employer/postings/{job}/edit", _grid_form(preview="Preview"))
    assert response.status_code == 404


def test_coders_and_guests_cannot_preview(app, make_user):
    guest = app.test_client()
    assert guest.get("/employer/postings/new").status_code in (302, 303)
    coder = app.test_client()
    make_user(email="coder-preview@example.com", role=Role.APPLICANT)
    Auth(coder).login(email="coder-preview@example.com")
    assert (
        post_form(coder, "/employer/postings/new", _grid_form(preview="Preview")).status_code == 403
    )


def test_invalid_text_inputs_are_marked_the_same_way_on_register_and_profile(app, make_user):
    client = app.test_client()
    response = post_form(client, "/register", {"account_type": "applicant", "name": "",
                                               "email": "not-an-email", "password": "x"})  # fmt: skip
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    for field_id in ("name", "email"):
        tag = re.search(rf'<input[^>]*id="{field_id}"[^>]*>', body).group(0)
        assert 'aria-invalid="true"' in tag
        assert f'href="#{field_id}"' in body
    coder = app.test_client()
    make_user(email="marked@example.com")
    Auth(coder).login(email="marked@example.com")
    profile = post_form(coder, "/me/profile", {"full_name": "", "zip_code": "00000"},
                        content_type="multipart/form-data")  # fmt: skip
    body = profile.get_data(as_text=True)
    assert profile.status_code == 422
    tag = re.search(r'<input[^>]*id="zip_code"[^>]*>', body).group(0)
    assert 'aria-invalid="true"' in tag
    assert 'class="field has-error"' in body
    css = app.test_client().get("/static/css/main.css").get_data(as_text=True)
    assert '.field [aria-invalid="true"]' in css  # the red border outranks the plain one
