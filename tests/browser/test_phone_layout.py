"""What a phone (390 × 844) and a laptop (1366 × 768) show: no page wider than the screen,
Apply/Save/pay in the first screen of a job page and still in reach after scrolling, and
job cards styled wherever jobs are listed. Screenshots go to shots/ (not committed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.helpers import axe_violations, describe, expect, log_in
from tests.conftest import STRONG_PASSWORD, Auth, post_form
from tests.factories import save_profile

pytestmark = pytest.mark.browser

EMPLOYER = "talent@summitortho.example"  # tests/factories.py
CODER = "maria@example.com"  # tests/factories.py
MODERATOR = "mod@careercenter.example"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
SHOTS = Path(__file__).resolve().parents[2] / "shots"


def _shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png")
    page.screenshot(path=SHOTS / f"{name}-full.png", full_page=True)


@pytest.fixture
def world(open_job, coder_client, employer, moderator):
    """A published job the coder applied to (so every table has a row), and audit entries."""
    response = post_form(
        coder_client, f"/jobs/{open_job}/apply/on-site", {"resume_choice": "profile"}
    )
    assert response.status_code == 303
    return open_job


def _page(new_context, viewport, who=None):
    context = new_context()
    page = context.new_page()
    page.set_viewport_size(viewport)
    if who:
        log_in(page, who, STRONG_PASSWORD)
    return page


WIDE_PAGES = [
    ("employer-dashboard", EMPLOYER, "/employer/dashboard"),
    ("employer-applicants", EMPLOYER, "/employer/postings/{job}/applicants"),
    ("coder-dashboard", CODER, "/me/"),
    ("audit-log", MODERATOR, "/admin/audit"),
    ("jobs-long-word", None, "/jobs?q=" + "a" * 200),
    ("job-page", None, "/jobs/{job}"),
    ("company-page", None, "/companies/summit-orthopaedic-partners"),
]


@pytest.mark.parametrize(("name", "who", "path"), WIDE_PAGES, ids=[p[0] for p in WIDE_PAGES])
def test_no_page_is_wider_than_a_phone(name, who, path, world, new_context):
    page = _page(new_context, PHONE, who)
    response = page.goto(path.format(job=world))
    assert response is not None and response.ok, path
    _shot(page, f"{name}-390")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.evaluate("innerWidth"), f"{path} is {width}px wide at 390px"
    # Nor is anything cut off inside a scrolling box (a Withdraw button past the edge).
    clipped = page.evaluate(
        "[...document.querySelectorAll('.table-scroll')]"
        ".filter(e => e.scrollWidth > e.clientWidth).length"
    )
    assert clipped == 0, f"{path}: {clipped} table(s) wider than the screen"
    violations = axe_violations(page)
    assert not violations, f"axe on {name} at 390px:\n{describe(violations)}"


def _in_first_screen(page, locator) -> bool:
    box = locator.bounding_box()
    viewport = page.viewport_size
    return (
        box is not None
        and box["y"] >= 0
        and box["y"] + box["height"] <= viewport["height"]
        and box["x"] + box["width"] <= viewport["width"]
    )


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
@pytest.mark.parametrize("who", ["guest", "coder", "applied"])
def test_apply_save_and_pay_are_in_the_first_screen_and_stay_in_reach(
    who, viewport, world, open_job, app, make_user, new_context
):
    if who == "coder":  # a coder with a profile who has not applied yet
        make_user(email="james@example.com", name="James Lee")
        client = app.test_client()
        Auth(client).login(email="james@example.com")
        assert save_profile(client).status_code == 303
    account = {"guest": None, "coder": "james@example.com", "applied": CODER}[who]
    page = _page(new_context, viewport, account)
    page.goto(f"/jobs/{open_job}")
    bar = page.get_by_role("region", name="Apply to this job")
    if who == "applied":
        apply = bar.get_by_text("Applied on")
    else:
        apply = bar.get_by_role("link", name="Apply on CareerCenter")
    wanted = {
        "apply": apply,
        "pay": bar.locator(".job-actions-pay"),
        "save": bar.get_by_role("link", name="Save job").or_(
            bar.get_by_role("button", name="Save job")
        ),
    }
    for name, locator in wanted.items():
        expect(locator).to_be_visible()
        assert _in_first_screen(page, locator), f"{name} is below the first screen ({who})"
    _shot(page, f"job-{who}-{viewport['width']}")
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    assert page.evaluate("scrollY") > 0 or viewport is LAPTOP  # a phone always scrolls
    for name, locator in wanted.items():
        assert _in_first_screen(page, locator), f"{name} scrolled away ({who})"
    _shot(page, f"job-{who}-{viewport['width']}-scrolled")


def test_job_cards_are_cards_on_a_company_page(world, new_context):
    page = _page(new_context, LAPTOP)
    page.goto("/companies/summit-orthopaedic-partners")
    card = page.locator(".job-card").first
    expect(card).to_be_visible()
    assert card.evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"
    assert page.locator(".job-list").first.evaluate("e => getComputedStyle(e).listStyleType") == (
        "none"
    )
    _shot(page, "company-1366")
