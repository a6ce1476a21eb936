"""Guests' code-page views, counted on the server.

A guest is known by a keyed hash of IP address and user agent, salted with the day, so that
a client which drops its cookies is counted all the same, and no address is stored. The
views live in Redis when REDIS_URL is set (expiring with the day) and in the
guest_code_views table otherwise (rows of past days are deleted); either way every worker
sees the same count. The signed session cookie is only a hint: it can make the count
stricter (a reader whose address changed), never looser.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app, request
from sqlalchemy.exc import DBAPIError, IntegrityError

from careercenter.extensions import db
from careercenter.models import GuestCodeView, utcnow

_REDIS_PREFIX = "cc:guest-code-views:"
_REDIS_TTL = int(timedelta(days=2).total_seconds())
# The day each worker last deleted past days' rows (once a day per process is plenty).
_cleaned_on: date | None = None


def visitor_key(day: date) -> str:
    """This guest today: a keyed hash of IP address, user agent and the day."""
    secret = current_app.config["SECRET_KEY"].encode()
    salt = hmac.new(secret, f"code-metering:{day.isoformat()}".encode(), hashlib.sha256)
    agent = request.headers.get("User-Agent", "")[:500]
    identity = f"{request.remote_addr or ''}\x1f{agent}".encode()
    return hmac.new(salt.digest(), identity, hashlib.sha256).hexdigest()


def is_allowed_crawler() -> bool:
    """Whether the user agent names one of METERING_ALLOWED_CRAWLERS (off by default).

    Only the User-Agent header is checked, which anyone can send: see the README."""
    names = current_app.config.get("METERING_ALLOWED_CRAWLERS") or ""
    agent = request.headers.get("User-Agent", "").lower()
    return bool(agent) and any(
        name.strip().lower() in agent for name in names.split(",") if name.strip()
    )


def record_guest_view(code_id: int, limit: int, hinted: set[int]) -> tuple[bool, int]:
    """Count this guest's opening of a code page, once per code and up to `limit` codes
    (counting the codes the cookie `hinted` at too). (May the page be shown, codes seen.)"""
    day = utcnow().date()
    key = visitor_key(day)
    if current_app.config.get("REDIS_URL"):
        return _record_in_redis(key, code_id, limit, hinted)
    return _record_in_database(key, day, code_id, limit, hinted)


def _redis():
    from redis import Redis

    connection = current_app.extensions.get("careercenter_redis")
    if connection is None:
        connection = Redis.from_url(current_app.config["REDIS_URL"])
        current_app.extensions["careercenter_redis"] = connection
    return connection


def _record_in_redis(key: str, code_id: int, limit: int, hinted: set[int]) -> tuple[bool, int]:
    redis = _redis()
    name = _REDIS_PREFIX + key
    seen = {int(v) for v in redis.smembers(name)}
    if code_id in seen:
        return True, len(seen | hinted)
    if len(seen | hinted | {code_id}) > limit:
        return False, len(seen | hinted)
    pipe = redis.pipeline()
    pipe.sadd(name, code_id)
    pipe.expire(name, _REDIS_TTL)
    pipe.smembers(name)
    _, _, after = pipe.execute()
    seen = {int(v) for v in after}
    if len(seen | hinted) > limit:  # another worker counted a view at the same moment
        redis.srem(name, code_id)
        return False, len(seen | hinted) - 1
    return True, len(seen | hinted)


def _seen_in_database(key: str) -> set[int]:
    return set(
        db.session.scalars(sa.select(GuestCodeView.code_id).where(GuestCodeView.visitor == key))
    )


def _record_in_database(
    key: str, day: date, code_id: int, limit: int, hinted: set[int]
) -> tuple[bool, int]:
    seen = _seen_in_database(key)
    if code_id in seen:
        return True, len(seen | hinted)
    if len(seen | hinted | {code_id}) > limit:
        return False, len(seen | hinted)
    try:
        with db.session.begin_nested():
            db.session.add(GuestCodeView(visitor=key, code_id=code_id, day=day))
        db.session.commit()
    except IntegrityError:  # the same guest's other request counted it first
        db.session.rollback()
        return True, len(_seen_in_database(key) | hinted)
    seen = _seen_in_database(key)
    if len(seen | hinted) > limit:  # another worker counted a view at the same moment
        db.session.execute(
            sa.delete(GuestCodeView).where(
                GuestCodeView.visitor == key, GuestCodeView.code_id == code_id
            )
        )
        db.session.commit()
        return False, len(seen | hinted) - 1
    _delete_past_days(day)
    return True, len(seen | hinted)


def _delete_past_days(today: date) -> None:
    global _cleaned_on
    if _cleaned_on == today:
        return
    _cleaned_on = today
    try:
        db.session.execute(sa.delete(GuestCodeView).where(GuestCodeView.day < today))
        db.session.commit()
    except DBAPIError:  # another worker is at it; the next day's first view tries again
        db.session.rollback()
