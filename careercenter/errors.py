"""Branded error pages. Each says what happened and what the reader can do next."""

from __future__ import annotations

import logging
from contextlib import suppress

from flask import (
    Flask,
    Response,
    current_app,
    has_request_context,
    render_template,
    request,
)
from flask.globals import request_ctx
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError, MethodNotAllowed

from careercenter.api_errors import READ_METHODS, error_response, is_api_request
from careercenter.extensions import db, login_manager

log = logging.getLogger(__name__)

MESSAGES = {
    400: (
        "Something in that request was not right",
        "Go back, check what you entered and try again.",
    ),
    403: (
        "You don't have access to this page",
        "It belongs to another kind of account. If you think you should see it, log in "
        "with the right account.",
    ),
    404: ("We couldn't find that page", "The address may be mistyped, or the page may have moved."),
    405: ("That action isn't available here", "Use the buttons and links on the page instead."),
    410: (
        "This page is gone",
        "What was here has been removed for good: a job that was filled or closed, for example.",
    ),
    413: ("That upload is too large", "Choose a smaller file and try again."),
    429: (
        "Too many attempts",
        "For your security we have paused this for a moment. Wait a minute, then try again.",
    ),
    500: (
        "Something went wrong on our side",
        "We have been told about it. Please try again in a few minutes.",
    ),
    503: (
        "We can't reach our database for a moment",
        "This usually lasts a few seconds. Wait a moment and reload the page; if you were "
        "sending a form, send it again: it was not saved.",
    ),
}

# Seconds a client is asked to wait when the database cannot be reached (a restart, a
# failover): about what a PostgreSQL restart takes.
DATABASE_RETRY_AFTER = 5


def render_error(code: int, description: str | None = None):
    title, hint = MESSAGES.get(code, MESSAGES[500] if code >= 500 else MESSAGES[400])
    if request_ctx.url_adapter is None:
        # A request for a Host the site does not answer to (TRUSTED_HOSTS): no links can be
        # built for it, and none should name that host. A plain answer.
        return Response(f"{title}.\n", mimetype="text/plain"), code
    return render_template(
        "errors/error.html", code=code, title=title, hint=hint, description=description
    ), code


def _csrf_advice(reason: str | None) -> str:
    """What the reader can do about a refused form, by why it was refused."""
    if reason and "session token is missing" in reason:
        return (
            "Your session had ended or your browser did not send its cookie, so this form "
            "could not be checked. Make sure cookies are allowed for this site, reload the "
            "page and send the form again."
        )
    if reason and "expired" in reason:
        return "This form had expired. Reload the page and send it again."
    if reason and "do not match" in reason:
        return (
            "This form was opened in another session, for example before you logged in or "
            "out in another tab. Reload the page and send it again."
        )
    return (
        "This form had expired or was sent from somewhere else. Reload the page and send it again."
    )


def database_unavailable(error: Exception) -> bool:
    """Whether a database error means "the database cannot be reached right now" (down,
    restarting, the connection cut) rather than a bug: OperationalError and
    InterfaceError, and any error on which SQLAlchemy invalidated the connection."""
    return isinstance(error, (OperationalError, InterfaceError)) or bool(
        getattr(error, "connection_invalidated", False)
    )


def _discard_session() -> None:
    """Roll the request's session back; on a connection the database already dropped the
    rollback itself fails, which must not hide the error being handled."""
    with suppress(SQLAlchemyError):
        db.session.rollback()


def database_unavailable_response(error: DBAPIError):
    """503 with Retry-After: the branded page, or the API's JSON. Drawn for a guest
    (no query), and the security headers then ask no query either."""
    _discard_session()
    lines = str(error.orig or error).strip().splitlines()
    # Not a bug but the database restarting or unreachable: one line, no traceback.
    log.warning(
        "database unavailable on %s %s: %s",
        request.method,
        request.path,
        lines[0] if lines else type(error).__name__,
    )
    login_manager._update_request_context_with_user()  # the anonymous user, no query
    if is_api_request():
        response, _ = error_response(503, MESSAGES[503][0])
    else:
        response = current_app.make_response(render_error(503)[0])
    response.status_code = 503
    response.headers["Retry-After"] = str(DATABASE_RETRY_AFTER)
    response.headers["Cache-Control"] = "no-store"
    return response


def _allow_header(error: HTTPException, api: bool = False) -> dict[str, str]:
    """A 405 says which methods the address takes (RFC 9110), also when the router, not a
    view, refused the method (TRACE, say). The API takes only reads."""
    if not isinstance(error, MethodNotAllowed):
        return {}
    if api:
        return {"Allow": READ_METHODS}
    return {"Allow": ", ".join(sorted(error.valid_methods or ()))}


def register_errorhandlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_error(400, _csrf_advice(error.description))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        if error.response is not None:  # an already built response, e.g. a login redirect
            return error.response
        if is_api_request():
            # Addresses no API route matched still answer in the API's own error format.
            body, status = error_response(error.code, error.description)
            return body, status, _allow_header(error, api=True)
        return *render_error(error.code), _allow_header(error)

    @app.errorhandler(DBAPIError)
    def database_error(error: DBAPIError):
        _discard_session()
        if database_unavailable(error):
            return database_unavailable_response(error)
        log.exception("unhandled error on %s %s", request.method, request.path)
        return render_error(500)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        _discard_session()
        log.exception("unhandled error on %s %s", request.method, request.path)
        return render_error(500)

    @app.errorhandler(InternalServerError)
    def internal_error(error: InternalServerError):
        # Also where an error raised after the view (an after_request hook) ends up.
        _discard_session()
        original = getattr(error, "original_exception", None)
        if isinstance(original, DBAPIError) and database_unavailable(original):
            return database_unavailable_response(original)
        return render_error(500)

    @app.teardown_appcontext
    def remove_session_even_without_database(exc: BaseException | None) -> None:
        """End the request's session. Registered after Flask-SQLAlchemy's own teardown, so
        it runs first: when the database dropped the connection mid-request (a restart),
        ending the session rolls back on a dead connection and raises, which would turn
        an answer already made into the server's bare 500. The failed rollback has
        invalidated the connection; the pool opens a new one for the next request."""
        try:
            db.session.remove()
        except SQLAlchemyError as error:
            where = request.path if has_request_context() else "an app context"
            log.warning("database connection lost at the end of %s: %s", where, error)
            with suppress(SQLAlchemyError):
                db.session.remove()
            db.session.registry.clear()
