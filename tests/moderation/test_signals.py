"""Scam and quality signals: each fires on what it should, says why, and stays quiet on
ordinary postings."""

from __future__ import annotations

import html
from datetime import timedelta
from decimal import Decimal

import pytest

from careercenter.extensions import db
from careercenter.models import Report, ReportReason, User, utcnow
from careercenter.moderation import signals
from tests.moderation.conftest import owner_of, posting

HONEST = (
    "Code orthopaedic surgery for our foot and ankle team: bunion correction, toe "
    "amputations (28820) and diabetic gangrene cases (E11.52) from the wound clinic. We "
    "never charge coders for training, software or equipment: your laptop is on us."
)


def signals_of(app, posting_id: int) -> dict[str, signals.Signal]:
    with app.app_context():
        job = posting(posting_id)
        return {s.code: s for s in signals.assess([job])[posting_id]}


@pytest.fixture
def seasoned(app, jobs):
    """A company whose owner signed up a month ago: no brand-new-account signal."""

    def make(**fields) -> int:
        company_id = jobs.company(**fields)
        with app.app_context():
            owner_of(company_id).created_at = utcnow() - timedelta(days=30)
            db.session.commit()
        return company_id

    return make


def test_an_honest_posting_raises_no_signal(app, jobs, seasoned):
    posting_id = jobs.posting(seasoned(), state="submitted", description_md=HONEST)
    assert signals_of(app, posting_id) == {}


@pytest.mark.parametrize(
    "text",
    [
        "Before you start, pay a one-time $89 training fee for our coding software.",
        "Selected coders must purchase their own laptop from our approved vendor.",
        "We will mail you a check to purchase your home-office equipment.",
        "The $150 refundable deposit is reimbursed after your first paycheck.",
        "Send the equipment deposit via Zelle.",
    ],
)
def test_money_asked_of_applicants_is_a_strong_signal(app, jobs, seasoned, text):
    posting_id = jobs.posting(seasoned(), state="submitted", description_md=f"{HONEST}\n\n{text}")
    fired = signals_of(app, posting_id)["fees"]
    assert fired.weight == signals.STRONG and fired.strength == "Strong"
    assert "It reads like a request for payment" in fired.why


@pytest.mark.parametrize(
    "text",
    [
        "Add our recruiter on Telegram (@coding_hr) for your interview.",
        "Interviews are held over chat on Google Hangouts.",
        "Message us on WhatsApp to get started.",
        "Download the Signal app and text us at 555-0100.",
    ],
)
def test_a_chat_app_is_a_strong_signal(app, jobs, seasoned, text):
    posting_id = jobs.posting(seasoned(), state="submitted", description_md=f"{HONEST}\n{text}")
    fired = signals_of(app, posting_id)["chat"]
    assert fired.weight == signals.STRONG
    assert "chat" in fired.why.lower()


def test_negated_or_employer_paid_costs_do_not_fire(app, jobs, seasoned):
    text = (
        f"{HONEST} There are no upfront fees. We will buy the laptop and encoder licence for "
        "you. You don't need to purchase anything. We never interview over WhatsApp."
    )
    posting_id = jobs.posting(seasoned(), state="submitted", description_md=text)
    assert signals_of(app, posting_id) == {}


def test_a_personal_mailbox_against_a_company_website(app, jobs, seasoned):
    company_id = seasoned(website="https://www.riversidehealth.example")
    text = f"{HONEST} Send your resume to riverside.hr.jobs@gmail.com today."
    posting_id = jobs.posting(company_id, state="submitted", description_md=text)
    fired = signals_of(app, posting_id)["contact"]
    assert fired.why == (
        "It asks applicants to write to riverside.hr.jobs@gmail.com, a personal mailbox, "
        "and the company's website is riversidehealth.example."
    )


def test_an_address_on_the_company_domain_is_fine_another_domain_is_not(app, jobs, seasoned):
    company_id = seasoned(website="https://riversidehealth.example")
    fine = jobs.posting(
        company_id, state="submitted", description_md=f"{HONEST} hr@careers.riversidehealth.example"
    )
    assert "contact" not in signals_of(app, fine)
    odd = jobs.posting(
        company_id, state="submitted", description_md=f"{HONEST} Write to hr@riverside-jobs.example"
    )
    assert (
        "not on the company's website riversidehealth.example"
        in signals_of(app, odd)["contact"].why
    )


def test_an_employer_signed_up_with_a_personal_mailbox(app, jobs, seasoned):
    company_id = seasoned(website="")
    with app.app_context():
        owner_of(company_id).email = "quickcode.jobs@yahoo.com"
        db.session.commit()
    posting_id = jobs.posting(company_id, state="submitted", description_md=HONEST)
    assert signals_of(app, posting_id)["contact"].why == (
        "The employer signed up with a personal mailbox (quickcode.jobs@yahoo.com) and the "
        "company gives no website."
    )


def test_pay_far_above_similar_jobs(app, jobs, seasoned):
    company_id = seasoned()
    for _ in range(10):
        jobs.posting(company_id, description_md=HONEST, credentials_required=["cpc"])
    scam = jobs.posting(
        seasoned(),
        state="submitted",
        description_md="Remote data entry coding from home, no experience needed at all.",
        credentials_required=["cpc"],
        pay_min=Decimal("85.00"),
        pay_max=Decimal("95.00"),
    )
    fired = signals_of(app, scam)["pay-outlier"]
    assert fired.why == (
        "It pays about $187,200 a year (midpoint), 3.1× the median of 10 CPC physician "
        "practice jobs in Colorado ($61,360 a year)."
    )


def test_pay_far_below_similar_jobs(app, jobs, seasoned):
    company_id = seasoned()
    for _ in range(10):
        jobs.posting(company_id, description_md=HONEST, pay_unit="year",
                     pay_min=Decimal("60000"), pay_max=Decimal("70000"))  # fmt: skip
    low = jobs.posting(
        seasoned(), state="submitted", description_md="Coding job.", pay_unit="year",
        pay_min=Decimal("20000"), pay_max=Decimal("24000"),
    )  # fmt: skip
    assert "less than half the median of 10" in signals_of(app, low)["pay-outlier"].why


def test_pay_is_not_judged_without_enough_similar_jobs(app, jobs, seasoned):
    jobs.posting(seasoned(), description_md=HONEST)
    lonely = jobs.posting(
        seasoned(), state="submitted", description_md=HONEST, pay_min=Decimal("200"),
        pay_max=Decimal("210"),
    )  # fmt: skip
    assert "pay-outlier" not in signals_of(app, lonely)


def test_a_range_too_wide_to_inform(app, jobs, seasoned):
    posting_id = jobs.posting(
        seasoned(), state="submitted", description_md=HONEST,
        pay_min=Decimal("15.00"), pay_max=Decimal("95.00"),
    )  # fmt: skip
    fired = signals_of(app, posting_id)["pay-range"]
    assert fired.why == (
        "The range $15.00–$95.00 per hour is too wide to tell a coder what the job pays "
        "(the top is over 3× the bottom)."
    )


def test_text_copied_from_another_companys_posting(app, jobs, seasoned):
    original = jobs.posting(
        seasoned(name="Riverside Health"), title="Remote Inpatient Coder", description_md=HONEST
    )
    copy = jobs.posting(
        seasoned(name="Quick Code Remote"),
        state="submitted",
        description_md=HONEST + " Apply today, start tomorrow.",
    )
    fired = signals_of(app, copy)["copied"]
    assert fired.why.endswith(
        f"of its description also appears in “Remote Inpatient Coder” by Riverside Health "
        f"(job {original})."
    )
    assert int(fired.why.split("%")[0]) >= 80


def test_a_companys_own_earlier_posting_is_not_a_copy(app, jobs, seasoned):
    company_id = seasoned()
    jobs.posting(company_id, description_md=HONEST)
    again = jobs.posting(company_id, state="submitted", description_md=HONEST)
    assert "copied" not in signals_of(app, again)


def test_a_brand_new_employer_account(app, jobs):
    posting_id = jobs.posting(jobs.company(), state="submitted", description_md=HONEST)
    assert signals_of(app, posting_id)["new-account"].why == (
        "The employer's account was created today."
    )


def test_open_reports_are_a_signal(app, jobs, seasoned):
    posting_id = jobs.posting(seasoned(), state="submitted", description_md=HONEST)
    with app.app_context():
        for key, reason in (("user:1", ReportReason.SCAM), ("ip:ab", ReportReason.SCAM),
                            ("ip:cd", ReportReason.EXPIRED)):  # fmt: skip
            db.session.add(Report(posting_id=posting_id, reporter_key=key, reason=reason))
        db.session.commit()
    assert signals_of(app, posting_id)["reported"].why == (
        "Reported by 3 people: scam (2), expired."
    )


def test_the_queue_sorts_by_signals_on_request(app, jobs, seasoned, moderator):
    calm = jobs.posting(
        seasoned(), state="submitted", title="Calm Coder Job", description_md=HONEST
    )
    scam = jobs.posting(
        jobs.company(name="Quick Code Remote"),
        state="submitted",
        title="Easy Remote Coding Job",
        description_md="Pay the $99 training fee, then message us on Telegram.",
    )
    assert calm < scam
    oldest = html.unescape(moderator.get("/admin/postings").get_data(as_text=True))
    assert oldest.index("Calm Coder Job") < oldest.index("Easy Remote Coding Job")
    ranked = html.unescape(moderator.get("/admin/postings?sort=signals").get_data(as_text=True))
    assert ranked.index("Easy Remote Coding Job") < ranked.index("Calm Coder Job")
    assert "Asks applicants for money" in ranked and "(strong signal)" in ranked
    assert "Moves the talk to a chat app" in ranked
    assert "No signal fired." in ranked


def test_signals_cost_a_fixed_number_of_queries(app, jobs, seasoned):
    company_id = seasoned()
    ids = [jobs.posting(company_id, state="submitted", description_md=HONEST) for _ in range(6)]
    from sqlalchemy import event

    with app.app_context():
        postings = [posting(i) for i in ids]
        for job in postings:
            job.company.owner  # noqa: B018 -- loaded as the queue loads them
        statements = []
        engine = db.engine

        def count(*args):
            statements.append(args)

        event.listen(engine, "before_cursor_execute", count)
        try:
            signals.assess(postings)
        finally:
            event.remove(engine, "before_cursor_execute", count)
        assert len(statements) == 3  # pay figures, copy corpus, open reports
        assert db.session.get(User, postings[0].company.owner_id) is not None


def test_a_verified_employer_is_not_called_brand_new(app, jobs):
    """A moderator checked who they are: a new account of a verified company is no stranger."""
    company_id = jobs.company()
    with app.app_context():
        from careercenter.models import Company

        db.session.get(Company, company_id).verified_at = utcnow()
        db.session.commit()
    posting_id = jobs.posting(company_id, state="submitted", description_md=HONEST)
    assert "new-account" not in signals_of(app, posting_id)
