import io
import smtplib

import sqlalchemy as sa

from careercenter import jobs
from careercenter.extensions import db
from careercenter.models import Application, ApplicationStatus, Posting, Role
from tests.conftest import Auth, post_form
from tests.factories import PDF


def _applications(app):
    with app.app_context():
        rows = db.session.scalars(sa.select(Application)).all()
        db.session.expunge_all()
        return rows


def test_job_page_explains_how_the_coder_matches(app, coder_client, open_job):
    with app.app_context():
        slug = db.session.get(Posting, open_job).slug
    page = coder_client.get(f"/jobs/{open_job}-{slug}").get_data(as_text=True)
    assert "How you match" in page
    assert "You hold CPC, which this job accepts." in page
    assert "Denver, CO is about 0 miles" in page
    assert "Apply on CareerCenter" in page


def test_coder_applies_with_the_profile_resume_and_gets_a_mail(app, coder_client, open_job, outbox):
    page = coder_client.get(f"/jobs/{open_job}/apply/on-site").get_data(as_text=True)
    assert "Send my profile resume" in page
    response = post_form(
        coder_client,
        f"/jobs/{open_job}/apply/on-site",
        {"resume_choice": "profile", "cover_letter": "I code foot and ankle surgery daily."},
    )
    assert response.status_code == 303
    (application,) = _applications(app)
    assert application.status is ApplicationStatus.NEW
    assert application.applicant_name == "Maria Alvarez"
    assert application.profile_snapshot["credentials"][0]["credential"] == "cpc"
    assert outbox.last_to("maria@example.com")["Subject"].startswith("Your application")
    dashboard = coder_client.get("/me/").get_data(as_text=True)
    assert "Orthopaedic Surgery Coder" in dashboard and "New" in dashboard


def test_a_double_submit_creates_one_application(app, coder_client, open_job):
    data = {"resume_choice": "profile", "cover_letter": "Hello"}
    first = post_form(coder_client, f"/jobs/{open_job}/apply/on-site", data)
    second = post_form(coder_client, f"/jobs/{open_job}/apply/on-site", data)
    assert first.status_code == 303
    assert second.status_code in (302, 303)
    assert len(_applications(app)) == 1


def test_the_database_refuses_a_second_application(app, coder_client, open_job):
    post_form(coder_client, f"/jobs/{open_job}/apply/on-site", {"resume_choice": "profile"})
    (first,) = _applications(app)
    with app.app_context():
        db.session.add(Application(posting_id=first.posting_id, applicant_id=first.applicant_id,
                                   applicant_name="x"))  # fmt: skip
        try:
            db.session.commit()
            raised = False
        except sa.exc.IntegrityError:
            db.session.rollback()
            raised = True
    assert raised


def test_applying_with_a_new_upload(app, coder_client, open_job):
    response = post_form(
        coder_client,
        f"/jobs/{open_job}/apply/on-site",
        {"resume_choice": "upload", "resume": (io.BytesIO(PDF), "for-this-job.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    (application,) = _applications(app)
    with app.app_context():
        assert db.session.get(Application, application.id).resume.filename == "for-this-job.pdf"


def test_a_cover_letter_of_a_million_characters_is_refused(app, coder_client, open_job):
    response = post_form(
        coder_client,
        f"/jobs/{open_job}/apply/on-site",
        {"resume_choice": "profile", "cover_letter": "x" * 1_000_000},
    )
    assert response.status_code in (413, 422)
    assert _applications(app) == []


def test_applying_to_a_closed_or_missing_job_is_refused(app, client, coder_client, open_job):
    post_form(client, f"/employer/postings/{open_job}/close")
    response = post_form(
        coder_client, f"/jobs/{open_job}/apply/on-site", {"resume_choice": "profile"}
    )
    assert response.status_code in (302, 303)
    assert "no longer accepting applications" in coder_client.get(
        response.headers["Location"]
    ).get_data(True)
    assert _applications(app) == []
    assert coder_client.get("/jobs/999999/apply/on-site").status_code == 404


def test_only_coders_apply(app, client, open_job):
    assert app.test_client().get(f"/jobs/{open_job}/apply/on-site").status_code == 302
    assert client.get(f"/jobs/{open_job}/apply/on-site").status_code == 403  # the employer


def test_coder_withdraws(app, coder_client, open_job):
    post_form(coder_client, f"/jobs/{open_job}/apply/on-site", {"resume_choice": "profile"})
    (application,) = _applications(app)
    assert post_form(coder_client, f"/me/applications/{application.id}/withdraw").status_code == 303
    assert _applications(app)[0].status is ApplicationStatus.WITHDRAWN


def test_a_coder_cannot_withdraw_someone_elses_application(app, coder_client, open_job, make_user):
    post_form(coder_client, f"/jobs/{open_job}/apply/on-site", {"resume_choice": "profile"})
    (application,) = _applications(app)
    other = app.test_client()
    make_user(email="james@example.com", role=Role.APPLICANT)
    Auth(other).login(email="james@example.com")
    assert post_form(other, f"/me/applications/{application.id}/withdraw").status_code == 404
    assert _applications(app)[0].status is ApplicationStatus.NEW


def test_a_legacy_title_with_a_line_separator_does_not_break_applying(
    app, coder_client, open_job, outbox
):
    """A title saved before forms refused line breaks, straight in the database."""
    with app.app_context():
        db.session.execute(
            sa.update(Posting)
            .where(Posting.id == open_job)
            .values(title="Orthopaedic Coder\u2028Bcc: all\u2029(remote)")
        )
        db.session.commit()
    response = post_form(
        coder_client, f"/jobs/{open_job}/apply/on-site", {"resume_choice": "profile"}
    )
    assert response.status_code == 303
    assert len(_applications(app)) == 1
    subject = outbox.last_to("maria@example.com")["Subject"]
    assert subject == "Your application: Orthopaedic Coder Bcc: all (remote)"
    employer_subject = outbox.last_to("talent@summitortho.example")["Subject"]
    assert employer_subject == "New applicant for Orthopaedic Coder Bcc: all (remote)"


class _DownSMTP:
    def __init__(self, host, port, timeout):
        raise ConnectionRefusedError(111, "Connection refused")


def test_applying_succeeds_and_says_so_when_mail_cannot_go_out(
    app, coder_client, open_job, outbox, monkeypatch, caplog
):
    monkeypatch.setattr(smtplib, "SMTP", _DownSMTP)
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.example.com")
    response = post_form(
        coder_client, f"/jobs/{open_job}/apply/on-site", {"resume_choice": "profile"}
    )
    assert response.status_code == 303
    (application,) = _applications(app)
    page = coder_client.get(response.headers["Location"]).get_data(as_text=True)
    assert response.headers["Location"].endswith("/me/")
    assert "Your application to Summit Orthopaedic Partners is sent" in page
    assert "mail not sent" in caplog.text and "maria@example.com" not in caplog.text
    with app.app_context():  # not announced, so not marked as announced
        assert db.session.get(Application, application.id).employer_notified_at is None


def test_a_signed_in_coders_too_large_resume_gets_the_413_page(app, coder_client, open_job):
    big = b"%PDF-1.4\n" + b"0" * (9 * 1024 * 1024)
    for url, field in (
        (f"/jobs/{open_job}/apply/on-site", "resume"),
        ("/me/profile", "resume_file"),
    ):
        response = post_form(
            coder_client,
            url,
            {"resume_choice": "upload", field: (io.BytesIO(big), "big.pdf")},
            content_type="multipart/form-data",
        )
        assert response.status_code == 413
        page = response.get_data(as_text=True)
        assert "That upload is too large" in page and "Log out" in page
    assert _applications(app) == []


def test_applying_mails_the_coder_and_the_employer_through_the_job_queue(
    app, coder_client, open_job, monkeypatch
):
    """One mail policy: nothing about a new application is mailed inside the request."""
    queued = []
    monkeypatch.setattr(jobs, "enqueue", lambda target, *args: queued.append(target))
    response = post_form(
        coder_client, f"/jobs/{open_job}/apply/on-site", {"resume_choice": "profile"}
    )
    assert response.status_code == 303
    assert queued == [
        "careercenter.applications.notifications:confirm_to_applicant",
        "careercenter.applications.notifications:notify_employer",
    ]
