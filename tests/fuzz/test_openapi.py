"""Schemathesis against the API's own description, /api/v1/openapi.json: requests made from
the document (valid ones, and invalid ones that must be refused), every answer checked with
all of Schemathesis's checks: never a server error, a status the operation declares, a body
that matches its schema, the declared content type, invalid input refused with a 4xx and
valid input accepted."""

from __future__ import annotations

import unicodedata

import pytest
import schemathesis
from hypothesis import settings
from hypothesis import strategies as st

from careercenter import create_app
from tests.fuzz.conftest import FUZZ

# The document is read from the app when this module is collected. (schemathesis's
# from_fixture loader would read it from the `app` fixture, but it does not work with
# pytest 9; an app without a database serves the same document.) Requests go to the
# suite's `app` fixture, with its database, in the test below.
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json",
    create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://"}),
)

# Posting ids that name real jobs (in every state), so that GET /jobs/{posting_id} is
# tested on jobs as well as on misses; filled in for each test by `postings` below.
KNOWN_POSTING_IDS: list[int] = []


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    if not path_parameters or "posting_id" not in path_parameters or not KNOWN_POSTING_IDS:
        return st.just(path_parameters)
    known = st.sampled_from(KNOWN_POSTING_IDS).map(
        lambda posting_id: {**path_parameters, "posting_id": posting_id}
    )
    return st.one_of(known, st.just(path_parameters))


# What the document says in words and its schemas cannot: `location` must name a real place,
# and `q` may not hold invisible characters (both are a 400 otherwise). Valid requests
# ("positive" cases, which must be accepted) keep to that; invalid ones are left alone.
PLACES = ["80202", "77002", "Denver, CO", "Houston, TX", "CO", "texas"]
INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Co"})


@schema.hook
def map_case(context, case):
    if case.meta is None or not case.meta.generation.mode.is_positive or not case.query:
        return case
    query = dict(case.query)
    if isinstance(query.get("location"), str):
        query["location"] = PLACES[len(query["location"]) % len(PLACES)]
    if isinstance(query.get("q"), str):
        query["q"] = "".join(c for c in query["q"] if unicodedata.category(c) not in INVISIBLE)
    case.query = query
    return case


@pytest.fixture
def postings(jobs):
    company = jobs.company()
    remote = {"arrangement": "remote", "remote_states": ["CO", "TX"], "zip_code": "77002"}
    KNOWN_POSTING_IDS[:] = [
        jobs.posting(company),
        jobs.posting(company, **remote, apply_method="external", apply_url="https://a.example/"),
        jobs.posting(company, pay_min=1, pay_max=2, pay_unit="chart", apprentice_friendly=True),
        *(jobs.posting(company, state=state) for state in ("filled", "expired", "closed")),
        jobs.posting(company, state="draft"),
    ]
    yield KNOWN_POSTING_IDS
    KNOWN_POSTING_IDS.clear()


@schema.parametrize()
@settings(FUZZ, max_examples=min(FUZZ.max_examples * 2, 200))
def test_the_api_answers_as_its_openapi_document_says(app, postings, case):
    case.call_and_validate(app=app)
