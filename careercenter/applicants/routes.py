"""A coder's own pages: profile, resume, applications, data."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for

from careercenter.applicants import bp, resumes, services
from careercenter.applicants.forms import BLANK_CREDENTIAL_ROWS, ApplyForm, ProfileForm
from careercenter.applicants.matching import match
from careercenter.checks import services as check_services
from careercenter.extensions import db
from careercenter.forms import EmptyForm
from careercenter.models import Application, Posting, Resume, Role
from careercenter.saved import services as saved_services
from careercenter.security import current_account, roles_required, safe_next


def _upload(field) -> tuple[bytes, str] | None:
    upload = field.data
    if not upload or not getattr(upload, "filename", ""):
        return None
    # Read at most one byte past the limit: enough to know it is too large.
    return upload.read(resumes.MAX_RESUME_BYTES + 1), upload.filename


@bp.route("/me/")
@roles_required(Role.APPLICANT)
def dashboard():
    return render_template(
        "applicants/dashboard.html",
        profile=services.profile_of(current_account()),
        applications=services.applications_of(current_account()),
        saved_jobs=saved_services.saved_jobs_of(current_account()),
        alerts=saved_services.alerts_of(current_account()),
        withdraw_form=EmptyForm(),
    )


@bp.route("/me/profile", methods=["GET", "POST"])
@roles_required(Role.APPLICANT)
def profile():
    existing = services.profile_of(current_account())
    # Where the coder was going (the apply form, most often): back there once it is saved.
    next_url = safe_next(request.args.get("next"))
    form = ProfileForm(obj=existing)
    if request.method == "GET":
        if existing is not None:
            form.credentials.entries = []
            for held in existing.credentials:
                form.credentials.append_entry(
                    {
                        "credential": held.credential,
                        "number": held.number,
                        "expires_on": held.expires_on,
                    }
                )
        else:
            form.full_name.data = current_account().name
        for _ in range(BLANK_CREDENTIAL_ROWS):
            form.credentials.append_entry()
    if form.validate_on_submit():
        try:
            services.save_profile(current_account(), form.values(), _upload(form.resume_file))
        except resumes.ResumeError as exc:
            form.resume_file.errors.append(str(exc))
        else:
            flash("Your profile is saved.", "success")
            return redirect(next_url or url_for("applicants.dashboard"), code=303)
    status = 422 if form.errors else 200
    return render_template(
        "applicants/profile_form.html", form=form, profile=existing, next_url=next_url
    ), status


@bp.route("/me/resumes/<int:resume_id>")
@roles_required(Role.APPLICANT, Role.ADMIN)
def resume(resume_id: int):
    found = db.session.get(Resume, resume_id)
    if found is None or not services.may_read_resume(current_account(), found):
        abort(404)
    return resumes.send_resume(found)


def _open_posting(posting_id: int) -> Posting:
    posting = db.session.get(Posting, posting_id)
    if posting is None or not posting.is_public or posting.company.owner.is_suspended:
        abort(404)
    return posting


@bp.route("/jobs/<int:posting_id>/apply/on-site", methods=["GET", "POST"])
@roles_required(Role.APPLICANT)
def apply(posting_id: int):
    posting = _open_posting(posting_id)
    job_url = url_for("postings.job", posting_id=posting.id, slug=posting.slug)
    if services.application_for(current_account(), posting) is not None:
        flash("You have already applied to this job. Its status is on your dashboard.", "info")
        return redirect(job_url)
    profile = services.profile_of(current_account())
    if profile is None:
        flash("Create your profile first: employers see it with your application.", "info")
        return redirect(url_for("applicants.profile", next=request.path))
    form = ApplyForm()
    if request.method == "GET" and profile.resume is None:
        form.resume_choice.data = "upload"
    if form.validate_on_submit():
        upload = _upload(form.resume) if form.resume_choice.data == "upload" else None
        if form.resume_choice.data == "upload" and upload is None:
            form.resume.errors.append("Choose the resume file to send.")
        else:
            try:
                services.apply(
                    current_account(), posting, cover_letter=form.cover_letter.data, upload=upload
                )
            except resumes.ResumeError as exc:
                form.resume.errors.append(str(exc))
            except services.ApplyRefused as exc:
                flash(str(exc), "warning")
                return redirect(job_url, code=303)
            else:
                flash(
                    f"Your application to {posting.company.name} is sent. A copy is on its way to "
                    "your email, and your dashboard lists it.",
                    "success",
                )
                if check_services.check_for_posting(posting):  # issue 17: now the check
                    application = services.application_for(current_account(), posting)
                    return redirect(url_for("checks.take", application_id=application.id), code=303)
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


def _own_application(application_id: int) -> Application:
    application = db.session.get(Application, application_id)
    if application is None or application.applicant_id != current_account().id:
        abort(404)
    return application


@bp.route("/me/applications/<int:application_id>/withdraw")
@roles_required(Role.APPLICANT)
def confirm_withdraw(application_id: int):
    """Withdrawing cannot be undone (nor can the coder apply again): ask first."""
    application = _own_application(application_id)
    posting = application.posting
    if application.status.value in ("withdrawn", "hired"):
        return redirect(url_for("applicants.dashboard"), code=303)
    return render_template(
        "confirm.html",
        title=f"Withdraw your application to “{posting.title}”?",
        body=[
            f"{posting.company.name} will no longer see it. It is at “{application.status.label}” "
            "now.",
            "This cannot be undone, and you cannot apply to this job again.",
        ],
        action=url_for("applicants.withdraw", application_id=application.id),
        confirm_label="Withdraw the application",
        cancel_url=url_for("applicants.dashboard"),
        cancel_label="Keep it",
    )


@bp.route("/me/applications/<int:application_id>/withdraw", methods=["POST"])
@roles_required(Role.APPLICANT)
def withdraw(application_id: int):
    application = _own_application(application_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        services.withdraw(current_account(), application)
    except services.ApplyRefused as exc:
        flash(str(exc), "warning")
    else:
        flash("Your application is withdrawn.", "info")
    return redirect(url_for("applicants.dashboard"), code=303)


@bp.route("/me/export")
@roles_required(Role.APPLICANT)
def export():
    data = services.export_data(current_account())
    return Response(
        data,
        mimetype="application/zip",
        headers={
            "Content-Disposition": "attachment; filename=careercenter-my-data.zip",
            "Cache-Control": "private, no-store",
        },
    )
