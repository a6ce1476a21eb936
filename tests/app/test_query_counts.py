"""No query per row: list pages and bulk actions ask the database the same number of times
whether they show two rows or five. A page that loaded each row's company, each saved job's
posting or each key code separately would ask more as the list grows."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from careercenter.codes.services import check_key_codes
from careercenter.extensions import db
from careercenter.models import Posting, Role, User
from careercenter.models.base import utcnow
from careercenter.moderation import accounts
from careercenter.postings.services import expire_due
from tests.codes.conftest import codes  # noqa: F401 (the demo code data, as a fixture)
from tests.conftest import Auth, post_form


@contextmanager
def statements(app):
    """Every SQL statement sent while the block runs."""
    seen: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)


def count(app, action) -> int:
    with statements(app) as seen:
        action()
    return len(seen)


@pytest.fixture
def publish_jobs(post_job, publish):
    """Publish `n` more jobs of the employer fixture."""

    def more(n: int) -> list[int]:
        return [publish(post_job(title=f"Outpatient Coder {i}")) for i in range(n)]

    return more


def test_the_employer_dashboard_asks_the_same_for_two_jobs_as_for_five(app, employer, publish_jobs):
    publish_jobs(2)
    employer.get("/employer/dashboard")  # warm: the first request loads what every page needs
    two = count(app, lambda: employer.get("/employer/dashboard"))
    publish_jobs(3)
    employer.get("/employer/dashboard")
    five = count(app, lambda: employer.get("/employer/dashboard"))
    assert five == two


def test_the_search_page_asks_the_same_for_two_jobs_as_for_five(app, client, publish_jobs):
    publish_jobs(2)
    client.get("/jobs?q=coder&sort=newest")
    two = count(app, lambda: client.get("/jobs?q=outpatient&sort=newest"))
    publish_jobs(3)  # a change to the index: nothing remembered answers the next search
    # Once per change of the index, not per job: the words typos are corrected to.
    client.get("/jobs?q=coder&sort=newest")
    five = count(app, lambda: client.get("/jobs?q=outpatient&sort=newest"))
    assert five == two


def test_the_review_queue_asks_the_same_for_two_jobs_as_for_five(app, moderator, post_job):
    for i in range(2):
        post_job(title=f"Inpatient Coder {i}")
    moderator.get("/admin/postings")
    two = count(app, lambda: moderator.get("/admin/postings"))
    for i in range(3):
        post_job(title=f"Risk Adjustment Coder {i}")
    five = count(app, lambda: moderator.get("/admin/postings"))
    assert five == two


def test_a_coders_saved_jobs_and_data_export_ask_the_same_for_two_as_for_five(
    app, make_user, publish_jobs
):
    ids = publish_jobs(5)
    make_user(email="saver@example.com", role=Role.APPLICANT)
    coder = app.test_client()
    Auth(coder).login(email="saver@example.com")
    for posting_id in ids[:2]:
        post_form(coder, f"/jobs/{posting_id}/save")
    coder.get("/me/export")
    two = count(app, lambda: coder.get("/me/export"))
    for posting_id in ids[2:]:
        post_form(coder, f"/jobs/{posting_id}/save")
    five = count(app, lambda: coder.get("/me/export"))
    assert five == two


def _employer(app) -> User:
    return db.session.scalar(sa.select(User).where(User.email == "talent@summitortho.example"))


def test_suspending_an_employer_takes_its_jobs_out_of_search_in_constant_queries(
    app, employer, publish_jobs
):
    def suspend():
        with app.app_context():
            accounts.suspend(_employer(app), "Checking the query count.")
            db.session.commit()

    def reinstate():
        with app.app_context():
            accounts.reinstate(_employer(app), "Checked.")
            db.session.commit()
        assert Auth(employer).login(email="talent@summitortho.example").status_code == 303

    publish_jobs(2)
    two = count(app, suspend)
    reinstate()
    publish_jobs(3)
    five = count(app, suspend)
    assert five == two
    with app.app_context():
        assert search_rows() == 0


def search_rows() -> int:
    return db.session.scalar(sa.text("SELECT count(*) FROM posting_search"))


def test_expiring_jobs_takes_them_out_of_search_in_one_statement(app, publish_jobs):
    ids = publish_jobs(5)
    with app.app_context():
        db.session.execute(
            sa.update(Posting).where(Posting.id.in_(ids)).values(expires_at=utcnow())
        )
        db.session.commit()
    with statements(app) as seen, app.app_context():
        assert expire_due() == 5
    deletes = [s for s in seen if s.lstrip().upper().startswith("DELETE")]
    assert len(deletes) <= 2  # the index rows, in one go (plus any backend side table)


@pytest.mark.usefixtures("codes")
def test_key_codes_are_checked_in_one_query_however_many_there_are(app):
    few = ["E11.52", "28820"]
    many = ["E11.52", "28820", "E11.9", "E11.65", "E11.621", "28810", "99213", "J1100"]
    with app.app_context():
        assert check_key_codes(few).unknown == []
        small = count(app, lambda: check_key_codes(few))
        large = count(app, lambda: check_key_codes(many))
        assert check_key_codes(many).unknown == []
    assert large == small
