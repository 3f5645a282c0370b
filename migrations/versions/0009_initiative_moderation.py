"""Initiatives maintained by their organisations (an edit version and audit entries per
initiative) and cancellable State-of-the-STEM programme items.

Revision ID: 0009
Revises: 0008
"""
import warnings

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('initiatives', sa.Column('version', sa.Integer(), nullable=False,
                                           server_default='1'))
    # A cancelled programme item stays in the feeds as STATUS:CANCELLED (calendars drop it).
    op.add_column('programme_items', sa.Column('cancelled', sa.Boolean(), nullable=False,
                                               server_default=sa.false()))
    # audit_entries has no triggers: a batch rebuild on SQLite loses nothing. Reflecting the
    # tables it refers to warns about the expression index on users (SQLite cannot reflect it).
    with warnings.catch_warnings(), op.batch_alter_table('audit_entries', schema=None) as batch_op:
        warnings.simplefilter("ignore", sa.exc.SAWarning)
        batch_op.add_column(sa.Column('initiative_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_audit_entries_initiative_id'), ['initiative_id'],
                              unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_audit_entries_initiative_id_initiatives'),
                                    'initiatives', ['initiative_id'], ['id'],
                                    ondelete='SET NULL')


def downgrade():
    with warnings.catch_warnings(), op.batch_alter_table('audit_entries', schema=None) as batch_op:
        warnings.simplefilter("ignore", sa.exc.SAWarning)
        batch_op.drop_constraint(batch_op.f('fk_audit_entries_initiative_id_initiatives'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_audit_entries_initiative_id'))
        batch_op.drop_column('initiative_id')
    op.drop_column('programme_items', 'cancelled')
    op.drop_column('initiatives', 'version')
