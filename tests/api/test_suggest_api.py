"""/api/v1/suggest: what the search box offers as someone types."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from careercenter.extensions import db
from careercenter.search import suggest as suggest_module
from tests.api.openapi_check import check_response


def suggest(client, q: str, **params) -> list[tuple[str, str, int]]:
    response = client.get("/api/v1/suggest", query_string={"q": q, **params})
    body = check_response(response, "/suggest")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Cache-Control"].startswith("public")
    return [(item["text"], item["kind"], item["jobs"]) for item in body["items"]]


@pytest.fixture(autouse=True)
def counted_at_every_change(monkeypatch):
    monkeypatch.setattr(suggest_module, "REFRESH_SECONDS", 0)


@pytest.fixture
def board(jobs):  # noqa: F811
    company = jobs.company()
    for _ in range(3):
        jobs.posting(company, title="Outpatient Coder", zip_code="80202",
                     specialties=["orthopaedics"], credentials_required=["cpc"])  # fmt: skip
    for _ in range(2):
        jobs.posting(company, title="Inpatient  coder", zip_code="77002",
                     specialties=["cardiology"], credentials_required=["ccs"])  # fmt: skip
    jobs.posting(company, title="Outpatient Auditor", zip_code="77002", specialties=["oncology"],
                 credentials_required=["ccs"])  # fmt: skip
    jobs.posting(company, title="Remote Coder", arrangement="remote", remote_states=["TX"],
                 specialties=["oncology"], credentials_required=["ccs"])  # fmt: skip
    jobs.posting(company, state="closed", title="Outpatient Biller", zip_code="10001")
    jobs.posting(company, state="lapsed", title="Outpatient Scheduler", zip_code="10001")
    return jobs


def test_titles_specialties_credentials_and_places_most_jobs_first(client, board):
    # Titles starting with or containing the text; closed and past-date jobs count for none.
    assert suggest(client, "outp") == [
        ("Outpatient Coder", "title", 3),
        ("Outpatient Auditor", "title", 1),
    ]
    assert suggest(client, "PATIENT") == [
        ("Outpatient Coder", "title", 3),
        ("Inpatient coder", "title", 2),  # spacing tidied
        ("Outpatient Auditor", "title", 1),
    ]
    assert suggest(client, "onc") == [("Oncology", "specialty", 2)]
    assert suggest(client, "ccs") == [("CCS", "credential", 4)]
    # A credential is found by its full name too.
    assert suggest(client, "professional coder") == [("CPC", "credential", 3)]
    # Places: cities and states with jobs on site there.
    assert suggest(client, "hous") == [("Houston, TX", "place", 3)]
    assert suggest(client, "texas") == [("Texas", "place", 3)]
    assert suggest(client, "denver") == [("Denver, CO", "place", 3)]
    assert suggest(client, "zzz") == []
    assert len(suggest(client, "o")) == 8 and len(suggest(client, "o", limit=2)) == 2


def test_each_suggestion_links_to_its_search(client, board):
    def urls(q):
        body = client.get("/api/v1/suggest", query_string={"q": q}).get_json()
        return [item["url"] for item in body["items"]]

    assert urls("outpatient c") == ["http://localhost/jobs?q=Outpatient+Coder"]
    assert urls("ortho") == ["http://localhost/jobs?specialty=orthopaedics"]
    assert urls("cpc") == ["http://localhost/jobs?credential=cpc"]
    assert urls("houston") == ["http://localhost/jobs?location=Houston,+TX"]
    assert urls("colorado") == ["http://localhost/jobs?location=CO"]
    # The search it leads to finds the jobs counted.
    assert client.get("/jobs?q=Outpatient+Coder").status_code == 200


@pytest.mark.parametrize(
    ("params", "bad"),
    [
        ({}, "q"),
        ({"q": "x" * 51}, "q"),
        ({"q": "cod\x00er"}, "q"),
        ({"q": "coder\n"}, "q"),
        ({"q": "coder", "limit": "0"}, "limit"),
        ({"q": "coder", "limit": "11"}, "limit"),
        ({"q": "coder", "limit": "lots"}, "limit"),
        ({"q": "coder", "limit": ""}, "limit"),
        ({"q": "coder", "limit": "٣"}, "limit"),  # a digit, not ASCII
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(client, board, params, bad):
    response = client.get("/api/v1/suggest", query_string=params)
    body = check_response(response, "/suggest")
    assert response.status_code == 400
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert set(body["errors"]) == {bad}


@pytest.mark.parametrize("q", ["", "   ", '"', "a*", "(", "OR", "x" * 50, "😀", "%", "_", "\\"])
def test_any_text_within_the_limits_is_answered(client, board, q):
    assert isinstance(suggest(client, q), list)


def test_a_keystroke_reads_no_posting_and_a_change_to_the_index_is_seen(
    app, client, board, monkeypatch
):
    assert suggest(client, "inpatient") == [("Inpatient coder", "title", 2)]
    seen: list[str] = []

    def listen(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", listen)
    try:
        suggest(client, "outpatient")
        suggest(client, "coder")
        # Only the index's generation is read per keystroke (REFRESH_SECONDS is 0 here)...
        assert seen and all("search_generation" in statement for statement in seen), seen
        # ... and not even that while the table is younger than REFRESH_SECONDS.
        monkeypatch.setattr(suggest_module, "REFRESH_SECONDS", 3600)
        seen.clear()
        assert suggest(client, "outpatient")
        assert seen == []
    finally:
        sa.event.remove(engine, "before_cursor_execute", listen)
        monkeypatch.setattr(suggest_module, "REFRESH_SECONDS", 0)

    # A change to the index is counted again, at most every REFRESH_SECONDS.
    monkeypatch.setattr(suggest_module, "REFRESH_SECONDS", 3600)
    board.posting(board.company(name="Other Health"), title="Inpatient Coder", zip_code="77002")
    assert suggest(client, "inpatient") == [("Inpatient coder", "title", 2)]
    monkeypatch.setattr(suggest_module, "REFRESH_SECONDS", 0)
    assert suggest(client, "inpatient") == [("Inpatient coder", "title", 3)]
