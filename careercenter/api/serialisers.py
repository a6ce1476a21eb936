"""Postings as the API shows them. The shapes are the `Job` and `JobSummary` schemas of
openapi.py; a test checks every response against them."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from flask import url_for

from careercenter.api.services import summary_text
from careercenter.codes.services import CodeSearchPage
from careercenter.formatting import iso_timestamp
from careercenter.models import Posting
from careercenter.models.posting import ApplyMethod
from careercenter.search import SearchPage
from careercenter.search.suggest import Suggestion

SUMMARY_LENGTH = 300


def status_of(posting: Posting) -> str:
    """open, expired, filled or closed: what a reader of a public posting needs to know."""
    return "open" if posting.is_open() else posting.public_status().value


def _money(amount: Decimal) -> float:
    return float(amount)


def job_url(posting: Posting) -> str:
    return url_for("postings.job", posting_id=posting.id, slug=posting.slug, _external=True)


def _company(posting: Posting) -> dict[str, Any]:
    company = posting.company
    return {
        "name": company.name,
        "slug": company.slug,
        "url": url_for("employers.company", slug=company.slug, _external=True),
        "verified": company.is_verified,
        "logo_url": url_for(
            "employers.logo", slug=company.slug, v=company.logo_version, _external=True
        )
        if company.logo_version
        else None,
    }


def _apply(posting: Posting, is_open: bool) -> dict[str, Any]:
    """How to apply. External applications go through our redirect, which counts the click
    for the employer; once the job has ended there is nowhere to apply."""
    if not is_open:
        url = None
    elif posting.apply_method is ApplyMethod.EXTERNAL:
        url = url_for("postings.apply_external", posting_id=posting.id, _external=True)
    else:
        url = job_url(posting)
    return {"method": posting.apply_method.value, "url": url}


def job_summary(posting: Posting, summary: str) -> dict[str, Any]:
    """A posting in a list: everything but the full description, which search results do
    not load; `summary` comes from `services.summaries`."""
    is_open = posting.is_open()
    return {
        "id": posting.id,
        "url": job_url(posting),
        "title": posting.title,
        "company": _company(posting),
        "location": {
            "city": posting.city,
            "state": posting.state,
            "zip": posting.zip_code,
            "latitude": posting.latitude,
            "longitude": posting.longitude,
        },
        "arrangement": posting.arrangement,
        "remote_states": list(posting.remote_states or []),
        "employment_type": posting.employment_type,
        "pay": {
            "min": _money(posting.pay_min),
            "max": _money(posting.pay_max),
            "unit": posting.pay_unit,
            "currency": "USD",
        },
        "credentials_required": list(posting.credentials_required or []),
        "credentials_preferred": list(posting.credentials_preferred or []),
        "apprentice_friendly": posting.apprentice_friendly,
        "specialties": list(posting.specialties or []),
        "settings": list(posting.settings or []),
        "code_sets": list(posting.code_sets or []),
        "years_experience": posting.years_experience,
        "key_codes": list(posting.key_codes or []),
        "apply": _apply(posting, is_open),
        "posted_at": iso_timestamp(posting.published_at),
        "expires_at": iso_timestamp(posting.expires_at),
        "status": status_of(posting),
        "summary": summary,
    }


def job_detail(posting: Posting) -> dict[str, Any]:
    """One posting, with its description as sanitised HTML and when it ended, if it has."""
    return {
        **job_summary(posting, summary_text(posting.description_md, SUMMARY_LENGTH)),
        # A job past its date whose expiry the cron has not recorded yet ended at expires_at.
        "ended_at": None
        if posting.is_open()
        else iso_timestamp(posting.ended_at or posting.expires_at),
        "description_html": posting.description_html,
    }


def job_list(
    result: SearchPage, per_page: int, link: Callable[[int], str], summaries: dict[int, str]
) -> dict[str, Any]:
    """A page of search results, with links to the pages beside it (`link(n)` is page n's
    address, with the same filters)."""
    return {
        "items": [job_summary(posting, summaries[posting.id]) for posting in result.items],
        "total": result.total,
        "total_is_capped": result.total_is_capped,
        "page": result.page,
        "per_page": per_page,
        "pages": result.pages,
        "links": {
            "self": link(result.page),
            "next": link(result.page + 1) if result.page < result.pages else None,
            "prev": link(result.page - 1) if result.page > 1 else None,
        },
    }


def suggestion_list(text: str, found: list[Suggestion]) -> dict[str, Any]:
    return {
        "q": text,
        "items": [
            {
                "text": s.text,
                "kind": s.kind,
                "jobs": s.jobs,
                "url": url_for("postings.search", **dict(s.params), _external=True),
            }
            for s in found
        ],
    }


def code_list(results: CodeSearchPage) -> dict[str, Any]:
    return {
        "query": results.query,
        "total": results.total,
        "items": [
            {
                "system": item.system.value,
                "code": item.code,
                "description": item.title,
                "billable": item.billable,
                "url": url_for(
                    "codes.code", system=item.system.value, code=item.code, _external=True
                ),
            }
            for item in results.items
        ],
        # A whole code typed that we lack: "exists" is false where the full code set is
        # loaded, null where we hold only a sample and cannot tell.
        "absent": results.absent.as_json() if results.absent else None,
    }
