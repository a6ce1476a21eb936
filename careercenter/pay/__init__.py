"""Pay insights: what coding jobs pay, on /pay and on the pages where people decide (the
job page, /jobs results, the coder's dashboard, the posting form), and at /api/v1/pay.
The figures are precomputed in `stats`; `report` reads them for a set of filters; `charts`
draws them."""

from flask import Blueprint

bp = Blueprint("pay", __name__)

from careercenter.pay import routes  # noqa: E402,F401
