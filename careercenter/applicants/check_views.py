"""A coder's attempt at an application's coding check (/me/applications/<id>/check).
Another coder's application answers 404; a check's cases are shown only during the
attempt. The work is in checks.services."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for

from careercenter.applicants import bp
from careercenter.applicants import services as applicant_services
from careercenter.checks import services
from careercenter.checks.forms import answer_form
from careercenter.forms import EmptyForm
from careercenter.models import Application, ApplicationStatus, Role
from careercenter.security import current_account, roles_required


def _own_application(application_id: int) -> Application:
    application = applicant_services.application_of_applicant(current_account(), application_id)
    if application is None:
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
    return redirect(url_for("applicants.take_check", application_id=application_id), code=303)


@bp.route("/me/applications/<int:application_id>/check")
@roles_required(Role.APPLICANT)
def take_check(application_id: int):
    application = _own_application(application_id)
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
def start_check(application_id: int):
    application = _own_application(application_id)
    attempt = _attempt(application)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if attempt.is_finished:
        return _overview(application.id)
    if application.status is ApplicationStatus.WITHDRAWN:
        flash("This application is withdrawn.", "warning")
        return _overview(application.id)
    services.start(attempt, application.id)
    return redirect(url_for("applicants.check_cases", application_id=application.id), code=303)


def _live_attempt(application: Application):
    """The attempt if its cases may be shown now (started, not finished), else None."""
    attempt = _attempt(application)
    if attempt.is_finished or attempt.started_at is None:
        return attempt, False
    return attempt, True


@bp.route("/me/applications/<int:application_id>/check/cases")
@bp.route("/me/applications/<int:application_id>/check/cases/<int:number>")
@roles_required(Role.APPLICANT)
def check_cases(application_id: int, number: int = 1):
    application = _own_application(application_id)
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
def save_check_answers(application_id: int):
    application = _own_application(application_id)
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
        return redirect(
            url_for("applicants.confirm_check_submit", application_id=application.id), code=303
        )
    if one and action == "next" and number < count:
        number += 1
    elif one and action == "previous" and number > 1:
        number -= 1
    else:
        flash("Your answers are saved.", "success")
    return redirect(
        url_for("applicants.check_cases", application_id=application.id, number=number), code=303
    )


@bp.route("/me/applications/<int:application_id>/check/submit")
@roles_required(Role.APPLICANT)
def confirm_check_submit(application_id: int):
    application = _own_application(application_id)
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
def submit_check(application_id: int):
    application = _own_application(application_id)
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
