"""Import sources (organisations' iCal feeds), their runs, and the link of imported events and
sessions to the source's UID and occurrence. New tables only: `events` and `event_sessions`
are not altered (their triggers stay, docs/architecture.md).

Revision ID: 0013
Revises: 0012
"""
import sqlalchemy as sa
from alembic import op

import stem_events.database

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('import_sources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('trusted', sa.Boolean(), nullable=False),
    sa.Column('paused', sa.Boolean(), nullable=False),
    sa.Column('interval_minutes', sa.Integer(), nullable=False),
    sa.Column('defaults', sa.JSON(), nullable=False),
    sa.Column('etag', sa.String(length=500), nullable=False),
    sa.Column('last_modified', sa.String(length=100), nullable=False),
    sa.Column('next_run_at', stem_events.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_run_at', stem_events.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('claimed_at', stem_events.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('held_reason', sa.Text(), nullable=False),
    sa.Column('cancellations_confirmed', sa.Boolean(), nullable=False),
    sa.Column('created_at', stem_events.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', stem_events.database.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('failures >= 0', name=op.f('ck_import_sources_failures_positive')),
    sa.CheckConstraint('interval_minutes >= 5', name=op.f('ck_import_sources_interval_sane')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_import_sources_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_sources'))
    )
    with op.batch_alter_table('import_sources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_sources_next_run_at'), ['next_run_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_import_sources_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('import_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=500), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_import_items_event_id_events'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['source_id'], ['import_sources.id'], name=op.f('fk_import_items_source_id_import_sources'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_items')),
    sa.UniqueConstraint('event_id', name=op.f('uq_import_items_event_id')),
    sa.UniqueConstraint('source_id', 'uid', name='uq_import_items_uid')
    )
    op.create_table('import_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('started_at', stem_events.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', stem_events.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.Enum('ok', 'not-modified', 'failed', 'held', name='runoutcome', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('created', sa.Integer(), nullable=False),
    sa.Column('updated', sa.Integer(), nullable=False),
    sa.Column('cancelled', sa.Integer(), nullable=False),
    sa.Column('unchanged', sa.Integer(), nullable=False),
    sa.Column('skipped', sa.Integer(), nullable=False),
    sa.Column('problems', sa.JSON(), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['source_id'], ['import_sources.id'], name=op.f('fk_import_runs_source_id_import_sources'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_runs'))
    )
    with op.batch_alter_table('import_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_runs_source_id'), ['source_id'], unique=False)

    op.create_table('import_occurrences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['import_items.id'], name=op.f('fk_import_occurrences_item_id_import_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['event_sessions.id'], name=op.f('fk_import_occurrences_session_id_event_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_occurrences')),
    sa.UniqueConstraint('item_id', 'key', name='uq_import_occurrences_key'),
    sa.UniqueConstraint('session_id', name=op.f('uq_import_occurrences_session_id'))
    )


def downgrade():
    op.drop_table('import_occurrences')
    with op.batch_alter_table('import_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_runs_source_id'))

    op.drop_table('import_runs')
    op.drop_table('import_items')
    with op.batch_alter_table('import_sources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_sources_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_import_sources_next_run_at'))

    op.drop_table('import_sources')
