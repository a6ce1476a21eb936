"""A coder's Save and Unsave buttons on a job (/jobs/<id>/save, /jobs/<id>/unsave); the
saved list itself is on the coder's pages (applicants), the work in saved.services."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for

from careercenter.forms import EmptyForm
from careercenter.models import Posting, Role
from careercenter.postings import bp, services
from careercenter.saved import services as saved_services
from careercenter.security import current_account, roles_required, safe_next


def _back_to(posting: Posting):
    target = safe_next(request.form.get("next")) or url_for(
        "postings.job", posting_id=posting.id, slug=posting.slug
    )
    return redirect(target, code=303)


@bp.route("/jobs/<int:posting_id>/save", methods=["POST"])
@roles_required(Role.APPLICANT)
def save_job(posting_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    posting = services.visible_posting(posting_id, current_account())
    if posting is None:  # it does not exist, or this coder may not see it
        abort(404)
    saved_services.save_job(current_account(), posting)
    flash("Job saved. Find it under Saved jobs on your dashboard.", "success")
    return _back_to(posting)


@bp.route("/jobs/<int:posting_id>/unsave", methods=["POST"])
@roles_required(Role.APPLICANT)
def unsave_job(posting_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    saved_services.unsave_job(current_account(), posting_id)
    flash("Job removed from your saved jobs.", "success")
    target = safe_next(request.form.get("next")) or url_for("applicants.saved_jobs")
    return redirect(target, code=303)
