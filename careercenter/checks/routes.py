"""The employer's checks (/employer/checks) and the coder's attempt at an application's
check (/me/applications/<id>/check). Another employer's check, and another coder's
application, answer 404; a check's cases are shown only to the coder during their attempt,
and its expected codes only to its company."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from careercenter.checks import bp, services
from careercenter.checks.forms import CaseForm, CheckForm, answer_form
from careercenter.checks.scoring import Code
from careercenter.extensions import db
from careercenter.forms import EmptyForm
from careercenter.models import Application, ApplicationStatus, CheckCase, Role
from careercenter.security import roles_required

# -- helpers for other blueprints' templates (job page, apply page, pipeline, dashboard) ------


@bp.app_context_processor
def _template_helpers():
    return {
        "check_for_posting": services.check_for_posting,
        "check_attempt_of": _attempt_of,
        "check_result_label": services.result_label,
        "check_events_of": services.events_of,
    }


def _attempt_of(application: Application):
    link = services.link_of(application)
    if link is None:
        return None
    services.settle(link.attempt, application.id)
    return link.attempt


# -- employers --------------------------------------------------------------------------------


def _company():
    company = current_user.company
    if company is None:
        abort(404)
    return company


def _my_check(check_id: int):
    check = services.check_of_employer(current_user, check_id)
    if check is None:
        abort(404)
    return check


def _my_case(check, case_id: int) -> CheckCase:
    case = db.session.get(CheckCase, case_id)
    if case is None or case.check_id != check.id:
        abort(404)
    return case


@bp.route("/employer/checks")
@roles_required(Role.EMPLOYER)
def index():
    company = current_user.company
    if company is None:
        flash("First tell coders about your company: checks belong to it.", "info")
        return redirect(url_for("employers.company_profile"))
    return render_template("checks/index.html", checks=services.checks_of(company))


@bp.route("/employer/checks/new", methods=["GET", "POST"])
@roles_required(Role.EMPLOYER)
def new():
    company = _company()
    form = CheckForm()
    if form.validate_on_submit():
        check = services.save_check(company, form.values())
        flash("The check is saved. Now add its cases.", "success")
        return redirect(url_for("checks.new_case", check_id=check.id), code=303)
    return render_template("checks/check_form.html", form=form, check=None), (
        422 if form.errors else 200
    )


@bp.route("/employer/checks/starter", methods=["POST"])
@roles_required(Role.EMPLOYER)
def starter():
    company = _company()
    if not EmptyForm().validate_on_submit():
        abort(400)
    check = services.copy_starter(company)
    flash("A check with the starter cases is ready: edit it to make it yours.", "success")
    return redirect(url_for("checks.show", check_id=check.id), code=303)


@bp.route("/employer/checks/<int:check_id>")
@roles_required(Role.EMPLOYER)
def show(check_id: int):
    check = _my_check(check_id)
    cases = [
        (case, services.read_codes(", ".join(str(Code.from_dict(c)) for c in case.expected)))
        for case in check.cases
    ]
    return render_template("checks/show.html", check=check, cases=cases)


@bp.route("/employer/checks/<int:check_id>/settings", methods=["GET", "POST"])
@roles_required(Role.EMPLOYER)
def settings(check_id: int):
    check = _my_check(check_id)
    form = CheckForm()
    if request.method == "GET":
        form.fill_from(check)
    if form.validate_on_submit():
        services.save_check(check.company, form.values(), check)
        flash("The check's settings are saved.", "success")
        return redirect(url_for("checks.show", check_id=check.id), code=303)
    return render_template("checks/check_form.html", form=form, check=check), (
        422 if form.errors else 200
    )


@bp.route("/employer/checks/<int:check_id>/<any(archive, restore):action>", methods=["POST"])
@roles_required(Role.EMPLOYER)
def archive(check_id: int, action: str):
    check = _my_check(check_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.set_archived(check, action == "archive")
    flash(
        "Archived: it is no longer offered for new jobs; jobs that ask for it still do."
        if action == "archive"
        else "Restored.",
        "success",
    )
    return redirect(url_for("checks.index"), code=303)


@bp.route("/employer/checks/<int:check_id>/cases/new", methods=["GET", "POST"])
@roles_required(Role.EMPLOYER)
def new_case(check_id: int):
    check = _my_check(check_id)
    form = CaseForm()
    if form.validate_on_submit():
        try:
            services.save_case(check, form.title.data, form.scenario.data, form.codes)
        except services.CheckRefused as exc:
            flash(str(exc), "warning")
        else:
            flash("Case added.", "success")
            for warning in form.warnings:
                flash(warning, "warning")
        return redirect(url_for("checks.show", check_id=check.id), code=303)
    return render_template("checks/case_form.html", form=form, check=check, case=None), (
        422 if form.errors else 200
    )


@bp.route("/employer/checks/<int:check_id>/cases/<int:case_id>", methods=["GET", "POST"])
@roles_required(Role.EMPLOYER)
def edit_case(check_id: int, case_id: int):
    check = _my_check(check_id)
    case = _my_case(check, case_id)
    form = CaseForm()
    if request.method == "GET":
        form.fill_from(case)
    if form.validate_on_submit():
        services.save_case(check, form.title.data, form.scenario.data, form.codes, case)
        flash("Case saved.", "success")
        for warning in form.warnings:
            flash(warning, "warning")
        return redirect(url_for("checks.show", check_id=check.id), code=303)
    return render_template("checks/case_form.html", form=form, check=check, case=case), (
        422 if form.errors else 200
    )


@bp.route("/employer/checks/<int:check_id>/cases/<int:case_id>/delete", methods=["POST"])
@roles_required(Role.EMPLOYER)
def delete_case(check_id: int, case_id: int):
    check = _my_check(check_id)
    case = _my_case(check, case_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.delete_case(check, case)
    flash("Case deleted. Attempts already made keep the cases they were given.", "success")
    return redirect(url_for("checks.show", check_id=check.id), code=303)


# -- coders -----------------------------------------------------------------------------------


def _my_application(application_id: int) -> Application:
    application = db.session.get(Application, application_id)
    if application is None or application.applicant_id != current_user.id:
        abort(404)
    return application


def _attempt(application: Application):
    """The application's attempt, made on first visit from the posting's check; 404 when
    neither exists."""
    link = services.link_of(application)
    if link is not None:
        attempt = link.attempt
    else:
        check = services.check_for_posting(application.posting)
        if check is None or not check.cases:
            abort(404)
        if application.status is ApplicationStatus.WITHDRAWN:
            abort(404)
        attempt = services.attempt_for(application, check)
    services.settle(attempt, application.id)
    return attempt


def _overview(application_id: int):
    return redirect(url_for("checks.take", application_id=application_id), code=303)


@bp.route("/me/applications/<int:application_id>/check")
@roles_required(Role.APPLICANT)
def take(application_id: int):
    application = _my_application(application_id)
    attempt = _attempt(application)
    return render_template(
        "checks/take.html",
        application=application,
        attempt=attempt,
        snapshot=attempt.snapshot,
        seconds_left=services.seconds_left(attempt),
    )


@bp.route("/me/applications/<int:application_id>/check/start", methods=["POST"])
@roles_required(Role.APPLICANT)
def start(application_id: int):
    application = _my_application(application_id)
    attempt = _attempt(application)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if attempt.is_finished:
        return _overview(application.id)
    if application.status is ApplicationStatus.WITHDRAWN:
        flash("This application is withdrawn.", "warning")
        return _overview(application.id)
    services.start(attempt, application.id)
    return redirect(url_for("checks.cases", application_id=application.id), code=303)


def _live_attempt(application: Application):
    """The attempt if its cases may be shown now (started, not finished), else None."""
    attempt = _attempt(application)
    if attempt.is_finished or attempt.started_at is None:
        return attempt, False
    return attempt, True


@bp.route("/me/applications/<int:application_id>/check/cases")
@bp.route("/me/applications/<int:application_id>/check/cases/<int:number>")
@roles_required(Role.APPLICANT)
def cases(application_id: int, number: int = 1):
    application = _my_application(application_id)
    attempt, live = _live_attempt(application)
    if not live:
        return _overview(application.id)
    snapshot = attempt.snapshot
    count = attempt.case_count
    if not 1 <= number <= count:
        abort(404)
    one = snapshot.get("one_at_a_time", True)
    positions = [number - 1] if one else list(range(count))
    answers = {a.position: a.given for a in attempt.answers}
    return _render_cases(application, attempt, positions, answer_form(positions, answers), number)


def _render_cases(application, attempt, positions, form, number, code=200):
    answers = {a.position: a for a in attempt.answers}
    return render_template(
        "checks/cases.html",
        application=application,
        attempt=attempt,
        snapshot=attempt.snapshot,
        positions=positions,
        form=form,
        number=number,
        count=attempt.case_count,
        read={p: services.read_codes(answers[p].given) for p in positions if p in answers},
        saved={p: answers[p].saved_at for p in positions if p in answers},
        seconds_left=services.seconds_left(attempt),
    ), code


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


@bp.route("/me/applications/<int:application_id>/check/answers", methods=["POST"])
@roles_required(Role.APPLICANT)
def save(application_id: int):
    application = _my_application(application_id)
    attempt = _attempt(application)
    count = attempt.case_count
    one = attempt.snapshot.get("one_at_a_time", True)
    number = request.args.get("case", 1, type=int)
    if not 1 <= number <= max(count, 1):
        abort(404)
    positions = [number - 1] if one else list(range(count))
    form = answer_form(positions, {}, request.form)
    if not form.validate_on_submit():
        if _wants_json():
            return jsonify({"saved": False, "errors": form.errors}), 422
        if attempt.is_finished or attempt.started_at is None:
            return _overview(application.id)
        return _render_cases(application, attempt, positions, form, number, 422)
    answers = {p: form[f"case_{p}"].data or "" for p in positions if f"case_{p}" in request.form}
    try:
        services.save_answers(attempt, answers, application.id)
    except services.CheckRefused as exc:
        if _wants_json():
            return jsonify({"saved": False, "message": str(exc)}), 409
        flash(str(exc), "warning")
        return _overview(application.id)
    if _wants_json():
        return jsonify(
            {
                "saved": True,
                "seconds_left": services.seconds_left(attempt),
                "codes": {
                    str(p + 1): [
                        {"typed": r.typed, "note": r.note, "ok": r.ok}
                        for r in services.read_codes(text)
                    ]
                    for p, text in answers.items()
                },
            }
        )
    action = form.action.data or "save"
    if action == "finish":
        return redirect(url_for("checks.confirm_submit", application_id=application.id), code=303)
    if one and action == "next" and number < count:
        number += 1
    elif one and action == "previous" and number > 1:
        number -= 1
    else:
        flash("Your answers are saved.", "success")
    return redirect(url_for("checks.cases", application_id=application.id, number=number), code=303)


@bp.route("/me/applications/<int:application_id>/check/submit")
@roles_required(Role.APPLICANT)
def confirm_submit(application_id: int):
    application = _my_application(application_id)
    attempt, live = _live_attempt(application)
    if not live:
        return _overview(application.id)
    blank = [a.position + 1 for a in attempt.answers if not a.given.strip()]
    return render_template(
        "checks/confirm_submit.html",
        application=application,
        attempt=attempt,
        blank=blank,
        seconds_left=services.seconds_left(attempt),
    )


@bp.route("/me/applications/<int:application_id>/check/submit", methods=["POST"])
@roles_required(Role.APPLICANT)
def submit(application_id: int):
    application = _my_application(application_id)
    attempt = _attempt(application)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        services.submit(attempt, application.id)
    except services.CheckRefused as exc:
        flash(str(exc), "warning")
    else:
        flash("Your check is submitted. Thank you!", "success")
    return _overview(application.id)
