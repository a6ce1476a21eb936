"""Remembered search answers: the same search is answered without searching again, and
never from an index that has changed since (publishing, editing, closing a job)."""

import html

from careercenter.extensions import db
from careercenter.models import Posting


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def test_a_repeated_search_is_answered_from_memory(client, make_job, statements):
    make_job(title="Remote Outpatient Coder", arrangement="remote")
    first = page(client, "/jobs?q=outpatient")
    second = page(client, "/jobs?q=outpatient")  # asked again: kept from now on
    with statements() as seen:
        again = page(client, "/jobs?q=outpatient")
    assert again == second == first and "1 job matches your search" in again
    # Only the index's generation is read: no search, no postings loaded.
    assert len(seen) == 1 and "search_generation" in seen[0]


def test_a_search_asked_once_is_not_kept(app, client, make_job, statements):
    """Most searches are asked once: keeping their answers only cost time and memory."""
    from careercenter.extensions import cache

    def entries() -> int:
        with app.app_context():
            return cache.stats()[0]

    make_job(title="Remote Outpatient Coder", arrangement="remote")
    kept = entries()
    page(client, "/jobs?q=remote+outpatient")
    api = client.get("/api/v1/jobs?q=remote+outpatient")
    assert api.get_json()["total"] == 1 and api.mimetype == "application/json"
    assert entries() == kept  # nothing kept
    with statements() as seen:
        again = page(client, "/jobs?q=remote+outpatient")
    assert "1 job matches your search" in again
    assert any("posting_search" in s for s in seen)  # searched again, and now kept
    assert entries() == kept + 2  # the form read and the results


def test_every_answer_can_be_kept_at_its_first_ask(app, client, make_job, statements):
    from careercenter.extensions import cache

    make_job(title="Remote Outpatient Coder", arrangement="remote")
    app.config["CACHE_MIN_ASKS"] = 1
    cache.init_app(app)
    try:
        first = page(client, "/jobs?q=outpatient")
        with statements() as seen:
            again = page(client, "/jobs?q=outpatient")
        assert again == first and len(seen) == 1 and "search_generation" in seen[0]
    finally:
        app.config["CACHE_MIN_ASKS"] = 2
        cache.init_app(app)


def test_a_newly_published_job_shows_at_once(client, make_job):
    make_job(title="Remote Outpatient Coder", arrangement="remote")
    assert "1 job matches your search" in page(client, "/jobs?q=coder")
    make_job(title="Inpatient Coder")
    text = page(client, "/jobs?q=coder")
    assert "2 jobs match your search" in text and "Inpatient Coder" in text
    api = client.get("/api/v1/jobs?q=coder").get_json()
    assert api["total"] == 2


def test_a_closed_job_leaves_remembered_results_at_once(app, client, make_job):
    from careercenter.postings import services

    job_id = make_job(title="Pro-fee Coder")
    assert "Pro-fee Coder" in page(client, "/jobs")
    assert client.get("/api/v1/jobs").get_json()["total"] == 1
    with app.app_context():
        services.close(db.session.get(Posting, job_id))
    assert "Pro-fee Coder" not in page(client, "/jobs")
    assert client.get("/api/v1/jobs").get_json()["total"] == 0


def test_remembering_can_be_turned_off(app, client, make_job, statements):
    from careercenter.extensions import cache

    make_job(title="Remote Outpatient Coder", arrangement="remote")
    saved = app.config["CACHE_MAX_BYTES"]
    app.config["CACHE_MAX_BYTES"] = 0
    cache.init_app(app)
    try:
        page(client, "/jobs?q=outpatient")
        with statements() as seen:
            page(client, "/jobs?q=outpatient")
        # No answer looked up: the generation is read once, by the search itself (the
        # words of the index it widens the query with are those of this generation).
        assert sum("search_generation" in s for s in seen) == 1
        assert any("posting_search" in s for s in seen)
    finally:
        app.config["CACHE_MAX_BYTES"] = saved
        cache.init_app(app)


def test_a_signed_in_coder_sees_their_own_save_search_form(client, login_as, make_job):
    """The remembered part is the same for everyone; the form to save the search is not."""
    make_job(title="Remote Outpatient Coder", arrangement="remote")
    guest_text = page(client, "/jobs?q=outpatient")
    assert "to get new jobs like these by mail" in guest_text
    login_as()
    coder_text = page(client, "/jobs?q=outpatient")
    assert "Mail me new jobs like these" in coder_text
    assert "to get new jobs like these by mail" not in coder_text


def test_a_remembered_list_is_not_shown_past_the_first_expiry_in_it(client, make_job, monkeypatch):
    from datetime import timedelta

    from careercenter import cache
    from careercenter.models import utcnow
    from careercenter.search import engine

    make_job(title="Pro-fee Coder")  # open for 30 days
    assert "Pro-fee Coder" in page(client, "/jobs")
    assert client.get("/api/v1/jobs").get_json()["total"] == 1
    later = utcnow() + timedelta(days=31)
    monkeypatch.setattr(cache, "utcnow", lambda: later)
    monkeypatch.setattr(engine, "utcnow", lambda: later)
    assert "Pro-fee Coder" not in page(client, "/jobs")
    assert client.get("/api/v1/jobs").get_json()["total"] == 0
