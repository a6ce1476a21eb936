"""The Atom feed of a search (/jobs/feed.atom) and the sitemap (/sitemap.xml)."""

from pathlib import Path

import feedparser
import pytest
from lxml import etree

from careercenter.models import User, utcnow
from tests.conftest import Auth

SITEMAP_XSD = Path(__file__).parent.parent / "data" / "sitemap.xsd"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def read_feed(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.get_data())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    return feed


def job_url(jobs, posting_id: int) -> str:
    posting = jobs.get(posting_id)
    return f"http://localhost/jobs/{posting.id}-{posting.slug}"


# -- the feed ------------------------------------------------------------------------------------


def test_the_feed_has_the_open_jobs_newest_first(client, jobs):
    company = jobs.company()
    first = jobs.posting(company, title="Denver Coder")
    second = jobs.posting(company, title="Second Coder", pay_min=55000, pay_max=60000,
                          pay_unit="year")  # fmt: skip
    for state in ("draft", "rejected", "expired", "lapsed", "filled", "closed"):
        jobs.posting(company, state=state, title=f"Ended {state}")

    feed = read_feed(client, "/jobs/feed.atom")
    assert feed.feed.title == "CareerCenter jobs: all open jobs"
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {
        "self": "http://localhost/jobs/feed.atom",
        "alternate": "http://localhost/jobs",
    }
    assert [entry.title for entry in feed.entries] == [
        "Second Coder at Summit Orthopaedic Partners",
        "Denver Coder at Summit Orthopaedic Partners",
    ]
    newest = feed.entries[0]
    assert newest.summary_detail.type == "text/plain"
    assert newest.link == job_url(jobs, second)
    assert newest.id == f"http://localhost/jobs/{second}"
    assert newest.author == "Summit Orthopaedic Partners"
    assert newest.summary.startswith(
        "Summit Orthopaedic Partners · Denver, CO · $55,000–$60,000 per year. Code orthopaedic"
    )
    assert newest.updated_parsed is not None
    assert {tag.term for tag in newest.tags} == {"cpc", "cosc"}
    assert feed.entries[1].link == job_url(jobs, first)


def test_the_feed_honours_the_search_filters(client, jobs):
    company = jobs.company()
    remote = jobs.posting(company, title="Remote HCC Coder", arrangement="remote",
                          remote_states=["TX"], credentials_required=["crc"],
                          specialties=["risk-adjustment"])  # fmt: skip
    houston = jobs.posting(company, title="Houston ED Coder", zip_code="77002",
                           credentials_required=["ccs"], specialties=["emergency-department"])  # fmt: skip
    jobs.posting(company, title="Denver Ortho Coder")

    feed = read_feed(client, "/jobs/feed.atom?credential=crc&arrangement=remote")
    assert feed.feed.title == "CareerCenter jobs: Remote; CRC"
    assert [entry.link for entry in feed.entries] == [job_url(jobs, remote)]
    self_link = next(link.href for link in feed.feed.links if link.rel == "self")
    assert self_link == "http://localhost/jobs/feed.atom?arrangement=remote&credential=crc"

    feed = read_feed(client, "/jobs/feed.atom?location=77002&radius=10&arrangement=on-site")
    assert [entry.link for entry in feed.entries] == [job_url(jobs, houston)]
    assert feed.feed.title.startswith("CareerCenter jobs: Within 10 miles of Houston, TX")

    feed = read_feed(client, "/jobs/feed.atom?q=emergency")
    assert [entry.link for entry in feed.entries] == [job_url(jobs, houston)]

    feed = read_feed(client, "/jobs/feed.atom?q=cardiology")
    assert feed.entries == []


def test_values_the_search_cannot_use_are_left_out_and_said(client, jobs):
    jobs.posting(jobs.company())
    feed = read_feed(client, "/jobs/feed.atom?location=80202&radius=-5&page=999999&sort=x")
    assert len(feed.entries) == 1
    assert "Choose a distance from 5 to 200 miles" in feed.feed.subtitle
    assert feed.feed.title == "CareerCenter jobs: Within 25 miles of Denver, CO 80202"


@pytest.mark.parametrize("q", ['"', "cpc*", "NEAR(a b)", "a & b | !c", "<->", ":*", "\x00"])
def test_full_text_syntax_in_the_feed_query_never_fails(client, jobs, q):
    jobs.posting(jobs.company())
    response = client.get("/jobs/feed.atom", query_string={"q": q})
    assert response.status_code == 200


def test_hostile_text_is_escaped_in_the_feed(client, jobs):
    company = jobs.company(name="<script>alert('co')</script> Coding")
    jobs.posting(company, title="Coder <script>alert('t')</script>",
                 description_md="Hello </script><script>alert(1)</script> world")  # fmt: skip
    response = client.get("/jobs/feed.atom")
    assert b"<script" not in response.get_data()
    feed = feedparser.parse(response.get_data())
    assert not feed.bozo
    assert b"&amp;lt;" not in response.get_data()  # escaped once, not twice


def test_feed_readers_may_cache_the_feed_but_a_signed_in_browsers_copy_is_private(
    client, make_user
):
    assert client.get("/jobs/feed.atom").headers["Cache-Control"] == "public, max-age=300"
    make_user(email="coder@example.com")
    assert Auth(client).login().status_code == 303
    assert client.get("/jobs/feed.atom").headers["Cache-Control"] == "no-store"


# -- the sitemap ---------------------------------------------------------------------------------


def test_the_sitemap_is_valid_and_lists_the_public_pages(client, jobs):
    hiring = jobs.company(slug="summit-ortho")
    open_ids = [jobs.posting(hiring, title="Coder one"), jobs.posting(hiring, title="Coder two")]
    ended = jobs.company(slug="quiet-clinic")
    for state in ("draft", "submitted", "rejected", "expired", "lapsed", "filled", "closed"):
        jobs.posting(ended, state=state)
        jobs.posting(hiring, state=state, title=f"Hidden {state}")
    suspended = jobs.company(slug="suspended-co")
    hidden = jobs.posting(suspended)
    jobs.update(User, jobs.get(hidden).company.owner_id, suspended_at=utcnow())

    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    document = etree.fromstring(response.get_data())
    schema = etree.XMLSchema(etree.parse(str(SITEMAP_XSD)))
    assert schema.validate(document), schema.error_log

    locations = document.xpath("//s:url/s:loc/text()", namespaces=SITEMAP_NS)
    assert sorted(locations) == sorted(
        [
            "http://localhost/",
            "http://localhost/jobs",
            *(job_url(jobs, posting_id) for posting_id in open_ids),
            "http://localhost/companies/summit-ortho",
        ]
    )
    lastmods = document.xpath("//s:url/s:lastmod/text()", namespaces=SITEMAP_NS)
    assert len(lastmods) == len(locations)


def test_an_empty_site_has_a_valid_sitemap(client):
    document = etree.fromstring(client.get("/sitemap.xml").get_data())
    assert etree.XMLSchema(etree.parse(str(SITEMAP_XSD))).validate(document)
    locations = document.xpath("//s:url/s:loc/text()", namespaces=SITEMAP_NS)
    assert locations == ["http://localhost/", "http://localhost/jobs"]
