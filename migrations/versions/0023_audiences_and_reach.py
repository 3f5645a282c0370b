"""Audiences (doelgroepen) on events and initiatives, the reduced price (kansentarief /
UiTPAS), and the optional reach answers stored apart from the registrations.

Revision ID: 0023
Revises: 0016

`audiences` is seeded with the slugs of DOMAIN.md. `reach_answers` has no registration id,
no timestamp and a random key; `reach_links` (deleted by the purge) is the only bridge.
The data version (feeds and page caches) follows `event_audiences` and audience names.
"""
import sqlalchemy as sa
from alembic import op

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None

SEEDED = (
    ("meisjes", "Meisjes en vrouwen", "voor meisjes", "opportunity"),
    ("kansarmoede", "Kinderen en jongeren in kansarmoede",
     "voor kinderen en jongeren in kansarmoede", "opportunity"),
    ("nieuwkomers", "Nieuwkomers en anderstaligen", "voor nieuwkomers en anderstaligen",
     "opportunity"),
    ("beperking", "Mensen met een beperking", "voor mensen met een beperking", "opportunity"),
    ("volwassenen", "Volwassenen en werkzoekenden", "voor volwassenen", "other"),
    ("leerkrachten", "Leerkrachten en begeleiders", "voor leerkrachten", "other"),
    ("scholen", "Scholen en klassen", "voor scholen", "other"),
    ("gezinnen", "Gezinnen", "voor gezinnen", "other"),
)

# (table, UPDATE OF columns or None, also on INSERT/DELETE): as in 0004
WATCHED = (("event_audiences", None, True), ("audiences", ("name", "short_name"), False))

SQLITE_BUMP = (
    "INSERT INTO data_versions (id, epoch, version, changed_at) "
    "VALUES (1, lower(hex(randomblob(8))), 1, strftime('%Y-%m-%d %H:%M:%f', 'now')) "
    "ON CONFLICT (id) DO UPDATE SET version = version + 1, changed_at = excluded.changed_at;"
)


def _create_triggers():
    dialect = op.get_bind().dialect.name
    for table, columns, inserts in WATCHED:
        update = "UPDATE" + (f" OF {', '.join(columns)}" if columns else "")
        if dialect == "postgresql":
            events = (["INSERT", "DELETE", "TRUNCATE"] if inserts else []) + [update]
            op.execute(f"CREATE TRIGGER trg_data_version_{table} AFTER {' OR '.join(events)} "
                       f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()")
            continue
        for o in (["insert", "delete"] if inserts else []) + ["update"]:
            what = update if o == "update" else o.upper()
            op.execute(f"CREATE TRIGGER trg_data_version_{table}_{o} AFTER {what} ON {table} "
                       f"BEGIN {SQLITE_BUMP} END")


def _drop_triggers():
    dialect = op.get_bind().dialect.name
    for table, _columns, inserts in WATCHED:
        if dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS trg_data_version_{table} ON {table}")
            continue
        for o in (["insert", "delete"] if inserts else []) + ["update"]:
            op.execute(f"DROP TRIGGER IF EXISTS trg_data_version_{table}_{o}")


def upgrade():
    audiences = op.create_table(
        'audiences',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('slug', sa.String(length=40), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('short_name', sa.String(length=60), server_default='', nullable=False),
        sa.Column('section', sa.String(length=20), server_default='other', nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.CheckConstraint("section IN ('opportunity', 'other')",
                           name=op.f('ck_audiences_section_known')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audiences')),
        sa.UniqueConstraint('slug', name=op.f('uq_audiences_slug')),
    )
    op.bulk_insert(audiences, [
        {"id": i, "slug": slug, "name": name, "short_name": short, "section": section,
         "position": i}
        for i, (slug, name, short, section) in enumerate(SEEDED, start=1)])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("SELECT setval(pg_get_serial_sequence('audiences', 'id'), "
                   "(SELECT max(id) FROM audiences))")
    op.create_table(
        'event_audiences',
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('audience_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['audience_id'], ['audiences.id'],
                                name=op.f('fk_event_audiences_audience_id_audiences'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'],
                                name=op.f('fk_event_audiences_event_id_events'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('event_id', 'audience_id', name=op.f('pk_event_audiences')),
    )
    op.create_index(op.f('ix_event_audiences_audience_id'), 'event_audiences', ['audience_id'])
    op.create_table(
        'initiative_audiences',
        sa.Column('initiative_id', sa.Integer(), nullable=False),
        sa.Column('audience_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['audience_id'], ['audiences.id'],
                                name=op.f('fk_initiative_audiences_audience_id_audiences'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['initiative_id'], ['initiatives.id'],
                                name=op.f('fk_initiative_audiences_initiative_id_initiatives'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('initiative_id', 'audience_id',
                                name=op.f('pk_initiative_audiences')),
    )
    op.create_index(op.f('ix_initiative_audiences_audience_id'), 'initiative_audiences',
                    ['audience_id'])
    # Plain add_column: a batch rebuild of `events` would drop its FTS and version triggers.
    op.add_column('events', sa.Column('price_reduced', sa.Boolean(), server_default='0',
                                      nullable=False))
    op.create_table(
        'reach_answers',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=True),
        sa.Column('gender', sa.String(length=10), nullable=True),
        sa.Column('reduced_rate', sa.String(length=10), nullable=True),
        sa.Column('home', sa.String(length=10), nullable=True),
        sa.Column('by_guardian', sa.Boolean(), nullable=False),
        sa.CheckConstraint("gender IS NULL OR gender IN ('female', 'male', 'other', 'withheld')",
                           name=op.f('ck_reach_answers_gender_known')),
        sa.CheckConstraint("reduced_rate IS NULL OR reduced_rate IN ('yes', 'no', 'withheld')",
                           name=op.f('ck_reach_answers_reduced_rate_known')),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'],
                                name=op.f('fk_reach_answers_event_id_events'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['session_id'], ['event_sessions.id'],
                                name=op.f('fk_reach_answers_session_id_event_sessions'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reach_answers')),
    )
    op.create_index(op.f('ix_reach_answers_event_id'), 'reach_answers', ['event_id'])
    op.create_index(op.f('ix_reach_answers_session_id'), 'reach_answers', ['session_id'])
    op.create_table(
        'reach_links',
        sa.Column('registration_id', sa.Integer(), nullable=False),
        sa.Column('answer_id', sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(['answer_id'], ['reach_answers.id'],
                                name=op.f('fk_reach_links_answer_id_reach_answers'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'],
                                name=op.f('fk_reach_links_registration_id_registrations'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('registration_id', name=op.f('pk_reach_links')),
        sa.UniqueConstraint('answer_id', name=op.f('uq_reach_links_answer_id')),
    )
    _create_triggers()


def downgrade():
    _drop_triggers()
    op.drop_table('reach_links')
    op.drop_index(op.f('ix_reach_answers_session_id'), table_name='reach_answers')
    op.drop_index(op.f('ix_reach_answers_event_id'), table_name='reach_answers')
    op.drop_table('reach_answers')
    op.drop_column('events', 'price_reduced')
    op.drop_index(op.f('ix_initiative_audiences_audience_id'), table_name='initiative_audiences')
    op.drop_table('initiative_audiences')
    op.drop_index(op.f('ix_event_audiences_audience_id'), table_name='event_audiences')
    op.drop_table('event_audiences')
    op.drop_table('audiences')
