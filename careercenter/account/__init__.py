from flask import Blueprint

bp = Blueprint("account", __name__, url_prefix="/account")

from careercenter.account import routes  # noqa: E402,F401
