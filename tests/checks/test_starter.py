"""The starter library is correct against the code data, and employers can copy it."""

from careercenter.checks import services
from careercenter.checks.starter import STARTER_CASES
from tests.conftest import post_form


def test_every_starter_code_is_valid_and_billable(app):
    with app.app_context():
        for case in STARTER_CASES:
            diagnoses = ", ".join(str(c) for c in case["expected"] if c.system == "icd-10-cm")
            procedures = ", ".join(str(c) for c in case["expected"] if c.system != "icd-10-cm")
            codes, errors, warnings = services.expected_codes(diagnoses, procedures)
            assert (errors, warnings) == ([], []), case["title"]
            assert codes == case["expected"], case["title"]
            # The scenario never gives the answer away.
            assert not any(c.code in case["scenario"] for c in codes), case["title"]


def test_an_employer_starts_from_the_starter_library(employer):

    response = post_form(employer, "/employer/checks/starter")
    assert response.status_code == 303
    page = employer.get(response.location).get_data(as_text=True)
    assert "10 cases" in page and "Gangrene of the great toe" in page
    # Expected codes with their official titles.
    assert "E11.52" in page and "with diabetic peripheral angiopathy with gangrene" in page
