"""The "look and phone" fixes, as the HTML says them: job cards styled on every page that
lists jobs, Apply/Save/pay in one bar at the top of a job page, tables that stack on a
phone, a confirmation step before what cannot be undone (withdraw, close, approving a job
with a strong scam signal), Reopen for a closed job, and flows that return where they
started (profile creation on the way to applying, each role's page after logging in).

Where layout is the point (what fits a 390 px screen), see tests/browser/test_phone_layout.py.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from markupsafe import escape

from careercenter.extensions import db
from careercenter.formatting import pay_range
from careercenter.models import Application, Posting, PostingStatus, Role, utcnow
from tests.conftest import STRONG_PASSWORD, Auth, post_form
from tests.factories import PDF, PROFILE_FORM, apply_to

STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"')


def _save_profile(client, next_url: str):
    data = {**PROFILE_FORM, "resume_file": (io.BytesIO(PDF), "resume.pdf")}
    return post_form(
        client,
        "/me/profile",
        data,
        content_type="multipart/form-data",
        query_string={"next": next_url},
    )


def _html(response) -> str:
    return response.get_data(as_text=True)


def _posting(app, posting_id: int) -> Posting:
    with app.app_context():
        posting = db.session.get(Posting, posting_id)
        db.session.expunge(posting)
        return posting


def _styles_of(client, html: str) -> str:
    """Every stylesheet the page links, as the browser would fetch them."""
    css = []
    for href in STYLESHEET.findall(html):
        response = client.get(href.replace("&amp;", "&"))
        assert response.status_code == 200, href
        css.append(response.get_data(as_text=True))
        response.close()
    return "\n".join(css)


# -- 1. job cards look the same everywhere -----------------------------------------------------


def test_every_page_that_lists_job_cards_loads_the_card_styles(app, client, coder_client, open_job):
    with app.app_context():
        slug = db.session.get(Posting, open_job).company.slug
    assert post_form(coder_client, f"/jobs/{open_job}/save").status_code == 303
    pages = {
        "company page": (client, f"/companies/{slug}"),
        "saved jobs": (coder_client, "/me/saved-jobs"),
        "job search": (client, "/jobs"),
    }
    for name, (browser, path) in pages.items():
        html = _html(browser.get(path))
        assert 'class="job-card"' in html, name
        css = _styles_of(browser, html)
        assert re.search(r"\.job-card\s*\{", css), f"{name}: no stylesheet styles .job-card"
        assert re.search(r"\.job-list\s*\{[^}]*list-style:\s*none", css), name


# -- 3. Apply, Save and the pay at the top of a job page -------------------------------------


def _bar(html: str) -> str:
    match = re.search(r'<section class="job-actions".*?</section>', html, re.S)
    assert match, "no Apply bar on the job page"
    return match.group(0)


def test_the_job_bar_holds_pay_apply_and_save_before_the_details(app, coder_client, open_job):
    with app.app_context():
        pay = str(escape(pay_range(db.session.get(Posting, open_job))))
    guest = _html(app.test_client().get(f"/jobs/{open_job}", follow_redirects=True))
    bar = _bar(guest)
    assert guest.index(bar) < guest.index('class="job-meta"')  # above the job's details
    assert pay in bar
    assert "Apply on CareerCenter" in bar
    assert f"/login?next=/jobs/{open_job}" in bar and "Save job" in bar

    as_coder = _bar(_html(coder_client.get(f"/jobs/{open_job}", follow_redirects=True)))
    assert pay in as_coder and "Apply on CareerCenter" in as_coder
    assert f'action="/jobs/{open_job}/save"' in as_coder

    with app.app_context():
        coder_id = db.session.scalar(
            sa.select(Application.id).where(Application.posting_id == open_job)
        )
    assert coder_id is None
    response = post_form(
        coder_client,
        f"/jobs/{open_job}/apply/on-site",
        {"resume_choice": "profile", "cover_letter": ""},
    )
    assert response.status_code == 303
    applied = _bar(_html(coder_client.get(f"/jobs/{open_job}", follow_redirects=True)))
    assert "Applied on" in applied and pay in applied
    assert "Apply on CareerCenter" not in applied


# -- 4. tables that stack on a phone ---------------------------------------------------------


def test_wide_tables_carry_their_column_names_into_each_cell(app, coder_client, open_job, employer):
    apply_to(coder_client, open_job)
    for client, path in ((employer, "/employer/dashboard"), (coder_client, "/me/")):
        html = _html(client.get(path))
        assert 'class="table table-stack"' in html, path
        cells = re.findall(r"<td(?: [^>]*)?>", html)
        assert cells and all("data-label=" in cell for cell in cells), path


# -- 5. irreversible actions ask first -------------------------------------------------------


def test_withdraw_asks_first_then_withdraws(app, coder_client, open_job):
    apply_to(coder_client, open_job)
    with app.app_context():
        application_id = db.session.scalar(sa.select(Application.id))
    url = f"/me/applications/{application_id}/withdraw"
    dashboard = _html(coder_client.get("/me/"))
    assert f'action="{url}"' not in dashboard  # no one-click withdraw
    assert f'href="{url}"' in dashboard
    page = coder_client.get(url)
    assert page.status_code == 200
    html = _html(page)
    assert "cannot be undone" in html and f'action="{url}"' in html
    with app.app_context():
        assert db.session.get(Application, application_id).status.value == "new"
    assert post_form(coder_client, url).status_code == 303
    with app.app_context():
        assert db.session.get(Application, application_id).status.value == "withdrawn"


def test_another_coders_withdraw_page_is_not_found(app, coder_client, open_job, make_user):
    apply_to(coder_client, open_job)
    with app.app_context():
        application_id = db.session.scalar(sa.select(Application.id))
    make_user(email="other@example.com")
    other = app.test_client()
    Auth(other).login(email="other@example.com")
    assert other.get(f"/me/applications/{application_id}/withdraw").status_code == 404


def test_close_asks_first_and_a_closed_job_reopens_within_its_run(app, employer, open_job):
    close = f"/employer/postings/{open_job}/close"
    dashboard = _html(employer.get("/employer/dashboard"))
    assert f'action="{close}"' not in dashboard
    assert f'href="{close}"' in dashboard
    confirm = employer.get(close)
    assert confirm.status_code == 200 and f'action="{close}"' in _html(confirm)
    assert post_form(employer, close).status_code == 303
    assert _posting(app, open_job).status is PostingStatus.CLOSED

    dashboard = _html(employer.get("/employer/dashboard"))
    reopen = f"/employer/postings/{open_job}/reopen"
    assert f'action="{reopen}"' in dashboard
    response = post_form(employer, reopen, follow_redirects=True)
    assert "The job is open again." in _html(response)
    posting = _posting(app, open_job)
    assert posting.status is PostingStatus.PUBLISHED and posting.is_open()
    assert posting.ended_at is None


def test_a_job_closed_past_its_expiry_date_stays_closed(app, employer, open_job):
    assert post_form(employer, f"/employer/postings/{open_job}/close").status_code == 303
    with app.app_context():
        db.session.get(Posting, open_job).expires_at = utcnow() - timedelta(days=1)
        db.session.commit()
    assert 'reopen"' not in _html(employer.get("/employer/dashboard"))
    response = post_form(employer, f"/employer/postings/{open_job}/reopen", follow_redirects=True)
    assert "Only a job closed before its expiry date can be reopened" in _html(response)
    assert _posting(app, open_job).status is PostingStatus.CLOSED


def test_a_closed_job_whose_text_was_never_approved_reopens_into_review(
    app, employer, post_job, publish
):
    job = publish(post_job())
    assert post_form(employer, f"/employer/postings/{job}/close").status_code == 303
    with app.app_context():
        db.session.get(Posting, job).approved_snapshot = {"title": "something else"}
        db.session.commit()
    assert post_form(employer, f"/employer/postings/{job}/reopen").status_code == 303
    assert _posting(app, job).status is PostingStatus.SUBMITTED


def test_approving_a_job_with_a_strong_scam_signal_needs_a_tick(app, post_job, moderator):
    job = post_job(description="Pay a $75 training fee before your first day of coding.")
    queue = _html(moderator.get("/admin/postings"))
    assert f'action="/admin/postings/{job}/approve"' not in queue
    assert f'value="{job}" form="bulk-approve"' not in queue

    response = post_form(moderator, f"/admin/postings/{job}/approve")
    assert response.status_code == 422
    assert "tick that you checked the warning signs" in _html(response)
    assert _posting(app, job).status is PostingStatus.SUBMITTED

    response = post_form(moderator, "/admin/postings/approve", {"posting_ids": [str(job)]})
    assert response.status_code == 303
    assert _posting(app, job).status is PostingStatus.SUBMITTED

    response = post_form(moderator, f"/admin/postings/{job}/approve", {"checked_signals": "y"})
    assert response.status_code == 303
    assert _posting(app, job).status is PostingStatus.PUBLISHED


# -- 6. flows return where they started ------------------------------------------------------


def test_a_coder_without_a_profile_goes_back_to_the_apply_form(app, make_user, open_job):
    client = app.test_client()
    make_user(email="new@example.com")
    Auth(client).login(email="new@example.com")
    apply = f"/jobs/{open_job}/apply/on-site"
    response = client.get(apply)
    assert response.status_code == 302
    profile_url = response.headers["Location"]
    assert profile_url.startswith("/me/profile?next=")
    html = _html(client.get(profile_url))
    assert "back to where you were" in html
    response = _save_profile(client, apply)
    assert response.status_code == 303
    assert response.headers["Location"] == apply


@pytest.mark.parametrize("target", ["https://evil.example/x", "//evil.example/", "javascript:x"])
def test_profile_next_never_leaves_the_site(client, make_user, target):
    make_user(email="new@example.com")
    Auth(client).login(email="new@example.com")
    response = _save_profile(client, target)
    assert response.status_code == 303
    assert response.headers["Location"] == "/me/"


@pytest.mark.parametrize(
    ("role", "landing"),
    [
        (Role.APPLICANT, "/me/"),
        (Role.EMPLOYER, "/employer/dashboard"),
        (Role.MODERATOR, "/admin/"),
        (Role.ADMIN, "/admin/"),
    ],
)
def test_each_role_lands_on_its_own_page_after_logging_in(client, make_user, role, landing):
    make_user(email="person@example.com", role=role)
    response = Auth(client).login(email="person@example.com", password=STRONG_PASSWORD)
    assert response.status_code == 303
    assert response.headers["Location"] == landing


def test_logging_in_on_the_way_somewhere_still_goes_there(client, make_user, open_job):
    make_user(email="person@example.com")
    response = post_form(
        client,
        "/login",
        {"email": "person@example.com", "password": STRONG_PASSWORD},
        query_string={"next": f"/jobs/{open_job}"},
    )
    assert response.headers["Location"] == f"/jobs/{open_job}"


def test_a_job_taken_down_then_closed_does_not_reopen_into_public_view(
    app, employer, post_job, publish, moderator
):
    job = publish(post_job())
    response = post_form(moderator, f"/admin/postings/{job}/take-down", {"down-reason": "Fees."})
    assert response.status_code == 303
    assert post_form(employer, f"/employer/postings/{job}/close").status_code == 303
    assert post_form(employer, f"/employer/postings/{job}/reopen").status_code == 303
    assert _posting(app, job).status is PostingStatus.SUBMITTED  # a moderator decides again
    assert app.test_client().get(f"/jobs/{job}").status_code == 404
