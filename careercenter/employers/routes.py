"""The employer's company profile and dashboard, and the public company pages."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from careercenter.applications import services as application_services
from careercenter.employers import bp, services
from careercenter.employers.forms import CompanyForm
from careercenter.employers.logos import LogoError
from careercenter.models import Role
from careercenter.postings import services as posting_services
from careercenter.security import roles_required

PROFILE_MESSAGES = {
    "saved": "Your company profile is saved.",
    "pending": "Your company profile is saved. A moderator reads changes to your company's "
    "name, website, city, description and logo before coders see them; until then your "
    "company page shows the approved version.",
    "published": "Your company profile is saved and published: as a verified employer, "
    "your changes go live without waiting for review.",
}


@bp.route("/employer/company", methods=["GET", "POST"])
@roles_required(Role.EMPLOYER)
def company_profile():
    company = current_user.company
    form = CompanyForm(obj=company)
    if request.method == "GET" and company is not None:
        written = services.profile_form_data(company)
        form.name.data, form.website.data = written["name"], written["website"]
        form.hq_city.data, form.about.data = written["hq_city"], written["about_md"]
    if form.validate_on_submit():
        upload = form.logo.data
        logo_bytes = upload.read() if upload else None
        try:
            _, outcome = services.save_company(current_user, form.values(), logo_bytes)
        except LogoError as exc:
            form.logo.errors.append(str(exc))
        else:
            flash(PROFILE_MESSAGES[outcome], "success")
            return redirect(url_for("employers.dashboard"), code=303)
    status = 422 if form.errors else 200
    return render_template("employers/company_form.html", form=form, company=company), status


@bp.route("/employer/dashboard")
@roles_required(Role.EMPLOYER)
def dashboard():
    company = current_user.company
    postings = posting_services.postings_of(company) if company else []
    return render_template(
        "employers/dashboard.html",
        company=company,
        postings=postings,
        applicant_counts=application_services.applicant_counts(postings),
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
