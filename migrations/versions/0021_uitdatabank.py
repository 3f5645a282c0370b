"""UiTdatabank: organisations that export, each exported event's twin and last result, the
sync queue, remembered places; the import's settings and the organizers it met. New tables
only.

Revision ID: 0021
Revises: 0016
"""
import sqlalchemy as sa
from alembic import op

import stem_events.database

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None

UTC = stem_events.database.UTCDateTime(timezone=True)


def upgrade():
    op.create_table('uitdatabank_organisations',
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('export_all', sa.Boolean(), nullable=False),
    sa.Column('organizer_id', sa.String(length=300), nullable=False),
    sa.Column('created_at', UTC, nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_uitdatabank_organisations_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('organisation_id', name=op.f('pk_uitdatabank_organisations'))
    )
    op.create_table('uitdatabank_events',
    sa.Column('event_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('choice', sa.Enum('', 'on', 'off', name='exportchoice', native_enum=False, create_constraint=True, length=8), nullable=False),
    sa.Column('eventtype', sa.String(length=40), nullable=False),
    sa.Column('uitdatabank_id', sa.String(length=300), nullable=False),
    sa.Column('deleted_there', sa.Boolean(), nullable=False),
    sa.Column('last_end', UTC, nullable=True),
    sa.Column('synced_at', UTC, nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_uitdatabank_events'))
    )
    with op.batch_alter_table('uitdatabank_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_uitdatabank_events_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('uitdatabank_jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'done', 'failed', name='jobstatus', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', UTC, nullable=False),
    sa.Column('claimed_at', UTC, nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('created_at', UTC, nullable=False),
    sa.Column('finished_at', UTC, nullable=True),
    sa.CheckConstraint('attempts >= 0', name=op.f('ck_uitdatabank_jobs_attempts_positive')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_uitdatabank_jobs'))
    )
    with op.batch_alter_table('uitdatabank_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_uitdatabank_jobs_event_id'), ['event_id'], unique=False)
        batch_op.create_index('ix_uitdatabank_jobs_due', ['status', 'next_attempt_at'], unique=False)

    op.create_table('uitdatabank_places',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('place_id', sa.String(length=300), nullable=False),
    sa.Column('created_at', UTC, nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_uitdatabank_places')),
    sa.UniqueConstraint('key', name=op.f('uq_uitdatabank_places_key'))
    )
    op.create_table('uitdatabank_import_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('eventtypes', sa.JSON(), nullable=False),
    sa.Column('themes', sa.JSON(), nullable=False),
    sa.Column('regions', sa.JSON(), nullable=False),
    sa.Column('last_run_at', UTC, nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_uitdatabank_import_settings'))
    )
    op.create_table('uitdatabank_organizers',
    sa.Column('organizer_id', sa.String(length=300), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('postcode', sa.String(length=10), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('waiting', sa.Integer(), nullable=False),
    sa.Column('seen_at', UTC, nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_uitdatabank_organizers_organisation_id_organisations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('organizer_id', name=op.f('pk_uitdatabank_organizers'))
    )
    with op.batch_alter_table('uitdatabank_organizers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_uitdatabank_organizers_organisation_id'), ['organisation_id'], unique=False)


def downgrade():
    for table in ('uitdatabank_organizers', 'uitdatabank_import_settings', 'uitdatabank_places',
                  'uitdatabank_jobs', 'uitdatabank_events', 'uitdatabank_organisations'):
        op.drop_table(table)
