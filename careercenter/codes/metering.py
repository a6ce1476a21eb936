"""Guests' code-page views, counted on the server, and the period free views renew in.

Free views renew every CODE_VIEWS_PERIOD ("month" by default: on the first of each month,
UTC; "week": on Mondays; "day"; "never"). A guest is known by a keyed hash of IP address
and user agent, salted with the period, so that a client which drops its cookies is counted
all the same, and no address is stored. The views live in Redis when REDIS_URL is set
(expiring with the period) and in the guest_code_views table otherwise (rows of past
periods are deleted; its `day` is the period's first day); either way every worker sees the
same count. The signed session cookie is only a hint: it can make the count stricter (a
reader whose address changed), never looser.

A code that a job page lists is readable from that page without spending a view: its links
carry a token signed for that job and that code (job_token), honoured while the job is open.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from flask import current_app, request
from sqlalchemy.exc import DBAPIError, IntegrityError

from careercenter.extensions import db
from careercenter.models import GuestCodeView, utcnow

_REDIS_PREFIX = "cc:guest-code-views:"
# The period each worker last deleted past periods' rows for (once per period is plenty).
_cleaned_on: date | None = None
PERIODS = ("day", "week", "month", "never")
_NEVER = date(2000, 1, 1)


@dataclass(frozen=True)
class Period:
    """The free views' current period: its first day, and the day they renew (None: never)."""

    start: date
    renews_on: date | None

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.start, datetime.min.time(), tzinfo=UTC)


def period(today: date | None = None) -> Period:
    """The current period of CODE_VIEWS_PERIOD (UTC days)."""
    today = today or utcnow().date()
    kind = current_app.config.get("CODE_VIEWS_PERIOD") or "month"
    if kind == "day":
        return Period(today, today + timedelta(days=1))
    if kind == "week":
        monday = today - timedelta(days=today.weekday())
        return Period(monday, monday + timedelta(days=7))
    if kind == "never":
        return Period(_NEVER, None)
    first = today.replace(day=1)
    return Period(first, (first + timedelta(days=32)).replace(day=1))


def job_token(posting_id: int, system: str, code: str) -> str:
    """A code link's token from a job page: the job's id and a signature of the job and the
    code, so that it opens only that code, and only from that job (job_for_token)."""
    secret = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(
        secret, f"code-from-job:{posting_id}:{system}:{code}".encode(), hashlib.sha256
    ).digest()[:16]
    return f"{posting_id}.{base64.urlsafe_b64encode(digest).decode().rstrip('=')}"


def token_posting_id(token: str, system: str, code: str) -> int | None:
    """The job a token was made for, if it is one of ours for this code."""
    # Ours are ASCII: compare_digest refuses other text with a TypeError, and str.isdigit()
    # accepts digits int() does not read ("²").
    if not token or not token.isascii() or len(token) > 60:
        return None
    posting_id, _, _ = token.partition(".")
    if not posting_id.isdigit():
        return None
    expected = job_token(int(posting_id), system, code)
    return int(posting_id) if hmac.compare_digest(expected, token) else None


def visitor_key(day: date) -> str:
    """This guest in the period that begins on `day`: a keyed hash of IP address, user
    agent and the period."""
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
    (counting the codes the cookie `hinted` at too) in the current period. (May the page be
    shown, codes seen.)"""
    current = period()
    key = visitor_key(current.start)
    if current_app.config.get("REDIS_URL"):
        return _record_in_redis(key, code_id, limit, hinted, current)
    return _record_in_database(key, current.start, code_id, limit, hinted)


def _redis():
    from redis import Redis

    connection = current_app.extensions.get("careercenter_redis")
    if connection is None:
        connection = Redis.from_url(current_app.config["REDIS_URL"])
        current_app.extensions["careercenter_redis"] = connection
    return connection


# One guest's views in one step on the Redis server, so that two requests of the same guest
# on different workers cannot both take the last free view: KEYS[1] the guest's set of code
# ids, ARGV[1] the code, ARGV[2] seconds the set is kept, ARGV[3] the limit, ARGV[4...] the
# codes the cookie hints at. Returns {1 if the page may be shown, codes seen}.
_RECORD_VIEW = """
local seen, count = {}, 0
for _, code in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  seen[code] = true
  count = count + 1
end
local opened = seen[ARGV[1]]
for i = 4, #ARGV do
  if not seen[ARGV[i]] then
    seen[ARGV[i]] = true
    count = count + 1
  end
end
if opened then
  return {1, count}
end
if not seen[ARGV[1]] then
  count = count + 1
end
if count > tonumber(ARGV[3]) then
  return {0, count - (seen[ARGV[1]] and 0 or 1)}
end
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
return {1, count}
"""


def _record_in_redis(
    key: str, code_id: int, limit: int, hinted: set[int], current: Period
) -> tuple[bool, int]:
    """One round trip: the script above (EVALSHA) reads the guest's codes and adds this one
    if the limit allows."""
    renews = current.renews_on or (utcnow().date() + timedelta(days=400))
    keep = int((renews - utcnow().date()).total_seconds()) + 86_400
    script = current_app.extensions.get("careercenter_record_view")
    if script is None:
        script = current_app.extensions["careercenter_record_view"] = _redis().register_script(
            _RECORD_VIEW
        )
    allowed, seen = script(keys=[_REDIS_PREFIX + key], args=[code_id, keep, limit, *hinted])
    return bool(allowed), int(seen)


# Below this many views from the limit, the count is read again after a view is written, to
# undo one that the same guest's requests on other workers took past the limit at the same
# moment (further from it, they would need more requests at once than that).
_RACE_MARGIN = 16


def _seen_in_database(key: str, code_id: int, hinted: set[int]) -> tuple[bool, int]:
    """(Whether this guest opened this code in the period, how many codes they opened,
    counting those the cookie hints at): one query."""
    view = GuestCodeView
    columns = [
        sa.func.count(),
        sa.func.coalesce(sa.func.max(sa.case((view.code_id == code_id, 1), else_=0)), 0),
    ]
    if hinted:
        columns.append(
            sa.func.coalesce(sa.func.sum(sa.case((view.code_id.in_(hinted), 1), else_=0)), 0)
        )
    row = db.session.execute(sa.select(*columns).where(view.visitor == key)).one()
    known_hints = row[2] if hinted else 0
    return bool(row[1]), row[0] + len(hinted) - known_hints


def _insert_view(key: str, day: date, code_id: int) -> bool:
    """Write the view; False when the same guest's other request wrote it first."""
    values = {"visitor": key, "code_id": code_id, "day": day}
    dialect = db.session.get_bind().dialect.name
    if dialect in ("postgresql", "sqlite"):
        from sqlalchemy.dialects import postgresql, sqlite

        insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(GuestCodeView)
        statement = insert.values(values).on_conflict_do_nothing()
        written = db.session.execute(statement.returning(GuestCodeView.code_id)).first()
        db.session.commit()
        return written is not None
    try:
        with db.session.begin_nested():
            db.session.add(GuestCodeView(**values))
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def _record_in_database(
    key: str, day: date, code_id: int, limit: int, hinted: set[int]
) -> tuple[bool, int]:
    already, seen = _seen_in_database(key, code_id, hinted)
    if already:
        return True, seen
    after = seen if code_id in hinted else seen + 1
    if after > limit:
        return False, seen
    if not _insert_view(key, day, code_id):  # the same guest's other request counted it
        return True, _seen_in_database(key, code_id, hinted)[1]
    if limit - after < _RACE_MARGIN:
        _, after = _seen_in_database(key, code_id, hinted)
        if after > limit:  # another worker counted a view at the same moment
            db.session.execute(
                sa.delete(GuestCodeView).where(
                    GuestCodeView.visitor == key, GuestCodeView.code_id == code_id
                )
            )
            db.session.commit()
            return False, after - 1
    _delete_past_periods(day)
    return True, after


def _delete_past_periods(start: date) -> None:
    global _cleaned_on
    if _cleaned_on == start:
        return
    _cleaned_on = start
    try:
        db.session.execute(sa.delete(GuestCodeView).where(GuestCodeView.day < start))
        db.session.commit()
    except DBAPIError:  # another worker is at it; the next period's first view tries again
        db.session.rollback()
