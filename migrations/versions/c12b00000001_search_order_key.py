"""search order key: posting_search.seq becomes the publication time and a slot

Newest first is `seq DESC`; seq was the order rows entered the index, and is now the
publication time in milliseconds shifted left by 21 bits plus a slot for postings of the
same millisecond (careercenter.search.engine.publication_key). No schema change: the rows
already in the index are given their new keys, in (publication time, posting id) order.
Written by hand.

Revision ID: c12b00000001
Revises: b11b00000001
Create Date: 2026-11-30 02:20:00.000000

"""
from datetime import UTC, datetime, timedelta

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c12b00000001'
down_revision = 'b11b00000001'
branch_labels = None
depends_on = None

SLOT_BITS = 21  # as careercenter.search.engine.SLOT_BITS, written here for good
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _key(published_at) -> int:
    if isinstance(published_at, str):
        published_at = datetime.fromisoformat(published_at)
    if published_at.tzinfo is None:
        published_at = published_at.replace(tzinfo=UTC)
    milliseconds = (published_at - EPOCH) // timedelta(milliseconds=1)
    return min(max(milliseconds, 0), (1 << (63 - SLOT_BITS)) - 1) << SLOT_BITS


def _resequence(new_seq) -> None:
    """Give every index row the seq `new_seq(rows in publication order)` says."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.text("SELECT seq, published_at FROM posting_search ORDER BY published_at, posting_id")
    ).all()
    moves = [
        {'old': old, 'new': new}
        for (old, _), new in zip(rows, new_seq(rows), strict=True)
        if old != new
    ]
    if not moves:
        return
    # Through negative numbers, which neither scheme uses, so no two rows meet on the way.
    steps = [[{'old': m['old'], 'new': -1 - i} for i, m in enumerate(moves)],
             [{'old': -1 - i, 'new': m['new']} for i, m in enumerate(moves)]]
    sqlite = bind.dialect.name == 'sqlite'
    if sqlite:
        bind.exec_driver_sql('PRAGMA defer_foreign_keys = ON')
    for step in steps:
        bind.execute(sa.text('UPDATE posting_search SET seq = :new WHERE seq = :old'), step)
        if sqlite:
            bind.execute(sa.text('UPDATE posting_search_doc SET seq = :new WHERE seq = :old'), step)
    if sqlite:
        # The FTS5 index reads its rowids from posting_search_doc.seq.
        bind.exec_driver_sql("INSERT INTO posting_fts(posting_fts) VALUES ('rebuild')")
    bind.exec_driver_sql('UPDATE search_generation SET generation = generation + 1 WHERE id = 1')


def upgrade():
    def keys(rows):
        last = -1
        for _, published_at in rows:
            last = max(_key(published_at), last + 1)
            yield last

    _resequence(keys)


def downgrade():
    # The old scheme: 1, 2, 3... in publication order, and the identity past them.
    _resequence(lambda rows: range(1, len(rows) + 1))
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(
            "SELECT setval(pg_get_serial_sequence('posting_search', 'seq'), "
            "coalesce(max(seq), 0) + 1, false) FROM posting_search"
        )
