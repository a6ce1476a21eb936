"""Simultaneous changes to one application, sent over HTTP to the served app and released
together: each side is told what really happened, and the history tells it once."""

from __future__ import annotations

import html

import pytest
import sqlalchemy as sa

from careercenter.extensions import db
from careercenter.models import Application, ApplicationEvent, ApplicationStatus
from tests.conftest import post_form
from tests.served import HttpBrowser, flashes, served, together

ROUNDS = 6


@pytest.fixture
def applied(app, coder_client, open_job):
    data = {"resume_choice": "profile", "cover_letter": "I code orthopaedic surgery."}
    assert post_form(coder_client, f"/jobs/{open_job}/apply/on-site", data).status_code == 303
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.max(Application.id)))


def _reset(app, application_id: int, status: ApplicationStatus) -> None:
    """Put the application back where a round starts, with an empty history."""
    with app.app_context():
        db.session.execute(
            sa.delete(ApplicationEvent).where(ApplicationEvent.application_id == application_id)
        )
        db.session.execute(
            sa.update(Application).where(Application.id == application_id).values(status=status)
        )
        db.session.commit()


def _state(app, application_id: int) -> tuple[ApplicationStatus, list[tuple[str | None, str]]]:
    with app.app_context():
        application = db.session.get(Application, application_id)
        events = db.session.scalars(
            sa.select(ApplicationEvent)
            .where(ApplicationEvent.application_id == application_id)
            .order_by(ApplicationEvent.id)
        ).all()
        return application.status, [
            (e.from_status.value if e.from_status else None, e.to_status.value) for e in events
        ]


def _told(browser: HttpBrowser, response) -> str:
    assert response.status_code in (303, 409), (response.status_code, response.text[:500])
    page = browser.get(response.location).text if response.status_code == 303 else response.text
    return html.unescape(flashes(page))


def test_a_withdrawal_and_a_status_change_sent_together_keep_their_promises(
    app, employer, coder_client, applied
):
    with served(app) as url:
        maria, company = HttpBrowser(url, coder_client), HttpBrowser(url, employer)
        for _ in range(ROUNDS):
            _reset(app, applied, ApplicationStatus.INTERVIEW)
            withdraw = maria.form(f"/me/applications/{applied}/withdraw")
            offer = company.form(f"/employer/applications/{applied}/status", {"status": "offer"})
            answers = together(
                lambda w=withdraw: maria.request(*w), lambda o=offer: company.request(*o)
            )
            coder_told, employer_told = _told(maria, answers[0]), _told(company, answers[1])
            status, history = _state(app, applied)

            # Whoever came second acted on what the first did: the coder's withdrawal is
            # final, whether it came before or after the offer.
            assert "Your application is withdrawn." in coder_told
            assert status is ApplicationStatus.WITHDRAWN
            if history == [("interview", "withdrawn")]:
                assert answers[1].status_code == 409
                assert "The applicant withdrew this application" in employer_told
            else:
                assert history == [("interview", "offer"), ("offer", "withdrawn")]
                assert "Status is now Offer." in employer_told


def test_the_same_change_sent_six_times_at_once_is_recorded_and_mailed_once(
    app, employer, applied, outbox
):
    with served(app) as url:
        company = HttpBrowser(url, employer)
        path, data = company.form(
            f"/employer/applications/{applied}/status",
            {"status": "rejected", "mail_applicant": "y"},
        )
        answers = together(*[lambda: company.request(path, data)] * 6)
    assert [a.status_code for a in answers] == [303] * 6
    status, history = _state(app, applied)
    assert status is ApplicationStatus.REJECTED
    assert history == [(None, "new"), ("new", "rejected")]
    mails = outbox.to("maria@example.com")
    rejections = [m for m in mails if "other candidates" in m.get_content()]
    assert len(rejections) == 1
