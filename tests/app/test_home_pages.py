"""Each role's home page ("/"): what waits for them and the jobs that fit."""

import re

import sqlalchemy as sa

from careercenter.extensions import db
from careercenter.models import Role
from tests.conftest import Auth, post_form
from tests.factories import save_profile
from tests.pages import articles, link_named, links, visible_text


def test_a_guest_sees_the_latest_jobs_and_counts_that_link_into_search(app, post_job, publish):
    publish(post_job())
    publish(post_job(title="Remote Risk Adjustment Coder", specialties=["risk-adjustment"],
                     credentials_required=["crc"]))  # fmt: skip
    response = app.test_client().get("/")
    page = response.get_data(as_text=True)
    text = visible_text(response)
    assert response.status_code == 200
    assert "Latest jobs" in text and "Remote Risk Adjustment Coder" in articles(response)
    assert 'action="/jobs"' in page and 'name="q"' in page  # the search box
    assert "Jobs by specialty" in text and "Jobs by credential" in text
    # Each count follows the link into the search it counts.
    assert link_named(response, "Orthopedics") == "/jobs?specialty=orthopaedics"
    assert link_named(response, "CRC") == "/jobs?credential=crc"
    (risk,) = (link for link in links(response) if link.href == "/jobs?specialty=risk-adjustment")
    for name in ("Orthopedics", risk.text, "CRC"):
        assert f"{name} 1" in text, name
    # The counts agree with the search they link to.
    assert "1 job" in visible_text(app.test_client().get("/jobs?credential=crc"))
    assert "See all 2 open jobs" in text


def test_an_empty_board_says_so(app):
    text = visible_text(app.test_client().get("/"))
    assert "No jobs are open right now" in text
    assert "Jobs by specialty" not in text


def test_a_coder_sees_matching_jobs_with_reasons_alerts_and_application_statuses(
    app, make_user, post_job, publish
):
    matching = publish(post_job())
    publish(post_job(title="Inpatient DRG Coder", credentials_required=["ccs"],
                     specialties=["inpatient-drg"], settings=["hospital-inpatient"]))  # fmt: skip
    applied = publish(post_job(title="Orthopaedic Coder Two"))
    coder = app.test_client()
    make_user(email="maria@example.com", name="Maria Alvarez")
    Auth(coder).login(email="maria@example.com")
    before = visible_text(coder.get("/"))
    assert "Create your profile" in before and "You have not applied" in before
    assert save_profile(coder).status_code == 303
    apply = {"resume_choice": "profile", "cover_letter": "Hello"}
    assert post_form(coder, f"/jobs/{applied}/apply/on-site", apply).status_code == 303
    alert = {"query": "credential=cpc", "name": "CPC jobs", "frequency": "daily"}
    assert post_form(coder, "/me/alerts", alert).status_code == 303
    text = visible_text(coder.get("/"))
    assert "Jobs that match your profile" in text
    assert "Orthopaedic Surgery Coder (CPC or COSC)" in text
    assert "You hold CPC, which this job accepts." in text
    assert "Inpatient DRG Coder" not in text.split("Your applications")[0] or "not met" in text
    assert re.search(rf'href="/jobs/{matching}[/"-]', coder.get("/").get_data(as_text=True))
    # A job already applied to is not suggested again; its status is listed instead.
    side = text.split("Your applications")[1]
    assert "Orthopaedic Coder Two" in side and "New 1" in side


def test_an_employer_sees_post_a_job_new_applicants_and_what_waits(
    app, employer, post_job, publish, make_user, moderator
):
    live = publish(post_job(title="Live Orthopaedic Coder"))
    post_job(title="Waiting Orthopaedic Coder")
    sent_back = post_job(title="Sent Back Orthopaedic Coder")
    response = post_form(
        moderator, f"/admin/postings/{sent_back}/request-changes",
        {"note": "Name the states you hire in."},
    )  # fmt: skip
    assert response.status_code == 303
    coder = app.test_client()
    make_user(email="maria@example.com", name="Maria Alvarez")
    Auth(coder).login(email="maria@example.com")
    save_profile(coder)
    apply = {"resume_choice": "profile", "cover_letter": "Hello"}
    assert post_form(coder, f"/jobs/{live}/apply/on-site", apply).status_code == 303
    page = employer.get("/")
    text = visible_text(page)
    assert 'href="/employer/postings/new"' in page.get_data(as_text=True)
    assert "Jobs with new applicants" in text and "Live Orthopaedic Coder 1 new" in text
    assert "In review" in text and "Waiting Orthopaedic Coder" in text
    assert "Sent back to you" in text and "Name the states you hire in." in text


def test_a_moderator_sees_the_queue_size_and_its_oldest_job(app, post_job, moderator):
    first = post_job(title="First Orthopaedic Coder")
    post_job(title="Second Orthopaedic Coder")
    text = visible_text(moderator.get("/"))
    assert "2 jobs waiting for review" in text
    assert "The oldest" in text and "First Orthopaedic Coder" in text
    assert f'/admin/postings/{first}"' in moderator.get("/").get_data(as_text=True)


def test_home_pages_count_without_a_query_per_job(app, post_job, publish, moderator):
    for number in range(6):
        publish(post_job(title=f"Orthopaedic Coder number {number}"))
    statements = []

    def count(*args, **kwargs):
        statements.append(args[2] if len(args) > 2 else "")

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        app.test_client().get("/")
        guest = len(statements)
        for number in range(6, 12):
            publish(post_job(title=f"Orthopaedic Coder number {number}"))
        statements.clear()
        app.test_client().get("/")
        assert len(statements) <= guest + 2  # twice the jobs, the same work
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)


def test_each_role_sees_only_its_own_home(app, make_user, employer):
    for role in (Role.APPLICANT, Role.MODERATOR):
        client = app.test_client()
        make_user(email=f"{role.value}-home@example.com", role=role)
        Auth(client).login(email=f"{role.value}-home@example.com")
        text = visible_text(client.get("/"))
        assert "Jobs with new applicants" not in text
        assert ("review queue" in text) == (role is Role.MODERATOR)
    assert "review queue" not in visible_text(employer.get("/"))
    assert "Jobs that match your profile" not in visible_text(employer.get("/"))
