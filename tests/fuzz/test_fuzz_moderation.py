"""The staff area's forms and filters fed hostile values: the decisions on a posting (with
their reasons), suspending and reinstating an account, granting the moderator role, and
the filters of the accounts list, the audit log and the queues."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from hypothesis import given, note
from hypothesis import strategies as st

from careercenter.extensions import db
from careercenter.models import AuditAction, AuditEntry, AuditTarget, Posting, Role, User
from careercenter.moderation.review import SEND_BACK_REASONS
from tests.conftest import post_form
from tests.fuzz.conftest import FUZZ, assert_clean, not_a_server_error, outcome, snapshot
from tests.fuzz.strategies import (
    form_with_hostile_fields,
    hostile_email,
    hostile_or,
    hostile_text,
    raw_query_value,
)

DECISIONS = {
    "reject": ("", {"reason_code": "fees", "reason": "Asks for a training fee."}),
    "request-changes": ("", {"note": "Say which EHR you use."}),
    "take-down": ("down-", {"reason_code": "", "reason": "Reported as a scam."}),
    "keep": ("", {"note": "Checked the employer."}),
}


def _decision_form(action: str) -> st.SearchStrategy[dict]:
    prefix, valid = DECISIONS[action]
    valid = {prefix + name: value for name, value in valid.items()}
    hostile = {
        name: hostile_or(*SEND_BACK_REASONS) if name.endswith("reason_code") else hostile_text
        for name in valid
    }
    hostile[prefix + "seen"] = hostile_text
    return form_with_hostile_fields({**valid, prefix + "seen": ""}, hostile)


def assert_audit_clean(app) -> None:
    for entry in snapshot(app, AuditEntry, AuditEntry.id > 0):
        assert_clean(entry["note"], max_length=1000, multiline=True, what="audit note")


@pytest.fixture
def submitted(post_job) -> int:
    """A job of the employer fixture, waiting for review."""
    return post_job()


@pytest.fixture
def admin(client, login_as, make_user):
    """`client`, signed in as an administrator; returns (client, id of an employer)."""
    login_as(Role.ADMIN, email="boss@careercenter.example")
    return client, make_user(email="target@example.com", role=Role.EMPLOYER)


@FUZZ
@given(data=st.data())
def test_decisions_on_a_posting(app, employer, submitted, moderator, data):
    posting_id = submitted
    action = data.draw(st.sampled_from(sorted(DECISIONS)), label="action")
    form = data.draw(_decision_form(action), label="form")
    note(f"{action}: {form!r}")
    (before,) = snapshot(app, Posting, Posting.id == posting_id)
    response = post_form(moderator, f"/admin/postings/{posting_id}/{action}", form)
    (after,) = snapshot(app, Posting, Posting.id == posting_id)
    if outcome(response) == "refused":
        assert after == before
        return
    assert_clean(after["rejection_reason"], max_length=1000, multiline=True, what="reason")
    assert_audit_clean(app)
    if after["status"].value != "submitted":  # back to review for the next example
        response = post_form(employer, f"/employer/postings/{posting_id}/submit")
        assert response.status_code == 303


@FUZZ
@given(
    action=st.sampled_from(["suspend", "reinstate"]),
    reason=st.one_of(hostile_text, st.just("Posted scam jobs twice.")),
)
def test_suspending_and_reinstating_an_account(app, admin, action, reason):
    note(f"{action}: {reason!r}")
    client, target = admin
    (before,) = snapshot(app, User, User.id == target)
    response = post_form(client, f"/admin/accounts/{target}/{action}", {f"{action}-reason": reason})
    (after,) = snapshot(app, User, User.id == target)
    if outcome(response) == "refused":
        assert after == before
        return
    assert_clean(after["suspension_reason"], max_length=500, multiline=True, what="suspension")
    assert_audit_clean(app)


@FUZZ
@given(email=hostile_email())
def test_granting_the_moderator_role(app, admin, make_user, email):
    note(f"email={email!r}")
    client, _ = admin
    if "coder@example.com" not in {row["email"] for row in snapshot(app, User, User.id > 0)}:
        make_user(email="coder@example.com")
    roles = {row["email"]: row["role"] for row in snapshot(app, User, User.id > 0)}
    response = post_form(client, "/admin/staff/grant", {"email": email})
    after = {row["email"]: row["role"] for row in snapshot(app, User, User.id > 0)}
    if outcome(response) == "refused":
        assert after == roles
    else:
        assert after["coder@example.com"] is Role.MODERATOR
        with app.app_context():  # and back, for the next example
            user = db.session.scalar(sa.select(User).where(User.email == "coder@example.com"))
            user.role = Role.APPLICANT
            db.session.commit()


FILTERS = {
    "/admin/accounts": {"q": ["maria", "%", "_"], "role": [r.value for r in Role],
                        "status": ["suspended", "active"], "page": ["1", "2", "0", "9" * 30]},
    "/admin/audit": {"actor": ["system", "boss"], "action": [a.value for a in AuditAction],
                     "target_type": [t.value for t in AuditTarget],
                     "target_id": ["1", "2147483648", "-1"], "page": ["1", "99999999999"]},
    "/admin/postings": {"sort": ["oldest", "newest", "reported"], "page": ["1", "-5"]},
    "/admin/reports": {"page": ["1", "1e9", "1" * 50]},
}  # fmt: skip


@FUZZ
@given(data=st.data())
def test_staff_filters(app, moderator, data):
    path = data.draw(st.sampled_from(sorted(FILTERS)), label="path")
    names = FILTERS[path]
    pairs = data.draw(
        st.lists(
            st.sampled_from(sorted(names)).flatmap(
                lambda name: st.one_of(raw_query_value(), st.sampled_from(names[name])).map(
                    lambda value, name=name: f"{name}={value}"
                )
            ),
            max_size=5,
        ),
        label="query",
    )
    url = f"{path}?{'&'.join(pairs)}"
    note(url)
    response = moderator.get(url)
    not_a_server_error(response)
    assert response.status_code in (200, 400, 422), response.status_code


@pytest.mark.parametrize("q", ["%00", "maria%00"])
def test_account_search_with_a_nul_byte(app, moderator, q):
    """Found by the fuzz test above: list_accounts() sent the text to LIKE, and PostgreSQL
    refuses a NUL byte (a 500). Invisible characters are now dropped from the search."""
    response = moderator.get(f"/admin/accounts?q={q}")
    assert response.status_code == 200
