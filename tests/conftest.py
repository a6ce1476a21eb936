"""Fixtures that read like a story: `register(...)`, `login(...)`, `outbox.last_to(...)`.

The suite runs on a SQLite file by default, and on PostgreSQL when TEST_DATABASE_URL is
set. The schema is built by the migrations, so every run also proves them.
"""

from __future__ import annotations

import os
import re
from email import message_from_bytes, policy
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from careercenter import create_app
from careercenter.config import normalise_database_url
from careercenter.extensions import cache, db, limiter
from careercenter.models import Role

# The factories (accounts, companies, postings, profiles), shared by every folder.
pytest_plugins = ["tests.factories"]

STRONG_PASSWORD = "orange-stapler-harbor-42"
OTHER_STRONG_PASSWORD = "velvet-compass-tundra-17"

_CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def _test_database_url(tmp: Path) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    return normalise_database_url(url) if url else f"sqlite:///{tmp / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("careercenter")
    app = create_app(
        {
            "ENV_NAME": "testing",
            "SQLALCHEMY_DATABASE_URI": _test_database_url(tmp),
            "MAIL_SERVER": None,
            "MAIL_OUTBOX_DIR": str(tmp / "outbox"),
            "REDIS_URL": None,
            "RATELIMIT_STORAGE_URI": "memory://",
            "SERVER_NAME": None,
        }
    )
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        upgrade()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_state(app):
    yield
    clean_state(app)


def clean_state(app) -> None:
    """Empty every table, the answer cache, the rate limits and the outbox (after each
    test; a module that keeps data for all its tests overrides `_clean_state` and calls
    this at its end)."""
    with app.app_context():
        cache.clear()
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
        db.session.remove()
    limiter.reset()
    for path in Path(app.config["MAIL_OUTBOX_DIR"]).glob("*.eml"):
        path.unlink()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def other_client(app):
    """A second browser."""
    return app.test_client()


def csrf_token(client) -> str:
    page = client.get("/reset").get_data(as_text=True)
    match = _CSRF_RE.search(page)
    assert match, "no CSRF token on the page"
    return match.group(1)


def post_form(client, url: str, data: dict | None = None, **kwargs):
    """Submit a form as a browser would, with the session's CSRF token."""
    data = {"csrf_token": csrf_token(client), **(data or {})}
    return client.post(url, data=data, **kwargs)


class Outbox:
    def __init__(self, folder: Path):
        self.folder = folder

    def messages(self):
        if not self.folder.exists():
            return []
        return [
            message_from_bytes(path.read_bytes(), policy=policy.default)
            for path in sorted(self.folder.glob("*.eml"))
        ]

    def to(self, address: str):
        return [m for m in self.messages() if m["To"] == address]

    def last_to(self, address: str):
        messages = self.to(address)
        assert messages, f"no mail to {address}"
        return messages[-1]

    @staticmethod
    def link(message, path_prefix: str) -> str:
        body = message.get_content()
        match = re.search(r"https?://[^/\s]+(" + re.escape(path_prefix) + r"\S+)", body)
        assert match, f"no {path_prefix} link in: {body}"
        return match.group(1)


@pytest.fixture
def outbox(app):
    return Outbox(Path(app.config["MAIL_OUTBOX_DIR"]))


class Auth:
    def __init__(self, client):
        self.client = client

    def login(self, email="coder@example.com", password=STRONG_PASSWORD, **extra):
        return post_form(self.client, "/login", {"email": email, "password": password, **extra})

    def logout(self):
        return post_form(self.client, "/logout")


@pytest.fixture
def auth(client):
    return Auth(client)


@pytest.fixture
def login_as(client, make_user):
    """Sign `client` in as a fresh user of the given role."""

    def sign_in(role=Role.APPLICANT, email=None):
        email = email or f"{role.value}@example.com"
        make_user(email=email, role=role)
        response = Auth(client).login(email=email)
        assert response.status_code == 303, response.get_data(as_text=True)
        return email

    return sign_in


def pytest_sessionstart(session):
    """CI (.ci/run) starts the PostgreSQL run beside the README's SQLite run once this one
    is past its installation: it waits for this file."""
    started = os.environ.get("CI_SESSION_STARTED_FILE")
    if started:
        Path(started).touch()
