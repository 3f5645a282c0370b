"""card stamps: raised by UPDATEs and TRUNCATEs of the link tables; resetting them moves the epoch

Revision ID: 0042
Revises: 0041
Create Date: 2026-12-05 13:00:00

The stamp of an event (`card_stamps`, migrations 0025 and 0031) says whether its stored card
and API item are still what it shows. Two gaps remained:

- The triggers raised it on INSERT and DELETE of `event_audiences`, `event_themes`,
  `event_goals` and `event_organisations`, not on UPDATE (`UPDATE event_audiences SET
  audience_id = …` by hand or by a bulk writer) nor, on PostgreSQL, on TRUNCATE, while the data
  version moved: the card's "Voor: …" and the API's audiences stayed as they were. An UPDATE
  now raises the stamps of the old and the new event; a TRUNCATE (no rows to name) raises every
  event's.
- A stored card or item is valid while its stamp equals the event's, and what the processes
  keep (`events.kept`) assumes a stamp only grows within a data-version epoch. Deleting or
  truncating `card_stamps` starts stamps again from 0, so a part stored or kept at an old
  stamp could match again after as many edits. Deleting its rows now deletes those events'
  stored cards and items (all of them on TRUNCATE: no rows to name) and gives the data version
  a new epoch, which drops everything the processes keep and every cached page.
"""
from alembic import op


revision = '0042'
down_revision = '0041'
branch_labels = None
depends_on = None

LINK_TABLES = ("event_audiences", "event_themes", "event_goals", "event_organisations")

SQLITE_BUMP = ("INSERT INTO card_stamps (event_id, stamp) SELECT {expr}, 1 "
               "WHERE {expr} IS NOT NULL "
               "ON CONFLICT (event_id) DO UPDATE SET stamp = card_stamps.stamp + 1;")

SQLITE_RESET = ("DELETE FROM card_fragments WHERE event_id = OLD.event_id; "
                "DELETE FROM api_event_fragments WHERE event_id = OLD.event_id; "
                "UPDATE data_versions SET epoch = lower(hex(randomblob(8))), "
                "version = version + 1, changed_at = strftime('%Y-%m-%d %H:%M:%f', 'now');")

PG_EVERY_EVENT = """
CREATE OR REPLACE FUNCTION bump_every_card_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO card_stamps (event_id, stamp) SELECT id, 1 FROM events
    ON CONFLICT (event_id) DO UPDATE SET stamp = card_stamps.stamp + 1;
    RETURN NULL;
END
$$
"""

PG_RESET = """
CREATE OR REPLACE FUNCTION card_stamps_reset() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM card_fragments;
        DELETE FROM api_event_fragments;
    ELSE
        DELETE FROM card_fragments WHERE event_id IN (SELECT event_id FROM gone);
        DELETE FROM api_event_fragments WHERE event_id IN (SELECT event_id FROM gone);
    END IF;
    UPDATE data_versions SET epoch = md5(random()::text || clock_timestamp()::text),
        version = version + 1, changed_at = clock_timestamp();
    RETURN NULL;
END
$$
"""


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_EVERY_EVENT)
        op.execute(PG_RESET)
        for table in LINK_TABLES:
            # bump_card_stamp (0025) raises OLD's and NEW's event for a link table's row
            op.execute(f"CREATE TRIGGER trg_card_stamp_update_{table} AFTER UPDATE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION bump_card_stamp()")
            op.execute(f"CREATE TRIGGER trg_card_stamp_truncate_{table} AFTER TRUNCATE "
                       f"ON {table} FOR EACH STATEMENT "
                       "EXECUTE FUNCTION bump_every_card_stamp()")
        # a transition table names the deleted rows; TRUNCATE has none: a trigger of its own
        op.execute("CREATE TRIGGER trg_card_stamps_reset AFTER DELETE ON card_stamps "
                   "REFERENCING OLD TABLE AS gone FOR EACH STATEMENT "
                   "EXECUTE FUNCTION card_stamps_reset()")
        op.execute("CREATE TRIGGER trg_card_stamps_truncate AFTER TRUNCATE ON card_stamps "
                   "FOR EACH STATEMENT EXECUTE FUNCTION card_stamps_reset()")
        return
    for table in LINK_TABLES:
        body = (SQLITE_BUMP.format(expr="NEW.event_id")
                + SQLITE_BUMP.format(expr="OLD.event_id"))
        op.execute(f"CREATE TRIGGER trg_card_stamp_update_{table} AFTER UPDATE ON {table} "
                   f"FOR EACH ROW BEGIN {body} END")
    # SQLite has no statement-level triggers; a DELETE of every row (its TRUNCATE) runs the
    # row triggers when there are any.
    op.execute("CREATE TRIGGER trg_card_stamps_reset AFTER DELETE ON card_stamps "
               f"FOR EACH ROW BEGIN {SQLITE_RESET} END")


def downgrade():
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table in LINK_TABLES:
        on = f" ON {table}" if postgresql else ""
        op.execute(f"DROP TRIGGER IF EXISTS trg_card_stamp_update_{table}{on}")
        if postgresql:
            op.execute(f"DROP TRIGGER IF EXISTS trg_card_stamp_truncate_{table}{on}")
    op.execute("DROP TRIGGER IF EXISTS trg_card_stamps_reset"
               + (" ON card_stamps" if postgresql else ""))
    if postgresql:
        op.execute("DROP TRIGGER IF EXISTS trg_card_stamps_truncate ON card_stamps")
        op.execute("DROP FUNCTION IF EXISTS bump_every_card_stamp()")
        op.execute("DROP FUNCTION IF EXISTS card_stamps_reset()")
