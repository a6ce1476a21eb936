"""Job pages: what everyone reads at /jobs/<id>, the click to an employer's own
application page, and the report form. The other /jobs views are in search_views.py
(search), feeds.py (the Atom feed), apply_views.py and saved_views.py."""

from __future__ import annotations

from dataclasses import dataclass

from flask import (
    abort,
    current_app,
    flash,
    get_template_attribute,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from markupsafe import Markup

from careercenter.applicants import services as applicant_services
from careercenter.applicants.matching import match
from careercenter.extensions import db, limiter
from careercenter.models import Posting, ReportReason, Role
from careercenter.models.posting import ApplyMethod
from careercenter.moderation import reports
from careercenter.postings import bp, services
from careercenter.postings.forms import ReportForm
from careercenter.saved import services as saved_services
from careercenter.search import CODES, remembered


def _visible_posting(posting_id: int) -> Posting:
    """A posting the current reader may see; anything else is 'not found'."""
    posting = services.visible_posting(posting_id, current_user)
    if posting is None:
        abort(404)
    return posting


@bp.route("/jobs/<int:posting_id>")
@bp.route("/jobs/<int:posting_id>-<slug>")
def job(posting_id: int, slug: str | None = None):
    posting = _visible_posting(posting_id)
    if slug != posting.slug:
        return redirect(url_for("postings.job", posting_id=posting.id, slug=posting.slug), code=301)
    is_open = posting.is_open()
    profile = application = None
    criteria = []
    saved = False
    if current_user.is_authenticated and current_user.role is Role.APPLICANT:
        profile = applicant_services.profile_of(current_user)
        application = applicant_services.application_for(current_user, posting)
        criteria = match(profile, posting) if profile else []
        saved = saved_services.is_saved(current_user, posting)
    page = render_template(
        "postings/job.html",
        posting=posting,
        parts=_job_parts(posting, is_open),
        is_open=is_open,
        profile=profile,
        criteria=criteria,
        application=application,
        saved=saved,
    )
    if is_open and not posting.is_owned_by(current_user):
        services.record_view(posting)  # after rendering: its commit expires the posting
    return page


@dataclass(frozen=True)
class JobParts:
    """What a job page shows the same way to every reader, rendered once per version of
    the job (and of its company) and of the code data (the description links the codes
    that exist) and remembered: see search.remembered."""

    header: Markup
    details: Markup
    jsonld: Markup


def _job_parts(posting: Posting, is_open: bool) -> JobParts:
    company = posting.company

    def render() -> JobParts:
        def part(name: str) -> Markup:
            return get_template_attribute("postings/_job_parts.html", name)(posting)

        return JobParts(header=part("header"), details=part("details"), jsonld=part("jsonld"))

    key = ("job page", posting.id, posting.updated_at, company.updated_at,
           company.is_verified, is_open, request.host_url)  # fmt: skip
    return remembered(key, render, generation=CODES)


@bp.route("/jobs/<int:posting_id>/apply")
def apply_external(posting_id: int):
    """Count the click, then send the coder to the employer's own application page."""
    posting = _visible_posting(posting_id)
    if posting.apply_method is not ApplyMethod.EXTERNAL or not posting.is_open():
        return redirect(url_for("postings.job", posting_id=posting.id, slug=posting.slug))
    services.record_apply_click(posting)
    return redirect(posting.apply_url, code=303)


@bp.route("/jobs/<int:posting_id>/report", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["RATELIMIT_REPORT"],
    methods=["POST"],
    exempt_when=lambda: current_user.is_authenticated,
)
@limiter.limit(
    lambda: current_app.config["RATELIMIT_REPORT_ACCOUNT"],
    methods=["POST"],
    key_func=lambda: f"report-account:{getattr(current_user, 'id', None)}",
    exempt_when=lambda: not current_user.is_authenticated,
)
def report(posting_id: int):
    """Anyone may report a public job; guests are rate-limited by address, accounts each."""
    posting = db.session.get(Posting, posting_id)
    if posting is None or not posting.is_public or posting.company.owner.is_suspended:
        abort(404)
    job_url = url_for("postings.job", posting_id=posting.id, slug=posting.slug)
    if posting.is_owned_by(current_user):
        flash("This is your own job: edit it instead of reporting it.", "info")
        return redirect(job_url, code=303)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            reports.file_report(
                posting,
                reason=ReportReason(form.reason.data),
                note=form.note.data or "",
                user=current_user._get_current_object() if current_user.is_authenticated else None,
                remote_addr=request.remote_addr,
            )
        except reports.AlreadyReported:
            flash("You have already reported this job. A moderator will look at it.", "info")
        else:
            flash("Thank you. A moderator will look at this job.", "success")
        return redirect(job_url if posting.is_public else url_for("main.index"), code=303)
    return render_template("postings/report.html", form=form, posting=posting), (
        422 if form.errors else 200
    )
