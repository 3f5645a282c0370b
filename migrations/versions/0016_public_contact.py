"""A public contact for participants' questions (accessibility too): an organisation's
public e-mail and phone, and an optional contact of one event that replaces it.

Revision ID: 0016
Revises: 0015
"""
import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    # Plain add_column: a batch rebuild of `events` would drop its FTS and version triggers.
    for table, email, phone in (("organisations", "public_email", "public_phone"),
                                ("events", "contact_email", "contact_phone")):
        op.add_column(table, sa.Column(email, sa.String(length=254), nullable=False,
                                       server_default=''))
        op.add_column(table, sa.Column(phone, sa.String(length=40), nullable=False,
                                       server_default=''))


def downgrade():
    with op.batch_alter_table('organisations') as batch:
        batch.drop_column('public_phone')
        batch.drop_column('public_email')
    op.drop_column('events', 'contact_phone')
    op.drop_column('events', 'contact_email')
