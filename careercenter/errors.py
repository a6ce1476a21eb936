"""Branded error pages. Each says what happened and what the reader can do next."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from careercenter.extensions import db

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
}


def render_error(code: int, description: str | None = None):
    title, hint = MESSAGES.get(code, MESSAGES[500] if code >= 500 else MESSAGES[400])
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
        if request.path.startswith("/api/"):
            # Addresses no API route matched still answer in the API's own error format.
            return jsonify({"status": error.code, "message": error.description}), error.code
        return render_error(error.code)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        db.session.rollback()
        log.exception("unhandled error on %s %s", request.method, request.path)
        return render_error(500)

    @app.errorhandler(InternalServerError)
    def internal_error(error):
        db.session.rollback()
        return render_error(500)
