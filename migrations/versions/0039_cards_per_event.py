"""An agenda card is stored once per (event, language), whatever session it shows.

A card was stored per (event, session shown, language): a selection with a date (`from`, the
holidays) shows a later session of a series and found no card for it, so it rendered and
stored cards while the visitor waited (about 10 ms a page on PostgreSQL). The session's time
is now added per request like the seats left, so one stored card serves every session.

`card_fragments` is a cache (rendered again on demand): the table is made again without its
session column, and nothing is copied.

Revision ID: 0039
Revises: 0038
"""
from alembic import op
import sqlalchemy as sa

revision = '0039'
down_revision = '0038'
branch_labels = None
depends_on = None


def _create(with_session: bool):
    columns = [sa.Column('event_id', sa.Integer(), autoincrement=False, nullable=False)]
    constraints = [sa.ForeignKeyConstraint(['event_id'], ['events.id'],
                                           name=op.f('fk_card_fragments_event_id_events'),
                                           ondelete='CASCADE')]
    key = ['event_id', 'language']
    if with_session:
        columns.append(sa.Column('session_id', sa.Integer(), autoincrement=False,
                                 nullable=False))
        constraints.append(sa.ForeignKeyConstraint(
            ['session_id'], ['event_sessions.id'],
            name=op.f('fk_card_fragments_session_id_event_sessions'), ondelete='CASCADE'))
        key = ['event_id', 'session_id', 'language']
    op.create_table(
        'card_fragments', *columns,
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('render_key', sa.String(length=40), nullable=False),
        sa.Column('stamp', sa.BigInteger(), nullable=False),
        sa.Column('head', sa.Text(), nullable=False),
        sa.Column('tail', sa.Text(), nullable=False),
        sa.Column('rendered_at', sa.DateTime(timezone=True), nullable=False),
        *constraints,
        sa.PrimaryKeyConstraint(*key, name=op.f('pk_card_fragments')),
    )
    if with_session:
        op.create_index(op.f('ix_card_fragments_session_id'), 'card_fragments', ['session_id'])


def upgrade():
    op.drop_index(op.f('ix_card_fragments_session_id'), table_name='card_fragments')
    op.drop_table('card_fragments')
    _create(with_session=False)


def downgrade():
    op.drop_table('card_fragments')
    _create(with_session=True)
