"""When the database cannot be reached (a PostgreSQL restart, a failover), pages answer a
branded 503 with Retry-After instead of a 500 or the server's bare error, and the app
recovers by itself. bench/pg_restart_during_load.py shows it under load; these pin it."""

import pytest
import sqlalchemy as sa
from flask import request
from sqlalchemy.exc import IntegrityError, OperationalError

from careercenter import create_app
from careercenter.errors import DATABASE_RETRY_AFTER
from careercenter.extensions import db


def _lost_connection() -> OperationalError:
    return OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))


@pytest.fixture
def unreachable_app(tmp_path):
    """An app whose database cannot be opened: every query fails to connect."""
    return create_app(
        {
            "ENV_NAME": "testing",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'no-such-folder' / 'db.sqlite3'}",
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )


@pytest.fixture
def faulty_app(app):
    """An app on the working test database with routes that meet database faults."""
    faulty = create_app(
        {
            "ENV_NAME": "testing",
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "RATELIMIT_STORAGE_URI": "memory://",
            # As in production: an error after the view is answered, not raised to the test.
            "PROPAGATE_EXCEPTIONS": False,
        }
    )
    faulty.closed_for_real = []

    @faulty.route("/connection-lost-after-the-view")
    def lost_after_the_view():
        return "answered"

    @faulty.after_request
    def lose_connection(response):
        # Like the security headers asking who is signed in, on a dropped connection.
        if request.path == "/connection-lost-after-the-view" and response.status_code == 200:
            raise _lost_connection()
        return response

    @faulty.route("/connection-lost-at-teardown")
    def lost_at_teardown():
        db.session.execute(sa.text("SELECT 1"))  # the session now holds a connection
        session = db.session()
        real_close = session.close

        def close_on_a_dead_connection():
            session.close = lambda: (faulty.closed_for_real.append(True), real_close())
            raise _lost_connection()

        session.close = close_on_a_dead_connection
        return "answered"

    @faulty.route("/integrity-bug")
    def integrity_bug():
        raise IntegrityError("INSERT", {}, Exception("UNIQUE constraint failed"))

    return faulty


def test_a_page_answers_a_branded_503_with_retry_after(unreachable_app):
    response = unreachable_app.test_client().get("/healthz")
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(DATABASE_RETRY_AFTER)
    assert response.headers["Cache-Control"] == "no-store"
    assert "We can&#39;t reach our database for a moment" in page
    assert "CareerCenter" in page and "Traceback" not in page


def test_a_signed_in_page_answers_503_drawn_for_a_guest(unreachable_app):
    """Finding out who is signed in is a query: the page must not need it."""
    client = unreachable_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "a-session-token"
        session["_fresh"] = True
    response = client.get("/me/")
    assert response.status_code == 503
    assert "We can&#39;t reach our database" in response.get_data(as_text=True)


def test_the_api_answers_503_in_its_own_format(unreachable_app):
    response = unreachable_app.test_client().get("/api/v1/jobs")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(DATABASE_RETRY_AFTER)
    assert response.get_json()["status"] == 503


def test_a_connection_lost_after_the_view_is_a_503(faulty_app):
    """An after_request hook that queries (the security headers ask who is signed in)
    meeting a dropped connection ends in the 500 handler: it answers 503 too."""
    response = faulty_app.test_client().get("/connection-lost-after-the-view")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(DATABASE_RETRY_AFTER)


def test_a_connection_lost_at_the_end_of_a_request_does_not_break_the_answer(faulty_app):
    """Ending the session rolls back; on a connection the database dropped that raises.
    The answer already made stands, and the session is still ended."""
    response = faulty_app.test_client().get("/connection-lost-at-teardown")
    assert response.status_code == 200
    assert response.get_data() == b"answered"
    assert faulty_app.closed_for_real == [True]


def test_a_database_error_that_is_a_bug_is_still_a_500(faulty_app):
    response = faulty_app.test_client().get("/integrity-bug")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.get_data(as_text=True)
    assert "Retry-After" not in response.headers
