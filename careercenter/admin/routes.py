from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from careercenter.admin import bp, services
from careercenter.admin.forms import RejectForm
from careercenter.extensions import db
from careercenter.forms import EmptyForm
from careercenter.models import Posting, PostingStatus, Role
from careercenter.postings import services as posting_services


@bp.route("/")
def index():
    return render_template(
        "admin/index.html",
        counts=services.account_counts(),
        pending=len(posting_services.review_queue()),
    )


@bp.route("/accounts")
def accounts():
    q = request.args.get("q", "").strip()[:254]
    role = request.args.get("role", "")
    role = Role(role) if role in Role._value2member_map_ else None
    page = services.list_accounts(q=q, role=role, page=request.args.get("page", 1, type=int))
    return render_template("admin/accounts.html", page=page, q=q, role=role, roles=list(Role))


@bp.route("/postings")
def review_queue():
    return render_template(
        "admin/review_queue.html",
        postings=posting_services.review_queue(),
        approve_form=EmptyForm(),
        reject_form=RejectForm(formdata=None),
    )


def _submitted_posting(posting_id: int) -> Posting:
    posting = db.session.get(Posting, posting_id)
    if posting is None:
        abort(404)
    return posting


def _already_decided(posting: Posting):
    flash(
        f"This job was already decided: it is {posting.status.label.lower()}. Nothing changed.",
        "warning",
    )
    return redirect(url_for("admin.review_queue"), code=303)


@bp.route("/postings/<int:posting_id>/approve", methods=["POST"])
def approve(posting_id: int):
    posting = _submitted_posting(posting_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if posting.status is not PostingStatus.SUBMITTED:
        return _already_decided(posting)
    posting_services.approve(posting, current_user._get_current_object())
    flash(f"Published \u201c{posting.title}\u201d.", "success")
    return redirect(url_for("admin.review_queue"), code=303)


@bp.route("/postings/<int:posting_id>/reject", methods=["POST"])
def reject(posting_id: int):
    posting = _submitted_posting(posting_id)
    form = RejectForm()
    if posting.status is not PostingStatus.SUBMITTED:
        return _already_decided(posting)
    if not form.validate_on_submit():
        return render_template(
            "admin/review_queue.html",
            postings=posting_services.review_queue(),
            approve_form=EmptyForm(),
            reject_form=form,
            rejecting=posting.id,
        ), 422
    posting_services.reject(posting, current_user._get_current_object(), form.reason.data)
    flash(f"Rejected \u201c{posting.title}\u201d; the employer sees your reason.", "success")
    return redirect(url_for("admin.review_queue"), code=303)
