"""Employers build checks and attach them to jobs; coders take them when they apply; the
score reaches the pipeline. Every path through the site, with the refusals."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
import sqlalchemy as sa

from careercenter.checks import services
from careercenter.extensions import db
from careercenter.models import CheckAttempt, CheckCase, CheckEvent, SkillCheck, utcnow
from tests.conftest import Auth, csrf_token, post_form
from tests.factories import COMPANY_FORM, POSTING_FORM, apply_to, save_profile

SETTINGS = {
    "name": "Ortho outpatient, 3 cases",
    "instructions": "Code for the professional claim.",
    "time_limit_minutes": "15",
    "pass_mark": "80",
    "layout": "one",
    "sequence_matters": "y",
    "show_score": "y",
    "credit_specificity": "50",
    "credit_seventh": "50",
    "credit_modifier": "75",
    "sequence_loss": "25",
    "penalty_wrong_extra": "50",
    "penalty_redundant_extra": "10",
}
CASES = [
    {
        "title": "Gangrene of the great toe",
        "scenario": "Type 2 diabetic with peripheral arterial disease and dry gangrene of the "
        "right great toe; amputation at the metatarsophalangeal joint.",
        "diagnoses": "E11.52",
        "procedures": "28820",
    },
    {
        "title": "Bunion correction",
        "scenario": "Acquired hallux valgus of the right foot corrected with a distal "
        "metatarsal osteotomy.",
        "diagnoses": "M20.11",
        "procedures": "28296-RT",
    },
    {
        "title": "Fall from a roof",
        "scenario": "Displaced fracture of the proximal phalanx of the right great toe after "
        "a fall from the roof of a house; seen in the emergency department.",
        "diagnoses": "S92.411A, W13.2XXA",
        "procedures": "99283",
    },
]
EXPECTED_STRINGS = ["E11.52", "M20.11", "28296-RT", "S92.411A", "W13.2XXA", "99283", "28820"]


def make_check(client, cases=CASES, **settings) -> int:
    response = post_form(client, "/employer/checks/new", {**SETTINGS, **settings})
    assert response.status_code == 303, response.get_data(as_text=True)
    check_id = int(re.search(r"/employer/checks/(\d+)/", response.location)[1])
    for case in cases:
        response = post_form(client, f"/employer/checks/{check_id}/cases/new", case)
        assert response.status_code == 303, response.get_data(as_text=True)
    return check_id


@pytest.fixture
def check_job(employer, post_job, publish):
    """A published job that asks for a 3-case check; (posting id, check id)."""
    check_id = make_check(employer)
    return publish(post_job(skill_check=str(check_id))), check_id


def apply(coder_client, posting_id):
    """Apply to a job with a check; returns where the site sends the coder next."""
    return apply_to(
        coder_client, posting_id, cover_letter="I code foot and ankle surgery."
    ).location


def application_id_of(location: str) -> int:
    return int(re.search(r"/me/applications/(\d+)/check", location)[1])


def start(coder_client, application_id):
    response = post_form(coder_client, f"/me/applications/{application_id}/check/start")
    assert response.status_code == 303
    return response


def answer(coder_client, application_id, number, codes, action="next"):
    return post_form(
        coder_client,
        f"/me/applications/{application_id}/check/answers?case={number}",
        {f"case_{number - 1}": codes, "action": action},
    )


def attempt_of(app, application_id) -> CheckAttempt:
    from careercenter.models import ApplicationCheck

    with app.app_context():
        link = db.session.get(ApplicationCheck, application_id)
        attempt = db.session.get(CheckAttempt, link.attempt_id)
        db.session.expunge(attempt)
        return attempt


def _last_case(app) -> int:
    from careercenter.models import CheckCase

    with app.app_context():
        return db.session.scalar(sa.select(sa.func.max(CheckCase.id)))


# -- employers ----------------------------------------------------------------------------------


def test_invalid_and_heading_codes_are_refused_with_the_reason(app, employer):
    check_id = make_check(employer, cases=[])
    url = f"/employer/checks/{check_id}/cases/new"
    case = {**CASES[2], "diagnoses": "S92.411A, W13.XXXA, E11.5", "procedures": "99283-RTX"}
    response = post_form(employer, url, case)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "W13.XXXA is not a valid ICD-10-CM code." in page
    assert "E11.5 is a heading, not a billable ICD-10-CM code" in page
    assert "RTX (after 99283) is not a modifier." in page
    # The demo modifier file is a sample: a modifier it lacks is saved with a warning.
    response = post_form(employer, url, {**CASES[2], "procedures": "99283-QW"})
    page = employer.get(response.location).get_data(as_text=True)
    assert "Modifier QW is not in our modifier data (we hold a sample)" in page
    post_form(employer, f"/employer/checks/{check_id}/cases/{_last_case(app)}/delete")
    response = post_form(employer, url, {**case, "diagnoses": "28820", "procedures": ""})
    assert "“28820” is not an ICD-10-CM code." in response.get_data(as_text=True)
    assert post_form(employer, url, CASES[2]).status_code == 303
    page = employer.get(f"/employer/checks/{check_id}").get_data(as_text=True)
    assert "Fall from, out of or through roof, initial encounter" in page


def test_a_check_has_at_most_25_cases(app, employer):
    check_id = make_check(employer, cases=[CASES[0]] * 25)
    response = post_form(employer, f"/employer/checks/{check_id}/cases/new", CASES[0])
    assert response.status_code == 303
    page = employer.get(response.location).get_data(as_text=True)
    assert "A check has at most 25 cases." in page
    with app.app_context():
        assert len(db.session.get(SkillCheck, check_id).cases) == 25


def test_another_employer_never_sees_or_uses_the_check(app, employer, rival, post_job):
    check_id = make_check(employer)
    for url in (f"/employer/checks/{check_id}", f"/employer/checks/{check_id}/settings"):
        assert rival.get(url).status_code == 404
    assert post_form(rival, f"/employer/checks/{check_id}/archive").status_code == 404
    # The rival's posting form offers no such check, and refuses it if sent anyway.

    post_form(rival, "/employer/company", {**COMPANY_FORM, "name": "Rival Co"})
    form = rival.get("/employer/postings/new").get_data(as_text=True)
    assert SETTINGS["name"] not in form
    data = {**POSTING_FORM, "skill_check": str(check_id), "save_draft": "y"}
    response = post_form(rival, "/employer/postings/new", data)
    assert response.status_code == 422 and "Not a valid choice" in response.get_data(as_text=True)


def test_the_job_page_says_the_job_asks_for_a_check(client, check_job):
    posting_id, _ = check_job
    page = client.get(f"/jobs/{posting_id}", follow_redirects=True).get_data(as_text=True)
    assert "This job asks for a 3-case coding check, about 15 minutes." in page


# -- coders -------------------------------------------------------------------------------------


def test_coder_takes_the_check_and_the_employer_sees_the_score_sheet(
    app, employer, coder_client, check_job
):
    posting_id, _ = check_job
    location = apply(coder_client, posting_id)
    application_id = application_id_of(location)
    seen = [coder_client.get(location).get_data(as_text=True)]
    assert "3 cases, shown one at a time." in seen[0] and "15 minutes" in seen[0]
    start(coder_client, application_id)
    seen.append(
        coder_client.get(f"/me/applications/{application_id}/check/cases/1").get_data(as_text=True)
    )
    assert "Case 1: Gangrene of the great toe" in seen[-1] and "Time left" in seen[-1]
    # Exact; right code wrong modifier; wrong (an invalid code and a wrong diagnosis).
    response = answer(coder_client, application_id, 1, "e1152, 28820")
    assert response.location.endswith("/check/cases/2")
    seen.append(coder_client.get(response.location).get_data(as_text=True))
    answer(coder_client, application_id, 2, "M20.11, 28296-LT")
    answer(coder_client, application_id, 3, "W13.XXXA\n99283", action="save")
    page = coder_client.get(f"/me/applications/{application_id}/check/cases/3").get_data(
        as_text=True
    )
    seen.append(page)
    # What was typed, read against the code data.
    assert "Not a valid ICD-10-CM code." in page
    response = answer(coder_client, application_id, 3, "W13.XXXA\n99283", action="finish")
    seen.append(coder_client.get(response.location).get_data(as_text=True))
    assert "You have not answered" not in seen[-1]
    response = post_form(coder_client, f"/me/applications/{application_id}/check/submit")
    seen.append(coder_client.get(response.location).get_data(as_text=True))
    # 2 + 1.75 + (1 for 99283 - 0.5 for W13.XXXA, an extra) = 4.25 of 7 points
    assert "Your score: <strong>60.7%</strong> (below the pass mark of 80%)" in seen[-1]
    seen.append(coder_client.get("/me/").get_data(as_text=True))
    assert "Coding check: 60.7%, not passed" in seen[-1]
    # The expected answers never reached the coder's browser.
    for text in seen:
        for code in ("M20.11", "S92.411A", "W13.2XXA", "28296-RT"):
            assert code not in text.replace("M20.11, 28296-LT", ""), code
    # The employer: score sheet with expected vs given and why.
    sheet = employer.get(f"/employer/applications/{application_id}").get_data(as_text=True)
    assert "60.7%" in sheet and "not passed" in sheet
    assert "Right code, wrong modifiers: expected RT, given LT (75% credit)." in sheet
    assert "Extra code: W13.XXXA is not a valid ICD-10-CM code." in sheet
    assert "S92.411A" in sheet and "Not given." in sheet
    for event in ("Started", "Saved (case 1)", "Submitted (score 60.7%)"):
        assert event in sheet
    listing = employer.get(f"/employer/postings/{posting_id}/applicants").get_data(as_text=True)
    assert "60.7%" in listing and "Not passed" in listing
    rows = list(
        csv.reader(
            io.StringIO(
                employer.get(f"/employer/postings/{posting_id}/applicants?format=csv").get_data(
                    as_text=True
                )
            )
        )
    )
    assert rows[0][-2:] == ["Check score", "Check result"]
    assert rows[1][-2:] == ["60.7", "Not passed"]


def test_cases_are_served_only_during_the_coders_attempt(app, coder_client, check_job, make_user):
    posting_id, _ = check_job
    application_id = application_id_of(apply(coder_client, posting_id))
    cases = f"/me/applications/{application_id}/check/cases/1"
    # Not before the start.
    response = coder_client.get(cases)
    assert response.status_code == 303 and response.location.endswith("/check")
    # Never to another coder.

    other = app.test_client()
    make_user(email="james@example.com", name="James Chen")
    Auth(other).login(email="james@example.com")
    assert other.get(f"/me/applications/{application_id}/check").status_code == 404
    assert other.get(cases).status_code == 404
    start(coder_client, application_id)
    assert coder_client.get(cases).status_code == 200
    assert coder_client.get(f"/me/applications/{application_id}/check/cases/4").status_code == 404
    post_form(coder_client, f"/me/applications/{application_id}/check/submit")
    # Not after it is submitted.
    assert coder_client.get(cases).status_code == 303


def test_a_start_twice_does_not_restart_the_clock(app, coder_client, check_job):
    application_id = application_id_of(apply(coder_client, check_job[0]))
    start(coder_client, application_id)
    first = attempt_of(app, application_id)
    start(coder_client, application_id)
    assert attempt_of(app, application_id).deadline_at == first.deadline_at
    assert first.deadline_at - first.started_at == timedelta(minutes=15)


def test_past_the_limit_the_attempt_is_scored_on_what_was_saved(
    app, employer, coder_client, check_job
):
    posting_id, _ = check_job
    application_id = application_id_of(apply(coder_client, posting_id))
    start(coder_client, application_id)
    answer(coder_client, application_id, 1, "E11.52, 28820")
    attempt = attempt_of(app, application_id)
    with app.app_context():  # the clock ran out (a closed tab does not stop it)
        db.session.execute(
            sa.update(CheckAttempt)
            .where(CheckAttempt.id == attempt.id)
            .values(
                started_at=utcnow() - timedelta(minutes=20),
                deadline_at=utcnow() - timedelta(minutes=5),
            )
        )
        db.session.commit()
    response = answer(coder_client, application_id, 2, "M20.11, 28296-RT")
    page = coder_client.get(response.location).get_data(as_text=True)
    assert "Time is up: your check was scored on the answers you had saved." in page
    assert "Your score: <strong>28.6%</strong>" in page  # 2 of 7: case 1 only
    sheet = employer.get(f"/employer/applications/{application_id}").get_data(as_text=True)
    assert "Timed out (score 28.6%)" in sheet


def test_two_tabs_submitting_at_once_finish_once(app, coder_client, check_job):
    application_id = application_id_of(apply(coder_client, check_job[0]))
    start(coder_client, application_id)
    answer(coder_client, application_id, 1, "E11.52, 28820")
    attempt = attempt_of(app, application_id)
    with app.app_context():
        tab_one = db.session.get(CheckAttempt, attempt.id)
        assert services.finish(tab_one, application_id, timed_out=False) is True
        db.session.remove()
    with app.app_context():  # the second tab read the attempt before the first finished it
        tab_two = db.session.get(CheckAttempt, attempt.id)
        assert services.finish(tab_two, application_id, timed_out=False) is False
    response = post_form(coder_client, f"/me/applications/{application_id}/check/submit")
    assert "This check is already submitted." in coder_client.get(response.location).get_data(
        as_text=True
    )
    response = answer(coder_client, application_id, 2, "M20.11")
    assert "already submitted" in coder_client.get(response.location).get_data(as_text=True)
    with app.app_context():
        kinds = db.session.scalars(
            sa.select(CheckEvent.kind).where(CheckEvent.attempt_id == attempt.id)
        ).all()
        assert [k.value for k in kinds].count("submitted") == 1


def test_autosave_answers_json_with_what_was_typed(coder_client, check_job):
    application_id = application_id_of(apply(coder_client, check_job[0]))
    start(coder_client, application_id)

    response = coder_client.post(
        f"/me/applications/{application_id}/check/answers?case=1",
        data={"csrf_token": csrf_token(coder_client), "case_0": "E11.51"},
        headers={"Accept": "application/json"},
    )
    data = response.get_json()
    assert data["saved"] is True
    assert data["codes"]["1"][0]["note"].endswith("without gangrene")
    assert "E11.52" not in json.dumps(data)


def test_reuse_across_jobs_only_when_the_employer_allows_it(
    app, employer, coder_client, post_job, publish
):
    for allow, reused in (("", False), ("y", True)):
        check_id = make_check(employer, allow_reuse=allow, name=f"Check {allow or 'no'}")
        first, second = (publish(post_job(skill_check=str(check_id))) for _ in range(2))
        a1 = application_id_of(apply(coder_client, first))
        start(coder_client, a1)
        answer(coder_client, a1, 1, "E11.52, 28820")
        post_form(coder_client, f"/me/applications/{a1}/check/submit")
        a2 = application_id_of(apply(coder_client, second))
        page = coder_client.get(f"/me/applications/{a2}/check").get_data(as_text=True)
        assert ("Your score" in page) is reused
        assert ("Start the check" in page) is not reused
        assert (attempt_of(app, a1).id == attempt_of(app, a2).id) is reused


def test_the_coder_sees_no_score_when_the_employer_keeps_it(
    app, employer, coder_client, post_job, publish
):
    check_id = make_check(employer, show_score="")
    application_id = application_id_of(
        apply(coder_client, publish(post_job(skill_check=str(check_id))))
    )
    start(coder_client, application_id)
    answer(coder_client, application_id, 1, "E11.52, 28820")
    response = post_form(coder_client, f"/me/applications/{application_id}/check/submit")
    page = coder_client.get(response.location).get_data(as_text=True)
    assert "Your score" not in page and "do not share scores" in page
    archive = zipfile.ZipFile(io.BytesIO(coder_client.get("/me/export").data))
    exported = json.loads(archive.read("data.json"))["coding_checks"][0]
    assert exported["score"] is None and exported["answers"][0]["given"] == "E11.52, 28820"


def test_the_coders_export_has_their_result_but_never_the_expected_codes(coder_client, check_job):
    application_id = application_id_of(apply(coder_client, check_job[0]))
    start(coder_client, application_id)
    answer(coder_client, application_id, 1, "E11.52, 28820")
    post_form(coder_client, f"/me/applications/{application_id}/check/submit")
    archive = zipfile.ZipFile(io.BytesIO(coder_client.get("/me/export").data))
    text = archive.read("data.json").decode()
    exported = json.loads(text)["coding_checks"]
    assert exported[0]["score"] == pytest.approx(28.6) and exported[0]["passed"] is False
    for code in ("M20.11", "S92.411A", "W13.2XXA"):
        assert code not in text


def test_the_applicants_list_sorts_and_filters_by_check_result(
    app, employer, coder_client, check_job, make_user
):

    posting_id, _ = check_job
    a1 = application_id_of(apply(coder_client, posting_id))
    start(coder_client, a1)
    answer(coder_client, a1, 1, "E11.52, 28820")
    post_form(coder_client, f"/me/applications/{a1}/check/submit")  # 28.6%
    other = app.test_client()
    make_user(email="keisha@example.com", name="Keisha Brown")
    Auth(other).login(email="keisha@example.com")
    save_profile(other, full_name="Keisha Brown")
    a2 = application_id_of(apply(other, posting_id))
    start(other, a2)
    for number, codes in ((1, "E11.52, 28820"), (2, "M20.11, 28296-RT")):
        answer(other, a2, number, codes)
    answer(other, a2, 3, "S92.411A, W13.2XXA, 99283")
    post_form(other, f"/me/applications/{a2}/check/submit")  # 100%
    url = f"/employer/postings/{posting_id}/applicants"
    by_score = employer.get(url + "?sort=score").get_data(as_text=True)
    assert by_score.index("Keisha Brown") < by_score.index("Maria Alvarez")
    passed = employer.get(url + "?check=passed").get_data(as_text=True)
    assert "Keisha Brown" in passed and "Maria Alvarez" not in passed
    failed = employer.get(url + "?check=failed").get_data(as_text=True)
    assert "Maria Alvarez" in failed and "Keisha Brown" not in failed
    assert employer.get(url + "?check=bogus").status_code == 400


# -- as a rival or a careless employer would ------------------------------------------------


def _case_ids(app, check_id: int) -> list[int]:
    with app.app_context():
        return list(
            db.session.scalars(
                sa.select(CheckCase.id)
                .where(CheckCase.check_id == check_id)
                .order_by(CheckCase.position)
            )
        )


def test_a_coder_is_scored_on_the_cases_they_were_given_whatever_the_employer_edits_later(
    app, employer, coder_client, check_job
):
    posting_id, check_id = check_job
    application_id = application_id_of(apply(coder_client, posting_id))
    start(coder_client, application_id)
    first, _, third = _case_ids(app, check_id)
    # Mid-attempt, the employer changes case 1's answer key and deletes case 3.
    response = post_form(
        employer,
        f"/employer/checks/{check_id}/cases/{first}",
        {**CASES[0], "diagnoses": "E11.51"},
    )
    assert response.status_code == 303
    response = post_form(employer, f"/employer/checks/{check_id}/cases/{third}/delete")
    assert response.status_code == 303
    # The coder still sees three cases and is scored on the key they were given.
    page = coder_client.get(f"/me/applications/{application_id}/check/cases/3").get_data(
        as_text=True
    )
    assert "Case 3: Fall from a roof" in page
    answer(coder_client, application_id, 1, "E11.52, 28820")
    answer(coder_client, application_id, 2, "M20.11, 28296-RT")
    answer(coder_client, application_id, 3, "S92.411A, W13.2XXA, 99283", action="finish")
    response = post_form(coder_client, f"/me/applications/{application_id}/check/submit")
    page = coder_client.get(response.location).get_data(as_text=True)
    assert "Your score: <strong>100.0%</strong>" in page
    # The next coder gets the edited check: two cases, E11.51 expected.
    sheet = employer.get(f"/employer/applications/{application_id}").get_data(as_text=True)
    assert "100.0%" in sheet


def test_a_huge_scenario_is_refused_with_a_message_and_the_title_is_kept(employer, check_job):
    _, check_id = check_job
    response = post_form(
        employer,
        f"/employer/checks/{check_id}/cases/new",
        {**CASES[0], "title": "Toe amputation, long", "scenario": "Gangrene. " * 100_000},
    )
    page = response.get_data(as_text=True)
    assert response.status_code in (413, 422)
    if response.status_code == 422:
        assert "Use 20 to 4,000 characters." in page
        assert 'value="Toe amputation, long"' in page
    else:
        assert "too large" in page.lower()


def test_a_huge_list_of_codes_is_refused_without_an_error(employer, check_job):
    _, check_id = check_job
    response = post_form(
        employer,
        f"/employer/checks/{check_id}/cases/new",
        {**CASES[0], "diagnoses": ", ".join(["E11.52"] * 5000)},
    )
    assert response.status_code in (413, 422)
    assert response.status_code != 500
