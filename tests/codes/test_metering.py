"""Guests' code-page views are counted on the server: a client that never keeps the cookie
is metered all the same, by every worker; crawlers read freely only when configured."""

import secrets
from datetime import date, timedelta

import pytest
import redis
import sqlalchemy as sa

from careercenter import create_app
from careercenter.codes import metering
from careercenter.extensions import db
from careercenter.models import GuestCodeView, MedicalCode, utcnow
from tests.auth.test_rate_limit_store import REDIS_URL, _redis_is_up

CODES = ["28660", "28665", "27256", "27257", "28810"]
FULL = "In plain language"
METERED = "You have 0 free code views left"
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def _page(app, code, **headers):
    """One request from a client that keeps no cookies at all."""
    guest = app.test_client(use_cookies=False)
    return guest.get(f"/codes/cpt/{code}", headers=headers).get_data(as_text=True)


def test_a_guest_without_cookies_gets_the_metered_page_after_the_limit(app, codes):
    first, *rest = [_page(app, code) for code in CODES]
    assert FULL in first
    for page in rest:
        assert METERED in page and FULL not in page
    assert FULL in _page(app, CODES[0])  # the code already counted stays open


def test_deleting_the_cookie_does_not_start_the_count_again(app, codes):
    guest = app.test_client()
    assert FULL in guest.get("/codes/cpt/28660").get_data(as_text=True)
    guest.delete_cookie("cc_session")
    assert METERED in guest.get("/codes/cpt/28665").get_data(as_text=True)


def test_another_guest_has_a_count_of_their_own(app, codes):
    assert FULL in _page(app, "28660")
    other = app.test_client(use_cookies=False)
    other.environ_base["REMOTE_ADDR"] = "198.51.100.23"
    assert FULL in other.get("/codes/cpt/28665").get_data(as_text=True)


def test_every_worker_sees_the_same_count(app, codes):
    other_worker = create_app(
        {
            "ENV_NAME": "testing",
            "SECRET_KEY": app.config["SECRET_KEY"],  # workers of one site share their key
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "REDIS_URL": None,
        }
    )
    assert FULL in _page(app, "28660")
    assert METERED in _page(other_worker, "28665")


def test_an_allowed_crawler_reads_full_pages_only_when_configured(app, codes, monkeypatch):
    pages = [_page(app, code, **{"User-Agent": GOOGLEBOT}) for code in CODES]
    assert sum(FULL in page for page in pages) == 1  # not configured: metered like anyone
    assert FULL in _page(app, CODES[0])  # a browser uses its free view

    monkeypatch.setitem(app.config, "METERING_ALLOWED_CRAWLERS", "Googlebot, bingbot")
    for code in CODES:
        page = _page(app, code, **{"User-Agent": GOOGLEBOT})
        assert FULL in page and "free code views" not in page
    assert METERED in _page(app, CODES[1])  # a browser's user agent is still metered


def test_guest_views_of_past_periods_are_deleted(app, codes, monkeypatch):
    with app.app_context():
        code_id = db.session.scalar(sa.select(MedicalCode.id).where(MedicalCode.code == "28820"))
        this_month = utcnow().date().replace(day=1)
        last_month = (this_month - timedelta(days=1)).replace(day=1)
        db.session.add(GuestCodeView(visitor="x" * 64, code_id=code_id, day=last_month))
        db.session.commit()
    monkeypatch.setattr(metering, "_cleaned_on", None)
    assert FULL in _page(app, "28660")
    with app.app_context():
        days = db.session.scalars(sa.select(GuestCodeView.day)).all()
        assert days == [this_month]  # a view counts in the month it was made


@pytest.mark.skipif(not _redis_is_up(), reason="needs the Redis server at TEST_REDIS_URL")
def test_with_redis_the_count_lives_in_redis_and_expires(app, codes):
    redis_app = create_app(
        {
            "ENV_NAME": "testing",
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "REDIS_URL": REDIS_URL,
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    agent = "test-browser-" + secrets.token_hex(6)  # this run's own guest
    assert FULL in _page(redis_app, "28660", **{"User-Agent": agent})
    assert METERED in _page(redis_app, "28665", **{"User-Agent": agent})
    # The code already opened stays open, and opening it again counts nothing.
    assert FULL in _page(redis_app, "28660", **{"User-Agent": agent})
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(GuestCodeView)) == 0
    environ = {"REMOTE_ADDR": "127.0.0.1"}
    with redis_app.test_request_context(headers={"User-Agent": agent}, environ_base=environ):
        name = metering._REDIS_PREFIX + metering.visitor_key(metering.period().start)
    client = redis.Redis.from_url(REDIS_URL)
    try:
        assert client.scard(name) == 1
        assert 0 < client.ttl(name) <= 33 * 86_400  # the month's end, and a day
    finally:
        client.delete(name)


@pytest.mark.skipif(not _redis_is_up(), reason="needs the Redis server at TEST_REDIS_URL")
def test_in_redis_the_limit_counts_the_cookies_hints_and_never_goes_past(app):
    """The count and the check are one step on the Redis server: views of codes the cookie
    hints at count, a code opened again is free, and the view past the limit is refused
    without being stored."""
    redis_app = create_app(
        {"ENV_NAME": "testing", "REDIS_URL": REDIS_URL, "RATELIMIT_STORAGE_URI": "memory://"}
    )
    agent = "test-browser-" + secrets.token_hex(6)
    with redis_app.test_request_context(headers={"User-Agent": agent}):
        current = metering.period()
        name = metering._REDIS_PREFIX + metering.visitor_key(current.start)
        try:
            record = metering._record_in_redis
            key = metering.visitor_key(current.start)
            assert record(key, 1, 3, {7}, current) == (True, 2)  # code 7: from the cookie
            assert record(key, 1, 3, {7}, current) == (True, 2)  # opened again: not counted
            assert record(key, 7, 3, {7}, current) == (True, 2)  # the hinted code itself
            assert record(key, 2, 3, {7}, current) == (True, 3)
            assert record(key, 3, 3, {7}, current) == (False, 3)  # past the limit
            assert record(key, 3, 3, set(), current) == (False, 3)
            stored = redis.Redis.from_url(REDIS_URL).smembers(name)
            assert sorted(int(v) for v in stored) == [1, 2, 7]
        finally:
            redis.Redis.from_url(REDIS_URL).delete(name)


@pytest.mark.skipif(not _redis_is_up(), reason="needs the Redis server at TEST_REDIS_URL")
def test_a_guest_counted_in_redis_reads_the_page_without_a_transaction(app, codes):
    """Nothing of a guest's code page writes to the database when the count is in Redis, so
    on PostgreSQL its statements run without BEGIN and ROLLBACK; the connection is then
    handed on with its transactions back."""
    redis_app = create_app(
        {
            "ENV_NAME": "testing",
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "REDIS_URL": REDIS_URL,
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    seen: list[str] = []
    with redis_app.app_context():
        engine = db.engine

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(context.execution_options.get("isolation_level", "default"))

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        agent = "test-browser-" + secrets.token_hex(6)
        assert FULL in _page(redis_app, "28660", **{"User-Agent": agent})
        # (SQLite's driver reads outside a transaction already: nothing to change there.)
        expected = "AUTOCOMMIT" if engine.dialect.name == "postgresql" else "default"
        assert seen and set(seen) == {expected}
        seen.clear()
        with redis_app.app_context():
            # A write taken back is gone: the connection is in a transaction again.
            code_id = db.session.scalar(sa.select(MedicalCode.id).limit(1))
            db.session.add(GuestCodeView(visitor="x" * 64, code_id=code_id, day=date.today()))
            db.session.flush()
            db.session.rollback()
            assert db.session.scalar(sa.select(sa.func.count()).select_from(GuestCodeView)) == 0
        assert set(seen) == {"default"}
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
        environ = {"REMOTE_ADDR": "127.0.0.1"}
        with redis_app.test_request_context(headers={"User-Agent": agent}, environ_base=environ):
            name = metering._REDIS_PREFIX + metering.visitor_key(metering.period().start)
        redis.Redis.from_url(REDIS_URL).delete(name)
