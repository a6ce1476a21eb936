import sqlalchemy as sa
from flask import Response, render_template
from flask_login import current_user

from careercenter.api.services import cache_publicly
from careercenter.extensions import db
from careercenter.main import bp, home
from careercenter.models import Role
from careercenter.postings.feeds import build_sitemap


@bp.route("/")
def index():
    """The home page: for each role, what waits for them and the jobs that fit."""
    role = current_user.role if current_user.is_authenticated else None
    if role is Role.APPLICANT:
        return render_template("main/index.html", coder=home.coder_home(current_user))
    if role is Role.EMPLOYER:
        return render_template("main/index.html", employer=home.employer_home(current_user))
    if role in (Role.MODERATOR, Role.ADMIN):
        return render_template("main/index.html", moderation=home.moderator_home())
    return render_template("main/index.html", board=home.board())


@bp.route("/healthz")
def healthz():
    """For load balancers: the app answers and so does its database."""
    db.session.execute(sa.text("SELECT 1"))
    return {"status": "ok"}


@bp.route("/sitemap.xml")
def sitemap():
    """For search engines: the home page, the search page, every open job and company."""
    return cache_publicly(Response(build_sitemap(), mimetype="application/xml"), 3600)
