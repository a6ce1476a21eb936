"""/jobs: the job search everyone uses, signed in or not."""

from __future__ import annotations

from flask import render_template, request

from careercenter import search
from careercenter.postings import bp

PER_PAGE = 20


@bp.record_once
def _set_up_search(state) -> None:
    search.init_app(state.app)


@bp.route("/jobs", endpoint="search")
def search_page():
    query, problems = search.parse_job_query(request.args)
    results = search.search_jobs(query, per_page=PER_PAGE)
    return render_template(
        "postings/search.html",
        query=query,
        results=results,
        problems=problems,
        form=search.search_form(query, problems, request.args),
        filters=query.active_filters(),
        sorts=search.SORTS,
    )
