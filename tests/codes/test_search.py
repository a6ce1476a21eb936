import pytest


def test_search_by_code_puts_the_exact_code_first(client, codes):
    page = client.get("/codes/search?q=E11.5").get_data(as_text=True)
    assert page.index(">E11.5<") < page.index(">E11.51<")


def test_search_by_code_without_the_dot(client, codes):
    page = client.get("/codes/search?q=e1152").get_data(as_text=True)
    assert "E11.52" in page


def test_a_single_exact_hit_opens_its_page(client, codes):
    response = client.get("/codes/search?q=E11.52")
    assert response.status_code == 302
    assert response.headers["Location"] == "/codes/icd-10-cm/E11.52"


def test_search_by_words_groups_by_system(client, codes):
    """Results rank by relevance across code sets (the short ICD-10-CM descriptions come
    before the CPT summaries here); a page shows them grouped by code set."""
    page = client.get("/codes/search?q=toe+amputation").get_data(as_text=True)
    assert "S98.1" in page  # ICD-10-CM: traumatic amputation of toe
    assert 'id="group-icd-10-cm"' in page
    page = client.get("/codes/search?q=toe+amputation&system=cpt").get_data(as_text=True)
    assert "28820" in page and "28825" in page and 'id="group-cpt"' in page


def test_word_prefixes_match(client, codes):
    assert "E11.52" in client.get("/codes/search?q=gangr+diabet&system=icd-10-cm").get_data(True)


@pytest.mark.parametrize("q", ["%", "_", "", "   ", "' OR 1=1 --", "\\", "a" * 500])
def test_hostile_searches_answer_sanely(client, codes, q):
    response = client.get("/codes/search", query_string={"q": q})
    assert response.status_code == 200
    if q.strip() in ("%", "_"):
        assert "No code matches" in response.get_data(as_text=True)


def test_search_is_paginated(client, codes):
    page1 = client.get("/codes/search?q=diabetes&system=icd-10-cm").get_data(as_text=True)
    assert 'rel="next"' in page1
    assert client.get("/codes/search?q=diabetes&page=99999").status_code == 200


def test_api_suggests_codes_as_json(client, codes):
    data = client.get("/api/v1/codes?q=2882&limit=5").get_json()
    assert data["items"][0]["code"] == "28820"
    assert data["items"][0]["url"].endswith("/codes/cpt/28820")
    assert client.get("/api/v1/codes?q=").get_json()["items"] == []
    refused = client.get("/api/v1/codes?q=e11&limit=abc&system=cpt4")
    assert refused.status_code == 400
    assert set(refused.get_json()["errors"]) == {"limit", "system"}


def test_the_code_api_is_part_of_the_api(client, codes):
    """Described in the OpenAPI document, open to other sites' scripts, and its errors are
    JSON like the rest of the API's."""
    response = client.get("/api/v1/codes?q=e11.52")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "/codes" in client.get("/api/v1/openapi.json").get_json()["paths"]
    assert client.get("/api/v1/").get_json()["codes"].endswith("/api/v1/codes")
    wrong = client.post("/api/v1/codes")
    assert wrong.status_code == 405 and wrong.is_json


@pytest.mark.parametrize(("q", "code"), [("RT", "RT"), ("lt", "LT"), ("XS", "XS"), ("-RT", "RT")])
def test_modifiers_are_found_by_their_code(client, codes, q, code):
    data = client.get("/api/v1/codes", query_string={"q": q}).get_json()
    assert data["items"][0]["system"] == "modifier" and data["items"][0]["code"] == code


def test_a_number_among_words_is_a_word(client, codes):
    """ "type 2" is not a code prefix 2: the 2 is a word of the descriptions, and a
    number matches only itself (2 is not 21)."""
    data = client.get("/api/v1/codes?q=type+2+diabetes&limit=5").get_json()
    assert "E11.9" in [item["code"] for item in data["items"]]
    assert data["items"][0]["billable"]  # billable codes before the E11 heading
    assert client.get("/api/v1/codes?q=type+21+diabetes").get_json()["items"] == []


def test_code_searches_still_go_by_code(client, codes):
    for q in ["E11.9", "e119", "99213"]:
        data = client.get("/api/v1/codes", query_string={"q": q}).get_json()
        assert data["items"][0]["code"] in ("E11.9", "99213"), q
