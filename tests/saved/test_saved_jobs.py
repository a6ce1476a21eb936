from tests.conftest import post_form
from tests.factories import POSTING_FORM
from tests.pages import articles


def test_coder_saves_and_unsaves_a_job_from_its_page(coder_client, open_job):
    job_page = coder_client.get(f"/jobs/{open_job}", follow_redirects=True).get_data(as_text=True)
    assert "Save job" in job_page
    response = post_form(coder_client, f"/jobs/{open_job}/save", {"next": f"/jobs/{open_job}"})
    assert response.status_code == 303
    assert post_form(coder_client, f"/jobs/{open_job}/save").status_code == 303  # twice is once
    saved = coder_client.get("/me/saved-jobs").get_data(as_text=True)
    assert articles(saved) == [POSTING_FORM["title"]]  # one job card
    job_page = coder_client.get(f"/jobs/{open_job}", follow_redirects=True).get_data(as_text=True)
    assert "Remove from saved jobs" in job_page
    assert post_form(coder_client, f"/jobs/{open_job}/unsave").status_code == 303
    assert "You have no saved jobs" in coder_client.get("/me/saved-jobs").get_data(as_text=True)


def test_saving_needs_a_coder_account_and_a_visible_job(app, employer, coder_client, post_job):
    draft = post_job(submit=False)
    assert post_form(coder_client, f"/jobs/{draft}/save").status_code == 404
    assert post_form(coder_client, "/jobs/999999/save").status_code == 404
    guest = app.test_client()
    response = post_form(guest, f"/jobs/{draft}/save")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert post_form(employer, f"/jobs/{draft}/save").status_code == 403


def test_save_without_csrf_is_refused(coder_client, open_job):
    assert coder_client.post(f"/jobs/{open_job}/save").status_code == 400


def test_a_closed_saved_job_says_so(coder_client, employer, open_job):
    post_form(coder_client, f"/jobs/{open_job}/save")
    assert post_form(employer, f"/employer/postings/{open_job}/close").status_code == 303
    assert "No longer accepting applications" in coder_client.get("/me/saved-jobs").get_data(
        as_text=True
    )


def test_next_cannot_send_the_coder_off_site(coder_client, open_job):
    response = post_form(coder_client, f"/jobs/{open_job}/save", {"next": "https://evil.example/"})
    assert response.headers["Location"].startswith(f"/jobs/{open_job}")


def test_dashboard_lists_saved_jobs_and_alerts(coder_client, open_job):
    post_form(coder_client, f"/jobs/{open_job}/save")
    post_form(coder_client, "/me/alerts", {"query": "credential=cpc", "frequency": "weekly"})
    page = coder_client.get("/me/").get_data(as_text=True)
    assert "Orthopaedic Surgery Coder" in page
    assert "CPC</a> · weekly" in page
