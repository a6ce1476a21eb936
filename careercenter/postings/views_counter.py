"""Job-page views, counted in memory and written to the database in one statement every
few seconds.

A write and a commit on every page view made a job page's most expensive part a counter
(and on PostgreSQL a disk flush per view). Each process keeps its own tally; the first view
after `VIEW_COUNT_INTERVAL` seconds writes all of it, and so does the process's exit. A crash
loses at most that many seconds of views, which only ever feed the employer's statistics.
`VIEW_COUNT_INTERVAL = 0` writes every view at once (the tests do).
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
from collections import Counter

import sqlalchemy as sa
from flask import Flask, current_app

from careercenter.extensions import db
from careercenter.models import Posting

log = logging.getLogger(__name__)

_lock = threading.Lock()
_pending: Counter[int] = Counter()
_last_write = time.monotonic()


def count_view(posting_id: int) -> None:
    """Count one view of a job page; write the tally when it is due. Commits then."""
    with _lock:
        _pending[posting_id] += 1
        due = time.monotonic() - _last_write >= current_app.config["VIEW_COUNT_INTERVAL"]
    if due:
        write_pending()


def write_pending() -> int:
    """Add the pending views to the postings in one statement and commit; returns how many
    postings were updated. On a database error the views are kept for the next write."""
    global _last_write
    with _lock:
        batch = dict(_pending)
        _pending.clear()
        _last_write = time.monotonic()
    if not batch:
        return 0
    try:
        table = Posting.__table__
        # Core executemany (the ORM would read a list of parameters as a bulk update by key).
        db.session.connection().execute(
            sa.update(table)
            .where(table.c.id == sa.bindparam("posting_id"))
            # updated_at says when the job last changed; a view is not a change.
            .values(
                view_count=table.c.view_count + sa.bindparam("views"),
                updated_at=table.c.updated_at,
            ),
            [{"posting_id": pid, "views": n} for pid, n in sorted(batch.items())],
        )
        db.session.commit()
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        with _lock:
            _pending.update(batch)
        log.warning("could not write %d postings' view counts; kept for later", len(batch))
        return 0
    return len(batch)


def init_app(app: Flask) -> None:
    """Write what is pending when the process exits (not needed when every view is written
    at once)."""
    if not app.config["VIEW_COUNT_INTERVAL"]:
        return

    def write_at_exit() -> None:
        if _pending:
            with app.app_context():
                write_pending()

    atexit.register(write_at_exit)
