"""The API's views: read the parameters, ask the search or the model, serialise."""

from __future__ import annotations

import logging
from datetime import datetime

from flask import current_app, request, url_for
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from careercenter import search
from careercenter.api import bp
from careercenter.api.openapi import openapi_document
from careercenter.api.params import (
    DEFAULT_PER_PAGE,
    parse_api_query,
    parse_code_query,
    parse_suggest_query,
)
from careercenter.api.serialisers import (
    SUMMARY_LENGTH,
    code_list,
    job_detail,
    job_list,
    suggestion_list,
)
from careercenter.api.services import cache_publicly, public_posting, summaries
from careercenter.api_errors import READ_METHODS, error_response
from careercenter.codes import services as code_services
from careercenter.errors import database_unavailable, database_unavailable_response
from careercenter.extensions import db
from careercenter.pay import report
from careercenter.search.cache import first_expiry

log = logging.getLogger(__name__)

API_MAX_AGE = 60  # seconds
# Every other method on an API address gets a JSON 405 (or 404) from `unknown` below,
# rather than the site's HTML error page.
OTHER_METHODS = ["POST", "PUT", "PATCH", "DELETE"]


@bp.get("/")
def index():
    return {
        "jobs": url_for("api.jobs", _external=True),
        "suggest": url_for("api.suggest", _external=True),
        "codes": url_for("api.codes", _external=True),
        "openapi": url_for("api.openapi", _external=True),
        "pay": url_for("api.pay", _external=True),
    }


@bp.get("/jobs")
def jobs():
    query, per_page, errors = parse_api_query(request.args)
    if errors:
        return error_response(400, "Some query parameters are not valid.", errors)

    def answer() -> tuple[str, datetime | None]:
        result = search.search_jobs(query, per_page=per_page)

        def link(page: int) -> str:
            extra = {"per_page": per_page} if per_page != DEFAULT_PER_PAGE else {}
            return url_for("api.jobs", **query.to_args(page=page), **extra, _external=True)

        body = job_list(result, per_page, link, summaries(result.items, SUMMARY_LENGTH))
        # Remembered as its JSON text: one string, not a tree of dicts for the garbage
        # collector to walk, and serialised once.
        return current_app.json.dumps(body), first_expiry(result.items)

    # The same search gives everyone the same answer (its links name the host asked).
    key = ("api jobs", request.host_url, per_page, tuple(sorted(query.to_args().items())))
    text, _ = search.remembered(key, answer, until=lambda answered: answered[1])
    return current_app.response_class(text + "\n", mimetype=current_app.json.mimetype)


@bp.get("/suggest")
def suggest():
    text, limit, errors = parse_suggest_query(request.args)
    if errors:
        return error_response(400, "Some query parameters are not valid.", errors)
    return suggestion_list(text, search.suggestions(text, limit))


@bp.get("/codes")
def codes():
    """Codes by code or by words: the posting form's key-codes field asks here as you type."""
    text, system, limit, errors = parse_code_query(request.args)
    if errors:
        return error_response(400, "Some query parameters are not valid.", errors)
    return code_list(code_services.remembered_search(text, per_page=limit, system=system))


@bp.get("/jobs/<int:posting_id>")
def job(posting_id: int):
    posting = public_posting(posting_id)
    if posting is None:
        return error_response(
            404, "There is no public job with this id.", {"posting_id": "No such public job."}
        )
    return job_detail(posting)


@bp.get("/pay")
def pay():
    """Pay statistics with the /pay page's filters (careercenter.pay)."""
    filters, errors = report.parse_filters(request.args)
    # The page reads a blank filter as "any"; a program that sends `state=` has a bug.
    for name in report.FILTERS:
        if name in request.args and not request.args[name].strip():
            errors[name] = "Must be one of the values listed in the API description."
    if errors:
        return error_response(400, "Some query parameters are not valid.", errors)
    return report.as_json(report.current(filters))


@bp.get("/openapi.json")
def openapi():
    return openapi_document()


@bp.route("/", defaults={"path": ""}, methods=OTHER_METHODS)
@bp.route("/<path:path>", methods=["GET", *OTHER_METHODS])
def unknown(path: str):
    """Addresses under /api/v1/ that no view takes, and methods the API does not take."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    try:
        endpoint, _ = adapter.match(method="GET")
    except HTTPException:
        endpoint = None
    if endpoint not in (None, "api.unknown") and request.method not in ("GET", "HEAD"):
        raise MethodNotAllowed(valid_methods=READ_METHODS.split(", "))
    raise NotFound()


@bp.after_request
def api_headers(response):
    # Public data for any site's scripts; nothing here depends on who is asking.
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    if request.method == "OPTIONS":
        response.headers["Allow"] = READ_METHODS
    return cache_publicly(response, API_MAX_AGE) if response.status_code == 200 else response


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException):
    response = error_response(error.code or 500, error.description or error.name)
    if isinstance(error, MethodNotAllowed):
        response[0].headers["Allow"] = READ_METHODS
    return response


@bp.errorhandler(DBAPIError)
def database_error(error: DBAPIError):
    """The database restarting or out of reach is a 503 with Retry-After, not a bug."""
    if database_unavailable(error):
        return database_unavailable_response(error)
    return unexpected_error(error)


@bp.errorhandler(Exception)
def unexpected_error(error: Exception):
    db.session.rollback()
    log.exception("unhandled error on %s %s", request.method, request.path)
    return error_response(500, "Something went wrong on our side. Please try again later.")
