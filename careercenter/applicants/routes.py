"""A coder's own pages: dashboard, profile, resume, applications, data. The check views
are in check_views.py, saved jobs and alerts in saved_views.py; applying is a /jobs page
(postings/apply_views.py)."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for

from careercenter.applicants import bp, resumes, services
from careercenter.applicants.forms import BLANK_CREDENTIAL_ROWS, ProfileForm
from careercenter.extensions import db
from careercenter.forms import EmptyForm
from careercenter.models import Application, Resume, Role
from careercenter.saved import services as saved_services
from careercenter.security import current_account, roles_required, safe_next


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
            services.save_profile(
                current_account(), form.values(), resumes.read_upload(form.resume_file)
            )
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


def _own_application(application_id: int) -> Application:
    application = services.application_of_applicant(current_account(), application_id)
    if application is None:
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
