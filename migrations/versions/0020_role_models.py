"""Role models (issue 18, item 2): profiles, their consents (each recorded apart) and where
they take part. Every role-model table bumps the data version like the events do (triggers of
migration 0004's kind), so a withdrawn profile leaves cached pages, API answers and feeds at once.

Revision ID: 0020
Revises: 0016
"""
from alembic import op
import sqlalchemy as sa


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

#: The tables whose every INSERT, UPDATE and DELETE bumps the data version.
WATCHED = ("role_models", "role_model_consents", "role_model_themes", "role_model_events",
           "role_model_programme_items", "role_model_initiatives")

SQLITE_BUMP = (
    "INSERT INTO data_versions (id, epoch, version, changed_at) "
    "VALUES (1, lower(hex(randomblob(8))), 1, strftime('%Y-%m-%d %H:%M:%f', 'now')) "
    "ON CONFLICT (id) DO UPDATE SET version = version + 1, changed_at = excluded.changed_at;"
)


def _create_triggers():
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table in WATCHED:
        if postgresql:  # bump_data_version() of migration 0004: once per transaction
            op.execute(f"CREATE TRIGGER trg_data_version_{table} AFTER INSERT OR DELETE OR "
                       f"TRUNCATE OR UPDATE ON {table} FOR EACH STATEMENT "
                       "EXECUTE FUNCTION bump_data_version()")
            continue
        for what in ("insert", "delete", "update"):
            op.execute(f"CREATE TRIGGER trg_data_version_{table}_{what} AFTER {what.upper()} "
                       f"ON {table} BEGIN {SQLITE_BUMP} END")


def _drop_triggers():
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table in WATCHED:
        if postgresql:
            op.execute(f"DROP TRIGGER IF EXISTS trg_data_version_{table} ON {table}")
            continue
        for what in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS trg_data_version_{table}_{what}")


def upgrade():
    op.create_table('role_models',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('proposed', 'confirmed', 'approved', 'rejected', 'withdrawn', name='rolemodelstatus', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('job', sa.String(length=120), nullable=False),
    sa.Column('employer', sa.String(length=160), nullable=False),
    sa.Column('employer_organisation_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('proposed_by_id', sa.Integer(), nullable=True),
    sa.Column('story', sa.Text(), nullable=False),
    sa.Column('self_description', sa.String(length=300), nullable=False),
    sa.Column('photo', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('confirm_nonce', sa.String(length=32), nullable=False),
    sa.Column('withdraw_nonce', sa.String(length=32), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status = 'withdrawn' OR length(name) > 0", name=op.f('ck_role_models_name_unless_withdrawn')),
    sa.ForeignKeyConstraint(['employer_organisation_id'], ['organisations.id'], name=op.f('fk_role_models_employer_organisation_id_organisations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_role_models_organisation_id_organisations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['users.id'], name=op.f('fk_role_models_proposed_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_models'))
    )
    with op.batch_alter_table('role_models', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_models_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_models_status'), ['status'], unique=False)

    op.create_table('role_model_consents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('role_model_id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.Enum('profile', 'photo', 'self_description', name='consentsubject', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('given_by', sa.Enum('self', 'guardian', name='consentgiver', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('given_by_name', sa.String(length=120), nullable=False),
    sa.Column('given_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['role_model_id'], ['role_models.id'], name=op.f('fk_role_model_consents_role_model_id_role_models'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_model_consents')),
    sa.UniqueConstraint('role_model_id', 'subject', name='one_consent_per_subject')
    )
    with op.batch_alter_table('role_model_consents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_model_consents_role_model_id'), ['role_model_id'], unique=False)

    op.create_table('role_model_events',
    sa.Column('role_model_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_role_model_events_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['role_model_id'], ['role_models.id'], name=op.f('fk_role_model_events_role_model_id_role_models'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('role_model_id', 'event_id', name=op.f('pk_role_model_events'))
    )
    with op.batch_alter_table('role_model_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_model_events_event_id'), ['event_id'], unique=False)

    op.create_table('role_model_initiatives',
    sa.Column('role_model_id', sa.Integer(), nullable=False),
    sa.Column('initiative_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['initiative_id'], ['initiatives.id'], name=op.f('fk_role_model_initiatives_initiative_id_initiatives'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['role_model_id'], ['role_models.id'], name=op.f('fk_role_model_initiatives_role_model_id_role_models'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('role_model_id', 'initiative_id', name=op.f('pk_role_model_initiatives'))
    )
    with op.batch_alter_table('role_model_initiatives', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_model_initiatives_initiative_id'), ['initiative_id'], unique=False)

    op.create_table('role_model_themes',
    sa.Column('role_model_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['role_model_id'], ['role_models.id'], name=op.f('fk_role_model_themes_role_model_id_role_models'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_role_model_themes_theme_id_themes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('role_model_id', 'theme_id', name=op.f('pk_role_model_themes'))
    )
    with op.batch_alter_table('role_model_themes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_model_themes_theme_id'), ['theme_id'], unique=False)

    op.create_table('role_model_programme_items',
    sa.Column('role_model_id', sa.Integer(), nullable=False),
    sa.Column('programme_item_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['programme_item_id'], ['programme_items.id'], name=op.f('fk_role_model_programme_items_programme_item_id_programme_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['role_model_id'], ['role_models.id'], name=op.f('fk_role_model_programme_items_role_model_id_role_models'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('role_model_id', 'programme_item_id', name=op.f('pk_role_model_programme_items'))
    )
    with op.batch_alter_table('role_model_programme_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_model_programme_items_programme_item_id'), ['programme_item_id'], unique=False)

    _create_triggers()


def downgrade():
    _drop_triggers()
    with op.batch_alter_table('role_model_programme_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_model_programme_items_programme_item_id'))

    op.drop_table('role_model_programme_items')
    with op.batch_alter_table('role_model_themes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_model_themes_theme_id'))

    op.drop_table('role_model_themes')
    with op.batch_alter_table('role_model_initiatives', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_model_initiatives_initiative_id'))

    op.drop_table('role_model_initiatives')
    with op.batch_alter_table('role_model_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_model_events_event_id'))

    op.drop_table('role_model_events')
    with op.batch_alter_table('role_model_consents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_model_consents_role_model_id'))

    op.drop_table('role_model_consents')
    with op.batch_alter_table('role_models', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_models_status'))
        batch_op.drop_index(batch_op.f('ix_role_models_organisation_id'))

    op.drop_table('role_models')
