from flask import Blueprint

# Everything under /jobs: search, feed, job pages, applying, saving, reporting.
bp = Blueprint("postings", __name__)

from careercenter.postings import (  # noqa: E402,F401
    apply_views,
    feeds,
    routes,
    saved_views,
    search_views,
)
