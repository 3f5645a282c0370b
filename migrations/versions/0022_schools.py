"""Schools and teachers: class (group) bookings, the kinds teacher_training and teacher_club
with nascholing details on events, and teacher STEM-clubs.

Revision ID: 0022
Revises: 0016
"""
import sqlalchemy as sa
from alembic import op

from stem_events.database import UTCDateTime

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None

OLD_KINDS = ("'network_moment', 'state_of_the_stem', 'academy_activity', 'workshop', "
             "'lecture', 'company_visit', 'roadshow', 'award_event', 'info_session', 'other'")
NEW_KINDS = OLD_KINDS + ", 'teacher_training', 'teacher_club'"


def _event_kinds(old: str, new: str) -> None:
    """Widen (or narrow) the CHECK of events.kind. SQLite cannot alter a CHECK, and a batch
    rebuild of `events` would drop its FTS and data-version triggers: the CHECK's text is
    edited in the schema instead (allowed values only grow, so every row still satisfies it;
    SQLite's documented writable_schema procedure)."""
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("ALTER TABLE events DROP CONSTRAINT ck_events_eventkind")
        op.execute(f"ALTER TABLE events ADD CONSTRAINT ck_events_eventkind "
                   f"CHECK (kind IN ({new}))")
        return
    sql = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'events'").scalar()
    if f"IN ({old})" not in sql:
        raise RuntimeError("events.kind CHECK not found")
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.exec_driver_sql(
        "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'events'",
        (sql.replace(f"IN ({old})", f"IN ({new})"),))
    bind.exec_driver_sql(f"PRAGMA schema_version = {version + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")


REGISTRATION_COLUMNS = (
    ("seats", sa.Integer(), "1"), ("is_group", sa.Boolean(), sa.false()),
    ("school_name", sa.String(200), ""), ("school_number", sa.String(10), ""),
    ("class_name", sa.String(80), ""), ("pupils", sa.Integer(), "0"),
    ("accompanying_adults", sa.Integer(), "0"), ("remarks", sa.String(1000), ""),
)


CHECKS = (
    ("seats_positive", "seats >= 1"),
    ("group_identity", "NOT is_group OR (school_name <> '' AND class_name <> '' "
                       "AND pupils >= 1) OR anonymised"),
    ("offer_smaller", "offered_seats IS NULL OR (offered_seats >= 1 AND offered_seats < seats "
                      "AND offer_expires_at IS NOT NULL)"),
)


def _registration_columns() -> None:
    """Plain ADD COLUMN: a batch rebuild of `registrations` would lose its partial unique index
    and its lower(e-mail) index on SQLite. SQLite takes the CHECKs with the last column."""
    for name, type_, default in REGISTRATION_COLUMNS:
        op.add_column('registrations', sa.Column(name, type_, nullable=False,
                                                 server_default=default))
    op.add_column('registrations', sa.Column('offered_seats', sa.Integer(), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.add_column('registrations', sa.Column('offer_expires_at', UTCDateTime(),
                                                 nullable=True))
        for name, condition in CHECKS:
            op.create_check_constraint(op.f(f"ck_registrations_{name}"), 'registrations',
                                       condition)
        return
    checks = " ".join(f"CONSTRAINT ck_registrations_{name} CHECK ({condition})"
                      for name, condition in CHECKS)
    op.execute(f"ALTER TABLE registrations ADD COLUMN offer_expires_at DATETIME {checks}")


def upgrade():
    _event_kinds(OLD_KINDS, NEW_KINDS)
    # Plain add_column: a batch rebuild of `events` would drop its FTS and version triggers.
    op.add_column('events', sa.Column('professional_development', sa.Boolean(),
                                      nullable=False, server_default=sa.false()))
    op.add_column('events', sa.Column('education_levels', sa.JSON(), nullable=False,
                                      server_default=sa.text("'[]'")))
    _registration_columns()
    with op.batch_alter_table('attendances') as batch:
        batch.add_column(sa.Column('present_count', sa.Integer(), nullable=True))
    op.create_table(
        'event_group_settings',
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('min_size', sa.Integer(), nullable=False),
        sa.Column('max_size', sa.Integer(), nullable=False),
        sa.Column('adults_take_seats', sa.Boolean(), nullable=False),
        sa.Column('individuals_allowed', sa.Boolean(), nullable=False),
        sa.CheckConstraint('min_size >= 1 AND max_size >= min_size AND max_size <= 1000',
                           name=op.f('ck_event_group_settings_sizes')),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE',
                                name=op.f('fk_event_group_settings_event_id_events')),
        sa.PrimaryKeyConstraint('event_id', name=op.f('pk_event_group_settings')),
    )
    _clubs_upgrade()


def _clubs_upgrade():
    op.create_table(
        'clubs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('municipality_nis', sa.String(length=5), nullable=False),
        sa.Column('contact_name', sa.String(length=120), nullable=False),
        sa.Column('contact_email', sa.String(length=254), nullable=False),
        sa.Column('contact_phone', sa.String(length=40), nullable=False),
        sa.Column('contact_consent', sa.Boolean(), nullable=False),
        sa.Column('series_event_id', sa.Integer(), nullable=True),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['municipality_nis'], ['municipalities.nis'],
                                name=op.f('fk_clubs_municipality_nis_municipalities')),
        sa.ForeignKeyConstraint(['series_event_id'], ['events.id'], ondelete='SET NULL',
                                name=op.f('fk_clubs_series_event_id_events')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_clubs')),
    )
    op.create_index(op.f('ix_clubs_municipality_nis'), 'clubs', ['municipality_nis'])
    op.create_index(op.f('ix_clubs_series_event_id'), 'clubs', ['series_event_id'])
    op.create_table(
        'club_organisations',
        sa.Column('club_id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['club_id'], ['clubs.id'], ondelete='CASCADE',
                                name=op.f('fk_club_organisations_club_id_clubs')),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], ondelete='CASCADE',
                                name=op.f('fk_club_organisations_organisation_id_organisations')),
        sa.PrimaryKeyConstraint('club_id', 'organisation_id', name=op.f('pk_club_organisations')),
    )
    op.create_index(op.f('ix_club_organisations_organisation_id'), 'club_organisations',
                    ['organisation_id'])
    op.create_table(
        'club_schools',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('club_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('consent', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['club_id'], ['clubs.id'], ondelete='CASCADE',
                                name=op.f('fk_club_schools_club_id_clubs')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_club_schools')),
    )
    op.create_index(op.f('ix_club_schools_club_id'), 'club_schools', ['club_id'])


def _clubs_downgrade():
    op.drop_table('club_schools')
    op.drop_table('club_organisations')
    op.drop_table('clubs')


def downgrade():
    _clubs_downgrade()
    op.drop_table('event_group_settings')
    op.drop_column('attendances', 'present_count')  # plain ALTER: a batch would reflect
    # registrations (attendances refers to it) and trip over its expression index
    if op.get_bind().dialect.name == "postgresql":
        for name, _condition in CHECKS:
            op.drop_constraint(op.f(f"ck_registrations_{name}"), 'registrations', type_='check')
    for name in ('offer_expires_at', 'offered_seats',
                 *[c[0] for c in reversed(REGISTRATION_COLUMNS)]):
        op.drop_column('registrations', name)
    op.drop_column('events', 'education_levels')
    op.drop_column('events', 'professional_development')
    op.execute("DELETE FROM events WHERE kind IN ('teacher_training', 'teacher_club')")
    _event_kinds(NEW_KINDS, OLD_KINDS)
