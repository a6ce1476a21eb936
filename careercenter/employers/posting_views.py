"""The employer's postings: write one (with a preview and a pay check), edit it, and move
it along (submit, renew, fill, close, reopen). The work is in postings.services; another
employer's posting answers 404."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm.attributes import set_committed_value

from careercenter import formatting
from careercenter.checks import services as check_services
from careercenter.checks.forms import PostingCheckForm
from careercenter.employers import bp
from careercenter.extensions import db
from careercenter.forms import EmptyForm
from careercenter.models import Company, Posting, PostingStatus, Role, TransitionError
from careercenter.pay.routes import check_requested as pay_check_requested
from careercenter.postings import services
from careercenter.postings.forms import CREDENTIAL_LEVELS, PostingForm
from careercenter.security import roles_required
from careercenter.text import render_markdown
from careercenter.vocabulary import CREDENTIALS

ACTION_MESSAGES = {
    "submit": "Submitted for review. We'll publish it once a moderator approves it.",
    "renew": "Renewed and submitted for review.",
    "fill": "Marked as filled. Congratulations on the hire!",
    "close": "The job is closed.",
    "reopen": "The job is open again.",
}
OUTCOME_MESSAGES = {
    "saved": "Your changes are saved.",
    "submitted": "Submitted for review. We'll publish it once a moderator approves it.",
    "back-to-review": "Your changes are saved. Because they change what coders read, the job "
    "is back in review and hidden until a moderator approves it.",
    "published": "Published: as a verified employer, your jobs go live without waiting for review.",
}


def _perform(action: str, posting: Posting) -> None:
    # Looked up when a button is pressed, not at import: postings.services is still loading
    # when it brings in this package (through moderation.review and employers.profiles).
    transitions = {
        "submit": services.submit,
        "renew": services.renew,
        "fill": services.mark_filled,
        "close": services.close,
        "reopen": services.reopen,
    }
    transitions[action](posting)


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
def new_posting():
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
def edit_posting(posting_id: int):
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
def act_on_posting(posting_id: int, action: str):
    posting = _own_posting(posting_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    message = ACTION_MESSAGES[action]
    try:
        _perform(action, posting)
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
def confirm_close_posting(posting_id: int):
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
        action=url_for("employers.act_on_posting", posting_id=posting.id, action="close"),
        confirm_label="Close the job",
        cancel_url=url_for("employers.dashboard"),
        cancel_label="Keep it open",
    )
