"""The staff pages and the report form as assistive technology and the CSP see them: one
h1, a label for every control, table headers with a scope, unique ids, no inline style or
script, and forms that post with a CSRF token."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from tests.conftest import post_form


@pytest.fixture
def busy_site(app, jobs, make_user, moderator, make_coder):
    """A queue with an edited job, a reported job, a suspended coder and some history."""
    company_id = jobs.company(name="Riverside Health")
    waiting = jobs.posting(company_id, state="submitted", title="Waiting Coder Job",
                           description_md="Pay the $50 training fee and message us on Telegram.")  # fmt: skip
    reported = jobs.posting(company_id, title="Reported Coder Job")
    edited = jobs.posting(company_id, title="Edited Coder Job")
    with app.app_context():
        from careercenter.extensions import db
        from tests.moderation.conftest import posting

        job = posting(edited)
        job.send_back_to_review()
        job.description_md += "\n\nNew line about CPC-A apprentices."
        db.session.commit()
    post_form(
        make_coder("maria@example.com"),
        f"/jobs/{reported}/report",
        {"reason": "scam", "note": "Fee"},
    )
    spammer = make_user(email="spam@example.com")
    post_form(moderator, f"/admin/accounts/{spammer}/suspend", {"suspend-reason": "Spam"})
    with app.app_context():
        from careercenter.extensions import db
        from careercenter.models import Company

        owner = db.session.get(Company, company_id).owner_id
    return {"waiting": waiting, "reported": reported, "edited": edited, "owner": owner,
            "spammer": spammer}  # fmt: skip


def check_page(response) -> None:
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    doc = lxml_html.fromstring(text)
    assert len(doc.xpath("//h1")) == 1
    assert not doc.xpath("//*[@style]") and not doc.xpath("//style") and not doc.xpath("//script")
    ids = doc.xpath("//@id")
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    labelled = set(doc.xpath("//label/@for"))
    for control in doc.xpath("//input[not(@type='hidden')] | //select | //textarea"):
        assert control.get("id") in labelled, lxml_html.tostring(control)
    for th in doc.xpath("//table//th"):
        assert th.get("scope") in ("col", "row"), lxml_html.tostring(th)
    for form in doc.xpath("//form[@method='post']"):
        assert form.xpath(".//input[@name='csrf_token']"), lxml_html.tostring(form)[:200]
    for level in range(2, 5):  # no heading skips a level
        if doc.xpath(f"//h{level + 1}"):
            assert doc.xpath(f"//h{level}"), f"h{level + 1} without h{level}"


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/postings",
        "/admin/postings?sort=signals",
        "/admin/postings/{waiting}",
        "/admin/postings/{reported}",
        "/admin/postings/{edited}",
        "/admin/reports",
        "/admin/accounts",
        "/admin/accounts/{owner}",
        "/admin/accounts/{spammer}",
        "/admin/audit",
        "/admin/staff",
    ],
)
def test_staff_pages_are_accessible(admin, busy_site, url):
    check_page(admin.get(url.format(**busy_site)))


def test_the_report_form_is_accessible(app, busy_site):
    check_page(app.test_client().get(f"/jobs/{busy_site['reported']}/report"))


def test_a_refused_decision_page_keeps_the_errors_next_to_the_field(admin, busy_site):
    response = post_form(admin, f"/admin/postings/{busy_site['waiting']}/reject", {})
    assert response.status_code == 422
    doc = lxml_html.fromstring(response.get_data(as_text=True))
    (textarea,) = doc.xpath("//textarea[@name='reason']")
    assert textarea.get("aria-invalid") == "true"
    assert textarea.get("aria-describedby").split() == ["reason-hint", "reason-error"]
    assert doc.xpath("//div[@class='error-summary' and @role='alert']")
