"""reviewed changes: what an edit waiting for review changed, and company profile changes

postings.review_changes keeps the changes of a posting's edit since its approved version,
worked out once when it is submitted. companies.pending_* keep an employer's change to the
public profile until a moderator approves it. Written by hand.

Revision ID: b11b00000001
Revises: c13b00000001
Create Date: 2026-11-30 01:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b11b00000001'
down_revision = 'c13b00000001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('postings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_changes', sa.JSON(), nullable=True))
    with op.batch_alter_table('companies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pending_profile', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('pending_logo_png', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('pending_logo_version', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('profile_submitted_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('profile_changes', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('companies', schema=None) as batch_op:
        batch_op.drop_column('profile_changes')
        batch_op.drop_column('profile_submitted_at')
        batch_op.drop_column('pending_logo_version')
        batch_op.drop_column('pending_logo_png')
        batch_op.drop_column('pending_profile')
    with op.batch_alter_table('postings', schema=None) as batch_op:
        batch_op.drop_column('review_changes')
