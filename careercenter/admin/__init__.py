from flask import Blueprint

from careercenter.models import Role
from careercenter.security import check_roles

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
def staff_only():
    """Every admin page, present and future, is for staff only."""
    check_roles(Role.MODERATOR, Role.ADMIN)


from careercenter.admin import routes  # noqa: E402,F401
