"""The employer's applicant pipeline: per posting, who applied, and each application.

Every view finds the posting or application through the signed-in employer's own
company, so another employer's ids answer 404, exactly like ids that do not exist."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from careercenter.applicants import resumes
from careercenter.applications import services
from careercenter.applications.forms import ApplicantFilterForm, NoteForm, StatusForm
from careercenter.checks import services as check_services
from careercenter.employers import bp
from careercenter.models import PIPELINE, ApplicationStatus, Role
from careercenter.security import roles_required


def _my_posting(posting_id: int):
    posting = services.posting_of_employer(current_user, posting_id)
    if posting is None:
        abort(404)
    return posting


def _my_application(application_id: int):
    application = services.application_of_employer(current_user, application_id)
    if application is None:
        abort(404)
    return application


@bp.route("/employer/postings/<int:posting_id>/applicants")
@roles_required(Role.EMPLOYER)
def applicants(posting_id: int):
    posting = _my_posting(posting_id)
    filters = ApplicantFilterForm(request.args)
    valid = filters.validate()
    status = filters.status.data if valid else None
    credential = filters.credential.data if valid else None
    found = services.applications_to(posting, status=status, credential=credential)
    skill_check = check_services.check_for_posting(posting)
    attempts = check_services.attempts_for(found)
    if valid and (skill_check or attempts):
        found = check_services.filter_and_sort(
            found, attempts, filters.check.data, filters.sort.data
        )
    if request.args.get("format") == "csv":
        filename = f"applicants-{posting.id}-{posting.slug[:40]}.csv"
        checks = attempts if (skill_check or attempts) else None
        response = Response(services.csv_export(posting, found, checks), mimetype="text/csv")
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
        response.headers["Cache-Control"] = "private, no-store"
        return response
    return render_template(
        "employers/applicants.html",
        posting=posting,
        applications=found,
        filters=filters,
        counts=services.status_counts(posting),
        pipeline=PIPELINE,
        credentials_of=services.credentials_of,
        skill_check=skill_check,
        attempts=attempts,
    ), (200 if valid else 400)


@bp.route("/employer/applications/<int:application_id>", methods=["GET"])
@roles_required(Role.EMPLOYER)
def application(application_id: int):
    application = _my_application(application_id)
    return _render_application(application, StatusForm(status=application.status.value), NoteForm())


def _render_application(application, status_form, note_form, code=200):
    return render_template(
        "employers/application.html",
        application=application,
        posting=application.posting,
        status_form=status_form,
        note_form=note_form,
        credentials=application.profile_snapshot.get("credentials", []),
    ), code


@bp.route("/employer/applications/<int:application_id>/status", methods=["POST"])
@roles_required(Role.EMPLOYER)
def change_status(application_id: int):
    application = _my_application(application_id)
    form = StatusForm()
    if not form.validate_on_submit():
        return _render_application(application, form, NoteForm(), 422)
    status = ApplicationStatus(form.status.data)
    try:
        mailed = services.change_status(
            application,
            status,
            actor=current_user,
            mail_applicant=form.mail_applicant.data,
        )
    except services.PipelineRefused as exc:
        # Withdrawn meanwhile, say: the page shows its state now and says why nothing changed.
        flash(str(exc), "warning")
        return _render_application(application, form, NoteForm(), 409)
    message = f"Status is now {status.label}."
    if mailed:
        message += " The applicant was sent a courteous mail."
    flash(message, "success")
    return redirect(url_for("employers.application", application_id=application.id), code=303)


@bp.route("/employer/applications/<int:application_id>/notes", methods=["POST"])
@roles_required(Role.EMPLOYER)
def add_note(application_id: int):
    application = _my_application(application_id)
    form = NoteForm()
    if not form.validate_on_submit():
        return _render_application(
            application, StatusForm(status=application.status.value), form, 422
        )
    services.add_note(application, author=current_user, body=form.body.data)
    flash("Note saved.", "success")
    return redirect(
        url_for("employers.application", application_id=application.id, _anchor="notes"), code=303
    )


@bp.route("/employer/applications/<int:application_id>/resume")
@roles_required(Role.EMPLOYER)
def application_resume(application_id: int):
    application = _my_application(application_id)
    if application.resume is None:
        abort(404)
    return resumes.send_resume(application.resume)
