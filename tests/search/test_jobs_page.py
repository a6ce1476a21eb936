"""/jobs as a browser sees it: shareable URLs, the count, clearable filters, an empty state,
and bad input answered with a message, never an error page."""

import html
import re

import pytest

from tests.pages import document


def page_text(response) -> str:
    assert response.status_code == 200, response.status_code
    return html.unescape(response.get_data(as_text=True))


def links(text: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', text))


def test_guests_search_jobs_without_javascript(client, make_job):
    make_job(title="Remote Outpatient Coder", arrangement="remote", credentials=("cpc", "ccs"))
    make_job(title="Inpatient DRG Coder", zip_code="10001", pay=("62000", "78000", "year"))
    text = page_text(client.get("/jobs"))
    assert "2 jobs open now" in text
    assert '<form method="get" action="/jobs"' in text
    # The scripts only add suggestions to the keywords box and open the filters on a wide
    # screen (deferred, from files); the filters open without them (<details>).
    scripts = re.findall(r"<script[^>]*>", text)
    assert len(scripts) == 2 and all(" defer" in s for s in scripts)
    assert "/js/job-suggest.js" in scripts[0] and "/js/job-search.js" in scripts[1]
    assert '<details class="search-more">' in text and "<summary>Filters</summary>" in text
    assert '<label for="credential">Credential</label>' in text
    assert '<option value="cpc-a">CPC-A</option>' in text
    # The cards: title linked to the job page, company, where, pay with unit, type,
    # credentials, posted date.
    assert re.search(
        r'<a href="/jobs/\d+-remote-outpatient-coder">Remote Outpatient Coder</a>', text
    )
    assert "Riverside Health" in text
    assert "Remote (anywhere in the US)" in text
    assert "On-site · New York, NY" in text
    assert "$25.00–$30.00 per hour" in text and "$62,000–$78,000 per year" in text
    assert "Full-time" in text and "CPC or CCS" in text
    assert "Posted <time" in text and ">today</time>" in text


def test_the_count_and_a_link_to_remove_each_filter(client, make_job):
    make_job(title="Remote CPC Coder", arrangement="remote", credentials=("cpc",))
    make_job(title="Remote CCS Coder", arrangement="remote", credentials=("ccs",))
    make_job(title="Office CPC Coder", credentials=("cpc",))
    text = page_text(client.get("/jobs?q=coder&arrangement=remote&credential=cpc&sort=newest"))
    assert "1 job matches your search" in text
    assert "Remote CPC Coder" in text and "Remote CCS Coder" not in text
    assert {
        "/jobs?arrangement=remote&credential=cpc&sort=newest",  # keywords removed
        "/jobs?q=coder&credential=cpc&sort=newest",  # arrangement removed
        "/jobs?q=coder&arrangement=remote&sort=newest",  # credential removed
        "/jobs",  # clear all
    } <= {link.replace("&amp;", "&") for link in links(text)}
    # Each filter in use is a chip that removes it, named so for screen readers.
    for label in ("Remote", "CPC"):
        assert re.search(
            rf'<a class="chip" href="[^"]+"><span class="visually-hidden">Remove filter: '
            rf'</span>{label} <span class="chip-x" aria-hidden="true">×</span></a>',
            text,
        ), label
    assert page_text(client.get("/jobs?q=coder&credential=cpc&sort=newest")).count("CPC Coder") == 2


def test_a_location_search_says_where_and_how_far(client, make_job):
    make_job(title="Cypress Coder", zip_code="77429")
    text = page_text(client.get("/jobs?location=77002&radius=50"))
    assert "Within 50 miles of Houston, TX 77002" in text
    assert "(22 mi away)" in text
    assert 'value="77002"' in text  # the search box keeps the place


def test_an_empty_result_suggests_a_broader_search(client, make_job):
    make_job(title="Cypress Coder", zip_code="77429")
    text = page_text(client.get("/jobs?q=cardiology&location=77002&radius=10"))
    assert "0 jobs match your search" in text
    assert "No open job matches all of that" in text
    hrefs = {link.replace("&amp;", "&") for link in links(text)}
    assert "/jobs?q=cardiology&location=77002" in hrefs  # a wider radius (the default 25)
    assert "/jobs?location=77002&radius=10" in hrefs  # without the keywords
    assert "/jobs?q=cardiology" in hrefs  # without the place


def test_no_jobs_at_all(client):
    text = page_text(client.get("/jobs"))
    assert "0 jobs open now" in text and "There are no open jobs right now" in text


def test_pages_keep_the_search_in_their_links(client, make_job):
    for n in range(25):
        make_job(title=f"Coder {n:02d}")
    text = page_text(client.get("/jobs?q=coder&sort=newest"))
    assert "25 jobs match" in text and "Coder 24" in text and "Coder 04" not in text
    assert "/jobs?page=2&q=coder&sort=newest" in {
        link.replace("&amp;", "&") for link in links(text)
    }
    second = page_text(client.get("/jobs?q=coder&sort=newest&page=2"))
    assert "Coder 04" in second and "Coder 05" not in second
    # The second page's results are numbered on from the first's.
    assert [ol.get("start") for ol in document(second).iter("ol")] == ["21"]


BAD_INPUT = [
    ("location=99999", "We couldn't find “99999”"),
    ("location=Springfeld%2C+ZZ", "We couldn't find “Springfeld, ZZ”"),
    ("radius=-5&location=77002", "Choose a distance from 5 to 200 miles"),
    ("radius=abc&location=77002", "Choose a distance from 5 to 200 miles"),
    ("radius=100000&location=77002", "Choose a distance from 5 to 200 miles"),
    ("pay_min=abc", "Enter the minimum pay as a number"),
    ("pay_min=-3", "Enter the minimum pay as a number"),
    ("pay_min=NaN", "Enter the minimum pay as a number"),
    ("pay_min=Infinity", "Enter the minimum pay as a number"),
    ("posted_within=-1", "Choose how recent the job must be"),
    ("posted_within=0", "Choose how recent the job must be"),
    ("posted_within=9999", "Choose how recent the job must be"),
    ("credential=xyz", "We don't know that credential"),
    ("specialty=%3Cscript%3E", "We don't know that specialty"),
    ("setting=payer%27--", "We don't know that setting"),
    ("arrangement=moon", "We don't know that work arrangement"),
    ("type=forever", "We don't know that employment type"),
    ("sort=random()", "We don't know that order"),
    ("page=abc", "That page number isn't valid"),
    ("page=-1", "That page number isn't valid"),
    ("page=10000000000000000000000", "That page number isn't valid"),
    ("q=" + "cpc+" * 100, "Searches are limited to 200 characters"),
    ("q=cpc%00%07coder%1b", "We removed invisible control characters"),
    ("location=770%0002", "We couldn't find"),
]


@pytest.mark.parametrize(("query_string", "message"), BAD_INPUT)
def test_bad_input_is_explained_and_the_search_still_runs(client, make_job, query_string, message):
    make_job(title="Houston CPC Coder", credentials=("cpc",))
    text = page_text(client.get("/jobs?" + query_string))
    assert message in text
    assert "We couldn't use part of your search" in text
    assert "Houston CPC Coder" in text  # the bad value was dropped, not the search


@pytest.mark.parametrize(
    "q",
    [
        '"',
        '"cpc',
        'cpc"',
        "*",
        "cpc*",
        "-cpc",
        "cpc -coder",
        "/",
        "E/M / pro-fee",
        "NEAR",
        "NEAR(cpc coder)",
        "cpc OR",
        "OR cpc",
        "AND",
        "NOT cpc",
        "(cpc",
        "cpc)",
        "()",
        "^cpc",
        "title:cpc",
        "cpc:coder",
        "{title body}: cpc",
        "cpc & | ! <-> :*",
        "'cpc'",
        "''",
        "%",
        "_",
        "\\",
        "ñandú 中文 🙂",
    ],
)
def test_query_syntax_typed_in_the_search_box_is_just_text(client, make_job, q):
    make_job(title="Houston CPC Coder", credentials=("cpc",))
    response = client.get("/jobs", query_string={"q": q})
    text = page_text(response)
    assert "match your search" in text or "matches your search" in text


def test_operators_around_a_word_still_find_it(client, make_job):
    make_job(title="Houston CPC Coder", credentials=("cpc",))
    for q in ['"cpc', "cpc*", "-cpc", "(cpc)", "^cpc", "cpc:", "NOT cpc", "cpc OR"]:
        text = page_text(client.get("/jobs", query_string={"q": q}))
        assert "1 job matches your search" in text, q


def test_a_page_past_the_end_shows_the_last_page(client, make_job):
    for n in range(3):
        make_job(title=f"Coder {n}")
    text = page_text(client.get("/jobs?page=999999"))
    assert "3 jobs open now" in text and "Coder 0" in text
    assert "We couldn't use part of your search" not in text


def test_a_very_long_query_is_shortened_not_refused(client, make_job):
    make_job(title="Houston CPC Coder", credentials=("cpc",))
    text = page_text(client.get("/jobs", query_string={"q": "cpc " + "x" * 5000}))
    assert "Searches are limited to 200 characters" in text
    assert "No job has all of" in text and "Houston CPC Coder" in text


def test_an_unknown_place_searches_everywhere_and_keeps_the_text_to_correct(client, make_job):
    make_job(title="Houston CPC Coder")
    text = page_text(client.get("/jobs?location=Atlantis%2C+XX&radius=10"))
    assert 'value="Atlantis, XX"' in text
    assert "1 job open now" in text  # the place was dropped, so nothing is filtered
