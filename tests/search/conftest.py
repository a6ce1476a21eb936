"""Searching as /jobs would, and counting the SQL it runs. The jobs come from `make_job`
(tests/factories.py)."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from careercenter.extensions import db
from careercenter.search import parse_job_query, search_jobs


@pytest.fixture
def find(app):
    """Search as /jobs would with these parameters; returns the page of results."""

    def run(per_page=20, **params):
        with app.app_context():
            query, problems = parse_job_query({k: str(v) for k, v in params.items()})
            page = search_jobs(query, per_page=per_page)
            page.problems = problems
            page.ids = [p.id for p in page.items]
            page.titles = [p.title for p in page.items]
            return page

    return run


@pytest.fixture
def statements(app):
    """Record the SQL statements run inside a `with statements() as seen:` block."""

    @contextmanager
    def record():
        seen: list[str] = []

        def listen(conn, cursor, statement, parameters, context, executemany):
            seen.append(statement)

        with app.app_context():
            engine = db.engine
        sa.event.listen(engine, "before_cursor_execute", listen)
        try:
            yield seen
        finally:
            sa.event.remove(engine, "before_cursor_execute", listen)

    return record
