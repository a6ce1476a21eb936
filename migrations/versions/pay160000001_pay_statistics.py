"""pay statistics: one row per job counted, quantiles by group, and their generation

Refreshed by careercenter.pay.stats.refresh (when postings change, and by
`flask refresh-pay`). Written by hand.

Revision ID: pay160000001
Revises: rank00000001
Create Date: 2026-12-07 03:15:00.000000

"""
from alembic import op
import sqlalchemy as sa

from careercenter.models.base import UTCDateTime


# revision identifiers, used by Alembic.
revision = 'pay160000001'
down_revision = 'rank00000001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'pay_points',
        sa.Column('posting_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('unit', sa.String(length=10), nullable=False),
        sa.Column('low', sa.Float(), nullable=False),
        sa.Column('high', sa.Float(), nullable=False),
        sa.Column('mid', sa.Float(), nullable=False),
        sa.Column('credentials', sa.JSON(), nullable=False),
        sa.Column('specialties', sa.JSON(), nullable=False),
        sa.Column('settings', sa.JSON(), nullable=False),
        sa.Column('arrangement', sa.String(length=20), nullable=False),
        sa.Column('state', sa.String(length=2), nullable=False),
        sa.Column('month', sa.String(length=7), nullable=False),
        sa.Column('published_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['posting_id'], ['postings.id'],
                                name=op.f('fk_pay_points_posting_id_postings'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('posting_id', name=op.f('pk_pay_points')),
    )
    op.create_table(
        'pay_stats',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('grp', sa.String(length=200), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('hourly_count', sa.Integer(), nullable=False),
        sa.Column('p10', sa.Float(), nullable=False),
        sa.Column('p25', sa.Float(), nullable=False),
        sa.Column('p50', sa.Float(), nullable=False),
        sa.Column('p75', sa.Float(), nullable=False),
        sa.Column('p90', sa.Float(), nullable=False),
        sa.Column('width_p75', sa.Float(), nullable=False),
        sa.Column('first_published', UTCDateTime(), nullable=False),
        sa.Column('last_published', UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_pay_stats')),
        sa.UniqueConstraint('kind', 'grp', name=op.f('uq_pay_stats_kind')),
    )
    table = op.create_table(
        'pay_refresh',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('generation', sa.BigInteger(), nullable=False),
        sa.Column('refreshed_at', UTCDateTime(), nullable=True),
        sa.Column('window_start', UTCDateTime(), nullable=True),
        sa.Column('window_end', UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_pay_refresh')),
    )
    op.bulk_insert(table, [{'id': 1, 'generation': 1}])


def downgrade():
    op.drop_table('pay_refresh')
    op.drop_table('pay_stats')
    op.drop_table('pay_points')
