"""search generation: the numbers every change to the job index and to the code data raise

Cached search answers are keyed by them (row 1: jobs, row 2: codes). Written by hand.

Revision ID: s3a4c0000001
Revises: m0d000000001
Create Date: 2026-11-23 14:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 's3a4c0000001'
down_revision = 'm0d000000001'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        'search_generation',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('generation', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_search_generation')),
    )
    op.bulk_insert(table, [{'id': 1, 'generation': 1}, {'id': 2, 'generation': 1}])


def downgrade():
    op.drop_table('search_generation')
