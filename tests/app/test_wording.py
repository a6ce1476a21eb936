"""Words and small things (issue 15, item 10): each as a reader meets it."""

from __future__ import annotations

import re
from pathlib import Path

import sqlalchemy as sa

from careercenter import demo
from careercenter.extensions import db
from careercenter.formatting import annual_pay, logo_initials, plural
from careercenter.models import AuditAction, AuditEntry, SavedJob, User
from careercenter.moderation import audit
from tests.conftest import STRONG_PASSWORD, post_form
from tests.factories import save_profile
from tests.pages import text_of

ROOT = Path(__file__).resolve().parents[2]


def current_menu_item(page: str) -> list[str]:
    menu = page.split('aria-label="Main"')[1].split("</nav>")[0]
    return re.findall(r'<a href="[^"]+" aria-current="page">([^<]+)</a>', menu)


def test_the_menu_marks_the_page_you_are_on(client, employer):
    assert current_menu_item(text_of(employer.get("/employer/postings/new"))) == ["Post a job"]
    assert current_menu_item(text_of(employer.get("/employer/dashboard"))) == ["Dashboard"]
    assert current_menu_item(text_of(employer.get("/jobs"))) == ["Find jobs"]
    assert current_menu_item(text_of(employer.get("/codes/"))) == ["Code lookup"]


def test_a_coders_menu_link_and_the_page_it_opens_say_the_same(coder_client):
    page = text_of(coder_client.get("/me/"))
    assert current_menu_item(page) == ["Dashboard"]
    assert "My profile" not in page
    assert "<title>Your dashboard" in page and "<h1>Your dashboard</h1>" in page


def test_counts_agree_with_their_words(coder_client, open_job):
    assert plural(1, "year") == "1 year" and plural(3, "year") == "3 years"
    assert post_form(coder_client, f"/jobs/{open_job}/save").status_code == 303
    page = text_of(coder_client.get("/me/"))
    assert "See your saved job" in page and "1 saved job" not in page


def test_a_job_asking_for_one_year_says_one_year(coder_client, post_job, publish):
    job = publish(post_job(years_experience="1"))
    save_profile(coder_client, years_experience="0")
    page = text_of(coder_client.get(f"/jobs/{job}", follow_redirects=True))
    assert "The job asks for 1 year; you have 0." in page
    assert "1 years" not in page


def test_an_employer_previewing_a_job_in_review_is_not_told_applications_closed(employer, post_job):
    job = post_job()  # submitted, waiting for a moderator
    page = text_of(employer.get(f"/jobs/{job}", follow_redirects=True))
    assert "Applications are closed" not in page
    assert "Not open for applications: coders can apply once it is published." in page
    assert "Edit this job" in page


def test_alert_cards_have_no_list_bullet(coder_client):
    response = post_form(coder_client, "/me/alerts", {"q": "coder", "frequency": "daily"})
    assert response.status_code in (200, 303)
    page = text_of(coder_client.get("/me/alerts"))
    assert '<ul class="alert-list">' in page and "link-list alert-list" not in page
    css = (ROOT / "static/css/main.css").read_text()
    assert re.search(r"\.alert-list \{ list-style: none;", css)


def test_an_empty_audit_log_says_nothing_happened_yet(moderator, app):
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id))) == 0
    page = text_of(moderator.get("/admin/audit"))
    assert "No action has been recorded yet." in page and "No entry matches" not in page
    filtered = text_of(moderator.get("/admin/audit?actor=nobody"))
    assert "No entry matches your filter." in filtered


def test_date_and_file_inputs_look_like_the_other_inputs():
    css = (ROOT / "static/css/main.css").read_text()
    rule = re.search(r'\.field input\[type="date"\][^{]*\{([^}]*)\}', css)
    assert rule and "border: 2px solid" in rule.group(1)
    assert '.field input[type="file"]::file-selector-button' in css


def test_names_with_emoji_sequences_are_accepted_and_hidden_controls_are_not(client, app):
    data = {
        "account_type": "applicant",
        "email": "dev@example.com",
        "password": STRONG_PASSWORD,
    }
    response = post_form(client, "/register", {**data, "name": "Ana 👩\u200d💻 Ruiz"})
    assert response.status_code == 303, text_of(response)
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == "dev@example.com"))
        assert user.name == "Ana 👩\u200d💻 Ruiz"
    other = app.test_client()
    data["email"] = "trick@example.com"
    response = post_form(other, "/register", {**data, "name": "evil\u202etxt.exe"})
    assert response.status_code == 422
    assert "Remove the invisible control characters" in text_of(response)


def test_an_audit_entry_lists_only_what_changed(app, make_user):
    target = make_user(email="target@example.com")
    with app.app_context():
        user = db.session.get(User, target)
        entry = audit.record(
            None,
            AuditAction.ACCOUNT_SUSPEND,
            user,
            before={"status": "published", "role": "applicant"},
            after={"status": "published", "role": "employer"},
        )
        assert entry.changes == [("role", "applicant", "employer")]
        db.session.rollback()


def test_us_english_throughout():
    british = re.compile(
        r"\b(?:centre|centres|licence|behavioural|colour|organisation|judgement|"
        r"catalogue|favourite|honour|labour|analyse|cancelled|travelling|modelling|"
        r"Orthopaedics)\b"
    )
    # The search folds what coders type (both spellings) on purpose.
    allowed = {ROOT / "careercenter/search/terms.py", ROOT / "careercenter/vocabulary.py"}
    found = []
    for folder, pattern in (("templates", "*.*"), ("careercenter", "*.py"), ("static", "*.css")):
        for path in (ROOT / folder).rglob(pattern):
            if path in allowed:
                continue
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                if british.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)
    vocabulary = (ROOT / "careercenter/vocabulary.py").read_text()
    assert '"Behavioral health"' in vocabulary and '"Ambulatory surgery center"' in vocabulary
    assert '"orthopaedics": "Orthopedics"' in vocabulary


def test_demo_facts_are_right():
    words = repr(demo.DEMO_POSTINGS)
    assert "apprentice-removal" not in words
    assert "removes the -A" in words
    auditors = [f for _, _, f in demo.DEMO_POSTINGS if "Auditor" in f["title"]]
    assert auditors
    for fields in auditors:
        if "Facility" in fields["title"]:
            assert not {"99213", "E0100"} & set(fields["key_codes"]), fields["title"]


def test_cards_and_job_pages_carry_logo_annual_pay_and_save(coder_client, open_job, app):
    client = app.test_client()  # a guest
    # The company has no logo: its initials stand in, on the card and the job page.
    assert logo_initials("Summit Orthopaedic Partners") == "SO"
    page = text_of(client.get("/companies/summit-orthopaedic-partners"))
    assert re.search(r'class="logo logo-sm logo-letters logo-hue-\d" aria-hidden="true">SO<', page)
    job = text_of(client.get(f"/jobs/{open_job}", follow_redirects=True))
    assert re.search(r'class="logo logo-lg logo-letters logo-hue-\d" aria-hidden="true">SO<', job)
    # $26–$33 an hour reads as a full-time year too.
    assert "(about $54,100\u2013$68,600 a year full-time)" in page
    assert "(about $54,100\u2013$68,600 a year)" in job

    # A guest's Save logs in first; a coder's is a form, and shows once saved.
    listing = text_of(client.get("/jobs"))
    assert re.search(
        r'<a class="button button-secondary button-small job-card-save"[^>]*'
        r'href="/login\?next=/jobs"',
        listing,
    )
    mine = text_of(coder_client.get("/jobs"))
    assert f'action="/jobs/{open_job}/save"' in mine and 'name="csrf_token"' in mine
    assert post_form(coder_client, f"/jobs/{open_job}/save", {"next": "/jobs"}).status_code == 303
    mine = text_of(coder_client.get("/jobs"))
    assert f'action="/jobs/{open_job}/unsave"' in mine and 'aria-pressed="true">Saved<' in mine
    # The list is remembered for everyone: the guest still sees a plain Save.
    assert 'aria-pressed="true"' not in text_of(client.get("/jobs"))


def test_an_employer_sees_no_save_button(employer, open_job):
    page = text_of(employer.get("/jobs"))
    assert "job-card" in page and "job-card-save" not in page


def test_annual_pay_only_for_hourly_pay():
    class Job:
        pay_unit, pay_min, pay_max = "year", 50000, 60000

    assert annual_pay(Job) == ""
    Job.pay_unit, Job.pay_min, Job.pay_max = "hour", 25, 25
    assert annual_pay(Job) == "$52,000 a year"


def test_saving_from_a_card_stays_a_coders_action(employer, open_job, app):
    assert post_form(employer, f"/jobs/{open_job}/save").status_code == 403
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(SavedJob)) == 0


def test_a_code_pages_remembered_job_cards_carry_each_readers_save(coder_client, open_job, app):
    from careercenter.codes.demo_codes import load_demo_codes

    with app.app_context():
        load_demo_codes(with_icd10cm=False)
    guest = app.test_client()
    first = text_of(guest.get("/codes/cpt/28820"))
    assert "job-card" in first and 'href="/login?next=/codes/cpt/28820"' in first
    mine = text_of(coder_client.get("/codes/cpt/28820"))  # the same remembered list
    assert f'action="/jobs/{open_job}/save"' in mine and "<!--save-job" not in mine
    assert "<!--save-job" not in text_of(guest.get("/codes/cpt/28820"))
