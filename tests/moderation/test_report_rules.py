"""Reports cannot be a weapon: who counts toward hiding a job, how often an account may
report, and simultaneous reports from one person (sent over HTTP to the served app)."""

from __future__ import annotations

import sqlalchemy as sa

from careercenter.extensions import db
from careercenter.models import User
from tests.conftest import Auth
from tests.factories import POSTING_FORM
from tests.moderation.conftest import age, posting, reports_of
from tests.moderation.test_reports import guest, report
from tests.pages import text_of
from tests.served import HttpBrowser, served, together

TITLE = POSTING_FORM["title"]


def is_hidden(app, posting_id: int) -> bool:
    with app.app_context():
        return posting(posting_id).is_hidden


def test_two_coders_and_a_rival_employer_cannot_hide_a_job(
    app, live_job, seasoned_coder, rival, moderator
):
    posting_id, url = live_job
    report(seasoned_coder("maria@example.com"), posting_id)
    report(seasoned_coder("james@example.com"), posting_id)
    age(app, "rival@example.com")
    assert report(rival, posting_id, note="Not a real job.").status_code == 303
    assert not is_hidden(app, posting_id)
    assert app.test_client().get(url).status_code == 200
    # The rival's report still reaches the moderators.
    queue = text_of(moderator.get("/admin/reports"))
    assert "Reported by 3 people" in queue and "Not a real job." in queue


def test_guests_reports_reach_moderators_but_do_not_hide(app, live_job, moderator):
    posting_id, url = live_job
    for address in ("203.0.113.7", "203.0.113.8", "203.0.113.9", "203.0.113.10"):
        assert report(guest(app, address), posting_id).status_code == 303
    assert not is_hidden(app, posting_id)
    assert app.test_client().get(url).status_code == 200
    assert "Reported by 4 people" in text_of(moderator.get("/admin/reports"))


def test_accounts_with_an_unconfirmed_email_do_not_count(app, live_job, seasoned_coder):
    posting_id, _ = live_job
    report(seasoned_coder("maria@example.com"), posting_id)
    report(seasoned_coder("james@example.com"), posting_id)
    keisha = seasoned_coder("keisha@example.com")
    with app.app_context():  # signed in before: its address is not confirmed (any more)
        db.session.execute(
            sa.update(User).where(User.email == "keisha@example.com").values(email_verified_at=None)
        )
        db.session.commit()
    assert report(keisha, posting_id).status_code == 303
    with app.app_context():
        assert [r.reporter.email for r in reports_of(posting_id)][-1] == "keisha@example.com"
    assert not is_hidden(app, posting_id)


def test_new_accounts_count_but_cannot_hide_a_job_alone(
    app, live_job, make_coder, seasoned_coder, moderator, jobs
):
    posting_id, url = live_job
    for email in ("maria@example.com", "james@example.com", "keisha@example.com"):
        report(make_coder(email), posting_id)
    assert not is_hidden(app, posting_id)
    # A busier job, reported by more (guest) people, is not hidden.
    busier = jobs.posting(jobs.company(name="Busier Billing"), title="Busier Coder Job")
    for address in ("203.0.113.7", "203.0.113.8", "203.0.113.9", "203.0.113.10"):
        report(guest(app, address), busier)
    # One reporter who has had an account for a day, with the new ones, hides it...
    report(seasoned_coder("tom@example.com"), posting_id)
    assert is_hidden(app, posting_id)
    assert app.test_client().get(url).status_code == 404
    # ... and it goes to the top of the moderators' queue.
    queue = text_of(moderator.get("/admin/reports"))
    assert queue.index(TITLE) < queue.index("Busier Coder Job")
    assert "Hidden until reviewed" in queue


def test_an_account_may_report_only_so_many_jobs(app, make_coder, jobs):
    company = jobs.company()
    others = [jobs.posting(company, title=f"Coder Job {n}") for n in range(4)]
    maria = make_coder("maria@example.com")
    app.config["RATELIMIT_REPORT_ACCOUNT"] = "3 per day"
    try:
        statuses = [report(maria, other).status_code for other in others]
        # The limit is the account's, not the browser's or the address's.
        again = app.test_client()
        assert Auth(again).login(email="maria@example.com").status_code == 303
        assert report(again, others[3]).status_code == 429
        assert report(make_coder("james@example.com"), others[3]).status_code == 303
    finally:
        app.config["RATELIMIT_REPORT_ACCOUNT"] = "10 per day"
    assert statuses == [303, 303, 303, 429]
    with app.app_context():
        assert [len(reports_of(p)) for p in others] == [1, 1, 1, 1]


def test_one_persons_simultaneous_reports_store_one_report(app, live_job, make_coder):
    posting_id, _ = live_job
    maria = make_coder("maria@example.com")
    with served(app) as url:
        browser = HttpBrowser(url, maria)
        path, data = browser.form(f"/jobs/{posting_id}/report", {"reason": "scam", "note": "x"})
        answers = together(*[lambda: browser.request(path, data)] * 6)
    assert [a.status_code for a in answers] == [303] * 6
    with app.app_context():
        assert len(reports_of(posting_id)) == 1
