"""An index of sessions by end and start, with what a feed's order needs (event, SEQUENCE,
updated_at, UID): the sessions of a window (a feed's 30 days back to 12 months ahead), and
which events have one, are read from it alone, so a feed never reads the rows of past
sessions or events, however much history accumulates.

Revision ID: 0032
Revises: 0031
"""
from alembic import op

revision = '0032'
down_revision = '0031'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_event_sessions_window', 'event_sessions',
                    ['ends_at', 'starts_at', 'event_id', 'sequence', 'updated_at', 'uid'])


def downgrade():
    op.drop_index('ix_event_sessions_window', table_name='event_sessions')
