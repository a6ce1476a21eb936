"""The code-reference pages, code search and the code look-up API."""

from __future__ import annotations

from datetime import datetime

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from careercenter.codeformat import MAX_CODE_LENGTH, canonical
from careercenter.codes import bp, pcs, services
from careercenter.extensions import read_without_transaction
from careercenter.models import CodeSystem
from careercenter.saved.cards import deferred_save_controls, fill_save_controls
from careercenter.search import CODES, remembered
from careercenter.search.cache import first_expiry


def _system(slug: str) -> CodeSystem:
    try:
        return CodeSystem(slug)
    except ValueError:
        abort(404)


@bp.route("/codes/")
def index():
    return render_template(
        "codes/index.html",
        counts=services.system_counts(),
        chapters=services.chapters(),
        pcs_systems=pcs.body_systems(),
    )


def _search_system(value: str | None) -> CodeSystem | None:
    try:
        return CodeSystem(value) if value else None
    except ValueError:
        return None


@bp.route("/codes/search")
def search():
    query = request.args.get("q", "")
    system = _search_system(request.args.get("system"))
    page = request.args.get("page", 1, type=int)
    results = services.remembered_search(query, page=page, system=system)
    if results.exact and results.total == 1 and results.page == 1:
        return redirect(
            url_for("codes.code", system=results.exact.system.value, code=results.exact.code)
        )
    return render_template("codes/search.html", results=results, system=system)


@bp.route("/codes/<system>/<code>")
def code(system: str, code: str):
    code_system = _system(system)
    wanted = canonical(code_system, code)
    job_token = request.args.get("job", "")[:60] or None
    if wanted is not None and wanted != code:
        return redirect(url_for("codes.code", system=system, code=wanted, job=job_token), code=301)
    if services.counts_outside_database(current_user):
        read_without_transaction()  # nothing below writes to the database
    # Read for each view (one query, which also reads the generations the remembered parts
    # below are keyed by): remembering it would cost a query of its own.
    page = services.code_page(code_system, wanted) if wanted else None
    if page is None:
        typed = code[:MAX_CODE_LENGTH]
        return render_template(
            "codes/not_found.html",
            system=code_system,
            typed=typed,
            absent=services.absence(code_system, typed),
            nearest=services.nearest(code_system, typed) if wanted else [],
        ), 404
    found = page.code
    meter = services.meter_view(current_user, found, job_token)
    # The official notes are shown to readers with an account (guests are asked to register).
    notes = (
        _code_notes(page)
        if meter.allowed and current_user.is_authenticated
        else services.CodeNotes()
    )
    return render_template(
        "codes/code.html",
        code=found,
        meter=meter,
        ancestors=page.ancestors,
        children=page.children,
        notes=notes.notes,
        seventh=notes.seventh,
        release=_releases().get(code_system),
        today=services.today(),
        jobs_html=_jobs_html(page) if meter.allowed else None,
        pcs=_pcs_page(found) if code_system is CodeSystem.ICD10PCS else None,
    )


def _code_notes(page: services.CodePage) -> services.CodeNotes:
    """A code's notes (services.code_notes), remembered until the code data changes."""
    key = ("code notes", page.code.system, page.code.code)
    return remembered(key, lambda: services.code_notes(page), generation=CODES)


def _pcs_page(found):
    """An ICD-10-PCS entry's characters and table (codes.pcs), remembered until the code
    data changes."""
    return remembered(("pcs page", found.code), lambda: pcs.page(found), generation=CODES)


def _releases():
    """services.releases, remembered until the code data changes."""
    return remembered(("code releases",), services.releases, generation=CODES)


def _no_jobs_html() -> Markup:
    return Markup(render_template("codes/_jobs.html", jobs=()))  # noqa: S704 (escaped template output)


def _jobs_html(page: services.CodePage) -> Markup:
    """The open jobs that ask for the code, rendered once for everyone until the job index
    changes (search.remembered); when the page's query found none, no more is read."""
    found = page.code
    if page.jobs_found == 0:  # most codes: the same words on every such page
        return remembered(("code jobs", "none"), _no_jobs_html, generation=None)

    def render() -> tuple[Markup, datetime | None]:
        jobs = services.jobs_for_code(found, found=page.jobs_found)
        with deferred_save_controls():  # each reader's own Save buttons: filled below
            html = render_template("codes/_jobs.html", jobs=jobs)
        return Markup(html), first_expiry(jobs)  # noqa: S704 (escaped template output)

    html, _ = remembered(
        ("code jobs", found.system.value, found.code), render, until=lambda rendered: rendered[1]
    )
    return fill_save_controls(html)
