"""search ranking: what BM25 (SQLite) and ts_rank_cd (PostgreSQL) read

SQLite: the FTS5 index keeps which columns hold each token (detail='column' instead of
'none'), so bm25() weighs a word in the title above one in the tags and the body, and a
first pass can ask for the words in the title and tags alone (`{title tags} : ...`).
The index is rebuilt from posting_search_doc.

PostgreSQL: `title_tsv` becomes the title's tokens and the specialty, credential and
setting tags, with positions and weights (title A, specialty B, credential and setting C),
read by ts_rank_cd, and the first pass of a common search. Existing rows get it from what
the index holds (positions in token order); rebuild_index() writes it from the postings.
Written by hand.

Revision ID: rank00000001
Revises: chk170000001
Create Date: 2026-12-07 03:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'rank00000001'
down_revision = 'chk170000001'
branch_labels = None
depends_on = None


def _sqlite_fts(detail: str) -> None:
    for statement in (
        "DROP TRIGGER IF EXISTS posting_search_doc_ad",
        "DROP TABLE IF EXISTS posting_fts",
        f"""CREATE VIRTUAL TABLE posting_fts USING fts5(
            title, body, tags,
            content='posting_search_doc', content_rowid='seq', tokenize='ascii',
            detail='{detail}'
        )""",
        """CREATE TRIGGER posting_search_doc_ad AFTER DELETE ON posting_search_doc BEGIN
            INSERT INTO posting_fts (posting_fts, rowid, title, body, tags)
            VALUES ('delete', old.seq, old.title, old.body, old.tags);
        END""",
        "INSERT INTO posting_fts(posting_fts) VALUES ('rebuild')",
        "INSERT INTO posting_fts(posting_fts) VALUES ('optimize')",
    ):
        op.execute(statement)


# The lexemes of a stripped tsvector `v` whose text matches `pattern`, as an array.
def _lexemes(v: str, pattern: str) -> str:
    return f"array(SELECT l FROM unnest(tsvector_to_array({v})) AS l WHERE l ~ '{pattern}')"


def upgrade():
    if op.get_bind().dialect.name == 'sqlite':
        _sqlite_fts('column')
        return
    op.execute(
        "UPDATE posting_search SET title_tsv = "
        "setweight(to_tsvector('simple', array_to_string(tsvector_to_array(title_tsv), ' ')), 'A') "
        f"|| setweight(to_tsvector('simple', array_to_string({_lexemes('tsv', '^zzspec')}, ' ')), 'B') "
        "|| setweight(to_tsvector('simple', array_to_string("
        f"{_lexemes('tsv', '^zz(cred|set|appr)')}, ' ')), 'C')"
    )
    op.execute('UPDATE search_generation SET generation = generation + 1 WHERE id = 1')


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        _sqlite_fts('none')
        return
    op.execute(
        "UPDATE posting_search SET title_tsv = strip(ts_delete(title_tsv, "
        f"{_lexemes('title_tsv', '^zz')}))"
    )
