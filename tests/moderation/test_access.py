"""Every admin route, present and future, checked with every role: guests are sent to log
in, coders and employers are refused, moderators get in except to staff management, and
administrators get in everywhere. A route with an argument this walk does not know fails
the test, so nobody adds a route it does not cover."""

from __future__ import annotations

import pytest

from careercenter.extensions import db
from careercenter.models import Company, Role
from tests.conftest import Auth, post_form

STAFF_MANAGEMENT = {"admin.staff", "admin.grant_moderator", "admin.revoke_moderator"}
ROLES = ["guest", Role.APPLICANT, Role.EMPLOYER, Role.MODERATOR, Role.ADMIN]


@pytest.fixture
def world(app, jobs):
    """What the routes' arguments name: a posting in review and its employer."""
    company_id = jobs.company(name="Riverside Health")
    submitted = jobs.posting(company_id, state="submitted")
    with app.app_context():
        company = db.session.get(Company, company_id)
        owner_id = company.owner_id
        # A profile change with a new logo waits for review.
        company.pending_profile = company.profile()
        company.pending_logo_png, company.pending_logo_version = b"\x89PNG", "v1"
        db.session.commit()
    return {
        "posting_id": submitted,
        "user_id": owner_id,
        "company_id": company_id,
        "action": "verify",
    }


def admin_rules(app):
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("admin.")]
    assert len(rules) >= 18, "the walk should find every admin route"
    return sorted(rules, key=lambda rule: rule.rule)


def url_of(app, rule, world) -> str:
    unknown = set(rule.arguments) - set(world)
    assert not unknown, f"{rule.endpoint}: teach this test the argument(s) {unknown}"
    adapter = app.url_map.bind("localhost")
    return adapter.build(rule.endpoint, {name: world[name] for name in rule.arguments})


def sign_in(app, make_user, role):
    client = app.test_client()
    if role == "guest":
        return client
    email = f"walker-{role.value}@example.com"
    make_user(email=email, role=role)
    assert Auth(client).login(email=email).status_code == 303
    return client


def request(client, rule, url):
    if "GET" in rule.methods:
        return client.get(url)
    return post_form(client, url)


@pytest.mark.parametrize("role", ROLES, ids=lambda r: getattr(r, "value", r))
def test_every_admin_route_checks_the_role(app, make_user, world, role):
    client = sign_in(app, make_user, role)
    seen = []
    for rule in admin_rules(app):
        url = url_of(app, rule, world)
        response = request(client, rule, url)
        seen.append(rule.endpoint)
        where = f"{rule.endpoint} ({url})"
        if role == "guest":
            assert response.status_code == 302, where
            assert response.headers["Location"].startswith("/login?next="), where
        elif role in (Role.APPLICANT, Role.EMPLOYER) or (
            role is Role.MODERATOR and rule.endpoint in STAFF_MANAGEMENT
        ):
            assert response.status_code == 403, where
        elif "GET" in rule.methods:
            assert response.status_code == 200, where
        else:
            # An empty POST is refused for its content (422), or acted on (303); never
            # refused for who sent it, never an error.
            assert response.status_code in (303, 400, 422), (where, response.status_code)
    assert {"admin.index", "admin.review_queue", "admin.audit_log"} <= set(seen)


def test_moderators_cannot_grant_moderator_rights(app, make_user, moderator):
    make_user(email="hopeful@example.com")
    response = post_form(moderator, "/admin/staff/grant", {"email": "hopeful@example.com"})
    assert response.status_code == 403
    assert "Staff" not in moderator.get("/admin/").get_data(as_text=True).split("<h1>")[0]


def test_staff_link_is_shown_to_administrators_only(admin, moderator):
    assert 'href="/admin/staff"' in admin.get("/admin/").get_data(as_text=True)
    assert 'href="/admin/staff"' not in moderator.get("/admin/").get_data(as_text=True)


def test_moderation_actions_need_the_csrf_token(app, moderator, world):
    response = moderator.post(f"/admin/postings/{world['posting_id']}/approve")
    assert response.status_code == 400
    response = moderator.post(
        f"/admin/accounts/{world['user_id']}/suspend", data={"suspend-reason": "x"}
    )
    assert response.status_code == 400
