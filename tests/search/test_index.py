"""Keeping the index in step with the postings, rebuilding it, and what it costs to read."""

import os
from datetime import timedelta

import pytest
import sqlalchemy as sa

from careercenter import search
from careercenter.extensions import db
from careercenter.models import Company, Posting, User, utcnow
from careercenter.search.schema import include_name, posting_search


def indexed_ids(app) -> set[int]:
    with app.app_context():
        return set(db.session.scalars(sa.select(posting_search.c.posting_id)))


def check_fts_integrity(app) -> None:
    """SQLite: both FTS5 indexes agree with their content table (a bad 'delete' would
    corrupt them)."""
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            for index in ("posting_fts", "posting_title_fts"):
                db.session.execute(
                    sa.text(f"INSERT INTO {index}({index}, rank) VALUES ('integrity-check', 1)")  # noqa: S608
                )
            db.session.rollback()


def change(app, posting_id, action):
    """Apply `action(posting)` the way the postings services do: then index, then commit."""
    with app.app_context():
        posting = db.session.get(Posting, posting_id)
        action(posting)
        search.index_posting(posting)
        db.session.commit()


@pytest.mark.parametrize("action", ["close", "mark_filled", "expire", "send_back_to_review"])
def test_a_posting_that_stops_being_open_leaves_the_index(app, make_job, find, action):
    gone = make_job(title="Coder One")
    kept = make_job(title="Coder Two")
    change(app, gone, lambda p: getattr(p, action)())
    assert indexed_ids(app) == {kept}
    assert find(q="coder").ids == [kept]
    check_fts_integrity(app)


def test_an_edit_is_searchable_at_once_and_keeps_its_place(app, make_job, find):
    edited = make_job(title="Outpatient Coder")
    newer = make_job(title="Outpatient Auditor")

    def retitle(posting):
        posting.title = "Cardiology Coder"

    change(app, edited, retitle)
    assert find(q="cardiology").ids == [edited]
    assert find(q="outpatient").ids == [newer]
    assert find(sort="newest").ids == [newer, edited]
    check_fts_integrity(app)


def test_a_renewed_posting_counts_as_new(app, make_job, find, make_user):
    renewed = make_job(title="Coder One")
    newer = make_job(title="Coder Two")
    reviewer_id = make_user(email="mod@careercenter.example", name="Mo")

    def renew_and_approve(posting):
        posting.expire()
        posting.renew()
        posting.approve(db.session.get(User, reviewer_id))

    change(app, renewed, renew_and_approve)
    assert find(sort="newest").ids == [renewed, newer]


def test_remove_posting(app, make_job, find):
    posting_id = make_job(title="Coder")
    with app.app_context():
        search.remove_posting(posting_id)
        db.session.commit()
    assert find().ids == []
    check_fts_integrity(app)


def test_deleting_a_company_takes_its_jobs_out_of_the_index(app, make_job, find):
    gone = make_job(title="Coder One", company="Gone Coding Co")
    kept = make_job(title="Coder Two", company="Kept Health")
    with app.app_context():
        db.session.delete(db.session.get(Posting, gone).company)
        db.session.commit()
    assert indexed_ids(app) == {kept}
    assert find(q="coder").ids == [kept]
    check_fts_integrity(app)


def test_rebuild_indexes_every_open_posting_in_publication_order(app, make_job, find):
    late = make_job(title="Coder Late", days_ago=1)
    early = make_job(title="Coder Early", days_ago=5)
    closed = make_job(title="Coder Closed")
    change(app, closed, lambda p: p.close())
    with app.app_context():
        db.session.execute(sa.delete(posting_search))
        # A published posting past its date (the expiry command has not run): not open.
        db.session.execute(
            sa.update(Posting)
            .where(Posting.id == closed)
            .values(status="published", expires_at=utcnow() - timedelta(minutes=1))
        )
        db.session.commit()
    assert find().ids == []

    with app.app_context():
        assert search.rebuild_index() == 2
    assert find(sort="newest").ids == [late, early]
    assert find(q="coder early").ids[0] == early
    with app.app_context():
        assert search.rebuild_index() == 2  # again, over a full index
    assert find(q="coder").total == 2
    check_fts_integrity(app)


def test_a_company_name_is_searchable(make_job, find):
    summit = make_job(title="Coder", company="Summit Orthopaedic Partners")
    make_job(title="Coder", company="Riverside Health")
    assert find(q="summit").ids == [summit]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "coder", "sort": "relevance"},
        {"q": "coder", "sort": "newest", "location": "77002", "radius": "50"},
        {"q": "coder", "sort": "pay", "credential": "cpc", "pay_min": "20"},
        {"sort": "pay", "posted_within": "7", "arrangement": "on-site"},
    ],
)
def test_a_page_of_results_costs_the_same_queries_whatever_its_size(
    make_job, find, statements, params
):
    for n in range(60):
        make_job(title=f"Coder {n}", credentials=("cpc",), company=f"Company {n % 7}")
    find(per_page=1, **params)  # the index's words are read once per generation
    with statements() as small:
        assert len(find(per_page=5, **params).items) == 5
    with statements() as large:
        page = find(per_page=50, **params)
        assert len(page.items) == 50
        # Rendering the cards needs nothing more: the companies came with the postings.
        assert {posting.company.name for posting in page.items}
    # The generation (for the index's words) when there are words, the newest matches
    # (counted, ordered and paged from one statement), the postings.
    assert len(small) == len(large) == (3 if params.get("q") else 2)


def test_no_match_costs_a_few_small_queries(make_job, find, statements):
    make_job(title="Coder")
    find(q="coder")  # the index's words are read once per generation
    with statements() as seen:
        assert find(q="wound").total == 0
    # The generation, whether the word is anywhere in the index (it is not among the words
    # of the newest postings, and has no correction), the count.
    assert len(seen) == 3
    with statements() as seen:
        assert find(q="cardiology").total == 0
    # A word of the vocabulary is never corrected: no need to look for it first.
    assert len(seen) == 2


def test_the_migrations_match_the_models(app):
    """`flask db check`: the search's own backend objects are left out of the comparison."""
    result = app.test_cli_runner().invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output


def test_only_backend_objects_are_left_out_of_migrations_checks():
    assert not include_name("posting_fts", "table", {})
    assert not include_name("posting_fts_data", "table", {})
    assert not include_name("posting_search_doc", "table", {})
    assert not include_name("tsv", "column", {"table_name": "posting_search"})
    assert not include_name("ix_posting_search_tsv", "index", {"table_name": "posting_search"})
    assert include_name("posting_search", "table", {})
    assert include_name("tsv", "column", {"table_name": "postings"})
    assert include_name("ix_posting_search_pay_annual", "index", {})


@pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="PostgreSQL's GIN index: runs in the PostgreSQL run (TEST_DATABASE_URL)",
)
def test_a_new_posting_goes_straight_into_postgresqls_word_index(app, make_job):
    """PostgreSQL: no pending list in the GIN index (fastupdate off), so searches never read
    one. Pending entries are read by every search until a vacuum merges them."""
    with app.app_context():
        make_job(title="Inpatient Coder")
        options = db.session.execute(
            sa.text("SELECT reloptions FROM pg_class WHERE relname = 'ix_posting_search_tsv'")
        ).scalar()
        pending = db.session.execute(
            sa.text("SELECT gin_clean_pending_list('ix_posting_search_tsv')")
        ).scalar()
    assert "fastupdate=off" in (options or [])
    assert pending == 0  # nothing was waiting to be merged


def test_company_is_a_model_the_index_reads(app, make_job):
    # The company name in the index comes from the posting's company, loaded or not.
    posting_id = make_job(title="Coder", company="Bayou Billing")
    with app.app_context():
        posting = db.session.get(Posting, posting_id)
        assert isinstance(posting.company, Company)
        search.index_posting(posting)
        db.session.commit()
