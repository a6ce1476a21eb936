"""What each role sees: /pay, the job page's comparison, the pay of /jobs results, the
coder's dashboard, the posting form's pay check; and markup that screen readers and axe
accept (charts named, tables with captions and headers, no script, no web font)."""

from __future__ import annotations

import base64
import html
import re

import pytest
import sqlalchemy as sa

from careercenter.extensions import db
from careercenter.models import Posting, Role
from tests.conftest import post_form
from tests.factories import POSTING_FORM
from tests.pay.conftest import COMMON, FIXTURE


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split())


def check_accessible_charts(page: str) -> None:
    """Every chart is an SVG image with a text alternative, next to a table with a caption
    and headers; the SVG runs no script and loads nothing from outside (no web font)."""
    charts = re.findall(r'<img class="pay-chart-img" src="data:image/svg\+xml;base64,([^"]+)" '
                        r'alt="([^"]+)">', page)  # fmt: skip
    assert charts and all(alt.strip() for _, alt in charts)
    for encoded, _ in charts:
        svg = base64.b64decode(encoded).decode()
        assert svg.startswith("<svg") and 'viewBox="' in svg  # crisp at any size
        assert "<script" not in svg and "@font-face" not in svg and "@import" not in svg
        assert not re.search(r'(?:href|src)="https?://', svg)
    for table in re.findall(r"<table.*?</table>", page, re.S):
        assert "<caption" in table and ('scope="col"' in table or 'scope="row"' in table)


def test_pay_page_shows_the_distribution_and_breakdowns_to_a_guest(client, fixture_jobs):
    response = client.get("/pay")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    words = text(response)
    assert "Pay of 5 jobs" in words
    assert "Median $55,000/yr ($26.44/h)" in words
    assert "5 jobs (3 paid by the hour) published" in words
    assert "1 matching job pays per chart: fewer than 3, so no figure is shown." in words
    for heading in ("By credential", "By specialty", "By setting", "By state", "Trend by month"):
        assert heading in words
    assert "Colorado" in words
    check_accessible_charts(page)


def test_pay_page_filters_by_get_and_widens_a_state_with_too_few_jobs(client, fixture_jobs):
    response = client.get("/pay?credential=cpc&state=TX")
    assert response.status_code == 200
    words = text(response)
    assert "Only 0 matching jobs in Texas (fewer than 3), so these figures are for the US." in words
    assert '<option value="cpc" selected>' in response.get_data(as_text=True)


def test_pay_page_says_when_too_few_jobs_match(client, fixture_jobs):
    words = text(client.get("/pay?credential=ccs"))
    assert "Only 0 jobs match: figures need at least 3. Remove a filter to see more." in words


def test_pay_page_refuses_unknown_filter_values_with_a_message(client):
    response = client.get("/pay?state=ZZ&credential=<b>")
    assert response.status_code == 400
    assert "Unknown state: choose one from the list." in text(response)
    assert "<b>" not in response.get_data(as_text=True).split("<main", 1)[1]


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.EMPLOYER, Role.MODERATOR, Role.ADMIN])
def test_every_role_can_read_the_pay_page(client, login_as, fixture_jobs, role):
    login_as(role, email=f"{role.value}-reader@example.com")
    response = client.get("/pay")
    assert response.status_code == 200
    assert "Pay of 5 jobs" in text(response)


def test_job_page_says_where_its_pay_sits_among_similar_jobs(client, jobs, fixture_jobs):
    top = jobs.posting(jobs.company(name="Peak Coding"), credentials_required=["cpc"],
                       settings=["physician-practice"], pay_min=36, pay_max=40)  # fmt: skip
    with client.application.app_context():
        slug = db.session.get(Posting, top).slug
    response = client.get(f"/jobs/{top}-{slug}")
    words = text(response)
    assert (
        "Top quarter for CPC physician practice jobs in Colorado (median $28.22/h, 6 jobs)" in words
    )
    assert "This job (middle of its range) $38.00/h" in words
    check_accessible_charts(response.get_data(as_text=True))


def test_job_page_without_enough_similar_jobs_shows_no_figure(client, jobs):
    job = jobs.posting(jobs.company())
    with client.application.app_context():
        slug = db.session.get(Posting, job).slug
    response = client.get(f"/jobs/{job}-{slug}")
    assert response.status_code == 200
    assert "How the pay compares" not in text(response)


def test_search_results_show_the_pay_of_what_was_found(client, fixture_jobs):
    words = text(client.get("/jobs"))
    assert (
        "Pay of the 6 jobs found: from $41,600/yr to $80,000/yr ($20.00/h to $38.46/h), "
        "median $55,000/yr; 1 per chart: from $1.50/chart to $2.00/chart." in words
    )


def test_the_median_of_an_even_number_of_jobs_found_is_halfway_between_the_middle_two(client, jobs):
    # Midpoints 43,680 / 52,000 / 62,400 (hourly x 2,080) and 75,000: median 57,200.
    company = jobs.company()
    for pay in [*FIXTURE[:3], FIXTURE[4]]:
        jobs.posting(company, **COMMON, **pay)
    words = text(client.get("/jobs?q=coder"))
    assert "Pay of the 4 jobs found: from $41,600/yr to $80,000/yr" in words
    assert "median $57,200/yr." in words


def test_coder_dashboard_shows_pay_for_their_credential_and_state(app, coder_client, fixture_jobs):
    words = text(coder_client.get("/me/"))
    assert "Pay for you" in words
    assert "CPC jobs in Colorado $55,000/yr ($26.44/h)" in words
    assert "Remote CPC jobs" in words


def test_employer_checks_pay_on_the_posting_form_without_saving(app, employer, fixture_jobs):
    before = _count_postings(app)
    data = {**POSTING_FORM, "check_pay": "1", "pay_min": "15", "pay_max": "30",
            "credentials_required": ["cpc"], "arrangement": "on-site"}  # fmt: skip
    response = post_form(employer, "/employer/postings/new", data)
    assert response.status_code == 200
    words = text(response)
    assert "5 CPC physician practice jobs in Colorado published in the last 12 months" in words
    assert "The middle of your range ($22.50/h) is below the 25th percentile" in words
    assert "Your range is wider than most: its top is 2.0× its bottom" in words
    assert _count_postings(app) == before
    # The form keeps what was typed.
    assert 'value="15"' in response.get_data(as_text=True)


def test_a_fair_range_gets_no_warning(app, employer, fixture_jobs):
    data = {**POSTING_FORM, "check_pay": "1", "pay_min": "26", "pay_max": "28",
            "credentials_required": ["cpc"]}  # fmt: skip
    words = text(post_form(employer, "/employer/postings/new", data))
    assert "Your range sits well among them" in words
    assert "below the 25th percentile" not in words


def test_pay_check_without_a_csrf_token_saves_nothing_and_checks_nothing(app, employer):
    before = _count_postings(app)
    response = employer.post("/employer/postings/new", data={**POSTING_FORM, "check_pay": "1"})
    assert response.status_code in (400, 422)
    assert _count_postings(app) == before


def test_an_employer_cannot_check_pay_on_another_employers_posting(app, employer, jobs):
    other = jobs.posting(jobs.company(name="Other Co"), state="draft")
    response = post_form(employer, f"/employer/postings/{other}/edit", {"check_pay": "1"})
    assert response.status_code == 404


def _count_postings(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Posting))


def test_coder_dashboard_without_a_profile_shows_no_pay_table(client, login_as):
    login_as(Role.APPLICANT)
    assert "Pay for you" not in text(client.get("/me/"))
