"""The employer's coding checks (/employer/checks): build one, its cases, archive it.
Another employer's check answers 404; its expected codes are shown only to its company.
The work is in checks.services."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from careercenter.checks import services
from careercenter.checks.forms import CaseForm, CheckForm
from careercenter.checks.scoring import Code
from careercenter.employers import bp
from careercenter.extensions import db
from careercenter.forms import EmptyForm
from careercenter.models import CheckCase, Role
from careercenter.security import roles_required


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
def checks():
    company = current_user.company
    if company is None:
        flash("First tell coders about your company: checks belong to it.", "info")
        return redirect(url_for("employers.company_profile"))
    return render_template("checks/index.html", checks=services.checks_of(company))


@bp.route("/employer/checks/new", methods=["GET", "POST"])
@roles_required(Role.EMPLOYER)
def new_check():
    company = _company()
    form = CheckForm()
    if form.validate_on_submit():
        check = services.save_check(company, form.values())
        flash("The check is saved. Now add its cases.", "success")
        return redirect(url_for("employers.new_check_case", check_id=check.id), code=303)
    return render_template("checks/check_form.html", form=form, check=None), (
        422 if form.errors else 200
    )


@bp.route("/employer/checks/starter", methods=["POST"])
@roles_required(Role.EMPLOYER)
def starter_check():
    company = _company()
    if not EmptyForm().validate_on_submit():
        abort(400)
    check = services.copy_starter(company)
    flash("A check with the starter cases is ready: edit it to make it yours.", "success")
    return redirect(url_for("employers.show_check", check_id=check.id), code=303)


@bp.route("/employer/checks/<int:check_id>")
@roles_required(Role.EMPLOYER)
def show_check(check_id: int):
    check = _my_check(check_id)
    cases = [
        (case, services.read_codes(", ".join(str(Code.from_dict(c)) for c in case.expected)))
        for case in check.cases
    ]
    return render_template("checks/show.html", check=check, cases=cases)


@bp.route("/employer/checks/<int:check_id>/settings", methods=["GET", "POST"])
@roles_required(Role.EMPLOYER)
def check_settings(check_id: int):
    check = _my_check(check_id)
    form = CheckForm()
    if request.method == "GET":
        form.fill_from(check)
    if form.validate_on_submit():
        services.save_check(check.company, form.values(), check)
        flash("The check's settings are saved.", "success")
        return redirect(url_for("employers.show_check", check_id=check.id), code=303)
    return render_template("checks/check_form.html", form=form, check=check), (
        422 if form.errors else 200
    )


@bp.route("/employer/checks/<int:check_id>/<any(archive, restore):action>", methods=["POST"])
@roles_required(Role.EMPLOYER)
def archive_check(check_id: int, action: str):
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
    return redirect(url_for("employers.checks"), code=303)


@bp.route("/employer/checks/<int:check_id>/cases/new", methods=["GET", "POST"])
@roles_required(Role.EMPLOYER)
def new_check_case(check_id: int):
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
        return redirect(url_for("employers.show_check", check_id=check.id), code=303)
    return render_template("checks/case_form.html", form=form, check=check, case=None), (
        422 if form.errors else 200
    )


@bp.route("/employer/checks/<int:check_id>/cases/<int:case_id>", methods=["GET", "POST"])
@roles_required(Role.EMPLOYER)
def edit_check_case(check_id: int, case_id: int):
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
        return redirect(url_for("employers.show_check", check_id=check.id), code=303)
    return render_template("checks/case_form.html", form=form, check=check, case=case), (
        422 if form.errors else 200
    )


@bp.route("/employer/checks/<int:check_id>/cases/<int:case_id>/delete", methods=["POST"])
@roles_required(Role.EMPLOYER)
def delete_check_case(check_id: int, case_id: int):
    check = _my_check(check_id)
    case = _my_case(check, case_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.delete_case(check, case)
    flash("Case deleted. Attempts already made keep the cases they were given.", "success")
    return redirect(url_for("employers.show_check", check_id=check.id), code=303)
