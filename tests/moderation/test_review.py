"""The review queue and the decisions taken from it, as moderators and employers see them."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from careercenter.extensions import db
from careercenter.models import AuditAction, PostingStatus, utcnow
from careercenter.moderation import review
from tests.conftest import Auth, post_form
from tests.factories import POSTING_FORM
from tests.moderation.conftest import audit_entries, posting
from tests.pages import links, text_of, visible_text

EMPLOYER = "talent@summitortho.example"


def token_on(page: str, posting_id: int) -> str:
    match = re.search(
        rf'action="/admin/postings/{posting_id}/approve"[^>]*>\s*'
        r'<input type="hidden" name="csrf_token" value="[^"]+">\s*'
        r'<input type="hidden" name="seen" value="([0-9a-f]+)">',
        page,
    )
    assert match, "no review token in the page"
    return match.group(1)


def test_the_queue_shows_each_jobs_age_oldest_first(app, post_job, moderator):
    first = post_job(title="First coder job waiting")
    second = post_job(title="Second coder job waiting")
    with app.app_context():
        posting(first).submitted_at = utcnow() - timedelta(days=2, hours=3)
        posting(second).submitted_at = utcnow() - timedelta(hours=5)
        db.session.commit()
    page = text_of(moderator.get("/admin/postings"))
    assert "2 jobs waiting, oldest first." in page
    assert page.index("First coder job waiting") < page.index("Second coder job waiting")
    assert "Waiting 2 days" in page and "Waiting 5 hours" in page
    assert "First submission" in page


def test_the_dashboard_counts_the_work(app, post_job, publish, moderator, jobs):
    post_job(title="Waiting job one")
    publish(post_job(title="Published job"))
    reported = jobs.posting(jobs.company(name="Reported Co"))
    with app.app_context():
        from careercenter.models import Report, ReportReason

        db.session.add(
            Report(posting_id=reported, reporter_key="user:x", reason=ReportReason.SCAM, note="")
        )
        db.session.commit()
    dashboard = moderator.get("/admin/")
    text = visible_text(dashboard)
    assert "1 job waiting for review" in text
    assert "The oldest has waited under a minute." in text
    assert "1 open report" in [link.text for link in links(dashboard)]
    assert "2 jobs published" in text
    assert re.search(r"\b\d+ new accounts", text)
    assert "0 suspended accounts" in text


def test_approving_publishes_and_records_who_did_it(app, client, post_job, moderator):
    posting_id = post_job()
    response = post_form(moderator, f"/admin/postings/{posting_id}/approve")
    assert response.status_code == 303
    assert response.headers["Location"] == "/admin/postings"
    with app.app_context():
        job = posting(posting_id)
        assert job.status is PostingStatus.PUBLISHED
        assert job.reviewed_by.email == "mod@careercenter.example" and job.reviewed_at
        assert job.approved_snapshot["title"] == POSTING_FORM["title"]
        (entry,) = audit_entries(AuditAction.POSTING_APPROVE)
        assert entry.actor_label == "mod@careercenter.example"
        # What changed, and only that (it was not hidden before or after).
        assert entry.before == {"status": "submitted"}
        assert entry.after == {"status": "published"}
    assert POSTING_FORM["title"] in text_of(app.test_client().get("/jobs"))


def test_rejecting_with_a_standard_reason_mails_the_employer(
    app, client, post_job, moderator, outbox
):
    posting_id = post_job()
    response = post_form(
        moderator,
        f"/admin/postings/{posting_id}/reject",
        {"reason_code": "fees", "reason": "Remove the $99 starter kit."},
    )
    assert response.status_code == 303
    expected = (
        "It asks applicants to pay for training, software or equipment. Remove the $99 starter kit."
    )
    with app.app_context():
        job = posting(posting_id)
        assert job.status is PostingStatus.REJECTED
        assert job.rejection_reason == expected
        (entry,) = audit_entries(AuditAction.POSTING_REJECT)
        assert entry.note == expected
    mail = outbox.last_to(EMPLOYER)
    assert mail["Subject"] == "Your job was not published"
    assert expected in mail.get_content()
    assert f"/employer/postings/{posting_id}/edit" in mail.get_content()
    assert expected in text_of(client.get("/employer/dashboard"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Give the employer a reason, so they can fix the posting."),
        ({"reason": "   "}, "Give the employer a reason, so they can fix the posting."),
        ({"reason_code": "other"}, "You chose “another reason”: explain it in your own words."),
        ({"reason": "x" * 801}, "Keep it to 800 characters or fewer."),
        ({"reason_code": "made-up", "reason": "Fine"}, "Not a valid choice."),
    ],
)
def test_a_reason_that_is_missing_or_too_long_is_explained(app, post_job, moderator, data, message):
    posting_id = post_job()
    response = post_form(moderator, f"/admin/postings/{posting_id}/reject", data)
    assert response.status_code == 422
    assert message in text_of(response)
    with app.app_context():
        assert posting(posting_id).status is PostingStatus.SUBMITTED


def test_a_standard_reason_alone_is_enough(app, post_job, moderator):
    posting_id = post_job()
    response = post_form(
        moderator, f"/admin/postings/{posting_id}/reject", {"reason_code": "not-coding"}
    )
    assert response.status_code == 303
    with app.app_context():
        assert posting(posting_id).rejection_reason == (
            "It is not a medical coding, billing or documentation job."
        )


def test_requesting_changes_sends_the_job_back_with_the_note(
    app, client, post_job, moderator, outbox
):
    posting_id = post_job()
    response = post_form(
        moderator,
        f"/admin/postings/{posting_id}/request-changes",
        {"note": "Say which states the remote coders may live in."},
    )
    assert response.status_code == 303
    with app.app_context():
        job = posting(posting_id)
        assert job.status is PostingStatus.REJECTED
        assert job.rejection_reason == (
            "Changes requested: Say which states the remote coders may live in."
        )
        assert audit_entries(AuditAction.POSTING_REQUEST_CHANGES)
    mail = outbox.last_to(EMPLOYER)
    assert mail["Subject"] == "A moderator asks for changes to your job"
    assert "Say which states the remote coders may live in." in mail.get_content()
    form = text_of(client.get(f"/employer/postings/{posting_id}/edit"))
    assert "A moderator sent this job back: Changes requested: Say which states" in form
    # The employer fixes it and resubmits: it is back in the queue.
    assert post_form(client, f"/employer/postings/{posting_id}/submit").status_code == 303
    with app.app_context():
        assert posting(posting_id).status is PostingStatus.SUBMITTED


def test_requesting_changes_needs_a_note(app, post_job, moderator):
    posting_id = post_job()
    response = post_form(moderator, f"/admin/postings/{posting_id}/request-changes", {})
    assert response.status_code == 422
    assert "Tell the employer what to change." in text_of(response)


def test_bulk_approve_publishes_the_ticked_jobs_and_reports_the_rest(
    app, post_job, moderator, make_user
):
    one, two, three = post_job(title="Bulk one"), post_job(title="Bulk two"), post_job()
    # Another moderator rejects the third meanwhile.
    other = app.test_client()
    make_user(email="other-mod@careercenter.example", name="Olu Other", role="moderator")

    assert Auth(other).login(email="other-mod@careercenter.example").status_code == 303
    post_form(other, f"/admin/postings/{three}/reject", {"reason": "Scam."})

    response = post_form(
        moderator, "/admin/postings/approve", {"posting_ids": [str(one), str(two), str(three)]}
    )
    assert response.status_code == 303
    page = text_of(moderator.get("/admin/postings"))
    assert "Published 2 jobs." in page
    assert "already decided: Olu Other rejected it on" in page
    with app.app_context():
        assert posting(one).status is posting(two).status is PostingStatus.PUBLISHED
        assert posting(three).status is PostingStatus.REJECTED
        assert len(audit_entries(AuditAction.POSTING_APPROVE)) == 2


def test_bulk_approve_with_nothing_ticked_says_so(post_job, moderator):
    post_job()
    response = post_form(moderator, "/admin/postings/approve", {})
    assert response.status_code == 422
    assert "Tick at least one job to approve." in text_of(response)
    response = post_form(moderator, "/admin/postings/approve", {"posting_ids": ["abc"]})
    assert response.status_code == 400


def test_the_queue_has_a_bulk_form_that_works_without_javascript(post_job, moderator):
    posting_id = post_job()
    page = moderator.get("/admin/postings").get_data(as_text=True)
    assert '<form id="bulk-approve" method="post" action="/admin/postings/approve">' in page
    assert (
        f'<input type="checkbox" id="select-{posting_id}" name="posting_ids" '
        f'value="{posting_id}" form="bulk-approve">'
    ) in page
    assert f'<label for="select-{posting_id}">' in page
    assert "<script" not in page and "style=" not in page


def test_a_second_moderator_sees_what_the_first_decided(app, post_job, moderator, admin):
    posting_id = post_job()
    seen = token_on(admin.get("/admin/postings").get_data(as_text=True), posting_id)
    post_form(moderator, f"/admin/postings/{posting_id}/approve")
    response = post_form(
        admin, f"/admin/postings/{posting_id}/reject", {"reason": "Scam", "seen": seen}
    )
    assert response.status_code == 303
    assert response.headers["Location"] == f"/admin/postings/{posting_id}"
    page = text_of(admin.get(response.headers["Location"]))
    assert "This job was already decided: Casey Coder approved it on" in page
    with app.app_context():
        assert posting(posting_id).status is PostingStatus.PUBLISHED
        assert not audit_entries(AuditAction.POSTING_REJECT)


def test_a_job_edited_since_the_moderator_read_it_is_not_decided_blind(
    app, client, post_job, moderator
):
    posting_id = post_job()
    seen = token_on(moderator.get("/admin/postings").get_data(as_text=True), posting_id)
    edit = {**POSTING_FORM, "description": POSTING_FORM["description"] + " Pay $50 to start."}
    assert post_form(client, f"/employer/postings/{posting_id}/edit", edit).status_code == 303
    response = post_form(moderator, f"/admin/postings/{posting_id}/approve", {"seen": seen})
    assert "This job changed since you opened it" in text_of(moderator.get(response.location))
    with app.app_context():
        assert posting(posting_id).status is PostingStatus.SUBMITTED


def test_an_edit_after_approval_shows_what_changed(app, client, post_job, publish, moderator):
    posting_id = publish(post_job())
    edit = {
        **POSTING_FORM,
        "pay_max": "45.00",
        "description": POSTING_FORM["description"] + "\n\nMessage our recruiter on Telegram.",
        "submit_for_review": "y",
    }
    assert post_form(client, f"/employer/postings/{posting_id}/edit", edit).status_code == 303
    queue = text_of(moderator.get("/admin/postings"))
    assert "Edited after approval: Description, Pay up to changed" in queue
    page = text_of(moderator.get(f"/admin/postings/{posting_id}"))
    assert "What changed since it was approved" in page
    assert re.search(r'<th scope="row">Pay up to</th>\s*<td>\$33.00</td><td>\$45.00</td>', page)
    assert "Added: </span>Message our recruiter on Telegram." in page
    assert "Moves the talk to a chat app" in page


def test_a_trusted_employer_publishes_without_review_when_the_setting_is_on(
    app, client, employer, post_job, read
):
    with app.app_context():
        from careercenter.models import Company

        db.session.execute(db.update(Company).values(verified_at=utcnow()))
        db.session.commit()
    app.config["VERIFIED_EMPLOYERS_SKIP_REVIEW"] = True
    try:
        published = post_job(title="Trusted coder job")
        held = post_job(description="Pay a $75 training fee before your first day of coding.")
    finally:
        app.config["VERIFIED_EMPLOYERS_SKIP_REVIEW"] = False
    assert read(lambda: posting(published).status) is PostingStatus.PUBLISHED
    assert read(lambda: posting(held).status) is PostingStatus.SUBMITTED
    entries = read(lambda: [(e.action, e.actor_label) for e in audit_entries()])
    assert entries == [(AuditAction.POSTING_AUTO_PUBLISH.value, "system")]
    assert "Trusted coder job" in text_of(app.test_client().get("/jobs"))


def test_verified_employers_are_reviewed_by_default(app, client, employer, post_job, read):
    with app.app_context():
        from careercenter.models import Company

        db.session.execute(db.update(Company).values(verified_at=utcnow()))
        db.session.commit()
    posting_id = post_job()
    assert read(lambda: posting(posting_id).status) is PostingStatus.SUBMITTED


def test_the_review_token_changes_with_what_coders_read(app, jobs):
    posting_id = jobs.posting(jobs.company(), state="submitted")
    with app.app_context():
        job = posting(posting_id)
        before = review.review_token(job)
        job.pay_max = job.pay_max + 1
        assert review.review_token(job) != before
