from flask import Blueprint

# A coder's own pages: everything under /me, and the job alert mail's /alerts links.
bp = Blueprint("applicants", __name__)

from careercenter.applicants import check_views, routes, saved_views  # noqa: E402,F401
