"""one open report per reporter and job; a status event changes the status

Simultaneous reports from one reporter stored several rows, and simultaneous identical
status changes several history events. Rows such races left are removed first (the
earliest report, and every event that changes something, are kept). Written by hand.

Revision ID: b11c00000001
Revises: b11d00000001
Create Date: 2026-11-30 10:00:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "b11c00000001"
down_revision = "b11d00000001"
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        "DELETE FROM reports WHERE resolved_at IS NULL AND id NOT IN ("
        "SELECT MIN(id) FROM reports WHERE resolved_at IS NULL "
        "GROUP BY posting_id, reporter_key)"
    )
    op.create_index(
        "uq_reports_open_posting_reporter",
        "reports",
        ["posting_id", "reporter_key"],
        unique=True,
        sqlite_where=sa.text("resolved_at IS NULL"),
        postgresql_where=sa.text("resolved_at IS NULL"),
    )
    op.execute("DELETE FROM application_events WHERE from_status = to_status")
    with op.batch_alter_table("application_events", schema=None) as batch_op:
        batch_op.create_check_constraint(
            "changes_status", "from_status IS NULL OR from_status <> to_status"
        )


def downgrade():
    with op.batch_alter_table("application_events", schema=None) as batch_op:
        batch_op.drop_constraint("changes_status", type_="check")
    op.drop_index("uq_reports_open_posting_reporter", table_name="reports")
