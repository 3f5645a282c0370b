"""State-of-the-STEM session choices, iCal identity of programme items, the participant list
opt-in of network moments.

Revision ID: 0008
Revises: 0006
"""
import uuid

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('programme_items', sa.Column('uid', sa.String(length=100), nullable=True))
    op.add_column('programme_items', sa.Column('sequence', sa.Integer(), nullable=False,
                                               server_default='0'))
    op.add_column('programme_items', sa.Column('updated_at', sa.DateTime(timezone=True),
                                               nullable=True))
    connection = op.get_bind()
    items = sa.table('programme_items', sa.column('id', sa.Integer),
                     sa.column('uid', sa.String), sa.column('updated_at', sa.DateTime))
    for (item_id,) in connection.execute(sa.select(items.c.id)).all():
        connection.execute(items.update().where(items.c.id == item_id).values(
            uid=f"{uuid.uuid4()}@stem-events", updated_at=sa.func.current_timestamp()))
    # programme_items has no triggers: a batch rebuild on SQLite loses nothing.
    with op.batch_alter_table('programme_items', schema=None) as batch_op:
        batch_op.alter_column('uid', existing_type=sa.String(length=100), nullable=False)
        batch_op.alter_column('updated_at', existing_type=sa.DateTime(timezone=True),
                              nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_programme_items_uid'), ['uid'])

    op.create_table(
        'programme_choices',
        sa.Column('registration_id', sa.Integer(), nullable=False),
        sa.Column('programme_item_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['programme_item_id'], ['programme_items.id'],
                                name=op.f('fk_programme_choices_programme_item_id_programme_items'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'],
                                name=op.f('fk_programme_choices_registration_id_registrations'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('registration_id', 'programme_item_id',
                                name=op.f('pk_programme_choices')),
    )
    op.create_index(op.f('ix_programme_choices_programme_item_id'), 'programme_choices',
                    ['programme_item_id'], unique=False)
    op.add_column('registrations', sa.Column('show_in_participant_list', sa.Boolean(),
                                             nullable=False, server_default=sa.false()))
    op.add_column('registrations', sa.Column('age_group', sa.String(length=8), nullable=False,
                                             server_default=''))


def downgrade():
    op.drop_column('registrations', 'age_group')
    op.drop_column('registrations', 'show_in_participant_list')
    op.drop_index(op.f('ix_programme_choices_programme_item_id'), table_name='programme_choices')
    op.drop_table('programme_choices')
    with op.batch_alter_table('programme_items', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_programme_items_uid'), type_='unique')
        batch_op.drop_column('updated_at')
        batch_op.drop_column('sequence')
        batch_op.drop_column('uid')
