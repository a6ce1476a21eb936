"""Every search parameter fed hostile values: /jobs and its feed, code search, and the
JSON API. Searches change nothing, so the checks are on the answers: never a server
error; the page and the feed always answer (dropping what they cannot use); the API
answers 200 or a 400 naming the bad parameters, and both match its OpenAPI document."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import given, note
from hypothesis import strategies as st
from lxml import etree

from careercenter.codes.importers import demo_file, import_csv
from careercenter.models import CodeSystem
from careercenter.vocabulary import (
    ARRANGEMENTS,
    CREDENTIALS,
    EMPLOYMENT_TYPES,
    SETTINGS,
    SPECIALTIES,
)
from tests.api.openapi_check import check_response
from tests.fuzz.conftest import FUZZ, not_a_server_error
from tests.fuzz.strategies import hostile_text, raw_query_value

VALID = {
    "q": ["coder", "remote CPC", "E/M", "99213", "E11.52", "CPC-A", "pro-fee", "HCC"],
    "location": ["80202", "Denver, CO", "CO", "Texas", "00000"],
    "radius": ["5", "25", "200", "4", "201"],
    "arrangement": list(ARRANGEMENTS),
    "type": list(EMPLOYMENT_TYPES),
    "credential": list(CREDENTIALS),
    "specialty": list(SPECIALTIES),
    "setting": list(SETTINGS),
    "pay_min": ["28", "55000", "0", "10000000", "10000001", "1e3", "NaN", "sNaN", "Infinity"],
    "posted_within": ["1", "7", "365", "366", "0"],
    "apprentice": ["1", "0", "true", "false", "yes", "maybe"],
    "sort": ["relevance", "newest", "pay", "oldest"],
    "page": ["1", "2", "1000000", "1000001", "0", "-1"],
    "per_page": ["1", "20", "50", "51", "0"],
    "system": [s.value for s in CodeSystem],
    "limit": ["1", "10", "20", "21", "-5"],
}


def parameter(names: list[str]) -> st.SearchStrategy[str]:
    """`name=value` with a known or hostile name and a valid, hostile or undecodable value."""
    name = st.one_of(st.sampled_from(names), hostile_text.map(lambda s: quote(s[:30], safe="")))

    def value_for(chosen: str) -> st.SearchStrategy[str]:
        valid = [quote(v, safe="") for v in VALID.get(chosen, [])]
        return st.one_of(raw_query_value(), st.sampled_from(valid)) if valid else raw_query_value()

    return name.flatmap(lambda n: value_for(n).map(lambda v: f"{n}={v}"))


def query_string(names: list[str]) -> st.SearchStrategy[str]:
    return st.lists(parameter(names), max_size=len(names)).map("&".join)


JOB_PARAMS = ["q", "location", "radius", "arrangement", "type", "credential", "specialty",
              "setting", "pay_min", "posted_within", "apprentice", "sort", "page"]  # fmt: skip


@pytest.fixture
def world(app, open_job):
    """One open job to find, and the demo CPT and HCPCS codes to search."""
    with app.app_context():
        import_csv(CodeSystem.CPT, demo_file("cpt_demo.csv"), source="demo")
        import_csv(CodeSystem.HCPCS, demo_file("hcpcs_demo.csv"), source="demo")
    return open_job


@FUZZ
@given(qs=query_string(JOB_PARAMS))
def test_job_search_page(app, other_client, world, qs):
    note(f"/jobs?{qs}")
    response = other_client.get(f"/jobs?{qs}")
    not_a_server_error(response)
    assert response.status_code == 200, response.status_code


@FUZZ
@given(qs=query_string(JOB_PARAMS))
def test_job_feed_is_always_well_formed_xml(app, other_client, world, qs):
    note(f"/jobs/feed.atom?{qs}")
    response = other_client.get(f"/jobs/feed.atom?{qs}")
    not_a_server_error(response)
    assert response.status_code == 200
    etree.fromstring(response.data)  # raises on anything that is not well-formed XML


@FUZZ
@given(qs=query_string(["q", "system", "page"]))
def test_code_search_page(app, other_client, world, qs):
    note(f"/codes/search?{qs}")
    response = other_client.get(f"/codes/search?{qs}")
    not_a_server_error(response)
    assert response.status_code in (200, 302), response.status_code


@FUZZ
@given(qs=query_string([*JOB_PARAMS, "per_page"]))
def test_api_job_search(app, other_client, world, qs):
    note(f"/api/v1/jobs?{qs}")
    response = other_client.get(f"/api/v1/jobs?{qs}")
    not_a_server_error(response)
    body = check_response(response, "/jobs")
    if response.status_code == 400:
        assert body["errors"], "a 400 names the parameters it could not use"


@FUZZ
@given(posting_id=st.one_of(st.integers(), hostile_text.map(lambda s: quote(s, safe=""))))
def test_api_job_by_id(app, other_client, world, posting_id):
    note(f"/api/v1/jobs/{posting_id}")
    response = other_client.get(f"/api/v1/jobs/{posting_id}")
    not_a_server_error(response)
    assert response.status_code in (200, 404, 308), response.status_code
    assert response.is_json


@FUZZ
@given(qs=query_string(["q", "system", "limit"]))
def test_api_code_search(app, other_client, world, qs):
    note(f"/api/v1/codes?{qs}")
    response = other_client.get(f"/api/v1/codes?{qs}")
    not_a_server_error(response)
    assert response.status_code in (200, 400) and response.is_json
    if response.status_code == 200:
        assert len(response.get_json()["items"]) <= 20
    else:
        assert response.get_json()["errors"]
