"""The STEM-label remembers its category's place in the round (`stem_labels.position`), so an
initiative's badges follow the order coordinators give a round's categories.

Revision ID: 0027
Revises: 0025

Existing labels take the position of their nomination's category.
"""
import sqlalchemy as sa
from alembic import op

revision = '0027'
down_revision = '0025'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('stem_labels', sa.Column('position', sa.Integer(), nullable=False,
                                           server_default='0'))
    op.execute(
        "UPDATE stem_labels SET position = COALESCE((SELECT c.position FROM nominations n "
        "JOIN award_categories c ON c.id = n.category_id "
        "WHERE n.id = stem_labels.nomination_id), 0)")


def downgrade():
    # a plain ALTER TABLE … DROP COLUMN (SQLite ≥ 3.35): no rebuild of the table
    op.drop_column('stem_labels', 'position')
