"""With REDIS_URL set, mails go through a real RQ queue and the worker sends them."""

import os
import secrets
from datetime import timedelta

import pytest
import redis
import sqlalchemy as sa

from careercenter import create_app, jobs
from careercenter.extensions import db
from careercenter.models import SavedSearch
from careercenter.models.base import utcnow
from careercenter.saved.alerts import enqueue_due_alerts
from tests.conftest import post_form

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_is_up() -> bool:
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


def test_without_redis_jobs_run_at_once(app):
    assert not app.config.get("REDIS_URL")


@pytest.mark.skipif(not _redis_is_up(), reason="needs the Redis server at TEST_REDIS_URL")
def test_alerts_wait_in_the_queue_until_the_worker_sends_them(
    app, coder_client, post_job, publish, outbox
):
    post_form(coder_client, "/me/alerts", {"query": "q=orthopaedic", "frequency": "daily"})
    publish(post_job())
    queue_app = create_app(
        {
            "ENV_NAME": "testing",
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "MAIL_OUTBOX_DIR": app.config["MAIL_OUTBOX_DIR"],
            "MAIL_SERVER": None,
            "RATELIMIT_STORAGE_URI": "memory://",
            "REDIS_URL": REDIS_URL,
            "JOBS_QUEUE": "cc-test-" + secrets.token_hex(4),
        }
    )
    with queue_app.app_context():
        assert enqueue_due_alerts(utcnow() + timedelta(days=1, minutes=1)) == 1
        db.session.remove()
    alert_mails = lambda: [m for m in outbox.to("maria@example.com") if "new job" in m["Subject"]]  # noqa: E731
    assert alert_mails() == []  # queued, not sent
    jobs.run_worker(queue_app, burst=True)
    assert len(alert_mails()) == 1
    with app.app_context():
        assert db.session.scalar(sa.select(SavedSearch.last_sent_at)) > utcnow()
