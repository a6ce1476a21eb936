import io
import re

from careercenter.models import Role
from tests.conftest import post_form
from tests.factories import COMPANY_FORM, png_bytes
from tests.pages import images, visible_text


def _save(client, logo=None, **overrides):
    data = {**COMPANY_FORM, **overrides}
    if logo is not None:
        data["logo"] = (io.BytesIO(logo[1]), logo[0])
    return post_form(client, "/employer/company", data, content_type="multipart/form-data")


def test_employer_builds_a_company_profile_with_a_logo(app, client, login_as, moderator):
    login_as(Role.EMPLOYER)
    response = _save(client, logo=("logo.jpg", png_bytes(fmt="JPEG")))
    assert response.status_code == 303
    page = app.test_client().get("/companies/summit-orthopaedic-partners").get_data(True)
    # Its words and logo show once a moderator has read them.
    assert "We are orthopaedic surgeons." not in visible_text(page)
    assert not [src for src in images(page) if "/logo" in src]
    queue = moderator.get("/admin/postings").get_data(as_text=True)
    approve = re.search(r'action="(/admin/companies/\d+/profile/approve)"', queue).group(1)
    assert post_form(moderator, approve).status_code == 303
    page = app.test_client().get("/companies/summit-orthopaedic-partners").get_data(True)
    assert "Summit Orthopaedic Partners" in page
    assert "<strong>orthopaedic</strong>" in page
    assert "Physician group" in page and "Denver, CO" in page
    assert "We are orthopaedic surgeons." in visible_text(page)
    (logo_url,) = (src for src in images(page) if "/logo" in src)
    logo = app.test_client().get(logo_url)
    assert logo.status_code == 200
    assert logo.mimetype == "image/png"  # re-encoded, whatever was uploaded
    assert logo.data.startswith(b"\x89PNG")
    assert logo.headers["X-Content-Type-Options"] == "nosniff"


def test_a_file_that_is_not_an_image_is_refused_and_the_form_kept(client, login_as):
    login_as(Role.EMPLOYER)
    response = _save(client, logo=("logo.png", b"MZ\x90\x00 this is an executable"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "This file is not an image we can read" in page
    assert 'value="Summit Orthopaedic Partners"' in page


def test_an_empty_or_huge_logo_is_refused(client, login_as):
    login_as(Role.EMPLOYER)
    assert "The file is empty" in _save(client, logo=("logo.png", b"")).get_data(True)
    huge = _save(client, logo=("logo.png", b"\x89PNG" + b"0" * (2 * 1024 * 1024 + 10)))
    assert huge.status_code == 422
    assert "at most 2 MB" in huge.get_data(as_text=True)


def test_company_fields_are_validated(client, login_as):
    login_as(Role.EMPLOYER)
    response = _save(client, name="", website="javascript:alert(1)", org_type="bank")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter the company&#39;s name." in page
    assert "must start with https://" in page
    assert "Not a valid choice" in page


def test_script_in_a_company_name_is_shown_as_text(app, client, login_as):
    login_as(Role.EMPLOYER)
    _save(client, name="<script>alert(1)</script> Coding", about="<script>x</script>hello")
    page = app.test_client().get("/companies/script-alert-1-script-coding").get_data(True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Coding" in page


def test_unknown_company_is_404(client):
    assert client.get("/companies/no-such-company").status_code == 404
    assert client.get("/companies/no-such-company/logo.png").status_code == 404
