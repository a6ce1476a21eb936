"""Account actions: suspension and reinstatement, verified employers, staff rights."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from careercenter.extensions import db
from careercenter.models import AuditAction, Company, Role, User
from tests.conftest import Auth, post_form
from tests.factories import POSTING_FORM
from tests.moderation.conftest import audit_entries
from tests.pages import text_of

TITLE = POSTING_FORM["title"]
EMPLOYER = "talent@summitortho.example"


def user_id(app, email: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(User.id).where(User.email == email))


def test_suspending_an_employer_hides_its_jobs_and_ends_its_sessions(
    app, client, live_job, moderator, outbox
):
    posting_id, url = live_job
    employer_id = user_id(app, EMPLOYER)
    public = app.test_client()
    assert TITLE in text_of(public.get("/jobs"))

    response = post_form(
        moderator,
        f"/admin/accounts/{employer_id}/suspend",
        {"suspend-reason": "Asked coders to pay for training."},
    )
    assert response.status_code == 303
    assert "Suspended talent@summitortho.example" in text_of(moderator.get(response.location))

    assert TITLE not in text_of(public.get("/jobs"))
    assert public.get(url).status_code == 404
    assert public.get("/companies/summit-orthopaedic-partners").status_code == 404
    assert public.get(f"/api/v1/jobs/{posting_id}").status_code == 404
    assert client.get("/employer/dashboard").status_code == 302  # signed out
    login = Auth(app.test_client()).login(email=EMPLOYER)
    assert "This account is suspended" in text_of(login)
    mail = outbox.last_to(EMPLOYER)
    assert mail["Subject"] == "Your CareerCenter account is suspended"
    assert "Asked coders to pay for training." in mail.get_content()
    with app.app_context():
        (entry,) = audit_entries(AuditAction.ACCOUNT_SUSPEND)
        assert entry.actor_label == "mod@careercenter.example"
        assert entry.before == {"suspended": False, "reason": None}
        assert entry.after == {"suspended": True, "reason": "Asked coders to pay for training."}

    # Reinstated, the account and its open job come back.
    response = post_form(
        moderator,
        f"/admin/accounts/{employer_id}/reinstate",
        {"reinstate-reason": "The employer proved the fee was a typo."},
    )
    assert response.status_code == 303
    assert TITLE in text_of(public.get("/jobs"))
    assert public.get(url).status_code == 200
    assert Auth(app.test_client()).login(email=EMPLOYER).status_code == 303
    assert outbox.last_to(EMPLOYER)["Subject"] == "Your CareerCenter account is active again"
    with app.app_context():
        (entry,) = audit_entries(AuditAction.ACCOUNT_REINSTATE)
        assert entry.note == "The employer proved the fee was a typo."


def test_a_suspended_employers_jobs_stay_out_of_a_rebuilt_index(app, live_job, moderator):
    employer_id = user_id(app, EMPLOYER)
    post_form(moderator, f"/admin/accounts/{employer_id}/suspend", {"suspend-reason": "Scam"})
    with app.app_context():
        from careercenter import search

        assert search.rebuild_index() == 0


def test_suspending_a_coder(app, make_user, moderator):
    coder_id = make_user(email="spammer@example.com", name="Spam Bot")
    response = post_form(
        moderator, f"/admin/accounts/{coder_id}/suspend", {"suspend-reason": "Spam applications"}
    )
    assert response.status_code == 303
    page = text_of(moderator.get(f"/admin/accounts/{coder_id}"))
    assert "Suspended</span> since" in page and "Spam applications" in page
    assert "Reinstate the account" in page
    assert "1 account matches your filter" in text_of(
        moderator.get("/admin/accounts?status=suspended")
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Give a reason: the account's owner is told it, and the log keeps it."),
        ({"suspend-reason": "   "}, "Give a reason"),
        ({"suspend-reason": "x" * 501}, "Keep it to 500 characters or fewer."),
    ],
)
def test_a_suspension_needs_a_reason_of_reasonable_length(app, make_user, moderator, data, message):
    coder_id = make_user(email="someone@example.com")
    response = post_form(moderator, f"/admin/accounts/{coder_id}/suspend", data)
    assert response.status_code == 422
    assert message in text_of(response)
    with app.app_context():
        assert not db.session.get(User, coder_id).is_suspended


def test_staff_accounts_are_not_suspended_from_the_site(app, make_user, moderator, admin):
    other_mod = make_user(email="mod2@careercenter.example", role=Role.MODERATOR)
    admin_id = user_id(app, "boss@careercenter.example")
    for target in (other_mod, admin_id):
        response = post_form(
            moderator, f"/admin/accounts/{target}/suspend", {"suspend-reason": "x"}
        )
        assert "Staff accounts are not suspended here" in text_of(moderator.get(response.location))
    page = text_of(moderator.get(f"/admin/accounts/{other_mod}"))
    assert "This is a staff account" in page and "Suspend the account" not in page


def test_suspending_twice_says_it_is_already_done(app, make_user, moderator):
    coder_id = make_user(email="someone@example.com", name="Sam One")
    post_form(moderator, f"/admin/accounts/{coder_id}/suspend", {"suspend-reason": "Spam"})
    response = post_form(
        moderator, f"/admin/accounts/{coder_id}/suspend", {"suspend-reason": "Again"}
    )
    assert "Sam One is already suspended (Spam)." in text_of(moderator.get(response.location))
    with app.app_context():
        assert len(audit_entries(AuditAction.ACCOUNT_SUSPEND)) == 1


def test_a_verified_employer_has_a_badge_on_its_pages_and_jobs(app, live_job, moderator):
    posting_id, url = live_job
    employer_id = user_id(app, EMPLOYER)
    public = app.test_client()
    assert "Verified employer" not in text_of(public.get(url))
    response = post_form(moderator, f"/admin/accounts/{employer_id}/verify")
    assert response.status_code == 303
    assert "Summit Orthopaedic Partners is now a verified employer." in text_of(
        moderator.get(response.location)
    )
    for page in (url, "/companies/summit-orthopaedic-partners", "/jobs"):
        assert "Verified employer" in text_of(public.get(page)), page
    post_form(moderator, f"/admin/accounts/{employer_id}/unverify")
    assert "Verified employer" not in text_of(public.get(url))
    with app.app_context():
        actions = [e.action for e in audit_entries()]
        assert actions[-2:] == [
            AuditAction.COMPANY_VERIFY.value,
            AuditAction.COMPANY_UNVERIFY.value,
        ]
        company = db.session.scalar(sa.select(Company))
        assert audit_entries(AuditAction.COMPANY_VERIFY)[0].target_id == company.id


def test_verifying_an_account_without_a_company_is_not_found(make_user, moderator):
    coder_id = make_user(email="coder2@example.com")
    assert post_form(moderator, f"/admin/accounts/{coder_id}/verify").status_code == 404


def test_an_administrator_grants_and_revokes_moderator_rights(app, make_user, admin):
    new_mod = make_user(email="sam@example.com", name="Sam Okafor")
    response = post_form(admin, "/admin/staff/grant", {"email": "Sam@Example.com"})
    assert response.status_code == 303
    staff = text_of(admin.get("/admin/staff"))
    assert "sam@example.com is now a moderator." in staff
    sam = app.test_client()
    assert Auth(sam).login(email="sam@example.com").status_code == 303
    assert sam.get("/admin/postings").status_code == 200
    assert sam.get("/admin/staff").status_code == 403

    assert post_form(admin, f"/admin/staff/{new_mod}/revoke").status_code == 303
    assert sam.get("/admin/postings").status_code == 403
    with app.app_context():
        grant, revoke = audit_entries(AuditAction.STAFF_GRANT) + audit_entries(
            AuditAction.STAFF_REVOKE
        )
        assert (grant.before, grant.after) == ({"role": "applicant"}, {"role": "moderator"})
        assert (revoke.before, revoke.after) == ({"role": "moderator"}, {"role": "applicant"})
        assert grant.actor_label == "boss@careercenter.example"


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("nobody@example.com", "No account has that email."),
        ("talent@summitortho.example", "Only a coder account can become a moderator"),
        ("not-an-email", "Enter an email address like name@example.com."),
    ],
)
def test_granting_rights_to_the_wrong_account_is_explained(
    app, employer, make_user, admin, email, message
):
    response = post_form(admin, "/admin/staff/grant", {"email": email})
    assert response.status_code == 422
    assert message in text_of(response)


def test_administrators_cannot_be_demoted_from_the_site(app, admin):
    boss = user_id(app, "boss@careercenter.example")
    response = post_form(admin, f"/admin/staff/{boss}/revoke")
    assert "is not a moderator: nothing changed." in text_of(admin.get(response.location))


@pytest.mark.parametrize("query", ["q=%00", "q=maria%00", "q=%1b%5b"])
def test_invisible_characters_in_the_account_search_find_nobody(moderator, query):
    response = moderator.get(f"/admin/accounts?{query}")
    assert response.status_code == 200


def test_invisible_characters_in_the_audit_filter_are_explained(moderator):
    response = moderator.get("/admin/audit?actor=mod%00")
    assert response.status_code == 422
    assert "Remove the invisible control characters" in text_of(response)
