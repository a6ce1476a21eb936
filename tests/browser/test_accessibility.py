"""axe-core (vendored in vendor/, from the npm registry) finds no serious or critical WCAG 2.1
A/AA violation on the pages coders, employers and moderators use most."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from careercenter.codes.demo_codes import load_demo_codes
from tests.browser.helpers import Screenshots, axe_violations, describe, expect, log_in
from tests.conftest import STRONG_PASSWORD, post_form

pytestmark = pytest.mark.browser

EMPLOYER = "talent@summitortho.example"  # tests/factories.py
CODER = "maria@example.com"  # tests/factories.py
MODERATOR = "mod@careercenter.example"


@dataclass(frozen=True)
class Site:
    open_job: int
    submitted_job: int


@dataclass(frozen=True)
class Check:
    who: str | None  # the account to log in as, or a guest
    path: str
    submit_empty: str | None = None  # press this button first, to see the form's errors


CHECKS = {
    "home": Check(None, "/"),
    "search-results": Check(None, "/jobs?q=orthopaedic&credential=cpc"),
    "job-page-guest": Check(None, "/jobs/{open_job}"),
    "job-page-coder": Check(CODER, "/jobs/{open_job}"),
    "code-page": Check(None, "/codes/cpt/28820"),
    "posting-form": Check(EMPLOYER, "/employer/postings/new"),
    "posting-form-errors": Check(
        EMPLOYER, "/employer/postings/new", submit_empty="Submit for review"
    ),
    "application-form": Check(CODER, "/jobs/{open_job}/apply/on-site"),
    "report-form": Check(None, "/jobs/{open_job}/report"),
    "review-queue": Check(MODERATOR, "/admin/postings"),
    "reports-queue": Check(MODERATOR, "/admin/reports"),
    "moderation-decision": Check(MODERATOR, "/admin/postings/{submitted_job}"),
}


@pytest.fixture
def site(app, open_job, post_job, coder_client, client) -> Site:
    """A published job (with a guest's report), another waiting for review, an employer with
    a company, a coder with a profile and a moderator."""
    with app.app_context():
        load_demo_codes(with_icd10cm=False)
    guest = app.test_client()
    response = post_form(guest, f"/jobs/{open_job}/report", {"reason": "wrong-information"})
    assert response.status_code == 303
    submitted = post_job(title="Inpatient Coder (CCS), DRG validation", key_codes="99213")
    return Site(open_job=open_job, submitted_job=submitted)


@pytest.mark.parametrize("name", list(CHECKS))
def test_page_has_no_serious_accessibility_violation(name, site, new_page):
    check = CHECKS[name]
    page = new_page()
    if check.who:
        log_in(page, check.who, STRONG_PASSWORD)
    response = page.goto(check.path.format(**vars(site)))
    assert response is not None and response.ok, f"{check.path} answered {response.status}"
    if check.submit_empty:
        page.get_by_role("button", name=check.submit_empty).click()
        expect(page.get_by_role("alert")).to_be_visible()
    Screenshots(f"accessibility/{name}")(page, "checked")
    violations = axe_violations(page)
    assert not violations, f"axe on {name} ({page.url}):\n{describe(violations)}"


def test_axe_does_report_a_serious_violation(new_page):
    """Proof that the checks above can fail: an image without alt text, a link without a name."""
    page = new_page()
    page.set_content('<main><h1>Broken</h1><a href="/x"><img src="/x.png"></a></main>')
    found = {v["id"] for v in axe_violations(page)}
    assert {"image-alt", "link-name"} <= found
