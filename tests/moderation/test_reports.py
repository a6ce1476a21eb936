"""Reports from anyone: the form on the job page, the rate limit for guests, hiding a job
reported by several people, and the moderators' decisions on it."""

from __future__ import annotations

import pytest

from careercenter.models import (
    AuditAction,
    PostingStatus,
    ReportOutcome,
    ReportReason,
)
from tests.conftest import post_form
from tests.factories import POSTING_FORM
from tests.moderation.conftest import audit_entries, posting, reports_of
from tests.pages import text_of

TITLE = POSTING_FORM["title"]


def guest(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def report(client, posting_id, reason="scam", note="Asked me for $99 for software."):
    return post_form(client, f"/jobs/{posting_id}/report", {"reason": reason, "note": note})


def test_the_job_page_links_to_a_report_form_that_works_without_javascript(app, live_job):
    posting_id, url = live_job
    page = app.test_client().get(url).get_data(as_text=True)
    assert f'<a href="/jobs/{posting_id}/report" rel="nofollow">Report this job</a>' in page
    form = text_of(app.test_client().get(f"/jobs/{posting_id}/report"))
    assert "<legend>What is wrong with this job?</legend>" in form
    for reason in ReportReason:
        assert reason.label in form
    assert 'name="csrf_token"' in form and "<script" not in form


def test_a_guest_reports_a_job(app, live_job, outbox):
    posting_id, url = live_job
    response = report(guest(app, "203.0.113.7"), posting_id)
    assert response.status_code == 303 and response.headers["Location"] == url
    with app.app_context():
        (filed,) = reports_of(posting_id)
        assert filed.reason is ReportReason.SCAM and filed.note == "Asked me for $99 for software."
        assert filed.reporter is None and filed.reporter_key.startswith("ip:")
        assert "203.0.113.7" not in filed.reporter_key
        assert filed.is_open and not posting(posting_id).is_hidden


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose what is wrong with this job."),
        ({"reason": "other"}, "Tell us what is wrong with this job."),
        ({"reason": "scam", "note": "x" * 1001}, "Keep it to 1,000 characters or fewer."),
        ({"reason": "fraud"}, "Not a valid choice."),
    ],
)
def test_a_report_that_does_not_say_what_is_wrong_is_explained(app, live_job, data, message):
    posting_id, _ = live_job
    response = post_form(app.test_client(), f"/jobs/{posting_id}/report", data)
    assert response.status_code == 422
    assert message in text_of(response)
    with app.app_context():
        assert reports_of(posting_id) == []


def test_guests_are_rate_limited_accounts_are_not(app, live_job, make_coder, jobs):
    posting_id, _ = live_job
    others = [jobs.posting(jobs.company()) for _ in range(6)]
    browser = guest(app, "198.51.100.4")
    statuses = [report(browser, other).status_code for other in others]
    assert statuses[:5] == [303] * 5 and statuses[5] == 429
    signed_in = make_coder("maria@example.com")
    assert all(report(signed_in, other).status_code == 303 for other in [posting_id, *others])


def test_reporting_twice_counts_once(app, live_job, make_coder):
    posting_id, url = live_job
    maria = make_coder("maria@example.com")
    report(maria, posting_id)
    response = report(maria, posting_id, reason="expired", note="")
    assert "You have already reported this job." in text_of(maria.get(response.location))
    with app.app_context():
        assert len(reports_of(posting_id)) == 1


def test_the_employer_cannot_report_its_own_job_and_hidden_jobs_cannot_be_reported(
    app, client, live_job, post_job
):
    posting_id, url = live_job
    response = report(client, posting_id)
    assert response.status_code == 303
    assert "edit it instead of reporting it" in text_of(client.get(response.location))
    assert "Report this job" not in client.get(url).get_data(as_text=True)
    draft = post_job(submit=False)
    assert app.test_client().get(f"/jobs/{draft}/report").status_code == 404


def test_three_different_reporters_hide_the_job_until_a_moderator_reviews_it(
    app, client, live_job, make_coder, seasoned_coder, moderator
):
    posting_id, url = live_job
    report(seasoned_coder("maria@example.com"), posting_id)
    report(make_coder("james@example.com"), posting_id, reason="wrong-information", note="")
    assert app.test_client().get(url).status_code == 200
    response = report(make_coder("keisha@example.com"), posting_id, note="Wanted a Telegram chat.")
    assert response.headers["Location"] == "/"

    public = app.test_client()
    assert public.get(url).status_code == 404
    assert TITLE not in text_of(public.get("/jobs"))
    assert public.get(f"/api/v1/jobs/{posting_id}").status_code == 404
    assert public.get("/companies/summit-orthopaedic-partners").status_code == 200
    assert TITLE not in text_of(public.get("/companies/summit-orthopaedic-partners"))
    owner_view = text_of(client.get(url))
    assert "hidden while moderators review reports about it" in owner_view
    dashboard = text_of(client.get("/employer/dashboard"))
    assert "Hidden for review" in dashboard and "out of search and its page" in dashboard
    with app.app_context():
        assert posting(posting_id).is_hidden
        (hide,) = audit_entries(AuditAction.POSTING_HIDE)
        assert hide.actor_label == "system" and hide.after == {"hidden": True, "open_reports": 3}

    queue = text_of(moderator.get("/admin/reports"))
    assert TITLE in queue and "Hidden until reviewed" in queue
    assert "Reported by 3 people" in queue and "Wanted a Telegram chat." in queue
    board = text_of(moderator.get("/admin/"))
    assert "About 1 job; 1 hidden until reviewed." in board


@pytest.fixture
def hidden_job(app, live_job, make_coder, seasoned_coder):
    posting_id, url = live_job
    report(seasoned_coder("maria@example.com"), posting_id)
    report(make_coder("james@example.com"), posting_id)
    report(make_coder("keisha@example.com"), posting_id)
    with app.app_context():
        assert posting(posting_id).is_hidden
    return posting_id, url


def test_keeping_a_reported_job_shows_it_again(app, hidden_job, moderator):
    posting_id, url = hidden_job
    page = text_of(moderator.get(f"/admin/postings/{posting_id}"))
    assert "Reports (3 open)" in page and "Keep the job up" in page
    response = post_form(
        moderator, f"/admin/postings/{posting_id}/keep", {"keep-note": "Checked with the employer."}
    )
    assert response.status_code == 303 and response.headers["Location"] == "/admin/reports"
    assert app.test_client().get(url).status_code == 200
    assert TITLE in text_of(app.test_client().get("/jobs"))
    with app.app_context():
        assert all(r.outcome is ReportOutcome.KEPT for r in reports_of(posting_id))
        assert all(
            r.resolution_note == "Checked with the employer." for r in reports_of(posting_id)
        )
        (kept,) = audit_entries(AuditAction.POSTING_KEEP)
        # What changed, and only that (the status stayed "published").
        assert kept.before == {"hidden": True}
        assert kept.after == {"hidden": False, "reports_resolved": 3}
    assert "No open reports." in text_of(moderator.get("/admin/reports"))
    # A second moderator acting on the same reports sees what happened.
    again = post_form(moderator, f"/admin/postings/{posting_id}/keep", {})
    assert "already decided" in text_of(moderator.get(again.location))


def test_taking_a_reported_job_down_tells_the_employer(app, hidden_job, moderator, outbox):
    posting_id, url = hidden_job
    response = post_form(
        moderator,
        f"/admin/postings/{posting_id}/take-down",
        {"down-reason_code": "fees", "down-reason": "Three coders were asked for money."},
    )
    assert response.status_code == 303
    with app.app_context():
        job = posting(posting_id)
        assert job.status is PostingStatus.REJECTED and not job.is_hidden
        assert all(r.outcome is ReportOutcome.REMOVED for r in reports_of(posting_id))
    assert app.test_client().get(url).status_code == 404
    mail = outbox.last_to("talent@summitortho.example")
    assert mail["Subject"] == "Your job was taken down"
    assert "Three coders were asked for money." in mail.get_content()


def test_taking_down_needs_a_reason(app, hidden_job, moderator):
    posting_id, _ = hidden_job
    response = post_form(moderator, f"/admin/postings/{posting_id}/take-down", {})
    assert response.status_code == 422
    assert "Give the employer a reason" in text_of(response)


def test_asking_for_changes_after_reports(app, hidden_job, moderator, outbox):
    posting_id, url = hidden_job
    response = post_form(
        moderator,
        f"/admin/postings/{posting_id}/request-changes",
        {"note": "The job says remote but the address is on-site only."},
    )
    assert response.status_code == 303 and response.headers["Location"] == "/admin/reports"
    with app.app_context():
        assert posting(posting_id).status is PostingStatus.REJECTED
        assert {r.outcome for r in reports_of(posting_id)} == {ReportOutcome.CHANGES_REQUESTED}
    assert (
        "Until then the job is hidden" in outbox.last_to("talent@summitortho.example").get_content()
    )


def test_an_edited_hidden_job_waits_for_review_with_its_reports(app, client, hidden_job, moderator):
    posting_id, url = hidden_job
    edit = {**POSTING_FORM, "pay_max": "36.00", "submit_for_review": "y"}
    assert post_form(client, f"/employer/postings/{posting_id}/edit", edit).status_code == 303
    assert app.test_client().get(url).status_code == 404
    queue = text_of(moderator.get("/admin/postings"))
    assert "Reported by 3 people: scam (3)." in queue
    post_form(moderator, f"/admin/postings/{posting_id}/approve")
    assert app.test_client().get(url).status_code == 200
    with app.app_context():
        assert {r.outcome for r in reports_of(posting_id)} == {ReportOutcome.KEPT}


def test_the_setting_decides_how_many_reporters_hide_a_job(app, live_job, seasoned_coder):
    posting_id, url = live_job
    app.config["REPORTS_TO_HIDE"] = 1
    try:
        report(seasoned_coder("maria@example.com"), posting_id)
    finally:
        app.config["REPORTS_TO_HIDE"] = 3
    assert app.test_client().get(url).status_code == 404


def test_a_huge_page_number_in_a_staff_list_is_the_last_page_not_an_error(app, moderator):
    """Found by the fuzzer on PostgreSQL: the offset of page 10^50 overflowed a bigint."""
    for path in ("/admin/reports", "/admin/accounts", "/admin/audit", "/admin/postings"):
        assert moderator.get(f"{path}?page={'1' * 50}").status_code == 200, path
