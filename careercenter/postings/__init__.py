from flask import Blueprint

bp = Blueprint("postings", __name__)

from careercenter.postings import feeds, routes, search_views  # noqa: E402,F401
