"""With REDIS_URL set, rate limits live in Redis, shared by every worker."""

import os
import secrets

import pytest
import redis

from careercenter import create_app
from careercenter.extensions import limiter
from tests.conftest import post_form

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_is_up() -> bool:
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


def test_rate_limits_use_memory_without_redis(app):
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"


@pytest.mark.skipif(not _redis_is_up(), reason="needs the Redis server at TEST_REDIS_URL")
def test_rate_limits_are_shared_through_redis(app):
    prefix = "cc-test-" + secrets.token_hex(4)
    redis_app = create_app(
        {
            "ENV_NAME": "testing",
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "REDIS_URL": REDIS_URL,
            "RATELIMIT_KEY_PREFIX": prefix,
        }
    )
    assert redis_app.config["RATELIMIT_STORAGE_URI"] == REDIS_URL
    # Two clients stand for two workers: the count is shared, so the limit holds across them.
    first, second = redis_app.test_client(), redis_app.test_client()
    data = {"email": "someone@example.com", "password": "wrong-password-1"}
    statuses = [post_form(c, "/login", data).status_code for c in (first, second) * 3]
    assert statuses[-1] == 429
    client = redis.Redis.from_url(REDIS_URL)
    assert client.keys(f"*{prefix}*")
    for key in client.scan_iter(f"*{prefix}*"):
        client.delete(key)
    # Give the shared limiter back its test storage for the rest of the suite.
    limiter.init_app(app)
