"""What the public reads of a company: its address (slug) and its approved profile.

A leaf under both the employers' services and moderation's review, which publishes an
approved profile change through `publish_profile`.
"""

from __future__ import annotations

import sqlalchemy as sa
from slugify import slugify

from careercenter.extensions import db
from careercenter.models import Company
from careercenter.text import render_markdown


def unique_slug(name: str, company_id: int | None) -> str:
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


def publish_profile(company: Company, profile: dict, logo_png: bytes | None, logo: bool) -> None:
    """Make `profile` (and the logo, if `logo`) what the public reads of the company."""
    if company.name != profile["name"]:
        company.slug = unique_slug(profile["name"], company.id)
    company.name = profile["name"]
    company.website = profile["website"]
    company.hq_city = profile["hq_city"]
    company.about_md = profile["about_md"]
    company.about_html = render_markdown(company.about_md)
    if logo:
        company.logo_png, company.logo_version = logo_png, company.pending_logo_version
