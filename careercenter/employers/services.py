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


def save_company(owner: User, form, logo_bytes: bytes | None) -> Company:
    """Create or update the employer's company profile from a validated CompanyForm.

    The logo is re-encoded first, so a bad image changes nothing (LogoError)."""
    logo = reencode_logo(logo_bytes) if logo_bytes is not None else None
    company = company_of(owner) or Company(owner=owner)
    if company.id is None or company.name != form.name.data:
        company.slug = _unique_slug(form.name.data, company.id)
    company.name = form.name.data
    company.website = form.website.data or None
    company.org_type = form.org_type.data
    company.size = form.size.data
    company.hq_city = form.hq_city.data
    company.hq_state = form.hq_state.data
    company.about_md = form.about.data or ""
    company.notify_mode = form.notify_mode.data
    company.about_html = render_markdown(company.about_md)
    if logo is not None:
        company.logo_png, company.logo_version = logo
    db.session.add(company)
    db.session.commit()
    return company
