"""Fixtures for moderation: staff browsers, postings in every state, reporters."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from careercenter.extensions import db
from careercenter.models import AuditEntry, Company, Posting, Report, Role, User, utcnow
from tests.conftest import Auth


@pytest.fixture
def admin(app, make_user):
    """A browser signed in as an administrator."""
    client = app.test_client()
    make_user(email="boss@careercenter.example", name="Dana Boss", role=Role.ADMIN)
    assert Auth(client).login(email="boss@careercenter.example").status_code == 303
    return client


@pytest.fixture
def make_coder(app, make_user):
    """`make_coder(email)`: a new browser, signed in as a new coder with that email (no
    profile). Compare `coder_client` (tests/factories.py): one coder with a profile."""

    def sign_in(email: str):
        client = app.test_client()
        make_user(email=email, name=email.split("@")[0].title(), role=Role.APPLICANT)
        assert Auth(client).login(email=email).status_code == 303
        return client

    return sign_in


@pytest.fixture
def live_job(app, open_job):
    """A published job of the `employer` fixture; returns (id, page URL)."""
    with app.app_context():
        return open_job, f"/jobs/{open_job}-{posting(open_job).slug}"


@pytest.fixture
def seasoned_coder(app, make_coder):
    """A coder whose account is two days old."""

    def sign_in(email: str):
        client = make_coder(email)
        age(app, email)
        return client

    return sign_in


@pytest.fixture
def read(app):
    """Run a function in an app context and return its result: read(lambda: ...)."""

    def run(fn):
        with app.app_context():
            return fn()

    return run


def posting(posting_id: int) -> Posting:
    posting = db.session.get(Posting, posting_id)
    assert posting is not None
    return posting


def audit_entries(action: str | None = None) -> list[AuditEntry]:
    stmt = sa.select(AuditEntry).order_by(AuditEntry.id)
    if action:
        stmt = stmt.where(AuditEntry.action == action)
    return db.session.scalars(stmt).all()


def reports_of(posting_id: int) -> list[Report]:
    return db.session.scalars(
        sa.select(Report).where(Report.posting_id == posting_id).order_by(Report.id)
    ).all()


def owner_of(company_id: int) -> User:
    return db.session.get(Company, company_id).owner


def age(app, email: str, days: int = 2) -> None:
    """Make the account `days` old: at least one reporter who hides a job is a day old."""
    with app.app_context():
        db.session.execute(
            sa.update(User)
            .where(User.email == email)
            .values(created_at=utcnow() - timedelta(days=days))
        )
        db.session.commit()
