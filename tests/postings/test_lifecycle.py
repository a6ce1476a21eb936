import json
import re
from datetime import timedelta

import sqlalchemy as sa

from careercenter.extensions import db
from careercenter.models import Posting, PostingStatus, Role, utcnow
from tests.conftest import post_form
from tests.factories import POSTING_FORM


def _posting(app, posting_id) -> Posting:
    with app.app_context():
        posting = db.session.get(Posting, posting_id)
        db.session.expunge(posting)
        return posting


def _job_url(app, posting_id):
    p = _posting(app, posting_id)
    return f"/jobs/{p.id}-{p.slug}"


def test_an_employer_needs_a_company_profile_before_posting(client, login_as):
    login_as(Role.EMPLOYER)
    response = client.get("/employer/postings/new")
    assert response.status_code == 302
    assert response.headers["Location"] == "/employer/company"


def test_coders_and_guests_cannot_post_jobs(client, login_as):
    assert client.get("/employer/postings/new").status_code == 302  # guest: log in first
    login_as(Role.APPLICANT)
    assert client.get("/employer/postings/new").status_code == 403
    assert client.get("/employer/dashboard").status_code == 403


def test_employer_posts_a_job_and_a_moderator_publishes_it(app, client, post_job, publish):
    posting_id = post_job()
    posting = _posting(app, posting_id)
    assert posting.status is PostingStatus.SUBMITTED
    assert posting.city == "Denver" and posting.latitude > 39
    assert posting.key_codes == ["28820", "E11.52", "J1100"]
    guest = app.test_client()
    assert guest.get(_job_url(app, posting_id)).status_code == 404  # not public before review
    dashboard = client.get("/employer/dashboard").get_data(as_text=True)
    assert "In review" in dashboard

    publish(posting_id)
    page = guest.get(_job_url(app, posting_id)).get_data(as_text=True)
    assert "Orthopaedic Surgery Coder (CPC or COSC)" in page
    assert "$26.00–$33.00 per hour" in page
    assert "CPC or COSC" in page
    assert "Hybrid · Denver, CO" in page
    assert "E11.52" in page
    assert "Published" in client.get("/employer/dashboard").get_data(as_text=True)


def test_a_draft_is_seen_only_by_its_owner(app, client, post_job, rival):
    posting_id = post_job(submit=False)
    url = _job_url(app, posting_id)
    assert "Only you" in client.get(url).get_data(as_text=True)
    assert app.test_client().get(url).status_code == 404
    other = rival
    assert other.get(url).status_code == 404
    assert other.get(f"/employer/postings/{posting_id}/edit").status_code == 404
    response = post_form(other, f"/employer/postings/{posting_id}/close")
    assert response.status_code == 404
    assert _posting(app, posting_id).status is PostingStatus.DRAFT


def test_a_wrong_slug_redirects_permanently(app, client, post_job, publish):
    posting_id = publish(post_job())
    response = app.test_client().get(f"/jobs/{posting_id}-some-old-title")
    assert response.status_code == 301
    assert response.headers["Location"] == _job_url(app, posting_id)
    assert app.test_client().get(f"/jobs/{posting_id}").status_code == 301


def test_editing_a_published_jobs_substance_sends_it_back_to_review(app, client, post_job, publish):
    posting_id = publish(post_job())
    data = {**POSTING_FORM, "pay_max": "35.00", "submit_for_review": "y"}
    response = post_form(client, f"/employer/postings/{posting_id}/edit", data)
    assert response.status_code == 303
    assert _posting(app, posting_id).status is PostingStatus.SUBMITTED
    assert app.test_client().get(_job_url(app, posting_id)).status_code == 404
    assert "back in review" in client.get("/employer/dashboard").get_data(as_text=True)


def test_saving_a_published_job_unchanged_keeps_it_live(app, client, post_job, publish):
    posting_id = publish(post_job())
    data = {**POSTING_FORM, "submit_for_review": "y"}
    post_form(client, f"/employer/postings/{posting_id}/edit", data)
    assert _posting(app, posting_id).status is PostingStatus.PUBLISHED


def test_saving_a_live_job_from_a_browser_unchanged_keeps_it_live(app, client, post_job, publish):
    """A browser sends a text box's line breaks as CRLF and the credentials in the form's
    order, whatever the job's text was written with (the demo's, an older job's)."""
    text = "Code foot and ankle surgery (28820).\n\nE11.52 diabetic gangrene cases too, daily."
    posting_id = publish(post_job(description=text))
    with app.app_context():
        posting = db.session.get(Posting, posting_id)
        posting.description_md = text  # as stored by a client that sends LF line breaks
        posting.credentials_required = ["cosc", "cpc"]
        posting.approved_snapshot = posting.substance()
        db.session.commit()
    data = {
        **POSTING_FORM,
        "description": text.replace("\n", "\r\n"),
        "duration_days": "60",  # not something coders read
        "submit_for_review": "y",
    }
    response = post_form(client, f"/employer/postings/{posting_id}/edit", data)
    assert response.status_code == 303
    assert _posting(app, posting_id).status is PostingStatus.PUBLISHED
    assert app.test_client().get(_job_url(app, posting_id)).status_code == 200


def test_a_new_paragraph_in_a_live_jobs_text_sends_it_back_to_review(
    app, client, post_job, publish
):
    text = "Code foot and ankle surgery (28820).\r\nE11.52 diabetic gangrene cases too, daily."
    posting_id = publish(post_job(description=text))
    data = {**POSTING_FORM, "description": text.replace("\r\n", "\r\n\r\n")}
    post_form(client, f"/employer/postings/{posting_id}/edit", data)
    assert _posting(app, posting_id).status is PostingStatus.SUBMITTED


def test_a_rejected_job_shows_the_reason_and_can_be_resubmitted(app, client, post_job, moderator):
    posting_id = post_job()
    response = post_form(
        moderator,
        f"/admin/postings/{posting_id}/reject",
        {"reason": "Add the pay range for Colorado applicants."},
    )
    assert response.status_code == 303
    assert _posting(app, posting_id).status is PostingStatus.REJECTED
    dashboard = client.get("/employer/dashboard").get_data(as_text=True)
    assert "Add the pay range for Colorado applicants." in dashboard
    post_form(client, f"/employer/postings/{posting_id}/submit")
    assert _posting(app, posting_id).status is PostingStatus.SUBMITTED


def test_rejecting_needs_a_reason(app, post_job, moderator):
    posting_id = post_job()
    response = post_form(moderator, f"/admin/postings/{posting_id}/reject", {"reason": " "})
    assert response.status_code == 422
    assert "Give the employer a reason" in response.get_data(as_text=True)
    assert _posting(app, posting_id).status is PostingStatus.SUBMITTED


def test_a_decision_already_taken_is_shown_not_overwritten(app, post_job, moderator, publish):
    posting_id = publish(post_job())
    response = post_form(
        moderator, f"/admin/postings/{posting_id}/reject", {"reason": "Looks like a scam"}
    )
    assert response.status_code == 303
    page = moderator.get(response.headers["Location"]).get_data(as_text=True)
    assert "already decided" in page
    assert _posting(app, posting_id).status is PostingStatus.PUBLISHED


def test_only_staff_may_review(app, client, post_job):
    posting_id = post_job()
    assert client.get("/admin/postings").status_code == 403
    assert post_form(client, f"/admin/postings/{posting_id}/approve").status_code == 403
    assert _posting(app, posting_id).status is PostingStatus.SUBMITTED


def test_the_review_queue_lists_the_oldest_first(app, post_job, moderator):
    first = post_job(title="First coder job waiting")
    second = post_job(title="Second coder job waiting")
    page = moderator.get("/admin/postings").get_data(as_text=True)
    assert page.index("First coder job waiting") < page.index("Second coder job waiting")
    assert first < second


def test_an_expired_job_is_no_longer_open_even_before_the_cron(app, client, post_job, publish):
    posting_id = publish(post_job())
    with app.app_context():
        posting = db.session.get(Posting, posting_id)
        posting.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    page = app.test_client().get(_job_url(app, posting_id)).get_data(as_text=True)
    assert "This job is no longer accepting applications." in page
    assert "application/ld+json" not in page
    assert "Expired" in client.get("/employer/dashboard").get_data(as_text=True)

    result = app.test_cli_runner().invoke(args=["expire-postings"])
    assert "Expired 1 posting." in result.output
    assert _posting(app, posting_id).status is PostingStatus.EXPIRED
    assert app.test_cli_runner().invoke(args=["expire-postings"]).output.startswith("Expired 0")

    post_form(client, f"/employer/postings/{posting_id}/renew")
    assert _posting(app, posting_id).status is PostingStatus.SUBMITTED


def test_filled_and_closed_jobs_say_so(app, client, post_job, publish):
    filled = publish(post_job(title="Coder job to be filled"))
    closed = publish(post_job(title="Coder job to be closed"))
    post_form(client, f"/employer/postings/{filled}/fill")
    post_form(client, f"/employer/postings/{closed}/close")
    guest = app.test_client()
    filled_page = guest.get(_job_url(app, filled)).get_data(as_text=True)
    assert "no longer accepting applications" in filled_page and "It was filled" in filled_page
    assert "closed by the employer" in guest.get(_job_url(app, closed)).get_data(as_text=True)
    response = post_form(client, f"/employer/postings/{filled}/close")
    assert "cannot be closed" in client.get(response.headers["Location"]).get_data(True)


def test_job_page_counts_views_but_not_the_owners(app, client, post_job, publish):
    posting_id = publish(post_job())
    app.test_client().get(_job_url(app, posting_id))
    app.test_client().get(_job_url(app, posting_id))
    client.get(_job_url(app, posting_id))
    assert _posting(app, posting_id).view_count == 2


def test_external_apply_counts_the_click_and_sends_the_coder_on(app, post_job, publish):
    posting_id = publish(
        post_job(apply_method="external", apply_url="https://summitortho.example/careers/42")
    )
    guest = app.test_client()
    assert "Apply on Summit Orthopaedic Partners" in guest.get(_job_url(app, posting_id)).get_data(
        True
    )
    response = guest.get(f"/jobs/{posting_id}/apply")
    assert response.status_code == 303
    assert response.headers["Location"] == "https://summitortho.example/careers/42"
    assert _posting(app, posting_id).apply_click_count == 1


def test_description_html_is_sanitised(app, post_job, publish):
    description = (
        "Great job for coders.<script>alert('x')</script> "
        "[click](javascript:alert(1)) <img src=x onerror=alert(1)> **bold** </script>"
    )
    posting_id = publish(post_job(description=description * 2))
    page = app.test_client().get(_job_url(app, posting_id)).get_data(as_text=True)
    assert "<script>alert" not in page
    assert not re.search(r"<[a-z][^>]*\bonerror\s*=", page)  # shown as text, never a tag
    assert 'href="javascript' not in page
    assert "<strong>bold</strong>" in page
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S):
        json.loads(block)


def test_dashboard_lists_only_the_employers_own_jobs(app, client, post_job, rival):
    post_job(title="Our own coder job")
    other = rival
    assert "Our own coder job" not in other.get("/employer/dashboard").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Posting)) == 1


def test_views_are_tallied_and_written_together_when_due(app, post_job, publish):
    """With an interval, views wait in memory; the first view after it writes them all."""
    from careercenter.postings import views_counter

    posting_id = publish(post_job())
    app.config["VIEW_COUNT_INTERVAL"] = 3600
    try:
        with app.app_context():
            views_counter.write_pending()  # start the interval now
        for _ in range(3):
            assert app.test_client().get(_job_url(app, posting_id)).status_code == 200
        assert _posting(app, posting_id).view_count == 0
        with app.app_context():
            assert views_counter.write_pending() == 1
        assert _posting(app, posting_id).view_count == 3
    finally:
        app.config["VIEW_COUNT_INTERVAL"] = 0


def test_views_and_clicks_do_not_count_as_changes_to_the_job(app, post_job, publish):
    posting_id = publish(
        post_job(apply_method="external", apply_url="https://summitortho.example/careers/42")
    )
    changed = _posting(app, posting_id).updated_at
    guest = app.test_client()
    guest.get(_job_url(app, posting_id))
    guest.get(f"/jobs/{posting_id}/apply")
    after = _posting(app, posting_id)
    assert (after.view_count, after.apply_click_count) == (1, 1)
    assert after.updated_at == changed
