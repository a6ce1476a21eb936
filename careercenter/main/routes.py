import sqlalchemy as sa
from flask import render_template

from careercenter.extensions import db
from careercenter.main import bp


@bp.route("/")
def index():
    return render_template("main/index.html")


@bp.route("/healthz")
def healthz():
    """For load balancers: the app answers and so does its database."""
    db.session.execute(sa.text("SELECT 1"))
    return {"status": "ok"}
