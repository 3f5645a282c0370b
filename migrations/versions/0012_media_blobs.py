"""Uploaded images in the database (issue 14, item 17), so that every host serves them; with
MEDIA_URL set they go to S3-compatible storage instead and this table stays empty.

Revision ID: 0012
Revises: 0011
"""
import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'media_blobs',
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('content_type', sa.String(length=100), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('size = length(data)', name='ck_media_blobs_size'),
        sa.PrimaryKeyConstraint('key'),
    )


def downgrade():
    op.drop_table('media_blobs')
