"""The audit log: written by every action, never changed, filtered on its page."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from careercenter.extensions import db
from careercenter.models import AuditAction, AuditEntry, AuditLogIsAppendOnly, User
from careercenter.moderation import audit
from tests.conftest import post_form
from tests.moderation.conftest import audit_entries
from tests.pages import text_of


@pytest.fixture
def entry_id(app, make_user):
    target = make_user(email="target@example.com")
    with app.app_context():
        entry = audit.record(
            None,
            AuditAction.ACCOUNT_SUSPEND,
            db.session.get(User, target),
            before={"suspended": False},
            after={"suspended": True},
            note="Spam",
        )
        db.session.commit()
        return entry.id


def test_an_entry_cannot_be_changed(app, entry_id):
    with app.app_context():
        entry = db.session.get(AuditEntry, entry_id)
        entry.note = "Nothing happened"
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.commit()
        db.session.rollback()
        assert db.session.get(AuditEntry, entry_id).note == "Spam"


def test_an_entry_cannot_be_deleted(app, entry_id):
    with app.app_context():
        db.session.delete(db.session.get(AuditEntry, entry_id))
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.commit()
        db.session.rollback()
        assert db.session.get(AuditEntry, entry_id) is not None


@pytest.mark.parametrize(
    "statement",
    [
        lambda: sa.update(AuditEntry).values(note="edited"),
        lambda: sa.delete(AuditEntry),
    ],
    ids=["bulk update", "bulk delete"],
)
def test_bulk_statements_on_the_log_are_refused(app, entry_id, statement):
    with app.app_context():
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.execute(statement())
        db.session.rollback()
        assert db.session.get(AuditEntry, entry_id).note == "Spam"


def test_the_entry_outlives_its_actor(app, make_user, moderator, read):
    target = make_user(email="spam@example.com")
    post_form(moderator, f"/admin/accounts/{target}/suspend", {"suspend-reason": "Spam"})
    with app.app_context():
        db.session.execute(sa.delete(User).where(User.email == "mod@careercenter.example"))
        db.session.commit()
        (entry,) = audit_entries(AuditAction.ACCOUNT_SUSPEND)
        assert entry.actor_id is None and entry.actor_label == "mod@careercenter.example"


@pytest.fixture
def history(app, jobs, make_user, moderator, admin):
    """A few actions by two people on several targets."""
    company_id = jobs.company(name="Riverside Health")
    first = jobs.posting(company_id, state="submitted", title="First Coder Job")
    second = jobs.posting(company_id, state="submitted", title="Second Coder Job")
    post_form(moderator, f"/admin/postings/{first}/approve")
    post_form(admin, f"/admin/postings/{second}/reject", {"reason": "Not a coding job."})
    spammer = make_user(email="spam@example.com")
    post_form(admin, f"/admin/accounts/{spammer}/suspend", {"suspend-reason": "Spam"})
    return {"first": first, "second": second, "spammer": spammer}


def test_the_page_lists_who_did_what_to_what(moderator, history):
    page = text_of(moderator.get("/admin/audit"))
    assert "3 entries" in page
    assert '<th scope="col">Before → after</th>' in page
    for action in ("Approved a job", "Rejected a job", "Suspended an account"):
        assert f'<td data-label="Action">{action}</td>' in page
    assert "status: submitted → rejected" in page
    assert "suspended: no → yes" in page
    assert "Not a coding job." in page
    # Newest first.
    assert page.index(">Suspended an account</td>") < page.index(">Approved a job</td>")


@pytest.mark.parametrize(
    ("query", "expected", "absent"),
    [
        ("actor=boss@", ["Rejected a job", "Suspended an account"], ["Approved a job"]),
        ("actor=MOD@careercenter", ["Approved a job"], ["Rejected a job"]),
        ("action=posting.approve", ["Approved a job"], ["Suspended an account"]),
        ("target_type=account", ["Suspended an account"], ["Approved a job"]),
    ],
)
def test_the_page_filters_by_actor_action_and_target(moderator, history, query, expected, absent):
    page = text_of(moderator.get(f"/admin/audit?{query}"))
    for text in expected:
        assert f'<td data-label="Action">{text}</td>' in page
    for text in absent:
        assert f'<td data-label="Action">{text}</td>' not in page


def test_the_page_filters_by_one_target(moderator, history):
    first = history["first"]
    page = text_of(moderator.get(f"/admin/audit?target_type=posting&target_id={first}"))
    assert "1 entry matches your filter" in page and "First Coder Job" in page
    assert "Second Coder Job" not in page


def test_a_bad_filter_is_explained(moderator, history):
    response = moderator.get("/admin/audit?target_id=abc&action=posting.delete")
    assert response.status_code == 422
    page = text_of(response)
    assert "Enter a whole number, like 3." in page and "Not a valid choice." in page


def test_the_page_is_paginated(app, make_user, moderator):
    target = make_user(email="target@example.com")
    with app.app_context():
        user = db.session.get(User, target)
        for n in range(audit.ENTRIES_PER_PAGE + 3):
            audit.record(None, AuditAction.COMPANY_VERIFY, user, note=f"entry {n}")
        db.session.commit()
    first = text_of(moderator.get("/admin/audit?actor=system"))
    assert f"{audit.ENTRIES_PER_PAGE + 3} entries match your filter" in first
    assert re.search(
        r'href="/admin/audit\?page=2&(amp;)?actor=system"',
        moderator.get("/admin/audit?actor=system").get_data(as_text=True),
    )
    second = text_of(moderator.get("/admin/audit?actor=system&page=2"))
    assert "entry 0" in second and "entry 52" not in second
