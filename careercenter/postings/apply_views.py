"""Applying on the site (/jobs/<id>/apply/on-site): the coder's profile and resume go to
the employer; the work is in applicants.services."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from careercenter.applicants import resumes
from careercenter.applicants import services as applicant_services
from careercenter.applicants.forms import ApplyForm
from careercenter.applicants.matching import match
from careercenter.checks import services as check_services
from careercenter.extensions import db
from careercenter.models import Posting, Role
from careercenter.postings import bp
from careercenter.security import current_account, roles_required


def _open_posting(posting_id: int) -> Posting:
    posting = db.session.get(Posting, posting_id)
    if posting is None or not posting.is_public or posting.company.owner.is_suspended:
        abort(404)
    return posting


@bp.route("/jobs/<int:posting_id>/apply/on-site", methods=["GET", "POST"])
@roles_required(Role.APPLICANT)
def apply_on_site(posting_id: int):
    posting = _open_posting(posting_id)
    job_url = url_for("postings.job", posting_id=posting.id, slug=posting.slug)
    if applicant_services.application_for(current_account(), posting) is not None:
        flash("You have already applied to this job. Its status is on your dashboard.", "info")
        return redirect(job_url)
    profile = applicant_services.profile_of(current_account())
    if profile is None:
        flash("Create your profile first: employers see it with your application.", "info")
        return redirect(url_for("applicants.profile", next=request.path))
    form = ApplyForm()
    if request.method == "GET" and profile.resume is None:
        form.resume_choice.data = "upload"
    if form.validate_on_submit():
        upload = resumes.read_upload(form.resume) if form.resume_choice.data == "upload" else None
        if form.resume_choice.data == "upload" and upload is None:
            form.resume.errors.append("Choose the resume file to send.")
        else:
            try:
                applicant_services.apply(
                    current_account(), posting, cover_letter=form.cover_letter.data, upload=upload
                )
            except resumes.ResumeError as exc:
                form.resume.errors.append(str(exc))
            except applicant_services.ApplyRefused as exc:
                flash(str(exc), "warning")
                return redirect(job_url, code=303)
            else:
                flash(
                    f"Your application to {posting.company.name} is sent. A copy is on its way to "
                    "your email, and your dashboard lists it.",
                    "success",
                )
                if check_services.check_for_posting(posting):  # issue 17: now the check
                    application = applicant_services.application_for(current_account(), posting)
                    return redirect(
                        url_for("applicants.take_check", application_id=application.id), code=303
                    )
                return redirect(url_for("applicants.dashboard"), code=303)
    if not posting.is_open():
        flash("This job is no longer accepting applications.", "warning")
        return redirect(job_url)
    status = 422 if form.errors else 200
    return render_template(
        "applicants/apply.html",
        form=form,
        posting=posting,
        profile=profile,
        criteria=match(profile, posting),
    ), status
