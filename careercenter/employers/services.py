from __future__ import annotations

import re

import sqlalchemy as sa
from slugify import slugify

from careercenter.employers.logos import reencode_logo
from careercenter.extensions import db
from careercenter.models import Company, User
from careercenter.text import render_markdown


def company_of(user: User) -> Company | None:
    return db.session.scalar(sa.select(Company).where(Company.owner_id == user.id))


# What slugify() makes (_unique_slug): an address with anything else names no company, and
# is not sent to the database (PostgreSQL refuses a NUL byte with an error, not a miss).
_SLUG = re.compile(r"[a-z0-9-]{1,140}")


def company_by_slug(slug: str) -> Company | None:
    if not _SLUG.fullmatch(slug):
        return None
    return db.session.scalar(sa.select(Company).where(Company.slug == slug))


def _unique_slug(name: str, company_id: int | None) -> str:
    base = slugify(name, max_length=120, word_boundary=True) or "company"
    slug, n = base, 1
    while True:
        clash = db.session.scalar(
            sa.select(Company.id).where(Company.slug == slug, Company.id != (company_id or 0))
        )
        if clash is None:
            return slug
        n += 1
        slug = f"{base}-{n}"


def save_company(owner: User, form, logo_bytes: bytes | None) -> tuple[Company, str]:
    """Create or update the employer's company profile from a validated CompanyForm, and
    say what happened: "saved", "pending" (the public words wait for a moderator) or
    "published" (a trusted employer's change, see moderation.review.propose_profile).

    The details coders filter by apply at once; the company's own words (name, website,
    city, about text) and its logo are public only once a moderator has read them. A new
    company starts with its name and city, and the rest waits for review. The logo is
    re-encoded first, so a bad image changes nothing (LogoError)."""
    # Imported here: moderation builds on the employers' services.
    from careercenter.moderation import review

    logo = reencode_logo(logo_bytes) if logo_bytes is not None else None
    proposed = {
        "name": form.name.data,
        "website": form.website.data or None,
        "hq_city": form.hq_city.data,
        "about_md": form.about.data or "",
    }
    company = company_of(owner)
    if company is None:
        company = Company(owner=owner, about_md="", about_html="", website=None)
        company.slug = _unique_slug(proposed["name"], None)
        company.name, company.hq_city = proposed["name"], proposed["hq_city"]
    company.org_type = form.org_type.data
    company.size = form.size.data
    company.hq_state = form.hq_state.data
    company.notify_mode = form.notify_mode.data
    db.session.add(company)
    db.session.flush()
    outcome = review.propose_profile(company, proposed, logo)
    db.session.commit()
    return company, outcome


def publish_profile(company: Company, profile: dict, logo_png: bytes | None, logo: bool) -> None:
    """Make `profile` (and the logo, if `logo`) what the public reads of the company."""
    if company.name != profile["name"]:
        company.slug = _unique_slug(profile["name"], company.id)
    company.name = profile["name"]
    company.website = profile["website"]
    company.hq_city = profile["hq_city"]
    company.about_md = profile["about_md"]
    company.about_html = render_markdown(company.about_md)
    if logo:
        company.logo_png, company.logo_version = logo_png, company.pending_logo_version


def profile_form_data(company: Company) -> dict:
    """What the employer last wrote: the change waiting for review, or the public words."""
    return company.pending_profile or company.profile()
