import io
import json
import zipfile
from pathlib import Path

import sqlalchemy as sa

from careercenter.extensions import db
from careercenter.models import Application, Resume
from tests.conftest import STRONG_PASSWORD, post_form
from tests.factories import PDF


def test_coder_downloads_all_their_data_with_the_resume(app, coder_client, open_job):
    post_form(
        coder_client,
        f"/jobs/{open_job}/apply/on-site",
        {"resume_choice": "profile", "cover_letter": "Hi"},
    )
    response = coder_client.get("/me/export")
    assert response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    data = json.loads(archive.read("data.json"))
    assert data["account"]["email"] == "maria@example.com"
    assert data["profile"]["full_name"] == "Maria Alvarez"
    assert data["applications"][0]["cover_letter"] == "Hi"
    resume_files = [n for n in archive.namelist() if n.startswith("resumes/")]
    assert len(resume_files) == 1 and archive.read(resume_files[0]) == PDF


def test_deleting_the_account_removes_resumes_and_leaves_a_deleted_user(
    app, coder_client, open_job
):
    post_form(
        coder_client,
        f"/jobs/{open_job}/apply/on-site",
        {"resume_choice": "profile", "cover_letter": "Hi"},
    )
    with app.app_context():
        stored = [Path(app.instance_path) / "resumes" / r.storage_name
                  for r in db.session.scalars(sa.select(Resume))]  # fmt: skip
    assert all(p.exists() for p in stored)
    response = post_form(
        coder_client,
        "/account/delete",
        {"delete-current_password": STRONG_PASSWORD, "delete-confirm": "y"},
    )
    assert response.status_code == 303
    assert not any(p.exists() for p in stored)
    with app.app_context():
        (application,) = db.session.scalars(sa.select(Application)).all()
        assert application.applicant_id is None
        assert application.applicant_name == "Deleted user"
        assert application.applicant_email is None and application.cover_letter == ""
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Resume)) == 0
