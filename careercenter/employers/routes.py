"""The employer's company profile and dashboard, and the public company pages."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from careercenter.applications import services as application_services
from careercenter.employers import bp, services
from careercenter.employers.forms import CompanyForm
from careercenter.employers.logos import LogoError
from careercenter.forms import EmptyForm
from careercenter.models import Role
from careercenter.postings import services as posting_services
from careercenter.security import roles_required


@bp.route("/employer/company", methods=["GET", "POST"])
@roles_required(Role.EMPLOYER)
def company_profile():
    company = services.company_of(current_user)
    form = CompanyForm(obj=company)
    if request.method == "GET" and company is not None:
        form.about.data = company.about_md
    if form.validate_on_submit():
        upload = form.logo.data
        logo_bytes = upload.read() if upload else None
        try:
            services.save_company(current_user, form, logo_bytes)
        except LogoError as exc:
            form.logo.errors.append(str(exc))
        else:
            flash("Your company profile is saved.", "success")
            return redirect(url_for("employers.dashboard"), code=303)
    status = 422 if form.errors else 200
    return render_template("employers/company_form.html", form=form, company=company), status


@bp.route("/employer/dashboard")
@roles_required(Role.EMPLOYER)
def dashboard():
    company = services.company_of(current_user)
    postings = posting_services.postings_of(company) if company else []
    return render_template(
        "employers/dashboard.html",
        company=company,
        postings=postings,
        applicant_counts=application_services.applicant_counts(postings),
        action_form=EmptyForm(),
    )


@bp.route("/companies/<slug>")
def company(slug: str):
    company = services.company_by_slug(slug)
    if company is None or company.owner.is_suspended:
        abort(404)
    return render_template(
        "employers/company.html",
        company=company,
        postings=posting_services.open_postings_of(company),
    )


@bp.route("/companies/<slug>/logo.png")
def logo(slug: str):
    company = services.company_by_slug(slug)
    if company is None or company.logo_png is None:
        abort(404)
    response = Response(company.logo_png, mimetype="image/png")
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    response.headers["Content-Disposition"] = "inline; filename=logo.png"
    return response
