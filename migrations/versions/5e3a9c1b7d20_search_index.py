"""search index: posting_search, with FTS5 (SQLite) or a tsvector + GIN (PostgreSQL)

Written by hand: each database keeps the words its own way (see careercenter/search/).
An existing database's open postings are indexed by careercenter.search.rebuild_index().

Revision ID: 5e3a9c1b7d20
Revises: dac05103dbf7
Create Date: 2026-11-23 09:30:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = '5e3a9c1b7d20'
down_revision = 'dac05103dbf7'
branch_labels = None
depends_on = None


SQLITE_UPGRADE = [
    # The documents, by seq: the external content of the FTS5 index.
    """CREATE TABLE posting_search_doc (
        seq INTEGER NOT NULL PRIMARY KEY
            REFERENCES posting_search (seq) ON DELETE CASCADE,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        tags TEXT NOT NULL
    )""",
    # The text is normalised to [a-z0-9 ] before it gets here: the ascii tokenizer only
    # splits it on spaces. No search needs word positions (phrases are single tokens by
    # then), so the index keeps only which rows hold each token: detail=none.
    """CREATE VIRTUAL TABLE posting_fts USING fts5(
        title, body, tags,
        content='posting_search_doc', content_rowid='seq', tokenize='ascii', detail='none'
    )""",
    # A document leaving (also by ON DELETE CASCADE from postings and posting_search) takes
    # its words out of the index. The application adds words itself: one row at a time, or
    # for a bulk load with a single FTS5 'rebuild', several times faster than a trigger.
    """CREATE TRIGGER posting_search_doc_ad AFTER DELETE ON posting_search_doc BEGIN
        INSERT INTO posting_fts (posting_fts, rowid, title, body, tags)
        VALUES ('delete', old.seq, old.title, old.body, old.tags);
    END""",
]

SQLITE_DOWNGRADE = [
    "DROP TRIGGER IF EXISTS posting_search_doc_ad",
    "DROP TABLE IF EXISTS posting_fts",
    "DROP TABLE IF EXISTS posting_search_doc",
]


def upgrade():
    dialect = op.get_bind().dialect.name
    if dialect not in ('sqlite', 'postgresql'):
        raise RuntimeError(f'job search supports SQLite and PostgreSQL, not {dialect}')
    postgres = dialect == 'postgresql'

    columns = [
        # SQLite: INTEGER PRIMARY KEY, the rowid. PostgreSQL: an identity bigint.
        sa.Column('seq', sa.BigInteger(), sa.Identity(), nullable=False)
        if postgres
        else sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('posting_id', sa.Integer(), nullable=False),
        sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('remote', sa.Boolean(), nullable=False),
        sa.Column('latitude', sa.Float(), nullable=False),
        sa.Column('longitude', sa.Float(), nullable=False),
        sa.Column('ux', sa.Float(), nullable=False),
        sa.Column('uy', sa.Float(), nullable=False),
        sa.Column('uz', sa.Float(), nullable=False),
        sa.Column('pay_annual', sa.Float(), nullable=False),
    ]
    if postgres:
        # Every token of the posting, and those of its title (for ranking), without positions.
        columns.append(sa.Column('tsv', postgresql.TSVECTOR(), nullable=False))
        columns.append(sa.Column('title_tsv', postgresql.TSVECTOR(), nullable=False))
    op.create_table(
        'posting_search',
        *columns,
        sa.ForeignKeyConstraint(['posting_id'], ['postings.id'], name=op.f('fk_posting_search_posting_id_postings'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('seq', name=op.f('pk_posting_search')),
        sa.UniqueConstraint('posting_id', name=op.f('uq_posting_search_posting_id')),
    )
    op.create_index('ix_posting_search_pay_annual', 'posting_search', ['pay_annual', 'seq'], unique=False)

    if postgres:
        op.create_index('ix_posting_search_tsv', 'posting_search', ['tsv'], unique=False, postgresql_using='gin')
    else:
        for statement in SQLITE_UPGRADE:
            op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        for statement in SQLITE_DOWNGRADE:
            op.execute(statement)
    else:
        op.drop_index('ix_posting_search_tsv', table_name='posting_search', postgresql_using='gin')
    op.drop_index('ix_posting_search_pay_annual', table_name='posting_search')
    op.drop_table('posting_search')
