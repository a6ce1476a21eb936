"""the search index's titles and tags as an FTS5 index of their own (SQLite)

A common search ("coder", "I10 coder") is ranked in two tiers, the first being the newest
matches with every word in the title or the fact tags. Asked of `posting_fts` with a column
filter (`{title tags} : ...`), FTS5 reads every match of the words in any column to find
them (20-30 ms at 100k postings when few titles have the words). `posting_title_fts` holds
the title and the tags alone, so the first tier is a plain lookup of short lists. It reads
`posting_search_doc` like posting_fts; the delete trigger takes a document out of both.
PostgreSQL keeps its `title_tsv` column for this: nothing changes there.

Revision ID: ttl00000001
Revises: gin00000001
Create Date: 2026-12-07 23:40:00.000000

"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "ttl00000001"
down_revision = "gin00000001"
branch_labels = None
depends_on = None


def _trigger(with_titles: bool) -> str:
    titles = (
        "INSERT INTO posting_title_fts (posting_title_fts, rowid, title, tags) "
        "VALUES ('delete', old.seq, old.title, old.tags);"
        if with_titles
        else ""
    )
    return f"""CREATE TRIGGER posting_search_doc_ad AFTER DELETE ON posting_search_doc BEGIN
            INSERT INTO posting_fts (posting_fts, rowid, title, body, tags)
            VALUES ('delete', old.seq, old.title, old.body, old.tags);
            {titles}
        END"""


def upgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in (
        """CREATE VIRTUAL TABLE posting_title_fts USING fts5(
            title, tags,
            content='posting_search_doc', content_rowid='seq', tokenize='ascii',
            detail='none'
        )""",
        "DROP TRIGGER IF EXISTS posting_search_doc_ad",
        _trigger(with_titles=True),
        "INSERT INTO posting_title_fts(posting_title_fts) VALUES ('rebuild')",
        "INSERT INTO posting_title_fts(posting_title_fts) VALUES ('optimize')",
    ):
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in (
        "DROP TRIGGER IF EXISTS posting_search_doc_ad",
        _trigger(with_titles=False),
        "DROP TABLE IF EXISTS posting_title_fts",
    ):
        op.execute(statement)
