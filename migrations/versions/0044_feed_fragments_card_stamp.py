"""feed fragments: valid only at the event's card stamp they were rendered at

Revision ID: 0044
Revises: 0043
Create Date: 2026-12-05 14:25:00

A stored VEVENT was valid while its copies of the session's SEQUENCE and both rows'
updated_at matched; only the ORM moves those (`feeds/tracking.py`), so a raw SQL edit
(`UPDATE events SET status = 'cancelled'` in psql, another host's bulk writer) that left
updated_at alone kept serving the old bytes. The event's card stamp (`card_stamps`, raised
by database triggers on every change of the event, its sessions' times and status, its
organisers' names, its themes and goals, whoever writes: migrations 0025, 0031, 0042) is
now part of the fragment's stamp too. Stored fragments start at 0: those of events with a
stamp are rendered again once, on their next feed.
"""
from alembic import op
import sqlalchemy as sa


revision = '0044'
down_revision = '0043'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('feed_fragments') as batch_op:
        batch_op.add_column(sa.Column('card_stamp', sa.BigInteger(), nullable=False,
                                      server_default='0'))


def downgrade():
    with op.batch_alter_table('feed_fragments') as batch_op:
        batch_op.drop_column('card_stamp')
