"""How the JSON API answers errors, in one shape: `{"status": 404, "message": "..."}`.

A leaf module: the API's views and the app's error handlers (careercenter.errors, for API
addresses no view took and for database outages) both build their answers here, so neither
imports the other.
"""

from __future__ import annotations

from flask import jsonify, request

API_ROOT = "/api/"  # every API address starts here (the blueprint serves /api/v1/)
READ_METHODS = "GET, HEAD, OPTIONS"  # all the API takes


def is_api_request() -> bool:
    return request.path.startswith(API_ROOT)


def error_response(status: int, message: str, errors: dict[str, str] | None = None):
    """The API's error body and status, for a view to return."""
    body: dict = {"status": status, "message": message}
    if errors:
        body["errors"] = errors
    return jsonify(body), status
