"""Every main page, for every role, on a phone (390 × 844) and a laptop (1366 × 768).

Each page is photographed whole into test-artifacts/screenshots/pages/<role>/ (for a person
to look at), and the test fails when a page is wider than its screen, when a job page's
Apply control (or what stands for it) is not in the first screen, when the first result of a
job search does not start in the upper half of the first screen (results first, on a phone
too), when a job card anywhere lacks its card styling (border, logo, no list bullet), or when
axe finds a serious or critical violation (checked at the phone size, where layouts differ
most).

One browser, one page per role, one test per role: the world is built once per role and
every page is visited at both sizes in turn.
"""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from PIL import Image

from careercenter.codes.demo_codes import load_demo_codes
from careercenter.extensions import db
from careercenter.models import Company, Posting, Role
from tests.browser.helpers import ARTIFACTS, axe_violations, describe, log_in
from tests.conftest import STRONG_PASSWORD, Auth, post_form
from tests.factories import COMPANY_FORM, POSTING_FORM

pytestmark = pytest.mark.browser

EMPLOYER = "talent@summitortho.example"  # tests/factories.py
CODER = "maria@example.com"  # tests/factories.py
ADMIN = "admin@careercenter.example"
VIEWPORTS = {"390": {"width": 390, "height": 844}, "1366": {"width": 1366, "height": 768}}
COMPANY = "summit-orthopaedic-partners"


@dataclass(frozen=True)
class World:
    applied_job: int  # the coder applied to it
    other_job: int  # the coder saved it, not applied
    in_review: int  # submitted, waiting for a moderator


@pytest.fixture
def world(app, open_job, post_job, publish, coder_client, moderator, make_user) -> World:
    """Two published jobs of a company with a logo (one applied to, one saved), one in
    review, a job alert, an admin, and the demo codes (so code pages list jobs)."""
    with app.app_context():
        load_demo_codes(with_icd10cm=False)
        company = db.session.scalar(sa.select(Company).where(Company.slug == COMPANY))
        out = io.BytesIO()
        Image.new("RGB", (96, 96), (11, 79, 138)).save(out, format="PNG")
        company.logo_png, company.logo_version = out.getvalue(), "test1"
        db.session.commit()
    other = publish(
        post_job(
            title="Remote Risk Adjustment Coder (CRC)",
            arrangement="remote",
            pay_min="58000",
            pay_max="66000",
            pay_unit="year",
            credentials_required=["crc"],
            key_codes="99213",
        )
    )
    in_review = post_job(title="Inpatient Coder (CCS), DRG validation", key_codes="99213")
    # A second company, without a logo: its cards show its initials.
    lakeside = app.test_client()
    make_user(email="jobs@lakeside.example", name="Lakeside HR", role=Role.EMPLOYER)
    assert Auth(lakeside).login(email="jobs@lakeside.example").status_code == 303
    company = {
        **COMPANY_FORM,
        "name": "Lakeside Health System",
        "website": "https://lakeside.example",
    }
    assert post_form(lakeside, "/employer/company", company).status_code == 303
    job = {
        **POSTING_FORM,
        "title": "Outpatient Coder, Emergency Department",
        "submit_for_review": "y",
    }
    job.update(zip_code="80903", state="CO", arrangement="on-site", pay_min="24", pay_max="29")
    assert post_form(lakeside, "/employer/postings/new", job).status_code == 303
    with app.app_context():
        publish(db.session.scalar(sa.select(sa.func.max(Posting.id))))
    assert (
        post_form(
            coder_client, f"/jobs/{open_job}/apply/on-site", {"resume_choice": "profile"}
        ).status_code
        == 303
    )
    assert post_form(coder_client, f"/jobs/{other}/save").status_code == 303
    response = post_form(coder_client, "/me/alerts", {"q": "orthopaedic", "frequency": "daily"})
    assert response.status_code in (200, 303)
    make_user(email=ADMIN, name="Ada Admin", role=Role.ADMIN)
    assert Auth(app.test_client()).login(email=ADMIN).status_code == 303
    return World(applied_job=open_job, other_job=other, in_review=in_review)


PAGES = {
    "guest": [
        ("home", "/"),
        ("jobs", "/jobs"),
        ("jobs-near-denver", "/jobs?location=80202&radius=50"),
        ("jobs-filtered", "/jobs?q=coder&arrangement=hybrid&credential=cpc"),
        ("job", "/jobs/{applied_job}"),
        ("company", f"/companies/{COMPANY}"),
        ("codes", "/codes/"),
        ("code-page", "/codes/cpt/99213"),
        ("login", "/login"),
        ("register", "/register"),
    ],
    "coder": [
        ("home", "/"),
        ("dashboard", "/me/"),
        ("profile", "/me/profile"),
        ("saved-jobs", "/me/saved-jobs"),
        ("alerts", "/me/alerts"),
        ("jobs", "/jobs"),
        ("job-applied", "/jobs/{applied_job}"),
        ("job-saved", "/jobs/{other_job}"),
        ("apply-form", "/jobs/{other_job}/apply/on-site"),
        ("account", "/account/"),
    ],
    "employer": [
        ("dashboard", "/employer/dashboard"),
        ("company-form", "/employer/company"),
        ("posting-form", "/employer/postings/new"),
        ("applicants", "/employer/postings/{applied_job}/applicants"),
        ("job-own", "/jobs/{applied_job}"),
        ("job-in-review", "/jobs/{in_review}"),
        ("company", f"/companies/{COMPANY}"),
        ("account", "/account/"),
    ],
    "admin": [
        ("moderation", "/admin/"),
        ("review-queue", "/admin/postings"),
        ("review-item", "/admin/postings/{in_review}"),
        ("reports", "/admin/reports"),
        ("accounts", "/admin/accounts"),
        ("staff", "/admin/staff"),
        ("audit", "/admin/audit"),
        ("job", "/jobs/{applied_job}"),
    ],
}
ACCOUNTS = {"guest": None, "coder": CODER, "employer": EMPLOYER, "admin": ADMIN}

# What the page measures of itself: its width, its job cards' looks, its Apply control.
MEASURE = """() => {
  const cards = [...document.querySelectorAll('.job-card')].map(card => {
    const style = getComputedStyle(card);
    const item = card.closest('li');
    const logo = card.querySelector('.logo');
    return {
      border: style.borderTopStyle,
      bullet: item ? getComputedStyle(item).listStyleType : 'none',
      logo: logo ? logo.getBoundingClientRect().width : 0,
    };
  });
  const first = document.querySelector('.search-results .job-card');
  const control = document.querySelector('.job-actions-buttons > :first-child');
  const box = control && control.getBoundingClientRect();
  return {
    width: document.documentElement.scrollWidth,
    viewport: innerWidth,
    height: innerHeight,
    cards,
    isJob: !!document.querySelector('.job-actions'),
    firstResult: first && first.getBoundingClientRect().top,
    apply: box && {top: box.top, bottom: box.bottom, right: box.right, text: control.innerText},
  };
}"""


def _problems(name: str, m: dict) -> list[str]:
    problems = []
    if m["width"] > m["viewport"]:
        problems.append(f"{name}: {m['width']}px wide in a {m['viewport']}px screen")
    for number, card in enumerate(m["cards"], start=1):
        if card["border"] != "solid" or card["bullet"] != "none" or card["logo"] < 24:
            problems.append(f"{name}: job card {number} is not styled as a card ({card})")
    # The best boards show the first result within the first screen: here in its upper half.
    if m["firstResult"] is not None and m["firstResult"] > m["height"] / 2:
        problems.append(f"{name}: the first result starts {m['firstResult']:.0f}px down")
    if m["isJob"]:
        apply = m["apply"]
        if apply is None:
            problems.append(f"{name}: the job page has no Apply control")
        elif apply["top"] < 0 or apply["bottom"] > m["height"] or apply["right"] > m["viewport"]:
            problems.append(f"{name}: {apply['text']!r} is not in the first screen ({apply})")
    return problems


@pytest.mark.parametrize("role", list(PAGES))
def test_every_main_page_fits_and_shows_its_essentials(role, world, new_context):
    folder = ARTIFACTS / "pages" / role
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    page = new_context().new_page()
    if ACCOUNTS[role]:
        log_in(page, ACCOUNTS[role], STRONG_PASSWORD)
    problems: list[str] = []
    for name, path in PAGES[role]:
        url = path.format(**vars(world))
        for size, viewport in VIEWPORTS.items():
            page.set_viewport_size(viewport)
            response = page.goto(url)
            assert response is not None and response.ok, f"{role} {url}: {response.status}"
            page.screenshot(path=folder / f"{name}-{size}.png", full_page=True)
            problems += _problems(f"{role} {name} at {size}px ({url})", page.evaluate(MEASURE))
            if size == "390":
                violations = axe_violations(page)
                if violations:
                    problems.append(f"axe on {role} {name}: {describe(violations)}")
    assert not problems, "\n".join(problems)


def test_the_checks_can_fail(new_context):
    """A page wider than the phone, an unstyled card and an Apply button below the fold are
    each reported."""
    page = new_context().new_page()
    page.set_viewport_size(VIEWPORTS["390"])
    page.set_content(
        '<div style="width:900px">wide</div><ul><li><article class="job-card">x</article></li></ul>'
        '<div style="height:2000px"></div>'
        '<section class="job-actions"><div class="job-actions-buttons"><a href="/a">Apply</a></div></section>'
        '<section class="search-results"><article class="job-card">x</article></section>'
    )
    problems = _problems("broken", page.evaluate(MEASURE))
    assert len(problems) == 5, problems  # the width, two cards, Apply and the first result
