"""Job postings for machines: the Atom feed of a search, the sitemap's contents (served
by main at /sitemap.xml), and the template filter that writes a job page's JSON-LD (see
jsonld.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from xml.etree import ElementTree as ET

import sqlalchemy as sa
from feedgen.feed import FeedGenerator
from flask import Response, request, url_for

from careercenter import search
from careercenter.api.services import cache_publicly, summaries
from careercenter.extensions import db
from careercenter.formatting import pay_range, where
from careercenter.models import Company, Posting, PostingStatus, User, utcnow
from careercenter.postings import bp
from careercenter.postings.jsonld import jobposting_script_json
from careercenter.vocabulary import CREDENTIALS

FEED_SIZE = 50
FEED_MAX_AGE = 300  # seconds a reader or proxy may keep the feed
SUMMARY_LENGTH = 300
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"

bp.add_app_template_filter(jobposting_script_json, "jobposting_jsonld")


# -- the Atom feed -----------------------------------------------------------------------------


def feed_title(query: search.JobQuery) -> str:
    filters = [active.label for active in query.active_filters()]
    return "CareerCenter jobs: " + ("; ".join(filters) if filters else "all open jobs")


def build_feed(query: search.JobQuery, problems: dict[str, str]) -> bytes:
    """The newest open jobs matching `query`, as an Atom document."""
    args = query.to_args(page=1, sort="relevance")  # the feed is always newest first
    result = search.search_jobs(replace(query, sort="newest", page=1), per_page=FEED_SIZE)
    feed_url = url_for("postings.feed", **args, _external=True)

    feed = FeedGenerator()
    feed.id(feed_url)
    feed.title(feed_title(query))
    feed.author({"name": "CareerCenter"})
    feed.link(href=feed_url, rel="self", type="application/atom+xml")
    feed.link(href=url_for("postings.search", **args, _external=True), rel="alternate")
    feed.subtitle(
        " ".join(problems.values())
        if problems
        else "Medical coding jobs on CareerCenter, newest first."
    )
    feed.language("en")
    newest = max((p.published_at for p in result.items), default=None)
    feed.updated(newest or utcnow())
    texts = summaries(result.items, SUMMARY_LENGTH)
    for posting in result.items:
        _add_entry(feed, posting, texts[posting.id])
    return feed.atom_str(pretty=True)


def _add_entry(feed: FeedGenerator, posting: Posting, summary: str) -> None:
    entry = feed.add_entry(order="append")
    # The id stays when an edited title changes the slug, so readers don't see a new job.
    entry.id(url_for("postings.job", posting_id=posting.id, _external=True))
    entry.title(f"{posting.title} at {posting.company.name}")
    entry.link(
        href=url_for("postings.job", posting_id=posting.id, slug=posting.slug, _external=True),
        rel="alternate",
        type="text/html",
    )
    entry.author({"name": posting.company.name})
    entry.published(posting.published_at)
    entry.updated(posting.published_at)
    entry.summary(
        f"{posting.company.name} \u00b7 {where(posting)} \u00b7 {pay_range(posting)}. {summary}"
    )
    for slug in posting.credentials_required:
        credential = CREDENTIALS.get(slug)
        entry.category(term=slug, label=credential.label if credential else slug)


@bp.route("/jobs/feed.atom")
def feed():
    """A saved search as a feed: the /jobs filters, newest jobs first. A value the search
    cannot use is left out, as on the page, and the feed's subtitle says so."""
    query, problems = search.parse_job_query(request.args)
    response = Response(build_feed(query, problems), mimetype="application/atom+xml")
    return cache_publicly(response, FEED_MAX_AGE)


# -- the sitemap -------------------------------------------------------------------------------


def _open_postings_for_sitemap(now: datetime):
    return db.session.execute(
        sa.select(
            Posting.id,
            Posting.slug,
            Posting.published_at,
            Company.slug.label("company_slug"),
            Company.updated_at.label("company_updated_at"),
        )
        .join(Company, Posting.company_id == Company.id)
        .join(User, Company.owner_id == User.id)
        .where(
            Posting.status == PostingStatus.PUBLISHED,
            Posting.expires_at > now,
            Posting.hidden_at.is_(None),
            User.suspended_at.is_(None),
        )
        .order_by(Posting.published_at.desc(), Posting.id.desc())
    ).all()


def build_sitemap() -> bytes:
    """The home page, the search page, every open job and every company with open jobs.
    A sitemap holds at most 50,000 addresses; open postings last at most 90 days, so a
    job board of this size stays far below that."""
    rows = _open_postings_for_sitemap(utcnow())
    newest = rows[0].published_at if rows else None
    companies: dict[str, datetime] = {}
    for row in rows:  # newest first: a company's first row is its newest job
        if row.company_slug not in companies:
            companies[row.company_slug] = max(row.published_at, row.company_updated_at)

    urlset = ET.Element("urlset", xmlns=SITEMAP_NS)

    def add(loc: str, lastmod: datetime | None) -> None:
        url = ET.SubElement(urlset, "url")
        ET.SubElement(url, "loc").text = loc
        if lastmod is not None:
            ET.SubElement(url, "lastmod").text = lastmod.isoformat(timespec="seconds")

    add(url_for("main.index", _external=True), newest)
    add(url_for("postings.search", _external=True), newest)
    for row in rows:
        add(
            url_for("postings.job", posting_id=row.id, slug=row.slug, _external=True),
            row.published_at,
        )
    for slug, lastmod in companies.items():
        add(url_for("employers.company", slug=slug, _external=True), lastmod)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True)
