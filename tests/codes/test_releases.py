"""Each code page names the release it shows and the days it applies to; past its last
day, code pages and the staff dashboard say that a newer release applies. "Today" is
fixed through CODES_TODAY."""

from datetime import date

import pytest

from careercenter.codes import importers
from careercenter.codes.importers import Release, import_icd10cm
from careercenter.models import Role

FY2026 = "ICD-10-CM FY2026 (with the April 1, 2026 update), in effect from 2025-10-01 to 2026-09-30"
NEWER = "ICD-10-CM FY2027 took effect on 2026-10-01; these pages show ICD-10-CM FY2026"


@pytest.fixture
def staff(client, login_as):
    login_as(Role.MODERATOR)  # code pages unmetered, and the dashboard
    return client


def test_the_import_records_the_package_s_release(app, codes):
    from careercenter.codes.services import releases
    from careercenter.models import CodeSystem

    with app.app_context():
        icd = releases()[CodeSystem.ICD10CM]
    assert icd.release == "FY2026 (with the April 1, 2026 update)"
    assert (icd.effective_from, icd.effective_to) == (date(2025, 10, 1), date(2026, 9, 30))


def test_a_code_page_names_its_release_and_dates(app, staff, codes, monkeypatch):
    monkeypatch.setitem(app.config, "CODES_TODAY", date(2026, 5, 1))
    page = staff.get("/codes/icd-10-cm/E11.9").get_data(as_text=True)
    assert FY2026 in page
    assert "took effect" not in page


def test_past_its_end_a_code_page_says_a_newer_release_applies(app, staff, codes, monkeypatch):
    monkeypatch.setitem(app.config, "CODES_TODAY", date(2026, 11, 30))
    page = staff.get("/codes/icd-10-cm/E11.9").get_data(as_text=True)
    assert NEWER in page
    # The same remembered page, read on a day within the release, says nothing of it.
    monkeypatch.setitem(app.config, "CODES_TODAY", date(2026, 9, 30))
    assert NEWER not in staff.get("/codes/icd-10-cm/E11.9").get_data(as_text=True)


def test_the_staff_dashboard_says_a_newer_release_applies(app, staff, codes, monkeypatch):
    monkeypatch.setitem(app.config, "CODES_TODAY", date(2026, 11, 30))
    page = staff.get("/admin/").get_data(as_text=True)
    assert NEWER in page
    assert "CPT: CareerCenter demo file" in page or "CPT: demo" in page
    assert "(a sample, not the full list)" in page


def test_a_sample_says_it_is_no_release(staff, codes):
    page = staff.get("/codes/cpt/28820").get_data(as_text=True)
    assert "a sample of CPT codes, not the full code set of any release" in page


def test_a_newer_release_keeps_every_address(app, staff, codes, monkeypatch):
    monkeypatch.setitem(app.config, "CODES_TODAY", date(2026, 11, 30))
    assert NEWER in staff.get("/codes/icd-10-cm/E11.52").get_data(as_text=True)
    monkeypatch.setattr(
        importers,
        "icd10cm_release",
        lambda: Release("FY2027", date(2026, 10, 1), date(2027, 9, 30)),
    )
    with app.app_context():
        import_icd10cm(only_prefixes=["E11", "S98"])
    for url in ["/codes/icd-10-cm/E11.52", "/codes/icd-10-cm/E11", "/codes/icd-10-cm/S98.1"]:
        response = staff.get(url)
        assert response.status_code == 200, url
        page = response.get_data(as_text=True)
        assert "ICD-10-CM FY2027, in effect from 2026-10-01 to 2027-09-30" in page
        assert "took effect" not in page


def test_a_csv_import_names_its_release(app, staff, tmp_path, monkeypatch):
    data = tmp_path / "cpt.csv"
    data.write_text("code,official_description,plain_description\n99213,Licensed text,\n")
    args = ["codes", "import-cpt", str(data), "--complete", "--release", "2026"]
    runner = app.test_cli_runner()
    refused = runner.invoke(
        args=[*args, "--effective-from", "2026-12-31", "--effective-to", "2026-01-01"]
    )
    assert refused.exit_code != 0 and "--effective-to" in refused.output
    dated = [*args, "--effective-from", "2026-01-01", "--effective-to", "2026-12-31"]
    assert runner.invoke(args=dated).exit_code == 0
    monkeypatch.setitem(app.config, "CODES_TODAY", date(2027, 1, 2))
    page = staff.get("/codes/cpt/99213").get_data(as_text=True)
    assert "CPT 2026, in effect from 2026-01-01 to 2026-12-31" in page
    assert "A newer CPT release took effect on 2027-01-01; these pages show CPT 2026" in page
