"""Employers write postings; everyone reads job pages."""

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
from sqlalchemy.orm.attributes import set_committed_value

from careercenter import formatting
from careercenter.applicants import services as applicant_services
from careercenter.applicants.matching import match
from careercenter.checks import services as check_services
from careercenter.checks.forms import PostingCheckForm
from careercenter.extensions import db, limiter
from careercenter.forms import EmptyForm
from careercenter.models import Company, Posting, PostingStatus, ReportReason, Role, TransitionError
from careercenter.models.posting import ApplyMethod
from careercenter.moderation import reports
from careercenter.pay.routes import check_requested as pay_check_requested
from careercenter.postings import bp, services
from careercenter.postings.forms import CREDENTIAL_LEVELS, PostingForm, ReportForm
from careercenter.saved import services as saved_services
from careercenter.search import remembered
from careercenter.security import roles_required
from careercenter.text import render_markdown
from careercenter.vocabulary import CREDENTIALS

ACTIONS = {
    "submit": (
        services.submit,
        "Submitted for review. We'll publish it once a moderator approves it.",
    ),
    "renew": (services.renew, "Renewed and submitted for review."),
    "fill": (services.mark_filled, "Marked as filled. Congratulations on the hire!"),
    "close": (services.close, "The job is closed."),
    "reopen": (services.reopen, "The job is open again."),
}
OUTCOME_MESSAGES = {
    "saved": "Your changes are saved.",
    "submitted": "Submitted for review. We'll publish it once a moderator approves it.",
    "back-to-review": "Your changes are saved. Because they change what coders read, the job "
    "is back in review and hidden until a moderator approves it.",
    "published": "Published: as a verified employer, your jobs go live without waiting for review.",
}


def _own_posting(posting_id: int) -> Posting:
    """The signed-in employer's posting; anyone else's is 'not found'."""
    posting = db.session.get(Posting, posting_id)
    if posting is None or not posting.is_owned_by(current_user):
        abort(404)
    return posting


def _check_form_for(company: Company, posting: Posting | None) -> PostingCheckForm:
    """The coding check select that goes with the posting form (issue 17)."""
    current = check_services.check_for_posting(posting) if posting else None
    form = PostingCheckForm()
    form.skill_check.choices = check_services.check_choices(company, current and current.id)
    if request.method == "GET" and current is not None:
        form.skill_check.data = str(current.id)
    return form


def _form_for(posting: Posting | None) -> PostingForm:
    form = PostingForm(obj=posting)
    if request.method == "GET" and posting is not None:
        form.description.data = posting.description_md
        form.key_codes.data = ", ".join(posting.key_codes)
        form.apply_method.data = posting.apply_method.value
        form.credential_levels.data = {
            **{slug: "preferred" for slug in posting.credentials_preferred},
            **{slug: "required" for slug in posting.credentials_required},
        }
        if posting.arrangement == "remote":
            form.remote_scope.data = "states" if posting.remote_states else "anywhere"
    return form


def _preview(company, form: PostingForm, posting: Posting | None) -> Posting:
    """The job as coders would see it, from the form: a posting never added to the
    session (its company is set without touching the company's list of postings)."""
    shown = Posting(status=PostingStatus.DRAFT, id=posting.id if posting else None)
    values = form.values()
    for name, value in values.items():
        setattr(shown, name, value)
    shown.slug = "preview"
    shown.description_html = render_markdown(values["description_md"])
    set_committed_value(shown, "company", company)
    return shown


def _form_page(form: PostingForm, posting: Posting | None, company, check_form):
    preview = None
    if form.preview.data and not form.errors:
        preview = _preview(company, form, posting)
    return render_template(
        "postings/form.html",
        form=form,
        posting=posting,
        preview=preview,
        check_form=check_form,
        credentials=list(CREDENTIALS.values()),
        levels=CREDENTIAL_LEVELS,
    ), (422 if form.errors or check_form.errors else 200)


@bp.route("/employer/postings/new", methods=["GET", "POST"])
@roles_required(Role.EMPLOYER)
def new():
    company = current_user.company
    if company is None:
        flash("First tell coders about your company: it appears on every job you post.", "info")
        return redirect(url_for("employers.company_profile"))
    form = _form_for(None)
    check_form = _check_form_for(company, None)
    if pay_check_requested():  # "Check pay": the form again with the pay check, nothing saved
        return _form_page(form, None, company, check_form)
    if form.validate_on_submit() and check_form.validate() and not form.preview.data:
        submit = bool(form.submit_for_review.data)
        posting = services.create_posting(company, form.values(), submit=submit)
        check_services.set_posting_check(posting, check_form.check_id)
        db.session.commit()
        if posting.status is PostingStatus.PUBLISHED:
            flash(OUTCOME_MESSAGES["published"], "success")
        else:
            flash(OUTCOME_MESSAGES["submitted" if submit else "saved"], "success")
        for warning in form.key_code_warnings:
            flash(warning, "warning")
        return redirect(url_for("employers.dashboard"), code=303)
    return _form_page(form, None, company, check_form)


@bp.route("/employer/postings/<int:posting_id>/edit", methods=["GET", "POST"])
@roles_required(Role.EMPLOYER)
def edit(posting_id: int):
    posting = _own_posting(posting_id)
    if "edit" not in posting.allowed_actions():
        flash(f"A {posting.status.label.lower()} job can no longer be edited.", "warning")
        return redirect(url_for("employers.dashboard"), code=303)
    form = _form_for(posting)
    check_form = _check_form_for(posting.company, posting)
    if pay_check_requested():  # "Check pay": the form again with the pay check, nothing saved
        return _form_page(form, posting, posting.company, check_form)
    if form.validate_on_submit() and check_form.validate() and not form.preview.data:
        outcome = services.update_posting(
            posting, form.values(), submit=bool(form.submit_for_review.data)
        )
        check_services.set_posting_check(posting, check_form.check_id)
        db.session.commit()
        flash(OUTCOME_MESSAGES[outcome], "success")
        for warning in form.key_code_warnings:
            flash(warning, "warning")
        return redirect(url_for("employers.dashboard"), code=303)
    return _form_page(form, posting, posting.company, check_form)


@bp.route(
    "/employer/postings/<int:posting_id>/<any(submit, renew, fill, close, reopen):action>",
    methods=["POST"],
)
@roles_required(Role.EMPLOYER)
def act(posting_id: int, action: str):
    posting = _own_posting(posting_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    perform, message = ACTIONS[action]
    try:
        perform(posting)
    except TransitionError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("employers.dashboard"), code=303)
    if action in ("submit", "renew") and posting.status is PostingStatus.PUBLISHED:
        message = OUTCOME_MESSAGES["published"]
    if action == "reopen" and posting.status is PostingStatus.SUBMITTED:
        message = "The job is back in review: it opens again once a moderator approves it."
    flash(message, "success")
    return redirect(url_for("employers.dashboard"), code=303)


@bp.route("/employer/postings/<int:posting_id>/close")
@roles_required(Role.EMPLOYER)
def confirm_close(posting_id: int):
    """Closing ends applications at once: ask first (the POST is `act`)."""
    posting = _own_posting(posting_id)
    if "close" not in posting.allowed_actions():
        return redirect(url_for("employers.dashboard"), code=303)
    return render_template(
        "confirm.html",
        title=f"Close “{posting.title}”?",
        body=[
            "Coders can no longer find it or apply to it. Applications you already have stay "
            "on your dashboard.",
            f"You can reopen it until its expiry date, {formatting.date(posting.expires_at)}."
            if posting.expires_at
            else "It has not been published, so it cannot be reopened: you would post it again.",
        ],
        action=url_for("postings.act", posting_id=posting.id, action="close"),
        confirm_label="Close the job",
        cancel_url=url_for("employers.dashboard"),
        cancel_label="Keep it open",
    )


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
    the job (and of its company) and remembered: see search.remembered."""

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
    return remembered(key, render, generation=None)


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
