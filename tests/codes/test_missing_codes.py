"""A code we lack "does not exist" only where the whole code set is loaded; in a sample
(the demo CPT, modifiers and HCPCS) it is only "not in our data". The whole ICD-10-CM's
wording is checked in test_icd10cm_official."""

import pytest

from tests.conftest import post_form
from tests.factories import POSTING_FORM


@pytest.fixture
def complete_cpt(app, tmp_path):
    """A licensed CPT file imported as the whole code set."""
    data = tmp_path / "cpt.csv"
    data.write_text("code,official_description,plain_description\n99213,Licensed text,\n")
    result = app.test_cli_runner().invoke(
        args=["codes", "import-cpt", str(data), "--complete", "--release", "2026"]
    )
    assert result.exit_code == 0, result.output


def test_a_sample_code_we_lack_is_not_in_our_data_on_its_page(client, codes):
    response = client.get("/codes/cpt/99215")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "99215 is not in our CPT data" in page
    assert "may still be a valid CPT code" in page
    assert "There is no" not in page
    assert "99213" in page  # codes we have that start the same way


def test_a_code_missing_from_a_complete_set_does_not_exist(client, complete_cpt):
    page = client.get("/codes/cpt/99215").get_data(as_text=True)
    assert "There is no CPT code 99215 in 2026" in page
    assert "not in our" not in page


def test_a_malformed_code_is_not_a_code(client, codes):
    response = client.get("/codes/cpt/12-34")
    assert response.status_code == 404
    assert "“12-34” is not a CPT code" in response.get_data(as_text=True)


def test_code_search_says_a_sample_code_is_not_in_our_data(client, codes):
    page = client.get("/codes/search?q=99215").get_data(as_text=True)
    assert "99215 is not in our CPT data" in page
    assert "There is no" not in page
    page = client.get("/codes/search?q=J9999").get_data(as_text=True)
    assert "J9999 is not in our HCPCS Level II data" in page


def test_code_search_says_a_code_of_a_complete_set_does_not_exist(client, complete_cpt):
    assert "There is no CPT code 99215" in client.get("/codes/search?q=99215").get_data(True)


def test_the_api_tells_not_in_our_data_from_does_not_exist(client, codes, complete_cpt):
    # CPT is now complete (the licensed file); HCPCS is still the demo sample.
    cpt = client.get("/api/v1/codes?q=99215").get_json()
    assert cpt["items"] == []
    assert cpt["absent"]["system"] == "cpt" and cpt["absent"]["exists"] is False
    assert cpt["absent"]["message"].startswith("There is no CPT code 99215")
    hcpcs = client.get("/api/v1/codes?q=J9999").get_json()
    assert hcpcs["absent"]["exists"] is None
    assert hcpcs["absent"]["message"].startswith("J9999 is not in our HCPCS Level II data")
    assert client.get("/api/v1/codes?q=J1100").get_json()["absent"] is None


def test_posting_form_says_a_sample_code_is_unchecked_not_wrong(employer, codes):
    response = post_form(
        employer,
        "/employer/postings/new",
        {**POSTING_FORM, "submit_for_review": "y", "key_codes": "99215, E11.9"},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "/employer/postings/new" not in response.request.path
    assert "99215 is not in our CPT data" in page and "could not check it" in page


def test_posting_form_refuses_a_code_missing_from_a_complete_set(employer, complete_cpt):
    response = post_form(
        employer,
        "/employer/postings/new",
        {**POSTING_FORM, "submit_for_review": "y", "key_codes": "99215, 99213"},
    )
    assert response.status_code == 422
    assert "These codes do not exist: There is no CPT code 99215" in response.get_data(True)
