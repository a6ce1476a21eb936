from flask import Blueprint

bp = Blueprint("employers", __name__)

from careercenter.employers import pipeline, routes  # noqa: E402,F401
