"""Events keep the span of their sessions (first_start, last_end) for fast agenda queries.

Revision ID: 0007
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('first_start', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('last_end', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_events_status_last_end', ['status', 'last_end'], unique=False)
    op.execute(
        "UPDATE events SET "
        "first_start = (SELECT min(starts_at) FROM event_sessions s WHERE s.event_id = events.id), "
        "last_end = (SELECT max(ends_at) FROM event_sessions s WHERE s.event_id = events.id)"
    )


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_status_last_end')
        batch_op.drop_column('last_end')
        batch_op.drop_column('first_start')
