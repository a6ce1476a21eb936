from flask import Blueprint

bp = Blueprint("codes", __name__)

from careercenter.codes import routes  # noqa: E402,F401
