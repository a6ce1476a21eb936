"""/jobs: the job search everyone uses, signed in or not."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType

from flask import render_template, request
from markupsafe import Markup

from careercenter import search
from careercenter.postings import bp
from careercenter.saved.cards import deferred_save_controls, fill_save_controls
from careercenter.search.cache import first_expiry

PER_PAGE = 20


@dataclass(frozen=True)
class Listing:
    """What a /jobs page shows of its results: the count, and the rendered list (the same
    for everyone who asks the same search, so it is remembered; see search.remembered)."""

    total: int
    total_is_capped: bool
    total_label: str
    page: int
    has_items: bool
    html: Markup
    first_expiry: datetime | None  # when a job it shows passes its date


def _listing(query: search.JobQuery, filters) -> Listing:
    results = search.search_jobs(query, per_page=PER_PAGE, with_pay=True)
    # The cards' Save buttons are each reader's own: marks here, filled per request.
    with deferred_save_controls():
        html = render_template(
            "postings/_results.html",
            query=query,
            results=results,
            filters=filters,
            sorts=search.SORTS,
        )
    return Listing(
        total=results.total,
        total_is_capped=results.total_is_capped,
        total_label=results.total_label,
        page=results.page,
        has_items=bool(results.items),
        html=Markup(html),  # noqa: S704 (a template's escaped output)
        first_expiry=first_expiry(results.items),
    )


@dataclass(frozen=True)
class SearchRequest:
    """A /jobs query string read: the query, what could not be used, and the filter form
    showing both. It depends on the query string alone, so it is remembered by it."""

    query: search.JobQuery
    problems: Mapping[str, str]  # read-only: the same copy is every reader's
    form_html: Markup


def _read(args) -> SearchRequest:
    query, problems = search.parse_job_query(args)
    form = search.search_form(query, problems, args)
    html = render_template("postings/_search_form.html", form=form)
    return SearchRequest(query, MappingProxyType(problems), Markup(html))  # noqa: S704 (escaped template output)


@bp.route("/jobs", endpoint="search")
def search_page():
    args = request.args
    read = search.remembered(
        ("jobs form", tuple(args.items(multi=True))), lambda: _read(args), generation=None
    )
    query = read.query
    filters = query.active_filters()
    listing = search.remembered(
        ("jobs page", PER_PAGE, tuple(sorted(query.to_args().items()))),
        lambda: _listing(query, filters),
        until=lambda listing: listing.first_expiry,
    )
    return render_template(
        "postings/search.html",
        query=query,
        listing=listing,
        results_html=fill_save_controls(listing.html),
        problems=read.problems,
        form_html=read.form_html,
        filters=filters,
    )
