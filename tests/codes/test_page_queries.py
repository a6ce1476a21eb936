"""A code page opened for the first time reads its code data in a fixed number of queries,
however deep the code is (issue 13, "Speed"), and counts a guest's view in one query and
one write."""

import pytest
import sqlalchemy as sa

from careercenter.extensions import db


@pytest.fixture
def statements(app):
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(" ".join(statement.split()))

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    yield seen
    sa.event.remove(engine, "before_cursor_execute", record)


@pytest.mark.parametrize(("code", "depth"), [("E11.9", 4), ("S98.011A", 6), ("E11", 2)])
def test_code_data_in_a_fixed_number_of_queries(app, codes, statements, code, depth, monkeypatch):
    monkeypatch.setitem(app.config, "CODE_VIEWS_GUEST", 100)
    guest = app.test_client(use_cookies=False)
    statements.clear()
    page = guest.get(f"/codes/icd-10-cm/{code}").get_data(as_text=True)
    assert page.count('<li><a href="/codes/icd-10-cm/') >= depth - 1  # the breadcrumbs
    code_reads = [s for s in statements if "FROM medical_codes" in s]
    # The code with its relations, its ancestors (one recursive query), the codes its notes
    # name, and its children only when it is a heading.
    assert len(code_reads) <= (4 if code == "E11" else 3), code_reads
    views = [s for s in statements if "guest_code_views" in s and not s.startswith("DELETE")]
    assert len(views) == 2, views  # one read, one write
