"""credentials version on users (mailed links die when it changes); guests' code views

Written by hand.

Revision ID: b11d00000001
Revises: s3a4c0000001
Create Date: 2026-11-30 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b11d00000001'
down_revision = 's3a4c0000001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('credentials_version', sa.Integer(), server_default='0', nullable=False)
        )
    op.create_table(
        'guest_code_views',
        sa.Column('visitor', sa.String(length=64), nullable=False),
        sa.Column('code_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ['code_id'], ['medical_codes.id'],
            name=op.f('fk_guest_code_views_code_id_medical_codes'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('visitor', 'code_id', name='pk_guest_code_views'),
    )
    with op.batch_alter_table('guest_code_views', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_guest_code_views_day'), ['day'], unique=False)


def downgrade():
    with op.batch_alter_table('guest_code_views', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_guest_code_views_day'))
    op.drop_table('guest_code_views')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('credentials_version')
