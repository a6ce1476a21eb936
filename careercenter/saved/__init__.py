"""A coder's saved jobs and job alerts (saved /jobs searches mailed daily or weekly)."""

from flask import Blueprint

bp = Blueprint("saved", __name__)

from careercenter.saved import cards, routes  # noqa: E402,F401
