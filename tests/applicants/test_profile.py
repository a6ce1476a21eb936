import io

import pytest
import sqlalchemy as sa

from careercenter.extensions import db
from careercenter.models import ApplicantProfile, Resume, Role
from tests.conftest import Auth, post_form
from tests.factories import PDF, PROFILE_FORM, docx_bytes, save_profile


def _profile(app):
    with app.app_context():
        profile = db.session.scalar(sa.select(ApplicantProfile))
        if profile:
            profile.credentials, profile.resume  # noqa: B018 (load before detaching)
            db.session.expunge_all()
        return profile


def test_coder_builds_a_profile_with_credentials_and_a_resume(app, client, login_as):
    login_as(Role.APPLICANT)
    response = save_profile(client)
    assert response.status_code == 303
    profile = _profile(app)
    assert profile.city == "Denver" and profile.state == "CO"
    (held,) = profile.credentials
    assert held.credential == "cpc" and held.number == "01234567"
    assert str(held.expires_on) == "2030-12-31"
    assert profile.resume.content_type == "application/pdf"
    assert profile.resume.filename == "resume.pdf"
    page = client.get("/me/").get_data(as_text=True)
    assert "Maria Alvarez" in page and "CPC" in page
    download = client.get(f"/me/resumes/{profile.resume.id}")
    assert download.data == PDF
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"


def test_resume_is_stored_outside_static_under_a_random_name(app, client, login_as):
    login_as(Role.APPLICANT)
    save_profile(client, resume=("My CV.docx", docx_bytes()))
    profile = _profile(app)
    assert profile.resume.filename == "My CV.docx"
    assert "My CV" not in profile.resume.storage_name
    path = app.instance_path + "/resumes/" + profile.resume.storage_name
    with open(path, "rb") as stored:
        assert stored.read().startswith(b"PK")
    assert client.get(f"/static/{profile.resume.storage_name}").status_code == 404


@pytest.mark.parametrize(
    ("resume", "message"),
    [
        (("resume.pdf", b"MZ\x90\x00\x03 an executable renamed"), "must be a PDF or a Word"),
        (("resume.pdf", b""), "The file is empty."),
        (("resume.pdf", b"%PDF-1.4" + b"0" * (5 * 1024 * 1024 + 1)), "at most 5 MB"),
        (("resume.docx", b"PK\x03\x04 not really a zip"), "must be a PDF or a Word"),
    ],
)
def test_bad_resumes_are_refused_and_nothing_is_stored(app, client, login_as, resume, message):
    login_as(Role.APPLICANT)
    response = save_profile(client, resume=resume)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _profile(app) is None
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Resume)) == 0


def test_a_credential_not_in_the_vocabulary_is_refused(app, client, login_as):
    login_as(Role.APPLICANT)
    response = save_profile(client, **{"credentials-0-credential": "wizard"})
    assert response.status_code == 422
    assert "Not a valid choice" in response.get_data(as_text=True)


def test_an_unknown_zip_is_refused(client, login_as):
    login_as(Role.APPLICANT)
    response = save_profile(client, zip_code="00000")
    assert "We don&#39;t know this ZIP code" in response.get_data(as_text=True)


def test_profile_pages_are_for_coders_only(client, login_as):
    assert client.get("/me/profile").status_code == 302
    login_as(Role.EMPLOYER)
    assert client.get("/me/profile").status_code == 403
    assert client.get("/me/").status_code == 403


def test_another_coder_cannot_download_my_resume(app, coder_client, make_user):

    resume_id = _profile(app).resume.id
    other = app.test_client()
    make_user(email="james@example.com", role=Role.APPLICANT)
    Auth(other).login(email="james@example.com")
    assert other.get(f"/me/resumes/{resume_id}").status_code == 404
    assert app.test_client().get(f"/me/resumes/{resume_id}").status_code == 302


def test_uploaded_multipart_without_file_keeps_the_old_resume(app, coder_client):
    first = _profile(app).resume.id

    response = post_form(coder_client, "/me/profile", {**PROFILE_FORM, "resume_file": (io.BytesIO(b""), "")},
                         content_type="multipart/form-data")  # fmt: skip
    assert response.status_code == 303
    assert _profile(app).resume.id == first


def test_clean_resumes_deletes_only_old_files_no_resume_names(app, client, login_as, tmp_path):
    import os
    import time

    app.config["RESUME_DIR"] = str(tmp_path)
    try:
        login_as(Role.APPLICANT)
        save_profile(client, resume=("My CV.docx", docx_bytes()))
        kept = tmp_path / _profile(app).resume.storage_name
        orphan, fresh_orphan = tmp_path / ("0" * 32), tmp_path / ("1" * 32)
        for path in (orphan, fresh_orphan):
            path.write_bytes(b"%PDF-1.4 left by a killed process")
        two_hours_ago = time.time() - 7200
        for path in (orphan, kept):
            os.utime(path, (two_hours_ago, two_hours_ago))

        result = app.test_cli_runner().invoke(args=["clean-resumes"])
        assert "Deleted 1 resume file no resume names." in result.output
        assert kept.exists() and fresh_orphan.exists() and not orphan.exists()
    finally:
        app.config.pop("RESUME_DIR")
