from flask import Blueprint

bp = Blueprint("applicants", __name__)

from careercenter.applicants import routes  # noqa: E402,F401
