"""the pay range of each indexed posting, in the index

`posting_search` gains `pay_low` and `pay_high` (dollars a year, hourly x 2080; dollars a
chart for per-chart pay) and `per_chart`, so the pay of the jobs a search finds
(pay.found) is added up from the index alone, without reading the postings (whose pay
columns sit behind the long descriptions). Existing rows are filled from their postings.

Revision ID: fpay00000001
Revises: pay160000001
Create Date: 2026-12-07 06:40:00.000000

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "fpay00000001"
down_revision = "pay160000001"
branch_labels = None
depends_on = None

_PER_YEAR = "(CASE WHEN postings.pay_unit = 'hour' THEN 2080 ELSE 1 END)"


def upgrade():
    # Plain ADD COLUMN on both databases (a batch would copy posting_search on SQLite,
    # which the FTS5 index and its trigger refer to).
    op.add_column('posting_search', sa.Column('pay_low', sa.Float(), nullable=False, server_default='0'))
    op.add_column('posting_search', sa.Column('pay_high', sa.Float(), nullable=False, server_default='0'))
    op.add_column(
        'posting_search',
        sa.Column('per_chart', sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    for column, source in (
        ('pay_low', f'postings.pay_min * {_PER_YEAR}'),
        ('pay_high', f'postings.pay_max * {_PER_YEAR}'),
        ('per_chart', "postings.pay_unit = 'chart'"),
    ):
        op.execute(
            f'UPDATE posting_search SET {column} = (SELECT {source} FROM postings '
            'WHERE postings.id = posting_search.posting_id)'
        )
    op.execute('UPDATE search_generation SET generation = generation + 1 WHERE id = 1')


def downgrade():
    # ALTER TABLE ... DROP COLUMN on both (SQLite 3.35 and later).
    for column in ('per_chart', 'pay_high', 'pay_low'):
        op.execute(f'ALTER TABLE posting_search DROP COLUMN {column}')
