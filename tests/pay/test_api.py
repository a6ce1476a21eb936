"""/api/v1/pay: the /pay page's figures as JSON, as the OpenAPI document describes them."""

from __future__ import annotations

from tests.api.openapi_check import check_response


def test_pay_api_returns_the_hand_computed_figures(client, fixture_jobs):
    body = check_response(client.get("/api/v1/pay"), "/pay")
    assert body["annual"]["count"] == 5
    assert body["annual"]["hourly_count"] == 3
    assert body["annual"]["per_year"] == {
        "p10": 47008, "p25": 52000, "p50": 55000, "p75": 62400, "p90": 69960,
    }  # fmt: skip
    assert body["annual"]["per_hour"]["p50"] == 26.44
    assert body["per_chart"] is None and body["chart_matching"] == 1  # under the minimum
    assert body["min_jobs"] == 3 and body["hours_per_year"] == 2080
    assert [row["value"] for row in body["by_state"]] == ["CO"]


def test_pay_api_takes_the_pages_filters_and_says_when_it_widens(client, fixture_jobs):
    body = check_response(client.get("/api/v1/pay?credential=cpc&state=WA"), "/pay")
    assert body["filters"]["credential"] == "cpc"
    assert body["place"] == {
        "used": "region:west",
        "label": "the West",
        "widened": True,
        "note": "Only 0 matching jobs in Washington (fewer than 3), so these figures are for "
        "the West.",
    }
    assert body["annual"]["count"] == 5


def test_pay_api_refuses_unknown_values(client):
    response = client.get("/api/v1/pay?setting=moon")
    body = check_response(response, "/pay")
    assert response.status_code == 400
    assert body["errors"] == {"setting": "Unknown setting: choose one from the list."}


def test_pay_api_is_listed_in_the_index_and_the_openapi_document(client):
    assert client.get("/api/v1/").get_json()["pay"].endswith("/api/v1/pay")
    document = client.get("/api/v1/openapi.json").get_json()
    names = [p["name"] for p in document["paths"]["/pay"]["get"]["parameters"]]
    assert names == ["credential", "state", "specialty", "setting", "arrangement"]
