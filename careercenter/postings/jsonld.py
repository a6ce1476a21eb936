"""schema.org JobPosting structured data for a job page, in the terms Google's job search
reads (its "Job posting structured data" guide).

Choices the guide leaves to us:

- employmentType: temp-to-hire is TEMPORARY (the hire may follow, it is not promised).
- baseSalary: Google accepts only HOUR, DAY, WEEK, MONTH and YEAR as unitText and flags any
  other value as invalid. Pay per chart has no such unit and no honest conversion, so a
  per-chart posting carries no baseSalary (the property is recommended, not required); its
  pay stays on the page for readers.
- jobLocation: every posting has a place (the office for on-site and hybrid work, the base
  of a remote team), so it is always given; remote postings add jobLocationType TELECOMMUTE
  and the states applicants may live in (the whole US when the employer named none).
- experienceRequirements: "no requirements" when no experience is asked, as the guide says.
- The markup belongs on open postings only: the job page includes the partial while the
  posting accepts applications, and an ended job page has none.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from flask import url_for
from markupsafe import Markup

from careercenter.formatting import iso_timestamp
from careercenter.models import Posting
from careercenter.vocabulary import CODE_SETS, CREDENTIALS, SPECIALTIES, US_STATES, label

EMPLOYMENT_TYPES = {
    "full-time": "FULL_TIME",
    "part-time": "PART_TIME",
    "contract": "CONTRACTOR",
    "per-diem": "PER_DIEM",
    "temp-to-hire": "TEMPORARY",
}
SALARY_UNITS = {"hour": "HOUR", "year": "YEAR"}
# O*NET-SOC 2019: the occupation medical coders are counted in.
OCCUPATIONAL_CATEGORY = "29-2072.00 Medical Records Specialists"


def job_posting_jsonld(posting: Posting) -> dict[str, Any]:
    """The posting as a schema.org JobPosting (needs a request context for its URLs)."""
    company = posting.company
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": posting.title,
        "description": posting.description_html,
        "url": url_for("postings.job", posting_id=posting.id, slug=posting.slug, _external=True),
        "identifier": {"@type": "PropertyValue", "name": company.name, "value": str(posting.id)},
        "datePosted": iso_timestamp(posting.published_at),
        "validThrough": iso_timestamp(posting.expires_at),
        "employmentType": EMPLOYMENT_TYPES.get(posting.employment_type, "OTHER"),
        "hiringOrganization": _organization(posting),
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": posting.city,
                "addressRegion": posting.state,
                "postalCode": posting.zip_code,
                "addressCountry": "US",
            },
        },
        # Google's "direct apply" means applying on this page with no account to create;
        # applying here always takes a coder account (and an external job, another site).
        "directApply": False,
        "occupationalCategory": OCCUPATIONAL_CATEGORY,
        "experienceRequirements": (
            {
                "@type": "OccupationalExperienceRequirements",
                "monthsOfExperience": posting.years_experience * 12,
            }
            if posting.years_experience
            else "no requirements"
        ),
    }
    if posting.is_remote:
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = (
            [
                {"@type": "State", "name": US_STATES.get(code, code)}
                for code in posting.remote_states
            ]
            if posting.remote_states
            else {"@type": "Country", "name": "US"}
        )
    salary = _base_salary(posting)
    if salary:
        data["baseSalary"] = salary
    if posting.credentials_required:
        data["educationRequirements"] = {
            "@type": "EducationalOccupationalCredential",
            "credentialCategory": "professional certificate",
        }
    qualifications = _qualifications(posting)
    if qualifications:
        data["qualifications"] = qualifications
    skills = [label(SPECIALTIES, s) for s in posting.specialties] + [
        label(CODE_SETS, c) for c in posting.code_sets
    ]
    if skills:
        data["skills"] = ", ".join(skills)
    return data


def _number(amount: Decimal) -> int | float:
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _organization(posting: Posting) -> dict[str, Any]:
    company = posting.company
    organization: dict[str, Any] = {"@type": "Organization", "name": company.name}
    if company.website:
        organization["sameAs"] = company.website
    if company.logo_version:
        organization["logo"] = url_for(
            "employers.logo", slug=company.slug, v=company.logo_version, _external=True
        )
    return organization


def _base_salary(posting: Posting) -> dict[str, Any] | None:
    unit = SALARY_UNITS.get(posting.pay_unit)
    if unit is None:
        return None
    value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": unit}
    if posting.pay_min == posting.pay_max:
        value["value"] = _number(posting.pay_min)
    else:
        value["minValue"] = _number(posting.pay_min)
        value["maxValue"] = _number(posting.pay_max)
    return {"@type": "MonetaryAmount", "currency": "USD", "value": value}


def _credential_names(slugs: list[str]) -> list[str]:
    return [
        f"{CREDENTIALS[slug].label} ({CREDENTIALS[slug].name})" if slug in CREDENTIALS else slug
        for slug in slugs
    ]


def _qualifications(posting: Posting) -> str:
    parts = []
    if posting.credentials_required:
        parts.append(
            "One of these credentials: "
            + " or ".join(_credential_names(posting.credentials_required))
            + "."
        )
    if posting.credentials_preferred:
        parts.append(
            "Preferred: " + ", ".join(_credential_names(posting.credentials_preferred)) + "."
        )
    return " ".join(parts)


# Characters that could end the <script> element or start markup inside it. JSON allows
# \uXXXX escapes anywhere in a string, so the data reads back unchanged.
_SCRIPT_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    ord("\u2028"): "\\u2028",
    ord("\u2029"): "\\u2029",
}


def script_json(data: Any) -> Markup:
    """JSON for the inside of <script type="application/ld+json">: `</script>` or `<!--`
    in a value cannot close the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.translate(_SCRIPT_ESCAPES))  # noqa: S704 -- escaped just above


def jobposting_script_json(posting: Posting) -> Markup:
    """The template filter `jobposting_jsonld`: the posting's JSON-LD, safe to embed."""
    return script_json(job_posting_jsonld(posting))
