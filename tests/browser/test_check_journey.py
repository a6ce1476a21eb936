"""Issue 17 in the browser: an employer builds a 3-case coding check and attaches it to a
job; a coder applies and takes it (one answer exact, one partly right, one wrong); the
employer reads the score sheet. Screenshots at a desktop and a phone width."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from careercenter.codes.demo_codes import load_demo_codes
from careercenter.codes.importers import import_icd10cm
from careercenter.extensions import db
from careercenter.models import CodeImport, CodeSystem
from tests.browser.helpers import Page, Screenshots, axe_violations, describe, expect, log_in
from tests.conftest import STRONG_PASSWORD

pytestmark = pytest.mark.browser

CHECK_NAME = "Foot and ankle, 3 cases"
CASES = [
    ("Gangrene of the great toe",
     "Type 2 diabetic with peripheral arterial disease and dry gangrene of the right great "
     "toe; the surgeon amputates the toe at the metatarsophalangeal joint.",
     "E11.52", "28820"),
    ("Bunion correction",
     "Acquired hallux valgus of the right foot, corrected with a distal metatarsal "
     "osteotomy of the first metatarsal.",
     "M20.11", "28296-RT"),
    ("Fall from a roof",
     "Displaced fracture of the proximal phalanx of the right great toe, closed, after a "
     "fall from the roof of a house; seen in the emergency department.",
     "S92.411A, W13.2XXA", "99283"),
]  # fmt: skip
DESKTOP, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}


@pytest.fixture
def check_codes(app):
    """The categories the cases use, said to be the full list as in production, so that
    W13.XXXA is known not to exist (not merely missing from a sample)."""
    with app.app_context():
        import_icd10cm(only_prefixes=["E11", "M20", "S92", "W13"])
        load_demo_codes(with_icd10cm=False)
        db.session.execute(
            sa.update(CodeImport)
            .where(CodeImport.system == CodeSystem.ICD10CM)
            .values(complete=True)
        )
        db.session.commit()


def both_widths(page: Page, shot, step: str) -> None:
    page.set_viewport_size(PHONE)
    shot(page, f"{step}-390")
    page.set_viewport_size(DESKTOP)
    shot(page, f"{step}-1366")


def build_the_check(page: Page, shot) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Coding checks").click()
    page.get_by_role("link", name="New check").click()
    page.get_by_label("Name").fill(CHECK_NAME)
    page.get_by_label("Time limit in minutes").fill("20")
    page.get_by_label("Pass mark (%)").fill("80")
    shot(page, "check-settings")
    page.get_by_role("button", name="Save the check").click()
    expect(page.get_by_text("The check is saved. Now add its cases.")).to_be_visible()
    for number, (title, scenario, diagnoses, procedures) in enumerate(CASES, start=1):
        if number > 1:
            page.get_by_role("link", name="Add a case").click()
        page.get_by_label("Case title").fill(title)
        page.get_by_label("Scenario").fill(scenario)
        page.get_by_label("Expected diagnoses (ICD-10-CM), in sequence").fill(diagnoses)
        page.get_by_label("Expected procedures").fill(procedures)
        if number == 1:
            # A wrong code first: refused with the reason, as key codes are.
            page.get_by_label("Expected diagnoses (ICD-10-CM), in sequence").fill("E11.5")
            page.get_by_role("button", name="Save the case").click()
            refusal = "E11.5 is a heading, not a billable ICD-10-CM code"
            expect(page.locator(".field-errors").get_by_text(refusal)).to_be_visible()
            shot(page, "case-refused")
            page.get_by_label("Expected diagnoses (ICD-10-CM), in sequence").fill(diagnoses)
        page.get_by_role("button", name="Save the case").click()
        expect(page.get_by_text("Case added.")).to_be_visible()
    expect(page.get_by_role("heading", name=CHECK_NAME, level=1)).to_be_visible()
    expect(page.get_by_text("Fall from, out of or through roof, initial encounter")).to_be_visible()
    both_widths(page, shot, "check-built")


def attach_to_the_job(page: Page, shot, posting_id: int) -> None:
    page.goto(f"/employer/postings/{posting_id}/edit")
    page.get_by_label("Coding check").select_option(label=f"{CHECK_NAME} (3 cases)")
    shot(page, "job-asks-for-the-check")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Submitted for review.")).to_be_visible()


def take_the_check(page: Page, shot, posting_id: int) -> None:
    page.goto(f"/jobs/{posting_id}")
    expect(
        page.get_by_text("This job asks for a 3-case coding check, about 20 minutes.")
    ).to_be_visible()
    shot(page, "job-page")
    page.get_by_role("link", name="Apply on CareerCenter").first.click()
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_role("heading", name=re.compile("^Coding check"))).to_be_visible()
    expect(page.get_by_text("3 cases, shown one at a time.")).to_be_visible()
    both_widths(page, shot, "before-start")
    page.get_by_role("button", name="Start the check (20 minutes)").click()
    expect(page.get_by_role("heading", name="Case 1: Gangrene of the great toe")).to_be_visible()
    expect(page.get_by_role("timer")).to_contain_text("Time left")
    answers = ["E11.52, 28820", "M20.11, 28296-LT", "W13.XXXA, 99283"]
    for number, typed in enumerate(answers, start=1):
        box = page.get_by_label(f"Your codes for case {number}")
        box.fill("")
        box.press_sequentially(typed, delay=10)
        if number == 1:
            # What was typed, described from the code data as it is typed.
            expect(page.locator(".code-typed")).to_contain_text("28820")
            both_widths(page, shot, "case-1")
        if number < len(answers):
            page.get_by_role("button", name="Save and next case").click()
        else:
            page.get_by_role("button", name="Save", exact=True).click()
            expect(page.get_by_text("Not a valid ICD-10-CM code.")).to_be_visible()
            both_widths(page, shot, "case-3-saved")
            page.get_by_role("button", name="Save and finish…").click()
    expect(page.get_by_role("heading", name="Submit your coding check?")).to_be_visible()
    page.get_by_role("button", name="Submit the check").click()
    expect(page.get_by_text("Your score: 60.7% (below the pass mark of 80%).")).to_be_visible()
    assert "S92.411A" not in page.content() and "28296-RT" not in page.content()
    both_widths(page, shot, "result")


def read_the_score_sheet(page: Page, shot, posting_id: int) -> None:
    page.goto(f"/employer/postings/{posting_id}/applicants")
    row = page.get_by_role("row", name=re.compile("Maria Alvarez"))
    expect(row).to_contain_text("60.7%")
    expect(row).to_contain_text("Not passed")
    both_widths(page, shot, "applicants")
    row.get_by_role("link", name="Maria Alvarez").click()
    sheet = page.locator("#check")
    expect(sheet).to_contain_text("60.7%, not passed (pass mark 80%): 4.25 of 7 points.")
    # One exact case, one partly right, one wrong.
    expect(
        sheet.get_by_role("heading", name=re.compile("Case 1: .* 2 of 2 points"))
    ).to_be_visible()
    expect(
        sheet.get_by_role("heading", name=re.compile("Case 2: .* 1.75 of 2 points"))
    ).to_be_visible()
    expect(
        sheet.get_by_role("heading", name=re.compile("Case 3: .* 0.5 of 3 points"))
    ).to_be_visible()
    expect(sheet).to_contain_text("Right code, wrong modifiers: expected RT, given LT")
    expect(sheet).to_contain_text("Extra code: W13.XXXA is not a valid ICD-10-CM code.")
    expect(sheet.get_by_text("Not given.")).to_have_count(2)
    both_widths(page, shot, "score-sheet")
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_an_employer_tests_a_coder_with_a_coding_check(
    app, check_codes, employer, coder_client, post_job, publish, new_page
):
    shot = Screenshots("coding-check")
    posting_id = post_job(submit=False, title="Foot and Ankle Surgery Coder (CPC)")
    boss = new_page()
    log_in(boss, "talent@summitortho.example", STRONG_PASSWORD)
    build_the_check(boss, shot)
    attach_to_the_job(boss, shot, posting_id)
    publish(posting_id)
    maria = new_page()
    log_in(maria, "maria@example.com", STRONG_PASSWORD)
    take_the_check(maria, shot, posting_id)
    read_the_score_sheet(boss, shot, posting_id)
