import os

import pytest
import sqlalchemy as sa
from flask import abort

from careercenter import create_app
from careercenter.config import ConfigError
from careercenter.extensions import db
from careercenter.models import Role


@pytest.fixture
def error_app(app, tmp_path):
    """An app with one route per error, to see each branded page."""
    error_app = create_app(
        {
            "ENV_NAME": "testing",
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )

    @error_app.route("/boom/<int:code>")
    def boom(code):
        if code == 500:
            raise RuntimeError("a bug")
        abort(code)

    return error_app


@pytest.mark.parametrize(
    ("code", "text"),
    [
        (400, "Something in that request was not right"),
        (403, "You don&#39;t have access to this page"),
        (404, "We couldn&#39;t find that page"),
        (410, "This page is gone"),
        (429, "Too many attempts"),
        (500, "Something went wrong on our side"),
    ],
)
def test_every_error_page_is_branded(error_app, code, text):
    response = error_app.test_client().get(f"/boom/{code}")
    page = response.get_data(as_text=True)
    assert response.status_code == code
    assert text in page
    assert "CareerCenter" in page and 'href="/"' in page
    assert "Traceback" not in page and "a bug" not in page


def test_unknown_page_is_a_branded_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "We couldn&#39;t find that page" in response.get_data(as_text=True)


def test_security_headers_on_every_response(client):
    for url in ["/", "/login", "/no-such-page"]:
        headers = client.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_session_cookie_is_httponly_and_samesite_lax(client, auth, make_user):
    make_user()
    response = auth.login()
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("cc_session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_refuses_to_start_without_a_real_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app({"ENV_NAME": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    monkeypatch.setenv("SECRET_KEY", "change-me")
    with pytest.raises(ConfigError):
        create_app({"ENV_NAME": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_cookies_are_secure_with_the_host_prefix(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 48)
    monkeypatch.setenv("SITE_URL", "https://localhost")
    prod = create_app({"ENV_NAME": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert prod.config["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert prod.config["REMEMBER_COOKIE_NAME"].startswith("__Host-")
    assert prod.config["SESSION_COOKIE_SECURE"] and prod.config["REMEMBER_COOKIE_SECURE"]
    response = prod.test_client().get("/")
    assert "max-age" in response.headers["Strict-Transport-Security"]


def test_configuration_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://someone@db.example/cc")
    monkeypatch.setenv("MAIL_SERVER", "smtp.example.com")
    monkeypatch.setenv("MAIL_PORT", "2525")
    configured = create_app({"ENV_NAME": "testing"})
    assert (
        configured.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://someone@db.example/cc"
    )
    assert configured.config["MAIL_PORT"] == 2525


def test_embedded_sqlite_lives_in_the_instance_folder_with_wal_and_foreign_keys(
    monkeypatch, tmp_path
):
    """Without DATABASE_URL the app keeps a SQLite file in its instance folder (given to
    create_app, so it is set before the database URL is worked out from it), opened with
    WAL, foreign keys and a busy timeout."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    local = create_app({"ENV_NAME": "testing"}, instance_path=str(tmp_path))
    database = tmp_path / "careercenter.sqlite3"
    assert local.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{database}"
    with local.app_context():
        with db.engine.connect() as conn:
            assert conn.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(sa.text("PRAGMA busy_timeout")).scalar() >= 5000
        db.engine.dispose()
    assert database.is_file()


def test_the_test_suite_runs_on_the_database_it_was_given(app):
    """CI sets EXPECT_DATABASE=postgresql for its second run; this fails if it fell back."""
    expected = os.environ.get("EXPECT_DATABASE", "sqlite")
    with app.app_context():
        assert db.engine.dialect.name == expected


def test_home_page_leads_new_users_to_register_by_role(client):
    page = client.get("/").get_data(as_text=True)
    assert 'href="/register?as=applicant"' in page
    assert 'href="/register?as=employer"' in page
    assert '<main id="main"' in page and 'href="#main"' in page


def test_healthz_reports_the_database(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_static_files_are_versioned_and_cached(client):
    page = client.get("/").get_data(as_text=True)
    assert "/static/css/main.css?v=" in page
    css = client.get("/static/css/main.css")
    assert css.status_code == 200
    assert "max-age=31536000" in css.headers["Cache-Control"]
    css.close()


def test_roles_have_readable_labels():
    assert Role.APPLICANT.label.startswith("Coder")
