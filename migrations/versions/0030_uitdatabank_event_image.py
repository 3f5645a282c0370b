"""The image an exported event sent to UiTdatabank: our file and its mediaObject id there, on
the event's row of `uitdatabank_events` (not a key of the places table).

Revision ID: 0030
Revises: 0029
"""
import sqlalchemy as sa
from alembic import op

revision = '0030'
down_revision = '0029'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('uitdatabank_events', sa.Column('image_file', sa.String(length=300),
                                                  server_default='', nullable=False))
    op.add_column('uitdatabank_events', sa.Column('image_id', sa.String(length=300),
                                                  server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('uitdatabank_events') as batch:
        batch.drop_column('image_id')
        batch.drop_column('image_file')
