"""A per-registration calendar counter: the owner's personal feed and calendar attachments
show SEQUENCE = the session's sequence + the counters of the owner's registrations, so a
promotion from the waiting list (TENTATIVE → CONFIRMED) reaches calendars.

Revision ID: 0015
Revises: 0014
"""
import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('registrations', sa.Column('calendar_sequence', sa.Integer(), nullable=False,
                                             server_default='0'))


def downgrade():
    with op.batch_alter_table('registrations') as batch:
        batch.drop_column('calendar_sequence')
