"""The search index's tables.

`posting_search` holds one row per open posting, with the same columns on both databases:
an order key `seq` (publication time and a slot, engine.publication_key: newest first is
`seq DESC`), copies of what the exact filters need (dates, coordinates as a unit vector,
pay per year) and the posting it stands for.
Each database then keeps the words its own way, outside these shared columns:

- SQLite: `posting_search_doc` (the normalised title, body and filter tags, by `seq`),
  `posting_fts`, an FTS5 index over it whose rowid is `seq`, and `posting_title_fts`, one
  over its title and tags alone (the first tier of a common search's ranking); a trigger
  takes a deleted document out of both.
- PostgreSQL: `tsv`, a tsvector of all the tokens (no positions), with a GIN index; and
  `title_tsv`, the title's tokens and the specialty, credential and setting tags, weighted
  A, B and C (ranking, and the first pass of a common search); as columns of
  `posting_search`.

Those backend-only objects are not in the models' metadata: `include_name` keeps them out
of Alembic's comparison, so `flask db check` compares only what both databases share.
"""

from __future__ import annotations

import sqlalchemy as sa

from careercenter.models.base import Base, UTCDateTime

posting_search = sa.Table(
    "posting_search",
    Base.metadata,
    # INTEGER PRIMARY KEY is SQLite's rowid (the FTS5 rowid joins to it); an identity
    # bigint on PostgreSQL.
    sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
    sa.Column(
        "posting_id",
        sa.Integer(),
        sa.ForeignKey("postings.id", ondelete="CASCADE"),
        nullable=False,
        unique=True,
    ),
    sa.Column("published_at", UTCDateTime, nullable=False),
    sa.Column("expires_at", UTCDateTime, nullable=False),
    sa.Column("remote", sa.Boolean(), nullable=False),
    sa.Column("latitude", sa.Float(), nullable=False),
    sa.Column("longitude", sa.Float(), nullable=False),
    # The point on the unit sphere: distance tests become a dot product, the same
    # arithmetic on both databases.
    sa.Column("ux", sa.Float(), nullable=False),
    sa.Column("uy", sa.Float(), nullable=False),
    sa.Column("uz", sa.Float(), nullable=False),
    # The top of the pay range in dollars a year (hourly x 2080); 0 when paid per chart.
    sa.Column("pay_annual", sa.Float(), nullable=False),
    # The whole range, for the pay of the jobs a search finds (pay.found): dollars a year
    # (hourly x 2080), or dollars a chart when `per_chart`.
    sa.Column("pay_low", sa.Float(), nullable=False, server_default="0"),
    sa.Column("pay_high", sa.Float(), nullable=False, server_default="0"),
    sa.Column("per_chart", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Index("ix_posting_search_pay_annual", "pay_annual", "seq"),
)

# One row: a number that every change to the index raises, in the same transaction. Cached
# search results are keyed by it, so a cache never answers from an index that has changed.
search_generation = sa.Table(
    "search_generation",
    Base.metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
    sa.Column("generation", sa.BigInteger(), nullable=False),
)

SQLITE_ONLY_TABLES = ("posting_search_doc", "posting_fts", "posting_title_fts")
POSTGRESQL_ONLY_COLUMNS = ("tsv", "title_tsv")
POSTGRESQL_ONLY_INDEXES = ("ix_posting_search_tsv",)


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic's `include_name` hook: leave each backend's own search objects out of
    autogenerate and `db check` (they are made by hand in the search migration)."""
    if type_ == "table":
        return not (name or "").startswith(SQLITE_ONLY_TABLES)
    if type_ == "column" and parent_names.get("table_name") == "posting_search":
        return name not in POSTGRESQL_ONLY_COLUMNS
    if type_ == "index":
        return name not in POSTGRESQL_ONLY_INDEXES
    return True
