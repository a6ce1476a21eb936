from flask import Blueprint

# Everything under /employer (company, dashboard, postings, applicants, checks) and the
# public company pages under /companies.
bp = Blueprint("employers", __name__)

from careercenter.employers import check_views, pipeline, posting_views, routes  # noqa: E402,F401
