"""Every change that reaches the public is reviewed the same way, and reviewing a change
costs the same however an employer shapes it (found by attacking the running site)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from careercenter.extensions import db
from careercenter.models import AuditAction, Company, Posting, PostingStatus, utcnow
from careercenter.moderation import review
from careercenter.postings import services
from tests.conftest import post_form
from tests.factories import COMPANY_FORM, POSTING_FORM
from tests.moderation.conftest import audit_entries, posting
from tests.pages import text_of

SCAM_TITLE = "URGENT Pay $99 training fee via Zelle"
SCAM_DESCRIPTION = (
    "Before you start, pay the $99 training fee via Zelle at https://evil.example/pay and "
    "send the receipt to our recruiter."
)


def _edit(client, posting_id: int, submit: bool = False, **overrides):
    data = {**POSTING_FORM, **overrides}
    data["submit_for_review" if submit else "save_draft"] = "y"
    return post_form(client, f"/employer/postings/{posting_id}/edit", data)


def _end(app, posting_id: int, how: str) -> None:
    """Expire (past its date, then the expiry command), fill or close a live posting."""
    with app.app_context():
        p = db.session.get(Posting, posting_id)
        if how == "expired":
            p.published_at = utcnow() - timedelta(days=40)
            p.expires_at = utcnow() - timedelta(days=10)
            db.session.commit()
            services.expire_due()
        elif how == "filled":
            services.mark_filled(p)
        else:
            services.close(p)
        assert p.status.value == how


def _public_everywhere(app, make_coder, posting_id: int) -> dict[str, str]:
    """What each public surface shows: the job page, search, the API, a coder's saved
    jobs, the sitemap and the feed."""
    guest = app.test_client()
    job = guest.get(f"/jobs/{posting_id}", follow_redirects=True)
    return {
        "job": text_of(job) if job.status_code == 200 else "",
        "search": text_of(guest.get("/jobs")),
        "api": text_of(guest.get("/api/v1/jobs")),
        "api-job": text_of(guest.get(f"/api/v1/jobs/{posting_id}")),
        "saved": text_of(make_coder.get("/me/saved-jobs")),
        "sitemap": text_of(guest.get("/sitemap.xml")),
        "feed": text_of(guest.get("/jobs/feed.atom")),
    }


@pytest.fixture
def saver(app, make_coder, post_job, publish):
    """A live job a coder has saved; returns (posting id, the coder's browser)."""
    posting_id = publish(post_job())
    client = make_coder("saver@example.com")
    assert post_form(client, f"/jobs/{posting_id}/save").status_code == 303
    return posting_id, client


# -- every state after approval goes back to review ---------------------------------------


def test_an_edited_expired_job_is_not_public_until_a_moderator_approves_it(
    app, employer, saver, moderator, read
):
    posting_id, coder_client = saver
    _end(app, posting_id, "expired")
    response = _edit(employer, posting_id, title=SCAM_TITLE, description=SCAM_DESCRIPTION)
    assert response.status_code == 303
    assert read(lambda: posting(posting_id).status) is PostingStatus.SUBMITTED
    shown = _public_everywhere(app, coder_client, posting_id)
    for where, page in shown.items():
        assert "Zelle" not in page and "evil.example" not in page, where
    assert shown["job"] == ""  # in review: not found, like any unpublished job
    assert "A job you saved is not available" in shown["saved"]

    queue = text_of(moderator.get("/admin/postings"))
    assert SCAM_TITLE in queue
    assert "Edited after approval: Job title, Description changed" in queue
    review_page = text_of(moderator.get(f"/admin/postings/{posting_id}"))
    assert "Added: </span>" + SCAM_DESCRIPTION in review_page

    assert (
        post_form(
            moderator, f"/admin/postings/{posting_id}/approve", {"checked_signals": "y"}
        ).status_code
        == 303
    )
    shown = _public_everywhere(app, coder_client, posting_id)
    for where in ("job", "search", "api", "api-job", "saved", "feed"):
        assert SCAM_TITLE in shown[where], where
    assert f"/jobs/{posting_id}-" in shown["sitemap"]
    approvals = read(lambda: [e.target_id for e in audit_entries(AuditAction.POSTING_APPROVE)])
    assert approvals.count(posting_id) == 2


def test_renewing_an_expired_job_with_an_edit_goes_through_review(app, employer, saver, read):
    posting_id, coder_client = saver
    _end(app, posting_id, "expired")
    _edit(employer, posting_id, submit=True, title=SCAM_TITLE)
    assert read(lambda: posting(posting_id).status) is PostingStatus.SUBMITTED
    assert all(
        SCAM_TITLE not in p for p in _public_everywhere(app, coder_client, posting_id).values()
    )


@pytest.mark.parametrize("how", ["filled", "closed"])
def test_a_filled_or_closed_job_keeps_its_approved_text(app, employer, saver, how, read):
    posting_id, coder_client = saver
    _end(app, posting_id, how)
    response = _edit(employer, posting_id, title=SCAM_TITLE)
    assert response.status_code == 303
    assert read(lambda: posting(posting_id).title) == POSTING_FORM["title"]
    shown = _public_everywhere(app, coder_client, posting_id)
    assert POSTING_FORM["title"] in shown["job"]
    assert all(SCAM_TITLE not in page for page in shown.values())


def test_closing_a_job_waiting_for_review_does_not_publish_its_edit(app, employer, saver, read):
    posting_id, coder_client = saver
    _edit(employer, posting_id, title=SCAM_TITLE)
    assert read(lambda: posting(posting_id).status) is PostingStatus.SUBMITTED
    assert post_form(employer, f"/employer/postings/{posting_id}/close").status_code == 303
    assert read(lambda: posting(posting_id).status) is PostingStatus.CLOSED
    shown = _public_everywhere(app, coder_client, posting_id)
    assert shown["job"] == ""
    assert all(SCAM_TITLE not in page for page in shown.values())


def test_closing_a_job_taken_down_does_not_bring_it_back(app, employer, saver, moderator, read):
    posting_id, coder_client = saver
    response = post_form(
        moderator, f"/admin/postings/{posting_id}/take-down", {"down-reason": "Fees."}
    )
    assert response.status_code == 303
    assert post_form(employer, f"/employer/postings/{posting_id}/close").status_code == 303
    assert _public_everywhere(app, coder_client, posting_id)["job"] == ""


def test_decisions_have_one_path_that_records_them(app, jobs, read):
    """Scripts, the demo data and tests approve and reject through moderation.review:
    each decision is in the audit log."""
    assert not hasattr(services, "approve") and not hasattr(services, "reject")
    company_id = jobs.company(name="Riverside Health")
    live = jobs.posting(company_id, state="open")
    rejected = jobs.posting(company_id, state="rejected")
    entries = read(lambda: [(e.action, e.target_id) for e in audit_entries()])
    assert (AuditAction.POSTING_APPROVE.value, live) in entries
    assert (AuditAction.POSTING_REJECT.value, rejected) in entries


# -- what an edit changed: worked out once, bounded ----------------------------------------


def _long_description(lines: int, mark: str) -> str:
    return "\n".join(f"Line {n:03d}: code outpatient charts {mark}" for n in range(lines))


@pytest.fixture
def count_diffs(monkeypatch):
    """How often the diff runs: it runs when an edit is submitted, never on a view."""
    calls = []
    real = review.line_changes

    def counted(before, after):
        calls.append((len(before), len(after)))
        return real(before, after)

    monkeypatch.setattr(review, "line_changes", counted)
    return calls


@pytest.mark.parametrize(
    "before, after",
    [
        # 400 lines, each edited by one character: quadratic for a line-matching diff.
        (_long_description(400, "a"), _long_description(400, "b")),
        # A 20,000-character rewrite in one paragraph.
        ("Code charts. " * 1500 + "x" * 500, "Code notes! " * 1600 + "y" * 800),
    ],
    ids=["400-lines", "20000-characters"],
)
def test_a_huge_edit_renders_the_queue_with_a_bounded_diff_worked_out_once(
    app, employer, post_job, publish, moderator, count_diffs, before, after, read
):
    assert len(before) <= 20000 and len(after) <= 20000
    posting_id = publish(post_job(description=before))
    assert _edit(employer, posting_id, description=after).status_code == 303
    assert len(count_diffs) == 1  # once, when the edit went back to review
    stored = read(lambda: posting(posting_id).review_changes)
    assert [change["name"] for change in stored] == ["description_md"]

    queue = moderator.get("/admin/postings")
    page = moderator.get(f"/admin/postings/{posting_id}")
    assert queue.status_code == 200 and page.status_code == 200
    assert len(count_diffs) == 1  # the views read the stored changes
    shown = re.findall(r'<li class="diff-(?:added|removed)">', page.get_data(as_text=True))
    assert 0 < len(shown) <= review.DIFF_MAX_LINES
    diff = page.get_data(as_text=True).split('<ul class="diff">')[1].split("</ul>")[0]
    assert len(diff) < review.DIFF_MAX_CHARS + 200 * review.DIFF_MAX_LINES
    assert "more changed line" in text_of(page) or len(before.splitlines()) == 1


def test_the_diff_is_linear_and_its_output_bounded():
    """The diff's output is bounded whatever the input; the lines it shows are the ones
    that changed."""
    lines, omitted = review.line_changes("a\nb\nc\nd", "a\nB\nc\nd\ne")
    assert lines == [("removed", "b"), ("added", "B"), ("added", "e")] and omitted == 0
    before, after = _long_description(5000, "a"), _long_description(5000, "b")
    lines, omitted = review.line_changes(before, after)
    assert len(lines) == review.DIFF_MAX_LINES
    assert omitted == 10000 - review.DIFF_MAX_LINES
    assert lines[:2] == [
        ("removed", "Line 000: code outpatient charts a"),
        ("added", "Line 000: code outpatient charts b"),
    ]
    assert sum(len(text) for _, text in lines) <= review.DIFF_MAX_CHARS + len(lines)
    lines, _ = review.line_changes("x" * 100000, "y" * 100000)
    assert sum(len(text) for _, text in lines) <= review.DIFF_MAX_CHARS + len(lines)


# -- company profiles ---------------------------------------------------------------------

SCAM_ABOUT = "To get hired, pay the $49 fee at [our portal](https://evil.example/pay)."


def _company(read) -> Company:
    return read(lambda: db.session.scalar(sa.select(Company)))


def _verify_and_approve_profile(app, moderator) -> None:
    with app.app_context():
        db.session.execute(db.update(Company).values(verified_at=utcnow()))
        db.session.commit()
        company_id = db.session.scalar(sa.select(Company.id))
    if _company_pending(app):
        response = post_form(moderator, f"/admin/companies/{company_id}/profile/approve")
        assert response.status_code == 303


def _company_pending(app) -> bool:
    with app.app_context():
        return db.session.scalar(sa.select(Company.pending_profile)) is not None


def test_a_company_about_change_waits_for_a_moderator(app, employer, moderator, outbox, read):
    _verify_and_approve_profile(app, moderator)
    company = _company(read)
    public = f"/companies/{company.slug}"
    assert "orthopaedic" in text_of(app.test_client().get(public))

    response = post_form(employer, "/employer/company", {**COMPANY_FORM, "about": SCAM_ABOUT})
    assert response.status_code == 303
    assert "evil.example" not in text_of(app.test_client().get(public))
    assert "orthopaedic" in text_of(app.test_client().get(public))
    form = text_of(employer.get("/employer/company"))
    assert SCAM_ABOUT in form and "wait for a moderator" in form  # what they typed is kept

    board = " ".join(re.sub(r"<[^>]+>", "", text_of(moderator.get("/admin/"))).split())
    assert "1 company profile change waiting for review" in board
    queue = text_of(moderator.get("/admin/postings"))
    assert "Company profile changes" in queue and "Summit Orthopaedic Partners" in queue
    assert "Removed: </span>We are **orthopaedic** surgeons." in queue
    assert "Added: </span>" + SCAM_ABOUT in queue
    assert "Asks applicants for money" in queue

    response = post_form(
        moderator,
        f"/admin/companies/{company.id}/profile/reject",
        {f"profile-{company.id}-reason": "No fees may be asked of applicants."},
    )
    assert response.status_code == 303
    assert "evil.example" not in text_of(app.test_client().get(public))
    assert not _company_pending(app)
    assert "No company profile change waits." in text_of(moderator.get("/admin/postings"))
    mail = outbox.last_to("talent@summitortho.example")
    assert "No fees may be asked of applicants." in mail.get_content()
    rejected = read(lambda: audit_entries(AuditAction.COMPANY_PROFILE_REJECT))
    assert len(rejected) == 1 and rejected[0].target_id == company.id
    assert rejected[0].after["proposed about_md"] == SCAM_ABOUT
    assert "Rejected a company profile change" in text_of(moderator.get("/admin/audit"))

    post_form(employer, "/employer/company", {**COMPANY_FORM, "about": "We code **spines**."})
    assert "spines" not in text_of(app.test_client().get(public))
    assert post_form(moderator, f"/admin/companies/{company.id}/profile/approve").status_code == 303
    assert "<strong>spines</strong>" in app.test_client().get(public).get_data(as_text=True)
    approved = read(lambda: audit_entries(AuditAction.COMPANY_PROFILE_APPROVE))
    assert approved[-1].after["about_md"] == "We code **spines**."
    assert approved[-1].before["about_md"] == COMPANY_FORM["about"]


def test_saving_a_company_profile_unchanged_from_a_browser_waits_for_no_one(
    app, employer, moderator
):
    """A browser sends the about text's line breaks as CRLF, whatever it was stored with."""
    about = "We are **orthopaedic** surgeons.\n\nWe code spines, hands and feet."
    post_form(employer, "/employer/company", {**COMPANY_FORM, "about": about})
    _verify_and_approve_profile(app, moderator)
    assert not _company_pending(app)
    form = {**COMPANY_FORM, "about": about.replace("\n", "\r\n")}
    assert post_form(employer, "/employer/company", form).status_code == 303
    assert not _company_pending(app)
    assert "No company profile change waits." in text_of(moderator.get("/admin/postings"))


def test_a_company_name_change_and_a_stale_decision(app, employer, moderator, read):
    _verify_and_approve_profile(app, moderator)
    company = _company(read)
    post_form(employer, "/employer/company", {**COMPANY_FORM, "name": "Pay Us First LLC"})
    assert app.test_client().get("/companies/pay-us-first-llc").status_code == 404
    queue = moderator.get("/admin/postings").get_data(as_text=True)
    seen = re.search(
        rf'action="/admin/companies/{company.id}/profile/approve"[^>]*>\s*'
        r'<input type="hidden" name="csrf_token" value="[^"]+">\s*'
        r'<input type="hidden" name="seen" value="([^"]+)">',
        queue,
    ).group(1)
    # The employer changes it again before the moderator decides: nothing is decided blind.
    post_form(employer, "/employer/company", {**COMPANY_FORM, "name": "Pay Us Twice LLC"})
    response = post_form(
        moderator, f"/admin/companies/{company.id}/profile/approve", {"seen": seen}
    )
    assert response.status_code == 303
    assert _company(read).name == "Summit Orthopaedic Partners"
    assert app.test_client().get(f"/companies/{company.slug}").status_code == 200
    # Only the approval of the first profile (when the employer signed up) is logged.
    assert len(read(lambda: audit_entries(AuditAction.COMPANY_PROFILE_APPROVE))) == 1


def test_verified_employers_skipping_review_are_still_held_on_strong_signals(
    app, employer, moderator, read
):
    _verify_and_approve_profile(app, moderator)
    company = _company(read)
    public = f"/companies/{company.slug}"
    app.config["VERIFIED_EMPLOYERS_SKIP_REVIEW"] = True
    try:
        post_form(employer, "/employer/company", {**COMPANY_FORM, "about": "We code spines."})
        assert "We code spines." in text_of(app.test_client().get(public))
        post_form(employer, "/employer/company", {**COMPANY_FORM, "about": SCAM_ABOUT})
    finally:
        app.config["VERIFIED_EMPLOYERS_SKIP_REVIEW"] = False
    assert "evil.example" not in text_of(app.test_client().get(public))
    assert _company_pending(app)
    auto = read(lambda: audit_entries(AuditAction.COMPANY_PROFILE_AUTO_PUBLISH))
    assert len(auto) == 1 and auto[0].actor_label == "system"


def test_a_new_company_shows_its_description_once_approved(app, employer, moderator, read):
    company = _company(read)
    public = f"/companies/{company.slug}"
    page = text_of(app.test_client().get(public))
    assert "Summit Orthopaedic Partners" in page and "orthopaedic surgeons" not in page
    assert post_form(moderator, f"/admin/companies/{company.id}/profile/approve").status_code == 303
    assert "orthopaedic" in text_of(app.test_client().get(public))
