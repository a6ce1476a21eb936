"""A posting as the index sees it: three columns of tokens and the facts the exact
filters need."""

from __future__ import annotations

from typing import Any

from careercenter import vocabulary
from careercenter.payunits import annualise, dollars_a_year
from careercenter.search import facets, terms

# What index_row reads from a posting (an ORM Posting or a row with these columns).
POSTING_FIELDS = (
    "id",
    "title",
    "description_md",
    "city",
    "state",
    "latitude",
    "longitude",
    "arrangement",
    "remote_states",
    "employment_type",
    "pay_min",
    "pay_max",
    "pay_unit",
    "credentials_required",
    "credentials_preferred",
    "apprentice_friendly",
    "specialties",
    "settings",
    "code_sets",
    "key_codes",
    "published_at",
    "expires_at",
)


def _labels(vocab: dict, slugs) -> list[str]:
    return [vocabulary.label(vocab, slug) for slug in slugs or []]


def posting_tags(p: Any) -> list[str]:
    credentials = list(p.credentials_required or []) + list(p.credentials_preferred or [])
    tags = [terms.arrangement_tag(p.arrangement), terms.type_tag(p.employment_type)]
    tags += [terms.credential_tag(slug) for slug in credentials]
    if p.apprentice_friendly or "cpc-a" in (p.credentials_required or []):
        tags.append(terms.APPRENTICE_TAG)
    tags += [terms.specialty_tag(slug) for slug in p.specialties or []]
    tags += [terms.setting_tag(slug) for slug in p.settings or []]
    if p.arrangement == "remote":
        # Remote jobs are found by where the coder may work from, not by the office.
        states = p.remote_states or []
        tags += [terms.remote_state_tag(code) for code in states] or [terms.REMOTE_ANYWHERE_TAG]
    else:
        tags.append(terms.state_tag(p.state))
        tags += facets.point_cells(p.latitude, p.longitude)
    tags.append(facets.day_tag(p.published_at))
    tags += facets.pay_tags(dollars_a_year(p.pay_max, p.pay_unit))
    return list(dict.fromkeys(tags))


def _where(p: Any) -> str:
    """Where the job is done: the office, or for remote jobs the states it hires in (a
    remote job for Californians is not a Texas job because its employer is in Houston)."""
    if p.arrangement == "remote":
        return " ".join(vocabulary.US_STATES.get(code, code) for code in p.remote_states or [])
    return f"{p.city} {vocabulary.US_STATES.get(p.state, p.state)}"


def posting_body(p: Any, company_name: str) -> str:
    parts = [
        company_name,
        p.description_md,
        _where(p),
        vocabulary.label(vocabulary.ARRANGEMENTS, p.arrangement),
        vocabulary.label(vocabulary.EMPLOYMENT_TYPES, p.employment_type),
        *_labels(vocabulary.CREDENTIALS, p.credentials_required),
        *_labels(vocabulary.CREDENTIALS, p.credentials_preferred),
        *_labels(vocabulary.SPECIALTIES, p.specialties),
        *_labels(vocabulary.SETTINGS, p.settings),
        *_labels(vocabulary.CODE_SETS, p.code_sets),
        *(p.key_codes or []),
    ]
    return "\n".join(part for part in parts if part)


def index_row(p: Any, company_name: str) -> dict[str, Any]:
    """Everything `posting_search` (and the backend's document) stores for a posting."""
    ux, uy, uz = facets.unit_vector(p.latitude, p.longitude)
    return {
        "posting_id": p.id,
        "published_at": p.published_at,
        "expires_at": p.expires_at,
        "remote": p.arrangement == "remote",
        "latitude": p.latitude,
        "longitude": p.longitude,
        "ux": ux,
        "uy": uy,
        "uz": uz,
        "pay_annual": dollars_a_year(p.pay_max, p.pay_unit),
        "pay_low": annualise(p.pay_min, p.pay_unit),
        "pay_high": annualise(p.pay_max, p.pay_unit),
        "per_chart": p.pay_unit == "chart",
        "title": terms.document_text(p.title),
        "body": terms.document_text(posting_body(p, company_name)),
        "tags": " ".join(posting_tags(p)),
    }
