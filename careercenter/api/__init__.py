"""The read-only JSON API: open job postings for other sites and tools, at /api/v1/.

It is public, takes GET requests only (so no forms and no CSRF), and answers every error as
JSON. /api/v1/openapi.json describes it.
"""

from flask import Blueprint

from careercenter.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# No view here changes anything: every one is a GET. Exempt, a POST or DELETE gets the
# API's JSON 405 instead of the site's HTML "form expired" page.
csrf.exempt(bp)

from careercenter.api import routes  # noqa: E402,F401
