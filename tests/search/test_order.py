"""Sort orders mean what they say: newest first by publication time (then id) whatever
order jobs entered the index in, pay by the top of each range per year, and every order
stable across pages."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlencode

import feedparser
import pytest

from careercenter import search
from careercenter.extensions import db
from careercenter.models import Posting, Role, User, utcnow


def set_published(app, posting_id: int, when) -> None:
    """Publication time set directly (a seeded or imported job), then indexed."""
    with app.app_context():
        posting = db.session.get(Posting, posting_id)
        posting.published_at = when
        posting.expires_at = when + timedelta(days=30)
        search.index_posting(posting)
        db.session.commit()


def reapprove(app, posting_id: int) -> None:
    """The employer edits the job, it goes back to review and a moderator approves it."""
    with app.app_context():
        posting = db.session.get(Posting, posting_id)
        posting.title += " (edited)"
        posting.send_back_to_review()
        search.index_posting(posting)
        admin = db.session.scalars(db.select(User).where(User.role == Role.ADMIN)).first()
        posting.approve(admin)
        search.index_posting(posting)
        db.session.commit()


def titles_in_order(html_text: str, titles: dict[int, str]) -> list[int]:
    found = {posting_id: html_text.find(f">{title}<") for posting_id, title in titles.items()}
    assert all(at >= 0 for at in found.values()), found
    return sorted(found, key=found.get)


def test_newest_first_is_publication_order_on_the_page_the_api_and_the_feed(app, client, make_job):
    now = utcnow()
    titles = {}
    for name in ("Alpha", "Bravo", "Charlie", "Delta", "Echo"):
        titles[make_job(title=f"Coder {name}")] = f"Coder {name}"
    alpha, bravo, charlie, delta, echo = titles
    # Indexed in this order, but published at other times: seeded with past dates...
    set_published(app, alpha, now - timedelta(hours=1))
    set_published(app, charlie, now - timedelta(days=3))
    set_published(app, delta, now - timedelta(days=1))
    set_published(app, echo, now - timedelta(days=2))
    # ... and an older job edited and approved again: it is new again.
    reapprove(app, charlie)
    titles[charlie] += " (edited)"
    expected = [charlie, bravo, alpha, delta, echo]

    for url in ("/jobs?sort=newest", "/jobs?q=coder&sort=newest", "/jobs"):
        response = client.get(url)
        assert response.status_code == 200
        assert titles_in_order(response.get_data(as_text=True), titles) == expected, url

    for url in ("/api/v1/jobs?sort=newest", "/api/v1/jobs?q=coder&sort=newest"):
        assert [job["id"] for job in client.get(url).get_json()["items"]] == expected, url

    feed = feedparser.parse(client.get("/jobs/feed.atom?q=coder").get_data())
    ids = [int(re.search(r"/jobs/(\d+)-", entry.link).group(1)) for entry in feed.entries]
    assert ids == expected


def test_a_rebuilt_index_keeps_the_same_order(app, make_job, find):
    now = utcnow()
    jobs = [make_job(title=f"Coder {n}") for n in range(4)]
    for posting_id, hours in zip(jobs, (5, 1, 3, 2), strict=True):
        set_published(app, posting_id, now - timedelta(hours=hours))
    expected = [jobs[1], jobs[3], jobs[2], jobs[0]]
    assert find(sort="newest").ids == expected
    with app.app_context():
        assert search.rebuild_index() == 4
    assert find(sort="newest").ids == expected
    assert find(q="coder", sort="newest").ids == expected


@pytest.mark.parametrize(
    "params",
    [{"sort": "newest"}, {"sort": "relevance", "q": "coder"}, {"sort": "pay"}, {"q": "coder"}],
)
def test_pages_of_jobs_published_at_the_same_moment_never_repeat_or_skip_one(
    app, make_job, find, params
):
    jobs = [make_job(title=f"Coder {n}") for n in range(12)]
    same_moment = utcnow() - timedelta(hours=1)
    # Given the same publication time in a jumbled order: ties go to the higher id.
    for posting_id in [*jobs[5:], *reversed(jobs[:5])]:
        set_published(app, posting_id, same_moment)
    pages = [find(per_page=5, page=n, **params).ids for n in (1, 2, 3)]
    seen = [posting_id for page in pages for posting_id in page]
    assert [len(page) for page in pages] == [5, 5, 2]
    assert sorted(seen) == sorted(jobs)  # every job once
    if params.get("sort") == "newest":
        assert seen == sorted(jobs, reverse=True)


def test_pay_order_is_by_the_top_of_the_range_per_year(client, make_job, find):
    hourly = make_job(title="Hourly Coder", pay=("25", "30", "hour"))  # $62,400 a year
    yearly = make_job(title="Yearly Coder", pay=("55000", "60000", "year"))
    chart = make_job(title="Chart Coder", pay=("2", "3", "chart"))
    newer = make_job(title="Newer Coder", pay=("50000", "60000", "year"))
    assert find(sort="pay").ids == [hourly, newer, yearly, chart]
    api = client.get("/api/v1/jobs?sort=pay&q=coder").get_json()
    assert [job["id"] for job in api["items"]] == [hourly, newer, yearly, chart]


@pytest.mark.parametrize(
    "params",
    [
        {"q": "cardiology coder", "sort": "relevance"},
        {"q": "coder", "sort": "pay"},
        {"sort": "newest"},
        {"q": "coder texas"},
    ],
    ids=["relevance", "pay", "newest", "place-words"],
)
def test_the_api_gives_the_pages_order_page_by_page(client, make_job, params):
    """/api/v1/jobs and /jobs come from the same engine: the same jobs in the same order on
    every page, ties included (several jobs share a pay and a title)."""
    titles = {}
    for n in range(26):
        title = ["Cardiology Coder", "Coder", "Cardiac Cath Lab Coder", "Coding Auditor"][n % 4]
        title = f"{title} {chr(65 + n)}"
        pay = ("50000", str(60000 + 5000 * (n % 3)), "year")
        titles[make_job(title=title, pay=pay, specialties=("cardiology",) * (n % 2))] = title
    api_ids, page_ids = [], []
    for page in (1, 2):
        query = urlencode({**params, "page": page})
        api = client.get(f"/api/v1/jobs?{query}&per_page=20").get_json()
        api_ids += [job["id"] for job in api["items"]]
        html = client.get(f"/jobs?{query}").get_data(as_text=True)
        shown = {i: t for i, t in titles.items() if f">{t}<" in html}
        page_ids += titles_in_order(html, shown)
    assert len(api_ids) == len(set(api_ids)) > 20
    assert page_ids == api_ids


def test_the_feed_lists_a_search_newest_first_as_the_page_does(client, make_job):
    jobs = [make_job(title=f"Coder {n}") for n in range(5)]
    html = client.get("/jobs?q=coder&sort=newest").get_data(as_text=True)
    on_page = titles_in_order(html, {i: f"Coder {n}" for n, i in enumerate(jobs)})
    feed = feedparser.parse(client.get("/jobs/feed.atom?q=coder").get_data())
    ids = [int(re.search(r"/jobs/(\d+)-", entry.link).group(1)) for entry in feed.entries]
    assert ids == on_page == list(reversed(jobs))
