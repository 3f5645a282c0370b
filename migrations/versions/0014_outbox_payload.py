"""Outbox rows hold a snapshot of what the mail must say (`payload`, JSON) and are composed
when sent; `raw` stays for rows queued by the older code (still sendable), and is no longer
required.

Revision ID: 0014
Revises: 0013
"""
import warnings

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    # outbox_messages has no triggers: a batch rebuild on SQLite loses nothing. Reflecting the
    # tables it refers to warns about the expression index on registrations (SQLite cannot).
    with warnings.catch_warnings(), op.batch_alter_table('outbox_messages') as batch:
        warnings.simplefilter("ignore", sa.exc.SAWarning)
        batch.add_column(sa.Column('payload', sa.JSON(), nullable=True))
        batch.alter_column('raw', existing_type=sa.Text(), nullable=True)
        batch.create_check_constraint('has_content', 'payload IS NOT NULL OR raw IS NOT NULL')


def downgrade():
    # Rows composed from a payload cannot be kept by the old code: it needs the raw message.
    op.execute("DELETE FROM outbox_messages WHERE raw IS NULL")
    with warnings.catch_warnings(), op.batch_alter_table('outbox_messages') as batch:
        warnings.simplefilter("ignore", sa.exc.SAWarning)
        batch.drop_constraint('has_content', type_='check')
        batch.alter_column('raw', existing_type=sa.Text(), nullable=False)
        batch.drop_column('payload')
