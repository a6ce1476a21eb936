"""companies.notify_mode holds one of NotifyMode's values (a CHECK constraint)

Written by hand.

Revision ID: st14a0000001
Revises: c12b00000001
Create Date: 2026-12-07 03:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'st14a0000001'
down_revision = 'c12b00000001'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("UPDATE companies SET notify_mode = 'each' WHERE notify_mode NOT IN ('each', 'digest')")
    with op.batch_alter_table('companies', schema=None) as batch_op:
        batch_op.alter_column(
            'notify_mode',
            existing_type=sa.String(length=10),
            type_=sa.String(length=20),
            existing_nullable=False,
            existing_server_default='each',
        )
        batch_op.create_check_constraint('notify_mode', "notify_mode IN ('each', 'digest')")


def downgrade():
    with op.batch_alter_table('companies', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_companies_notify_mode'), type_='check')
        batch_op.alter_column(
            'notify_mode',
            existing_type=sa.String(length=20),
            type_=sa.String(length=10),
            existing_nullable=False,
            existing_server_default='each',
        )
