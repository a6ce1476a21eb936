"""code releases: each code import names the release it loaded and the days it applies to

Written by hand.

Revision ID: c13b00000001
Revises: b11c00000001
Create Date: 2026-11-30 02:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c13b00000001'
down_revision = 'b11c00000001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('code_imports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('release', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('effective_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('effective_to', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('code_imports', schema=None) as batch_op:
        batch_op.drop_column('effective_to')
        batch_op.drop_column('effective_from')
        batch_op.drop_column('release')
