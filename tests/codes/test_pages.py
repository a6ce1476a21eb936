import pytest
import sqlalchemy as sa

from careercenter.extensions import db
from careercenter.models import Role, User
from careercenter.search.backends import PostgreSQLBackend
from tests.conftest import Auth


def test_code_page_shows_official_description_and_billable_status(client, codes):
    page = client.get("/codes/icd-10-cm/E11.52").get_data(as_text=True)
    assert "E11.52" in page
    assert "Type 2 diabetes mellitus with diabetic peripheral angiopathy with gangrene" in page
    assert "Billable" in page
    assert '<p class="eyebrow">ICD-10-CM code</p>' in page  # a code to report, not a heading
    assert "Have a question about ICD-10-CM code E11.52?" in page


def test_codes_are_matched_without_case_and_the_dot(client, codes):
    response = client.get("/codes/icd-10-cm/e1152")
    assert response.status_code == 301
    assert response.headers["Location"] == "/codes/icd-10-cm/E11.52"
    assert client.get("/codes/hcpcs/j1100").headers["Location"] == "/codes/hcpcs/J1100"


def test_a_category_says_it_is_not_billable_and_lists_its_children(client, codes):
    page = client.get("/codes/icd-10-cm/E11.5").get_data(as_text=True)
    assert "Not billable" in page
    assert '<p class="eyebrow">ICD-10-CM subcategory</p>' in page
    assert "E11.51" in page and "E11.52" in page and "E11.59" in page


def test_unknown_code_is_404_with_the_nearest_codes(client, codes):
    """Only part of ICD-10-CM is loaded here: the code is not in our data (the whole
    import's wording, "There is no ICD-10-CM code", is in test_icd10cm_official)."""
    response = client.get("/codes/icd-10-cm/E11.599")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "E11.599 is not in our ICD-10-CM data" in page
    assert "E11.59" in page


def test_hostile_code_addresses_get_clear_404s(client, codes):
    for url in [
        "/codes/icd-10-cm/<script>",
        "/codes/icd-10-cm/" + "9" * 5000,
        "/codes/nosuchsystem/1",
    ]:
        response = client.get(url)
        assert response.status_code == 404
        assert "<script>" not in response.get_data(as_text=True).split("<main", 1)[1]


def test_cpt_page_shows_our_summary_relations_and_the_rights_notice(client, codes):
    page = client.get("/codes/cpt/28820").get_data(as_text=True)
    assert "Amputating a toe at the joint where it meets the foot" in page
    assert "American Medical Association" in page
    assert "Bundled into" in page and "28810" in page
    pair = client.get("/codes/cpt/28665").get_data(as_text=True)  # a second page: guest limit
    assert "0 free code views left" in pair


def test_guest_reads_one_code_page_then_is_invited_to_register(app, codes):
    guest = app.test_client()
    first = guest.get("/codes/cpt/28660").get_data(as_text=True)
    assert "Pairs with" in first and "28665" in first
    assert "Register to view content" in first  # premium notes stay closed to guests
    again = guest.get("/codes/cpt/28660").get_data(as_text=True)
    assert "Pairs with" in again  # the same code again costs nothing
    second = guest.get("/codes/cpt/28665").get_data(as_text=True)
    assert "You have 0 free code views left" in second
    assert "Register for free" in second and "Log in" in second
    assert "Pairs with" not in second
    assert "28665" in second  # the code and its official description stay visible


def test_an_account_gets_five_more_and_the_count_survives(app, codes, make_user):
    make_user(email="reader@example.com")
    reader = app.test_client()
    Auth(reader).login(email="reader@example.com")
    urls = [f"/codes/cpt/{c}" for c in ["28660", "28665", "27256", "27257", "28810", "28820"]]
    remaining = []
    for url in urls:
        page = reader.get(url).get_data(as_text=True)
        assert "In plain language" in page, url
        remaining.append(page.split(" free code view")[0].rsplit(">", 1)[-1].strip())
    assert remaining == ["5", "4", "3", "2", "1", "0"]
    seventh = reader.get("/codes/cpt/28825").get_data(as_text=True)
    assert "You have 0 free code views left" in seventh
    assert "In plain language" not in seventh
    # Another browser of the same account (or a restarted server) sees the same count.
    other = app.test_client()
    Auth(other).login(email="reader@example.com")
    assert "You have 0 free code views left" in other.get("/codes/cpt/99213").get_data(True)
    assert "In plain language" in other.get("/codes/cpt/28660").get_data(True)


def test_staff_are_not_metered(app, codes, client, login_as):
    login_as(Role.MODERATOR)
    for code in ["28660", "28665", "27256", "27257", "28810", "28820", "28825", "99213"]:
        assert "free code views" not in client.get(f"/codes/cpt/{code}").get_data(True)


def test_premium_notes_show_to_accounts(app, codes, client, login_as):
    login_as(Role.APPLICANT)
    page = client.get("/codes/icd-10-cm/E11").get_data(as_text=True)
    assert "Register to view content" not in page
    assert "Excludes1" in page and "type 1 diabetes mellitus (E10.-)" in page


def test_code_index_browses_icd_chapters(client, codes):
    page = client.get("/codes/").get_data(as_text=True)
    assert "Browse ICD-10-CM by chapter" in page
    assert "Endocrine, nutritional and metabolic diseases" in page


def test_user_rows_untouched_by_views(app, codes):
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_remembered_code_pages_read_the_same_and_follow_a_new_import(
    app, codes, client, login_as, tmp_path
):
    """Code pages and code search are remembered between requests (a signed-in reader's
    view is recorded, which commits, in the same request) until the code data changes."""
    from careercenter.codes.importers import import_csv
    from careercenter.models import CodeSystem

    login_as()
    for _ in range(2):
        page = client.get("/codes/cpt/28820").get_data(as_text=True)
        assert "Amputating a toe" in page and "Bundled into" in page and "28810" in page
    assert "28820" not in client.get("/codes/search?q=wording").get_data(True)

    updated = tmp_path / "cpt.csv"
    updated.write_text(
        "code,official_description,plain_description\n"
        "28820,,A toe taken off at the joint where it meets the foot (new wording).\n",
        encoding="utf-8",
    )
    with app.app_context():
        import_csv(CodeSystem.CPT, updated, source="demo update")
    assert "new wording" in client.get("/codes/cpt/28820").get_data(as_text=True)
    assert "28820" in client.get("/codes/search?q=wording").get_data(True)


def test_a_job_page_links_a_code_as_soon_as_it_is_imported(
    app, codes, post_job, publish, other_client, tmp_path
):
    """A job page's description is remembered with its code links, but never past a code
    import: a code it names becomes a link at once, not when the remembered page expires."""
    from careercenter.codes.importers import import_csv
    from careercenter.models import CodeSystem

    job_id = publish(
        post_job(description="Toe amputations (28820) and unlisted foot work (28899).")
    )
    for _ in range(2):  # asked twice: remembered from now on
        page = other_client.get(f"/jobs/{job_id}", follow_redirects=True).get_data(True)
        assert "/codes/cpt/28820?" in page and "/codes/cpt/28899" not in page

    added = tmp_path / "cpt.csv"
    added.write_text(
        "code,official_description,plain_description\n28899,,Unlisted foot or toe surgery.\n",
        encoding="utf-8",
    )
    with app.app_context():
        import_csv(CodeSystem.CPT, added, source="demo update")
    page = other_client.get(f"/jobs/{job_id}", follow_redirects=True).get_data(True)
    assert "/codes/cpt/28899?" in page and "/codes/cpt/28820?" in page


@pytest.mark.parametrize("many", [None, 1])
def test_a_code_page_lists_the_open_jobs_that_name_it_newest_first(
    app, codes, make_job, monkeypatch, many
):
    """`many`: on PostgreSQL, more matches than PostgreSQLBackend.MANY are read by walking
    the newest first, fewer from the word index; 1 makes these jobs "many"."""
    if many:
        monkeypatch.setattr(PostgreSQLBackend, "MANY", many)
    make_job(title="Wound Care Coder", key_codes=["E11.52"], days_ago=3)
    make_job(title="Endocrinology Coder", description="Diabetes with gangrene: E11.52.", days_ago=1)
    make_job(title="Closed Diabetes Coder", key_codes=["E11.52"], state="closed")
    make_job(title="Orthopaedic Coder", key_codes=["28820"])

    def jobs_section(code: str) -> str:
        guest = app.test_client()  # each page from a guest of its own: no free view spent
        page = guest.get(f"/codes/icd-10-cm/{code}", headers={"User-Agent": f"reader {code}"})
        return page.get_data(as_text=True).split('id="jobs-title"', 1)[1]

    listed = jobs_section("E11.52")
    assert listed.index("Endocrinology Coder") < listed.index("Wound Care Coder")
    assert "Closed Diabetes Coder" not in listed and "Orthopaedic Coder" not in listed
    assert "No open job names this code right now." in jobs_section("E11.9")
