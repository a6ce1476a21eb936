"""moderation: reports, the audit log, and a posting's review state

Written by hand. The new posting columns are added and dropped with plain ALTER TABLE
(SQLite 3.35+ drops columns in place): a batch "move and copy" of `postings` on SQLite
would drop the table and, with foreign keys on, cascade into the rows that refer to it.

Revision ID: m0d000000001
Revises: a99c00000001
Create Date: 2026-11-23 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'm0d000000001'
down_revision = 'a99c00000001'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('postings', sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('postings', sa.Column('hidden_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('postings', sa.Column('approved_snapshot', sa.JSON(), nullable=True))

    op.create_table('reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('posting_id', sa.Integer(), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=True),
    sa.Column('reporter_key', sa.String(length=80), nullable=False),
    sa.Column('reason', sa.Enum('scam', 'discriminatory', 'wrong-information', 'expired', 'other', name='report_reason', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('note', sa.String(length=1000), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.Enum('kept', 'changes-requested', 'removed', name='report_outcome', native_enum=False, create_constraint=True, length=20), nullable=True),
    sa.Column('resolution_note', sa.String(length=1000), nullable=True),
    sa.CheckConstraint('(resolved_at IS NULL AND outcome IS NULL) OR (resolved_at IS NOT NULL AND outcome IS NOT NULL)', name=op.f('ck_reports_resolved_has_outcome')),
    sa.ForeignKeyConstraint(['posting_id'], ['postings.id'], name=op.f('fk_reports_posting_id_postings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reporter_id'], ['users.id'], name=op.f('fk_reports_reporter_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'], name=op.f('fk_reports_resolved_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reports'))
    )
    op.create_index('ix_reports_posting_id_resolved_at', 'reports', ['posting_id', 'resolved_at'], unique=False)
    op.create_index(op.f('ix_reports_reporter_id'), 'reports', ['reporter_id'], unique=False)
    op.create_index('ix_reports_resolved_at_created_at', 'reports', ['resolved_at', 'created_at'], unique=False)

    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_label', sa.String(length=254), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('target_type', sa.String(length=20), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('target_label', sa.String(length=200), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('note', sa.String(length=1000), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_log_actor_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    op.create_index(op.f('ix_audit_log_action'), 'audit_log', ['action'], unique=False)
    op.create_index(op.f('ix_audit_log_actor_id'), 'audit_log', ['actor_id'], unique=False)
    op.create_index(op.f('ix_audit_log_created_at'), 'audit_log', ['created_at'], unique=False)
    op.create_index('ix_audit_log_target_type_target_id', 'audit_log', ['target_type', 'target_id'], unique=False)


def downgrade():
    op.drop_index('ix_audit_log_target_type_target_id', table_name='audit_log')
    op.drop_index(op.f('ix_audit_log_created_at'), table_name='audit_log')
    op.drop_index(op.f('ix_audit_log_actor_id'), table_name='audit_log')
    op.drop_index(op.f('ix_audit_log_action'), table_name='audit_log')
    op.drop_table('audit_log')

    op.drop_index('ix_reports_resolved_at_created_at', table_name='reports')
    op.drop_index(op.f('ix_reports_reporter_id'), table_name='reports')
    op.drop_index('ix_reports_posting_id_resolved_at', table_name='reports')
    op.drop_table('reports')

    op.drop_column('postings', 'approved_snapshot')
    op.drop_column('postings', 'hidden_at')
    op.drop_column('postings', 'reviewed_at')
