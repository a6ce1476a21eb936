"""The metering wall is a way forward: free views renew each period and the wall says when,
the official description stays visible, and a code a job page lists opens from that page."""

import re
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from careercenter import create_app
from careercenter.codes import metering
from careercenter.config import ConfigError
from careercenter.extensions import db
from careercenter.models import Posting, PostingStatus
from tests.conftest import Auth

FULL = "In plain language"
METERED = "You have 0 free code views left"


def _guest(app):
    return app.test_client(use_cookies=False)


def _on(monkeypatch, day: date):
    """Let the metering clock read `day` (noon UTC)."""
    moment = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    monkeypatch.setattr(metering, "utcnow", lambda: moment)


def test_the_wall_says_when_views_renew_and_keeps_the_official_description(app, codes, monkeypatch):
    _on(monkeypatch, date(2026, 12, 7))
    guest = _guest(app)
    assert FULL in guest.get("/codes/cpt/28660").get_data(as_text=True)
    page = guest.get("/codes/icd-10-cm/E11.9").get_data(as_text=True)
    assert METERED in page and FULL not in page
    assert "Your free code views renew on <strong>Jan 1, 2027</strong>" in page
    assert "Type 2 diabetes mellitus without complications" in page  # the official text
    assert (
        "opens in full from that job&#39;s page" in page
        or "opens in full from that job's page" in page
    )

    _on(monkeypatch, date(2027, 1, 1))  # a new month: a free view again
    assert FULL in guest.get("/codes/icd-10-cm/E11.9").get_data(as_text=True)
    assert METERED in guest.get("/codes/cpt/28665").get_data(as_text=True)


@pytest.mark.parametrize(
    ("period", "today", "renews"),
    [("week", date(2026, 12, 9), "Dec 14, 2026"), ("day", date(2026, 12, 9), "Dec 10, 2026")],
)
def test_the_period_is_configurable(app, codes, monkeypatch, period, today, renews):
    monkeypatch.setitem(app.config, "CODE_VIEWS_PERIOD", period)
    _on(monkeypatch, today)
    guest = _guest(app)
    guest.get("/codes/cpt/28660")
    assert f"renew on <strong>{renews}</strong>" in guest.get("/codes/cpt/28665").get_data(
        as_text=True
    )


def test_never_renewing_views_say_no_date(app, codes, monkeypatch):
    monkeypatch.setitem(app.config, "CODE_VIEWS_PERIOD", "never")
    guest = _guest(app)
    guest.get("/codes/cpt/28660")
    page = guest.get("/codes/cpt/28665").get_data(as_text=True)
    assert METERED in page and "renew" not in page


def test_a_bad_period_setting_is_refused_at_start(app):
    with pytest.raises(ConfigError, match="CODE_VIEWS_PERIOD must be day, week, month or never"):
        create_app({"ENV_NAME": "testing", "CODE_VIEWS_PERIOD": "fortnight",
                    "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})  # fmt: skip


def test_an_account_s_views_renew_each_month(app, codes, client, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "CODE_VIEWS_REGISTERED", 1)  # 2 views for an account
    make_user(email="reader@example.com")
    assert Auth(client).login(email="reader@example.com").status_code == 303
    _on(monkeypatch, date(2026, 12, 7))
    for code in ("28660", "28665"):
        assert FULL in client.get(f"/codes/cpt/{code}").get_data(as_text=True)
    page = client.get("/codes/cpt/27256").get_data(as_text=True)
    assert METERED in page and "renew on <strong>Jan 1, 2027</strong>" in page
    assert FULL in client.get("/codes/cpt/28660").get_data(as_text=True)  # counted already

    _on(monkeypatch, date(2027, 1, 3))
    assert FULL in client.get("/codes/cpt/27256").get_data(as_text=True)
    assert FULL in client.get("/codes/cpt/28660").get_data(as_text=True)  # counted anew
    assert METERED in client.get("/codes/cpt/28665").get_data(as_text=True)


def _links(page: str) -> dict[str, str]:
    return {
        code: href.replace("&amp;", "&")
        for href, code in re.findall(r'<a href="(/codes/[^"]+)"[^>]*>([^<]+)</a>', page)
    }


def test_codes_a_job_lists_open_from_its_page_without_a_view(
    app, codes, post_job, publish, monkeypatch
):
    # The form's description names 28820 and E11.52 (tests/factories.py).
    posting_id = publish(post_job(key_codes="28660, 27256"))
    guest = _guest(app)
    assert FULL in guest.get("/codes/cpt/28810").get_data(as_text=True)  # the one free view
    assert METERED in guest.get("/codes/cpt/28660").get_data(as_text=True)

    job = guest.get(f"/jobs/{posting_id}", follow_redirects=True).get_data(as_text=True)
    links = _links(job)
    for code in ("28660", "27256", "28820", "E11.52"):  # key codes and codes in the text
        page = guest.get(links[code]).get_data(as_text=True)
        assert FULL in page and METERED not in page, code
        assert "which lists this code: reading it there uses no free view" in page
    assert METERED in guest.get("/codes/cpt/28665").get_data(as_text=True)  # still counted

    # The token opens only its own code, only from that job, and cannot be made up.
    token = links["28660"].split("job=")[1]
    assert METERED in guest.get(f"/codes/cpt/28665?job={token}").get_data(as_text=True)
    forged = f"{posting_id}.{'A' * 22}"
    assert METERED in guest.get(f"/codes/cpt/28660?job={forged}").get_data(as_text=True)
    other_job = token.replace(f"{posting_id}.", f"{posting_id + 1}.", 1)
    assert METERED in guest.get(f"/codes/cpt/28660?job={other_job}").get_data(as_text=True)
    assert guest.get("/codes/cpt/28660?job=" + "9" * 500).status_code == 200

    with app.app_context():  # a closed job opens nothing any more
        db.session.get(Posting, posting_id).status = PostingStatus.CLOSED
        db.session.commit()
    assert METERED in guest.get(links["28660"]).get_data(as_text=True)


@pytest.mark.parametrize(
    "token",
    [
        "1.NuQ18VF6Hs6C9MHKP0ZKgA\u00bf'\"(",  # what wapiti's sql module sends
        "1.\u00e9",
        "\u00b2.x",  # a superscript two: str.isdigit() says yes, int() says no
        "\u0661\u0662.x",  # Arabic-Indic digits
        "\u00b2",
    ],
)
def test_a_token_that_is_not_ours_reads_as_no_token(app, codes, token):
    response = _guest(app).get("/codes/cpt/28660", query_string={"job": token})
    assert response.status_code == 200
    assert FULL in response.get_data(as_text=True)  # the guest's one free view, as without it


def test_a_token_survives_the_redirect_to_the_canonical_address(app, codes, post_job, publish):
    posting_id = publish(post_job(key_codes="E11.9"))
    guest = _guest(app)
    guest.get("/codes/cpt/28810")
    token = metering_token(app, posting_id, "icd-10-cm", "E11.9")
    response = guest.get(f"/codes/icd-10-cm/e119?job={token}")
    assert response.status_code == 301 and f"job={token}" in response.location
    assert FULL in guest.get(response.location).get_data(as_text=True)


def metering_token(app, posting_id, system, code):
    with app.test_request_context():
        return metering.job_token(posting_id, system, code)


def test_job_pages_render_tokens_once_for_everyone(app, codes, post_job, publish, client):
    posting_id = publish(post_job(key_codes="28660"))
    first = client.get(f"/jobs/{posting_id}", follow_redirects=True).get_data(as_text=True)
    other = _guest(app).get(f"/jobs/{posting_id}", follow_redirects=True).get_data(as_text=True)
    assert _links(first)["28660"] == _links(other)["28660"]
    with app.app_context():
        assert db.session.scalar(sa.select(Posting.status).where(Posting.id == posting_id)) is (
            PostingStatus.PUBLISHED
        )
