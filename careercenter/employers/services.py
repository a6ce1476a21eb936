from __future__ import annotations

import re

import sqlalchemy as sa

from careercenter.employers.logos import reencode_logo
from careercenter.employers.profiles import unique_slug
from careercenter.extensions import db
from careercenter.models import Company, NotifyMode, User
from careercenter.moderation import review

# What slugify() makes (profiles.unique_slug): an address with anything else names no company, and
# is not sent to the database (PostgreSQL refuses a NUL byte with an error, not a miss).
_SLUG = re.compile(r"[a-z0-9-]{1,140}")


def company_by_slug(slug: str) -> Company | None:
    if not _SLUG.fullmatch(slug):
        return None
    return db.session.scalar(sa.select(Company).where(Company.slug == slug))


def save_company(owner: User, values: dict, logo_bytes: bytes | None) -> tuple[Company, str]:
    """Create or update the employer's company profile (`values`: CompanyForm.values()), and
    say what happened: "saved", "pending" (the public words wait for a moderator) or
    "published" (a trusted employer's change, see moderation.review.propose_profile).

    The details coders filter by apply at once; the company's own words (name, website,
    city, about text) and its logo are public only once a moderator has read them. A new
    company starts with its name and city, and the rest waits for review. The logo is
    re-encoded first, so a bad image changes nothing (LogoError)."""
    logo = reencode_logo(logo_bytes) if logo_bytes is not None else None
    proposed = {
        "name": values["name"],
        "website": values["website"],
        "hq_city": values["hq_city"],
        "about_md": values["about_md"],
    }
    company = owner.company
    if company is None:
        company = Company(about_md="", about_html="", website=None)
        company.slug = unique_slug(proposed["name"], None)
        company.name, company.hq_city = proposed["name"], proposed["hq_city"]
        company.owner = owner  # after the query above: the owner's session takes it in now
    company.org_type = values["org_type"]
    company.size = values["size"]
    company.hq_state = values["hq_state"]
    company.notify_mode = NotifyMode(values["notify_mode"])
    db.session.add(company)
    db.session.flush()
    outcome = review.propose_profile(company, proposed, logo)
    db.session.commit()
    return company, outcome


def profile_form_data(company: Company) -> dict:
    """What the employer last wrote: the change waiting for review, or the public words."""
    return company.pending_profile or company.profile()
