"""API fragments: the JSON of an event in `/api/v1/events`, stored once per event

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-04 14:00:00

`api_event_fragments` holds, per event, the part of its API item that does not depend on the
request (`stem_events.api.fragments`). It is valid while its stamp equals the event's counter
in `card_stamps` (migration 0025), the one the agenda's cards use. Those triggers cover the
event row, its sessions, its audiences and the names of its organisation and audiences; the
API item shows more, so this migration raises the same counter when an event's themes, goals,
co-organisers or group settings change, or the names and slugs it shows of an organisation
(also as co-organiser), a municipality, a theme, a goal or an audience. The agenda's cards then
render again a little more often than they need to, which is harmless.
"""
from alembic import op
import sqlalchemy as sa


revision = '0031'
down_revision = '0030'
branch_labels = None
depends_on = None

SQLITE_BUMP = ("INSERT INTO card_stamps (event_id, stamp) {rows} "
               "ON CONFLICT (event_id) DO UPDATE SET stamp = card_stamps.stamp + 1;")


def _event(expr):
    return SQLITE_BUMP.format(rows=f"SELECT {expr}, 1 WHERE {expr} IS NOT NULL")


def _events(query):
    # The SELECT of an upsert needs a WHERE clause in SQLite (the parser otherwise reads
    # ON CONFLICT as a join constraint).
    return SQLITE_BUMP.format(rows=f"SELECT DISTINCT event_id, 1 FROM ({query}) WHERE true")


ORGANISATION_EVENTS = ("SELECT id AS event_id FROM events WHERE organisation_id = NEW.id "
                       "UNION SELECT event_id FROM event_organisations "
                       "WHERE organisation_id = NEW.id")

# (trigger name, SQLite event, what it bumps)
SQLITE_TRIGGERS = (
    ("trg_api_stamp_themes_insert", "INSERT ON event_themes", _event("NEW.event_id")),
    ("trg_api_stamp_themes_delete", "DELETE ON event_themes", _event("OLD.event_id")),
    ("trg_api_stamp_goals_insert", "INSERT ON event_goals", _event("NEW.event_id")),
    ("trg_api_stamp_goals_delete", "DELETE ON event_goals", _event("OLD.event_id")),
    ("trg_api_stamp_co_organisations_insert", "INSERT ON event_organisations",
     _event("NEW.event_id")),
    ("trg_api_stamp_co_organisations_delete", "DELETE ON event_organisations",
     _event("OLD.event_id")),
    ("trg_api_stamp_group_settings_insert", "INSERT ON event_group_settings",
     _event("NEW.event_id")),
    ("trg_api_stamp_group_settings_update", "UPDATE ON event_group_settings",
     _event("NEW.event_id") + _event("OLD.event_id")),
    ("trg_api_stamp_group_settings_delete", "DELETE ON event_group_settings",
     _event("OLD.event_id")),
    ("trg_api_stamp_organisations_update", "UPDATE OF name, helix ON organisations",
     _events(ORGANISATION_EVENTS)),
    ("trg_api_stamp_municipalities_update", "UPDATE OF name ON municipalities",
     _events("SELECT id AS event_id FROM events WHERE municipality_nis = NEW.nis")),
    ("trg_api_stamp_theme_names_update", "UPDATE OF slug, position ON themes",
     _events("SELECT event_id FROM event_themes WHERE theme_id = NEW.id")),
    ("trg_api_stamp_goal_codes_update", "UPDATE OF code, position ON goals",
     _events("SELECT event_id FROM event_goals WHERE goal_code IN (OLD.code, NEW.code)")),
    ("trg_api_stamp_audience_slugs_update", "UPDATE OF slug, position ON audiences",
     _events("SELECT event_id FROM event_audiences WHERE audience_id = NEW.id")),
)

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION bump_card_stamp_for_api() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids integer[] := ARRAY[]::integer[];
BEGIN
    IF TG_TABLE_NAME = 'organisations' THEN
        SELECT coalesce(array_agg(found.id), ids) INTO ids FROM (
            SELECT id FROM events WHERE organisation_id = NEW.id
            UNION SELECT event_id FROM event_organisations WHERE organisation_id = NEW.id
        ) AS found;
    ELSIF TG_TABLE_NAME = 'municipalities' THEN
        SELECT coalesce(array_agg(id), ids) INTO ids FROM events
        WHERE municipality_nis = NEW.nis;
    ELSIF TG_TABLE_NAME = 'themes' THEN
        SELECT coalesce(array_agg(event_id), ids) INTO ids FROM event_themes
        WHERE theme_id = NEW.id;
    ELSIF TG_TABLE_NAME = 'goals' THEN
        SELECT coalesce(array_agg(event_id), ids) INTO ids FROM event_goals
        WHERE goal_code IN (OLD.code, NEW.code);
    ELSIF TG_TABLE_NAME = 'audiences' THEN
        SELECT coalesce(array_agg(event_id), ids) INTO ids FROM event_audiences
        WHERE audience_id = NEW.id;
    ELSE
        IF TG_OP <> 'INSERT' THEN ids := ids || OLD.event_id; END IF;
        IF TG_OP <> 'DELETE' THEN ids := ids || NEW.event_id; END IF;
    END IF;
    INSERT INTO card_stamps (event_id, stamp)
    SELECT DISTINCT id, 1 FROM unnest(ids) AS id WHERE id IS NOT NULL
    ON CONFLICT (event_id) DO UPDATE SET stamp = card_stamps.stamp + 1;
    RETURN NULL;
END
$$
"""

# (table, PostgreSQL events)
PG_TRIGGERS = (
    ("event_themes", "INSERT OR DELETE"),
    ("event_goals", "INSERT OR DELETE"),
    ("event_organisations", "INSERT OR DELETE"),
    ("event_group_settings", "INSERT OR DELETE OR UPDATE"),
    ("organisations", "UPDATE OF name, helix"),
    ("municipalities", "UPDATE OF name"),
    ("themes", "UPDATE OF slug, position"),
    ("goals", "UPDATE OF code, position"),
    ("audiences", "UPDATE OF slug, position"),
)


def _create_triggers():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        for table, events in PG_TRIGGERS:
            op.execute(f"CREATE TRIGGER trg_api_stamp_{table} AFTER {events} ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION bump_card_stamp_for_api()")
        return
    for name, what, body in SQLITE_TRIGGERS:
        op.execute(f"CREATE TRIGGER {name} AFTER {what} FOR EACH ROW BEGIN {body} END")


def _drop_triggers():
    if op.get_bind().dialect.name == "postgresql":
        for table, _events in PG_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS trg_api_stamp_{table} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS bump_card_stamp_for_api()")
        return
    for name, _what, _body in SQLITE_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")


def upgrade():
    op.create_table(
        'api_event_fragments',
        sa.Column('event_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('render_key', sa.String(length=40), nullable=False),
        sa.Column('stamp', sa.BigInteger(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('open_from', sa.DateTime(timezone=True), nullable=True),
        sa.Column('open_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('rendered_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'],
                                name=op.f('fk_api_event_fragments_event_id_events'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('event_id', name=op.f('pk_api_event_fragments')),
    )
    _create_triggers()


def downgrade():
    _drop_triggers()
    op.drop_table('api_event_fragments')
