"""Job alerts: saved from a search, mailed once per new job, unsubscribed in one click."""

import re
import smtplib
import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from careercenter.extensions import db
from careercenter.models import SavedSearch
from careercenter.models.base import utcnow
from careercenter.saved.alerts import enqueue_due_alerts, send_alert
from tests.conftest import Auth, post_form

ORTHO_SEARCH = "q=orthopaedic&credential=cpc&page=3&junk=1"


def create_alert(client, query=ORTHO_SEARCH, **extra):
    data = {"query": query, "name": "", "frequency": "daily", **extra}
    return post_form(client, "/me/alerts", data)


def alert(app) -> SavedSearch:
    with app.app_context():
        found = db.session.scalars(sa.select(SavedSearch)).one()
        db.session.expunge(found)
        return found


def run_alerts(app, days=1) -> int:
    with app.app_context(), app.test_request_context():
        return enqueue_due_alerts(utcnow() + timedelta(days=days, minutes=1))


def alert_mails(outbox):
    return [m for m in outbox.to("maria@example.com") if "new job" in m["Subject"]]


def test_search_page_offers_the_alert_to_coders_and_login_to_guests(app, coder_client):
    page = coder_client.get("/jobs?q=orthopaedic&credential=cpc").get_data(as_text=True)
    assert "Mail me new jobs like these" in page
    guest = app.test_client().get("/jobs?q=orthopaedic").get_data(as_text=True)
    assert "to get new jobs like these by mail" in guest


def test_a_saved_search_keeps_only_what_the_search_understood(app, coder_client):
    response = create_alert(coder_client)
    assert response.status_code == 303
    saved = alert(app)
    assert saved.query_string == "credential=cpc&q=orthopaedic"
    assert "CPC" in saved.name
    page = coder_client.get("/me/alerts").get_data(as_text=True)
    assert saved.name in page and "Mailed daily" in page
    create_alert(coder_client, query="credential=cpc&q=orthopaedic", frequency="weekly")
    assert alert(app).frequency.value == "weekly"  # the same search twice is one alert


def test_new_matching_jobs_are_mailed_once(app, coder_client, post_job, publish, outbox):
    create_alert(coder_client)
    matching = publish(post_job())
    publish(
        post_job(
            title="Emergency Department Coder",
            credentials_required=["ccs"],
            specialties=["emergency-department"],
            description="ED facility coding, "
            "E/M levels and trauma activations for our emergency department.",
        )
    )
    assert run_alerts(app) == 1
    (mail,) = alert_mails(outbox)
    body = mail.get_content()
    assert f"/jobs/{matching}-" in body and "Emergency Department Coder" not in body
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert run_alerts(app) == 0  # the same moment again: nothing is due
    assert run_alerts(app, days=2) == 1  # due again, but no new job: no mail
    assert len(alert_mails(outbox)) == 1


def test_weekly_alerts_wait_a_week(app, coder_client, post_job, publish, outbox):
    create_alert(coder_client, frequency="weekly")
    publish(post_job())
    assert run_alerts(app, days=1) == 0
    assert run_alerts(app, days=7) == 1
    assert len(alert_mails(outbox)) == 1


def test_the_send_alerts_command_runs(app, coder_client, post_job, publish, outbox):
    create_alert(coder_client)
    publish(post_job())
    with app.app_context():
        db.session.execute(sa.update(SavedSearch).values(last_sent_at=utcnow() - timedelta(days=2)))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["send-alerts"])
    assert result.exit_code == 0, result.output
    assert "1 due job alert queued" in result.output
    assert len(alert_mails(outbox)) == 1
    assert app.test_cli_runner().invoke(args=["send-alerts"]).exit_code == 0
    assert len(alert_mails(outbox)) == 1


def test_one_click_unsubscribe_needs_no_login_and_cannot_be_forged(
    app, coder_client, post_job, publish, outbox
):
    create_alert(coder_client)
    publish(post_job())
    run_alerts(app)
    link = re.search(
        r"https?://\S+(/alerts/unsubscribe/\S+)", alert_mails(outbox)[0].get_content()
    )[1]
    guest = app.test_client()
    forged = link[:-3] + ("aaa" if not link.endswith("aaa") else "bbb")
    assert guest.get(forged).status_code == 404
    assert guest.get("/alerts/unsubscribe/1").status_code == 404
    assert alert(app).active
    # Opening the link (as a mail scanner does) asks, and changes nothing.
    page = guest.get(link)
    assert page.status_code == 200 and "Stop mailing me this job alert?" in page.get_data(
        as_text=True
    )
    assert alert(app).active
    page = guest.post(link)  # the page's button
    assert page.status_code == 200 and "You are unsubscribed" in page.get_data(as_text=True)
    assert not alert(app).active
    assert "already stopped" in guest.get(link).get_data(as_text=True)
    publish(post_job(title="Second Ortho Coder"))
    assert run_alerts(app, days=2) == 0
    # A mail client's RFC 8058 one-click POST, with no CSRF token and no cookie.
    assert app.test_client().post(link, data={"List-Unsubscribe": "One-Click"}).status_code == 204
    assert post_form(guest, link.replace("unsubscribe", "resubscribe")).status_code == 200
    assert alert(app).active


def test_coder_pauses_changes_and_deletes_an_alert(app, coder_client):
    create_alert(coder_client)
    saved = alert(app)
    data = {f"alert{saved.id}-frequency": "weekly"}  # the box unticked: paused
    assert post_form(coder_client, f"/me/alerts/{saved.id}", data).status_code == 303
    changed = alert(app)
    assert changed.frequency.value == "weekly" and not changed.active
    assert post_form(coder_client, f"/me/alerts/{saved.id}/delete").status_code == 303
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(SavedSearch)) == 0


def test_another_coders_alert_is_404(app, coder_client, make_user):
    from careercenter.models import Role

    create_alert(coder_client)
    saved = alert(app)
    other = app.test_client()
    make_user(email="other@example.com", role=Role.APPLICANT)
    Auth(other).login(email="other@example.com")
    assert post_form(other, f"/me/alerts/{saved.id}/delete").status_code == 404
    assert (
        post_form(
            other, f"/me/alerts/{saved.id}", {f"alert{saved.id}-frequency": "daily"}
        ).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"query": "q=" + "x" * 1200}, "too long to save"),
        ({"frequency": "hourly"}, "Not a valid choice"),
        ({"name": "n" * 121}, "at most 120 characters"),
    ],
)
def test_bad_alerts_are_refused_with_a_message(app, coder_client, extra, message):
    response = create_alert(coder_client, **extra)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(SavedSearch)) == 0


def last_sent_at(app):
    with app.app_context():
        return db.session.scalar(sa.select(SavedSearch.last_sent_at))


def test_an_alert_whose_mail_fails_is_sent_by_the_next_run_and_only_once(
    app, coder_client, post_job, publish, outbox, monkeypatch
):
    create_alert(coder_client)
    matching = publish(post_job())
    before = last_sent_at(app)

    class DownSMTP:
        def __init__(self, host, port, timeout):
            raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(smtplib, "SMTP", DownSMTP)
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.example.com")
    assert run_alerts(app) == 1
    assert alert_mails(outbox) == []
    assert last_sent_at(app) == before  # not marked sent: its mail did not go

    monkeypatch.setitem(app.config, "MAIL_SERVER", None)
    assert run_alerts(app, days=1) == 1
    (mail,) = alert_mails(outbox)
    assert f"/jobs/{matching}-" in mail.get_content()
    assert run_alerts(app, days=1) == 0 and run_alerts(app, days=2) == 1
    assert len(alert_mails(outbox)) == 1  # never twice


def test_a_legacy_alert_name_with_a_line_separator_is_mailed_on_one_line(
    app, coder_client, post_job, publish, outbox
):
    create_alert(coder_client)
    publish(post_job())
    with app.app_context():  # saved before forms refused line breaks
        db.session.execute(sa.update(SavedSearch).values(name="Ortho\u2028Bcc: all\u2029jobs"))
        db.session.commit()
    assert run_alerts(app) == 1
    (mail,) = alert_mails(outbox)
    assert mail["Subject"] == "1 new job: Ortho Bcc: all jobs"
    assert run_alerts(app, days=2) == 1 and len(alert_mails(outbox)) == 1


def test_two_runs_at_once_mail_an_alert_once(app, coder_client, post_job, publish, outbox):
    create_alert(coder_client)
    publish(post_job())
    alert_id = alert(app).id
    until = (utcnow() + timedelta(days=1, minutes=1)).isoformat()
    barrier = threading.Barrier(2)
    results = []

    def run():
        with app.app_context(), app.test_request_context():
            barrier.wait()
            results.append(send_alert(alert_id, until))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, True]
    assert len(alert_mails(outbox)) == 1


def test_an_alert_mails_only_jobs_with_all_its_words(app, coder_client, post_job, publish, outbox):
    """The search page follows jobs with all the words by jobs with some of them; a mailed
    alert does not: a job without a word of the search is not news."""
    create_alert(coder_client, query="q=orthopaedic+pediatric")
    publish(post_job())  # an orthopaedic job, not a pediatric one
    assert "Orthopaedic" in coder_client.get("/jobs?q=orthopaedic+pediatric").get_data(as_text=True)
    run_alerts(app)
    assert alert_mails(outbox) == []
