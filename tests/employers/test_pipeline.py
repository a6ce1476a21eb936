"""The employer's applicant pipeline: list, filters, detail, status history, notes, CSV,
resume, mail to each side, and the 404s between employers."""

import csv
import io
import re

import pytest
import sqlalchemy as sa

from careercenter.applications.notifications import send_digests
from careercenter.extensions import db
from careercenter.models import Application, ApplicationStatus, Company
from tests.conftest import STRONG_PASSWORD, post_form
from tests.factories import COMPANY_FORM, PDF, apply_to


def test_employer_is_mailed_at_once_about_each_application(employer, outbox, applied):
    message = outbox.last_to("talent@summitortho.example")
    assert "New applicant" in message["Subject"]
    assert f"/employer/applications/{applied}" in message.get_content()


def test_digest_employer_gets_one_mail_listing_the_day_and_never_twice(
    app, employer, coder_client, open_job, outbox
):
    with app.app_context():
        db.session.execute(sa.update(Company).values(notify_mode="digest"))
        db.session.commit()
    apply_to(coder_client, open_job)
    assert outbox.to("talent@summitortho.example") == []
    with app.app_context():
        assert send_digests() == 1
        assert send_digests() == 0
    (digest,) = outbox.to("talent@summitortho.example")
    assert "Maria Alvarez" in digest.get_content()


def test_company_form_keeps_the_notification_choice(app, employer):

    data = {**COMPANY_FORM, "notify_mode": "digest"}
    assert post_form(employer, "/employer/company", data).status_code == 303
    with app.app_context():
        assert db.session.scalar(sa.select(Company.notify_mode)) == "digest"
    page = employer.get("/employer/company").get_data(as_text=True)
    assert (
        'checked id="notify_mode-1" name="notify_mode" required type="radio" value="digest"' in page
    )


def test_list_shows_applicants_with_counts_and_filters(employer, open_job, applied):
    page = employer.get(f"/employer/postings/{open_job}/applicants").get_data(as_text=True)
    assert "Maria Alvarez" in page and "CPC" in page
    by_status = employer.get(f"/employer/postings/{open_job}/applicants?status=interview")
    assert "Maria Alvarez" not in by_status.get_data(as_text=True)
    assert "No application matches" in by_status.get_data(as_text=True)
    by_credential = employer.get(f"/employer/postings/{open_job}/applicants?credential=cpc")
    assert "Maria Alvarez" in by_credential.get_data(as_text=True)
    other = employer.get(f"/employer/postings/{open_job}/applicants?credential=ccs")
    assert "Maria Alvarez" not in other.get_data(as_text=True)


def test_a_bad_filter_value_is_a_400_with_a_message(employer, open_job, applied):
    response = employer.get(f"/employer/postings/{open_job}/applicants?status=<script>")
    assert response.status_code == 400
    assert "Not a valid choice" in response.get_data(as_text=True)


def test_dashboard_links_to_applicants_with_their_number(employer, open_job, applied):
    page = employer.get("/employer/dashboard").get_data(as_text=True)
    assert f"/employer/postings/{open_job}/applicants" in page
    assert ">1<span" in page


def test_detail_shows_profile_letter_and_resume(employer, applied):
    page = employer.get(f"/employer/applications/{applied}").get_data(as_text=True)
    assert "I code orthopaedic surgery every day." in page
    assert "maria@example.com" in page and "Orthopedics" in page
    resume = employer.get(f"/employer/applications/{applied}/resume")
    assert resume.status_code == 200 and resume.data == PDF
    assert resume.headers["Content-Disposition"].startswith("attachment")
    assert resume.headers["X-Content-Type-Options"] == "nosniff"
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))  # the status and note forms: one element per id


def test_status_changes_are_kept_as_history_and_the_coder_sees_them(
    app, employer, coder_client, applied
):
    for status in ("reviewed", "interview"):
        response = post_form(
            employer, f"/employer/applications/{applied}/status", {"status": status}
        )
        assert response.status_code == 303
    page = employer.get(f"/employer/applications/{applied}").get_data(as_text=True)
    assert "New → Reviewed" in page and "Reviewed → Interview" in page
    with app.app_context():
        application = db.session.get(Application, applied)
        assert application.status is ApplicationStatus.INTERVIEW
        assert [e.to_status.value for e in application.events] == ["new", "reviewed", "interview"]
    assert "Interview" in coder_client.get("/me/").get_data(as_text=True)


def test_rejection_mails_the_coder_only_when_the_employer_chooses(employer, outbox, applied):
    post_form(employer, f"/employer/applications/{applied}/status", {"status": "rejected"})
    rejected = [m for m in outbox.to("maria@example.com") if "other candidates" in m.get_content()]
    assert len(rejected) == 0  # the box was unticked: a browser sends nothing for it
    post_form(employer, f"/employer/applications/{applied}/status", {"status": "reviewed"})
    post_form(
        employer,
        f"/employer/applications/{applied}/status",
        {"status": "rejected", "mail_applicant": "y"},
    )
    rejected = [m for m in outbox.to("maria@example.com") if "other candidates" in m.get_content()]
    assert len(rejected) == 1


def test_an_unknown_status_is_refused_with_a_message(employer, applied):
    response = post_form(employer, f"/employer/applications/{applied}/status", {"status": "ceo"})
    assert response.status_code == 422
    assert "Not a valid choice" in response.get_data(as_text=True)


def test_a_withdrawn_application_cannot_be_moved(app, employer, coder_client, applied):
    assert post_form(coder_client, f"/me/applications/{applied}/withdraw").status_code == 303
    response = post_form(
        employer, f"/employer/applications/{applied}/status", {"status": "interview"}
    )
    assert response.status_code == 409
    assert "withdrew" in response.get_data(as_text=True)


def test_private_notes_are_kept_and_never_shown_to_the_coder(employer, coder_client, applied):
    note = "Strong on modifiers 59 and XS.\nCall Tuesday."
    response = post_form(employer, f"/employer/applications/{applied}/notes", {"body": note})
    assert response.status_code == 303
    page = employer.get(f"/employer/applications/{applied}").get_data(as_text=True)
    assert "Strong on modifiers 59 and XS.<br>Call Tuesday." in page
    assert "modifiers 59" not in coder_client.get("/me/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("body", "message"),
    [("", "Write the note first."), ("x" * 5001, "under 5,000 characters"), ("a\x00b", "control")],
)
def test_bad_notes_are_refused_and_the_text_kept(employer, applied, body, message):
    response = post_form(employer, f"/employer/applications/{applied}/notes", {"body": body})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_csv_export_has_each_applicant_and_defuses_formulas(app, employer, coder_client, open_job):
    apply_to(coder_client, open_job, cover_letter='=HYPERLINK("http://evil.example")')
    response = employer.get(f"/employer/postings/{open_job}/applicants?format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:4] == ["Application", "Applied", "Status", "Name"]
    assert rows[1][3] == "Maria Alvarez" and rows[1][6] == "CPC"
    assert rows[1][-1].startswith("'=")


def test_another_employer_gets_404_everywhere(rival, open_job, applied):
    for url in (
        f"/employer/postings/{open_job}/applicants",
        f"/employer/postings/{open_job}/applicants?format=csv",
        f"/employer/applications/{applied}",
        f"/employer/applications/{applied}/resume",
    ):
        assert rival.get(url).status_code == 404, url
    assert (
        post_form(
            rival, f"/employer/applications/{applied}/status", {"status": "hired"}
        ).status_code
        == 404
    )
    assert (
        post_form(rival, f"/employer/applications/{applied}/notes", {"body": "x"}).status_code
        == 404
    )


def test_coders_and_guests_are_kept_out(app, coder_client, open_job, applied):
    assert coder_client.get(f"/employer/applications/{applied}").status_code == 403
    assert coder_client.get(f"/employer/postings/{open_job}/applicants").status_code == 403
    guest = app.test_client().get(f"/employer/applications/{applied}")
    assert guest.status_code == 302 and "/login" in guest.headers["Location"]


def test_a_deleted_coder_shows_as_deleted_user_without_contact_or_resume(
    app, employer, coder_client, applied
):

    response = post_form(
        coder_client,
        "/account/delete",
        {"delete-current_password": STRONG_PASSWORD, "delete-confirm": "y"},
    )
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:2000]
    page = employer.get(f"/employer/applications/{applied}").get_data(as_text=True)
    assert "Deleted user" in page and "maria@example.com" not in page
    assert employer.get(f"/employer/applications/{applied}/resume").status_code == 404


def test_a_job_without_applicants_says_so(employer, open_job, post_job):
    page = employer.get(f"/employer/postings/{open_job}/applicants").get_data(as_text=True)
    assert "No one has applied yet" in page and "now" in page
    draft = post_job(submit=False)
    page = employer.get(f"/employer/postings/{draft}/applicants").get_data(as_text=True)
    assert "once it is published" in page
