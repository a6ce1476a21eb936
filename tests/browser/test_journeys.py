"""Whole journeys through the site, as the people who use it go through them."""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import (
    Page,
    Screenshots,
    confirm_email,
    expect,
    log_in,
    minimal_pdf,
    register,
)
from tests.conftest import STRONG_PASSWORD

pytestmark = pytest.mark.browser

JOB_TITLE = "Remote Orthopaedic Surgery Coder (CPC)"
JOB_DESCRIPTION = (
    "Code foot and ankle surgery for our orthopaedic surgeons: bunion correction, toe "
    "amputations (28820) and fracture care, with diabetic foot cases (E11.621) from the "
    "wound clinic. Epic and 3M encoder; 95% accuracy after training."
)
EMPLOYER = {"name": "Dana Reyes", "email": "dana@summitortho.example"}
CODER = {"name": "Maria Alvarez", "email": "maria.alvarez@example.com"}
ADMIN_EMAIL = "admin@careercenter.example"


def build_company_profile(page: Page, shot) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    page.get_by_role("link", name="Create company profile").click()
    page.get_by_label("Company name").fill("Summit Orthopaedic Partners")
    page.get_by_label("Website").fill("https://summitortho.example")
    page.get_by_label("Type of organization").select_option(label="Physician group")
    page.get_by_label("Size", exact=True).select_option("201-1000")
    page.get_by_label("Headquarters city").fill("Denver")
    page.get_by_label("Headquarters state").select_option("CO")
    page.get_by_label("About the company").fill("We are **orthopaedic** surgeons in Denver.")
    shot(page, "company-profile")
    page.get_by_role("button", name="Save company profile").click()
    expect(page.get_by_text("Your company profile is saved.")).to_be_visible()


def submit_posting(page: Page, shot) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Post a job").click()
    expect(page.get_by_role("heading", name="Post a coding job")).to_be_visible()
    page.get_by_label("Job title").fill(JOB_TITLE)
    page.get_by_label("Description").fill(JOB_DESCRIPTION)
    page.get_by_label("Employment type").select_option(label="Full-time")
    page.get_by_label("Years of coding experience required").fill("2")
    page.get_by_label("Remote", exact=True).check()
    page.get_by_label("ZIP code").fill("80202")
    page.get_by_label("State", exact=True).select_option("CO")
    page.get_by_label("Pay from").fill("26")
    page.get_by_label("Pay up to").fill("33")
    page.get_by_label("Paid").select_option("hour")
    # Each credential is a row of radios: not asked, preferred, required.
    page.locator('input[name="credential_levels-cpc"][value="required"]').check()
    page.get_by_role("group", name="Specialties").get_by_label("Orthopedics").check()
    # The field suggests codes as one types; a person would finish typing and move on.
    key_codes = page.get_by_label("Key codes")
    key_codes.fill("28820, E11.621, J1100")
    key_codes.press("Escape")
    shot(page, "posting-form")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Submitted for review.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(re.escape(JOB_TITLE)))).to_be_visible()
    shot(page, "posting-submitted")


def approve_in_review_queue(page: Page, shot) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Moderation").click()
    page.get_by_role("navigation", name="Moderation").get_by_role(
        "link", name="Review queue"
    ).click()
    item = page.locator("section.review-item").filter(has_text=JOB_TITLE)
    expect(item).to_be_visible()
    shot(page, "review-queue")
    item.get_by_role("button", name=re.compile(r"^Approve")).click()
    expect(page.get_by_text(f"Published “{JOB_TITLE}”.")).to_be_visible()
    shot(page, "approved")


def build_coder_profile(page: Page, shot, tmp_path) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    page.get_by_role("link", name="Create profile").click()
    expect(page.get_by_label("Full name")).to_have_value(CODER["name"])
    page.get_by_label("Headline").fill("CPC with 4 years of orthopaedic surgery coding")
    page.get_by_label("Home ZIP code").fill("80202")
    page.get_by_label("Years of coding experience").fill("4")
    page.locator("#credentials-0-credential").select_option("cpc")
    page.locator("#credentials-0-number").fill("01234567")
    page.get_by_role("group", name="Specialties").get_by_label("Orthopedics").check()
    page.get_by_role("group", name="Work arrangements you want").get_by_label("Remote").check()
    resume = tmp_path / "maria-alvarez-resume.pdf"
    resume.write_bytes(minimal_pdf("Maria Alvarez, CPC"))
    page.get_by_label("Resume").set_input_files(resume)
    shot(page, "coder-profile")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    expect(page.get_by_role("link", name="Download your resume")).to_be_visible()


def find_the_job(page: Page, shot) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Find jobs").click()
    search = page.get_by_role("search", name="Search jobs")
    search.get_by_label("Keywords").fill("orthopaedic")
    search.get_by_label("Credential").select_option("cpc")
    search.get_by_label("Work arrangement").select_option("remote")
    search.get_by_role("button", name="Search jobs").click()
    expect(page).to_have_url(re.compile(r"/jobs\?.*q=orthopaedic"))
    expect(page.get_by_role("heading", name="1 job matches your search")).to_be_visible()
    filters = page.get_by_role("list", name="Filters in use")
    for value in ("orthopaedic", "CPC", "Remote"):
        expect(filters).to_contain_text(value)
    shot(page, "search-results")
    page.get_by_role("link", name=JOB_TITLE).click()
    expect(page.get_by_role("heading", name=JOB_TITLE, level=1)).to_be_visible()
    shot(page, "job-page")


def follow_a_key_code_and_back(page: Page, shot) -> None:
    job_url = page.url
    codes = page.get_by_role("region", name="Key codes in this job")
    codes.get_by_role("link", name="28820").click()
    # The job page's link carries a token for that job: reading it costs no free view.
    expect(page).to_have_url(re.compile(r"/codes/cpt/28820\?job=[^&]+$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("28820")
    expect(page.get_by_role("heading", name="In plain language")).to_be_visible()
    shot(page, "code-page")
    page.go_back()
    expect(page).to_have_url(job_url)
    expect(page.get_by_role("heading", name=JOB_TITLE, level=1)).to_be_visible()


def apply_with_cover_letter(page: Page, shot) -> None:
    page.get_by_role("link", name="Apply on CareerCenter").click()
    expect(page.get_by_role("heading", name=f"Apply to {JOB_TITLE}")).to_be_visible()
    expect(page.get_by_label("Send my profile resume")).to_be_checked()
    page.get_by_label("Cover letter").fill(
        "I have coded orthopaedic surgery for four years, including 28820 and diabetic "
        "foot cases, in Epic with the 3M encoder."
    )
    shot(page, "application-form")
    page.get_by_role("button", name="Send application").click()
    expect(
        page.get_by_text("Your application to Summit Orthopaedic Partners is sent.")
    ).to_be_visible()
    shot(page, "application-sent")


def review_the_application(page: Page, shot, posting_id: int) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    page.get_by_role("link", name=f"1 applicants for {JOB_TITLE}").click()
    expect(page).to_have_url(re.compile(rf"/employer/postings/{posting_id}/applicants$"))
    shot(page, "applicants")
    page.get_by_role("link", name=CODER["name"]).click()
    expect(page.get_by_role("heading", name=CODER["name"], level=1)).to_be_visible()
    expect(page.get_by_text("including 28820 and diabetic foot cases")).to_be_visible()
    shot(page, "application")

    with page.expect_download() as downloading:
        page.get_by_role("link", name=re.compile(r"^Download resume")).click()
    download = downloading.value
    assert download.suggested_filename == "maria-alvarez-resume.pdf"
    with open(download.path(), "rb") as resume:
        assert resume.read() == minimal_pdf("Maria Alvarez, CPC")

    status = page.get_by_role("region", name="Status")
    status.get_by_label("Status", exact=True).select_option(label="Interview")
    status.get_by_role("button", name="Update status").click()
    expect(page.get_by_text("Status is now Interview.")).to_be_visible()
    shot(page, "moved-to-interview")


def test_employer_posts_admin_approves_coder_applies_and_is_invited_to_interview(
    app, new_page, demo_codes, outbox, latest_posting_id, tmp_path
):
    shot = Screenshots("employer-posts-coder-applies")
    password = STRONG_PASSWORD

    employer = new_page()
    register(employer, hiring=True, password=password, shot=shot, **EMPLOYER)
    confirm_email(employer, outbox, EMPLOYER["email"], shot)
    log_in(employer, EMPLOYER["email"], password)
    build_company_profile(employer, shot)
    submit_posting(employer, shot)
    posting_id = latest_posting_id()

    result = app.test_cli_runner().invoke(
        args=["create-admin", ADMIN_EMAIL, "--name", "Ada Admin", "--password", password]
    )
    assert result.exit_code == 0, result.output
    admin = new_page()
    log_in(admin, ADMIN_EMAIL, password)
    approve_in_review_queue(admin, shot)

    coder = new_page()
    register(coder, hiring=False, password=password, shot=shot, **CODER)
    confirm_email(coder, outbox, CODER["email"], shot)
    log_in(coder, CODER["email"], password)
    build_coder_profile(coder, shot, tmp_path)
    find_the_job(coder, shot)
    follow_a_key_code_and_back(coder, shot)
    apply_with_cover_letter(coder, shot)

    review_the_application(employer, shot, posting_id)

    coder.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    expect(coder).to_have_url(re.compile(r"/me/$"))
    applications = coder.get_by_role("region", name="Your applications")
    row = applications.get_by_role("row", name=re.compile(re.escape(JOB_TITLE)))
    expect(row.locator(".status")).to_have_text("Interview")
    shot(coder, "coder-sees-interview")


SCAM_TITLE = "Work From Home Medical Coder, Paid Training"
SCAM_DESCRIPTION = (
    "No experience needed! Buy our coding software starter kit for $250 and start earning "
    "$45 an hour from home. Interviews are held on Telegram; send your bank details to reserve "
    "your seat in the next training class."
)


def test_guest_reports_a_scam_job_and_a_moderator_takes_it_down(new_page, post_job, publish):
    shot = Screenshots("guest-reports-scam-moderator-hides")
    posting_id = publish(post_job(title=SCAM_TITLE, description=SCAM_DESCRIPTION, key_codes=""))

    guest = new_page()
    guest.goto("/jobs?q=paid+training")
    guest.get_by_role("link", name=SCAM_TITLE, exact=True).click()
    expect(guest.get_by_role("heading", name=SCAM_TITLE, level=1)).to_be_visible()
    job_url = guest.url
    shot(guest, "job-page")
    guest.get_by_role("link", name="Report this job").click()
    expect(guest.get_by_role("heading", name="Report this job")).to_be_visible()
    guest.get_by_label("It looks like a scam").check()
    guest.get_by_label("Tell the moderators more").fill(
        "They want $250 for software before hiring, and interviews on Telegram."
    )
    shot(guest, "report-form")
    guest.get_by_role("button", name="Send the report").click()
    expect(guest.get_by_text("Thank you. A moderator will look at this job.")).to_be_visible()
    shot(guest, "report-sent")

    moderator = new_page()
    log_in(moderator, "mod@careercenter.example", STRONG_PASSWORD)
    moderator.get_by_role("navigation", name="Main").get_by_role("link", name="Moderation").click()
    moderator.get_by_role("navigation", name="Moderation").get_by_role(
        "link", name="Reports"
    ).click()
    reported = moderator.get_by_role("region", name=SCAM_TITLE)
    expect(reported).to_contain_text("Reported by 1 person")
    expect(reported).to_contain_text("interviews on Telegram")
    shot(moderator, "reports-queue")
    reported.get_by_role("link", name=re.compile(r"^Review and decide")).click()
    expect(moderator).to_have_url(re.compile(rf"/admin/postings/{posting_id}$"))
    take_down = moderator.locator(".panel").filter(
        has=moderator.get_by_role("heading", name="Take it down")
    )
    take_down.get_by_label("Standard reason").select_option("fees")
    take_down.get_by_label("Reason for the employer").fill(
        "Coders are asked to buy software and to interview on a chat app."
    )
    shot(moderator, "take-down")
    take_down.get_by_role("button", name="Take the job down").click()
    expect(moderator.get_by_text(f"Took “{SCAM_TITLE}” down")).to_be_visible()
    shot(moderator, "taken-down")

    response = guest.goto(job_url)
    assert response is not None and response.status == 404
    shot(guest, "job-gone")
    guest.goto("/jobs?q=paid+training")
    expect(guest.get_by_role("link", name=SCAM_TITLE, exact=True)).to_have_count(0)
    shot(guest, "search-without-it")
