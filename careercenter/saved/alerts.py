"""Mailing job alerts: each due alert gets the jobs published since its last mail, once.

`send-alerts` (run by cron, hourly or daily) calls `enqueue_due_alerts`, which queues one
`send_alert` job per due alert (through RQ with REDIS_URL, in-process without). Each job
first claims its period by moving `last_sent_at` forward with a compare-and-set UPDATE,
so two runs, or two workers, can never mail the same jobs twice; a mail that fails gives
the claim back, so the next run sends it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import sqlalchemy as sa

from careercenter import jobs, search
from careercenter.extensions import db
from careercenter.mail import send_mail, site_url
from careercenter.models import AlertFrequency, Posting, SavedSearch, User
from careercenter.models.base import utcnow
from careercenter.saved import services

# How long after its last mail an alert is due again. An hour of slack, so a daily cron
# that fires a little early still sends.
INTERVALS = {
    AlertFrequency.DAILY: timedelta(days=1) - timedelta(hours=1),
    AlertFrequency.WEEKLY: timedelta(days=7) - timedelta(hours=1),
}
MAX_JOBS_PER_MAIL = 25
_SEARCH_DEPTH = 100  # the newest matches looked at for one mail


def _due_condition(now: datetime):
    return sa.or_(
        *(
            sa.and_(SavedSearch.frequency == frequency, SavedSearch.last_sent_at <= now - interval)
            for frequency, interval in INTERVALS.items()
        )
    )


def due_alert_ids(now: datetime) -> list[int]:
    return db.session.scalars(
        sa.select(SavedSearch.id)
        .join(User, User.id == SavedSearch.user_id)
        .where(SavedSearch.active.is_(True), User.suspended_at.is_(None), _due_condition(now))
        .order_by(SavedSearch.id)
    ).all()


def enqueue_due_alerts(now: datetime | None = None) -> int:
    now = now or utcnow()
    ids = due_alert_ids(now)
    for alert_id in ids:
        jobs.enqueue("careercenter.saved.alerts:send_alert", alert_id, now.isoformat())
    return len(ids)


def new_matches(alert: SavedSearch, since: datetime, until: datetime) -> tuple[list[Posting], bool]:
    """Open jobs matching the alert published in (since, until], newest first, and whether
    there were more than one mail shows."""
    query, _ = search.parse_job_query(services.alert_args(alert))
    query = replace(query, sort="newest", page=1)
    page = search.search_jobs(query, per_page=_SEARCH_DEPTH, all_words_only=True)
    fresh = [p for p in page.items if p.published_at and since < p.published_at <= until]
    return fresh[:MAX_JOBS_PER_MAIL], len(fresh) > MAX_JOBS_PER_MAIL


def _move_mark(alert_id: int, expected: datetime, to: datetime) -> bool:
    """Compare-and-set `last_sent_at` from `expected` to `to`; whether this call moved it."""
    moved = db.session.execute(
        sa.update(SavedSearch)
        .where(SavedSearch.id == alert_id, SavedSearch.last_sent_at == expected)
        .values(last_sent_at=to)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return bool(moved)


def send_alert(alert_id: int, until_iso: str) -> bool:
    """Mail one alert its new jobs up to `until`. Returns whether a mail went.

    The period is claimed first (`last_sent_at` moved to `until` by compare-and-set), so a
    second run or worker finds it taken and never mails the same jobs again. When the mail
    cannot go out, or anything fails before it does, the claim is given back (moved to
    where it was), so the alert counts as sent only once its mail went and the next run
    sends it."""
    until = datetime.fromisoformat(until_iso)
    alert = db.session.get(SavedSearch, alert_id)
    if alert is None or not alert.active or alert.last_sent_at > until - INTERVALS[alert.frequency]:
        return False
    since = alert.last_sent_at
    if not _move_mark(alert_id, since, until):  # another run took this period
        return False
    try:
        db.session.refresh(alert)
        postings, more = new_matches(alert, since, until)
        if not postings:
            return False  # nothing new: the period is done
        sent = _mail_alert(alert, postings, more) is not None
    except Exception:
        db.session.rollback()
        _move_mark(alert_id, until, since)
        raise
    if not sent:
        _move_mark(alert_id, until, since)
    return sent


def _mail_alert(alert: SavedSearch, postings: list[Posting], more: bool):
    unsubscribe_url = site_url(
        "applicants.unsubscribe_alert", token=services.unsubscribe_token(alert)
    )
    search_url = site_url("postings.search") + "?" + alert.query_string
    count = len(postings)
    return send_mail(
        alert.user.email,
        f"{count}{'+' if more else ''} new job{'s' if count != 1 else ''}: {alert.name}",
        "mail/job_alert.txt",
        alert=alert,
        postings=postings,
        more=more,
        search_url=search_url,
        unsubscribe_url=unsubscribe_url,
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
