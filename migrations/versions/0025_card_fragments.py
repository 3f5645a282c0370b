"""card fragments: the agenda's event cards rendered once per (event, next session, language)

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-04 10:40:00

`card_stamps` holds one counter per event, raised by database triggers whenever anything a
card shows changes (the event row, its sessions, its audiences, its organisation's or an
audience's name), whoever writes: ORM, bulk inserts, raw SQL, another host. A stored card is
valid while its stamp equals the event's current one (compared in SQL). The stamp is read
before the rows a card is rendered from, so a write that lands in between leaves the card
with an older stamp: it is rendered again, never served stale. `card_stamps` has no foreign
key: a session deleted with its event still raises the stamp of an event that is going away.
"""
from alembic import op
import sqlalchemy as sa


revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None

SQLITE_BUMP = ("INSERT INTO card_stamps (event_id, stamp) {rows} "
               "ON CONFLICT (event_id) DO UPDATE SET stamp = card_stamps.stamp + 1;")


def _values(expr):
    return SQLITE_BUMP.format(rows=f"SELECT {expr}, 1 WHERE {expr} IS NOT NULL")


# (trigger name, SQLite event, what it bumps)
SQLITE_TRIGGERS = (
    ("trg_card_events_update", "UPDATE ON events", _values("NEW.id")),
    ("trg_card_sessions_insert", "INSERT ON event_sessions", _values("NEW.event_id")),
    ("trg_card_sessions_delete", "DELETE ON event_sessions", _values("OLD.event_id")),
    ("trg_card_sessions_update",
     "UPDATE OF event_id, starts_at, ends_at, all_day, status ON event_sessions",
     _values("NEW.event_id") + _values("OLD.event_id")),
    ("trg_card_audiences_insert", "INSERT ON event_audiences", _values("NEW.event_id")),
    ("trg_card_audiences_delete", "DELETE ON event_audiences", _values("OLD.event_id")),
    ("trg_card_organisations_update", "UPDATE OF name ON organisations",
     SQLITE_BUMP.format(rows="SELECT id, 1 FROM events WHERE organisation_id = NEW.id")),
    ("trg_card_audience_names_update", "UPDATE OF name ON audiences",
     SQLITE_BUMP.format(rows="SELECT event_id, 1 FROM event_audiences "
                             "WHERE audience_id = NEW.id")),
)

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION bump_card_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids integer[] := ARRAY[]::integer[];
BEGIN
    IF TG_TABLE_NAME = 'events' THEN
        ids := ARRAY[NEW.id];
    ELSIF TG_TABLE_NAME = 'organisations' THEN
        SELECT coalesce(array_agg(id), ids) INTO ids FROM events WHERE organisation_id = NEW.id;
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
    ("events", "UPDATE"),
    ("event_sessions",
     "INSERT OR DELETE OR UPDATE OF event_id, starts_at, ends_at, all_day, status"),
    ("event_audiences", "INSERT OR DELETE"),
    ("organisations", "UPDATE OF name"),
    ("audiences", "UPDATE OF name"),
)


def _create_triggers():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        for table, events in PG_TRIGGERS:
            op.execute(f"CREATE TRIGGER trg_card_stamp_{table} AFTER {events} ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION bump_card_stamp()")
        return
    for name, what, body in SQLITE_TRIGGERS:
        op.execute(f"CREATE TRIGGER {name} AFTER {what} FOR EACH ROW BEGIN {body} END")


def _drop_triggers():
    if op.get_bind().dialect.name == "postgresql":
        for table, _events in PG_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS trg_card_stamp_{table} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS bump_card_stamp()")
        return
    for name, _what, _body in SQLITE_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")


def upgrade():
    op.create_table(
        'card_stamps',
        sa.Column('event_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('stamp', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('event_id', name=op.f('pk_card_stamps')),
    )
    op.create_table(
        'card_fragments',
        sa.Column('event_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('session_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('render_key', sa.String(length=40), nullable=False),
        sa.Column('stamp', sa.BigInteger(), nullable=False),
        sa.Column('head', sa.Text(), nullable=False),
        sa.Column('tail', sa.Text(), nullable=False),
        sa.Column('rendered_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'],
                                name=op.f('fk_card_fragments_event_id_events'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['session_id'], ['event_sessions.id'],
                                name=op.f('fk_card_fragments_session_id_event_sessions'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('event_id', 'session_id', 'language',
                                name=op.f('pk_card_fragments')),
    )
    op.create_index(op.f('ix_card_fragments_session_id'), 'card_fragments', ['session_id'])
    _create_triggers()


def downgrade():
    _drop_triggers()
    op.drop_index(op.f('ix_card_fragments_session_id'), table_name='card_fragments')
    op.drop_table('card_fragments')
    op.drop_table('card_stamps')
