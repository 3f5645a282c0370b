"""group settings move the data version and survive a TRUNCATE; an empty stamp reset moves nothing

Revision ID: 0043
Revises: 0042
Create Date: 2026-12-05 14:10:00

Found by a review of 0042:
- `event_group_settings` (what an API item says of school groups) raised the event's card
  stamp on INSERT, UPDATE and DELETE (0031), not on a PostgreSQL TRUNCATE, and it never moved
  the data version: a raw write left the stored API item (after a TRUNCATE) and the cached API
  pages (always) as they were. Its writes now move the data version, and a TRUNCATE raises
  every event's stamp, as for the link tables (0042).
- On PostgreSQL the `card_stamps` reset of 0042 is a statement trigger, so a DELETE that
  removed no row still gave the data version a new epoch (every cached page, chunk and kept
  part dropped for nothing). It now acts only when rows were deleted (or on TRUNCATE).
"""
from alembic import op


revision = '0043'
down_revision = '0042'
branch_labels = None
depends_on = None

# as migration 0004's
SQLITE_BUMP = (
    "INSERT INTO data_versions (id, epoch, version, changed_at) "
    "VALUES (1, lower(hex(randomblob(8))), 1, strftime('%Y-%m-%d %H:%M:%f', 'now')) "
    "ON CONFLICT (id) DO UPDATE SET version = version + 1, changed_at = excluded.changed_at;"
)
SQLITE_OPS = ("insert", "update", "delete")

PG_RESET = """
CREATE OR REPLACE FUNCTION card_stamps_reset() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM card_fragments;
        DELETE FROM api_event_fragments;
    ELSIF EXISTS (SELECT 1 FROM gone) THEN
        DELETE FROM card_fragments WHERE event_id IN (SELECT event_id FROM gone);
        DELETE FROM api_event_fragments WHERE event_id IN (SELECT event_id FROM gone);
    ELSE
        RETURN NULL;  -- nothing deleted: nothing to start again
    END IF;
    UPDATE data_versions SET epoch = md5(random()::text || clock_timestamp()::text),
        version = version + 1, changed_at = clock_timestamp();
    RETURN NULL;
END
$$
"""

PG_RESET_0042 = """
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
        op.execute("CREATE TRIGGER trg_data_version_event_group_settings AFTER INSERT OR "
                   "UPDATE OR DELETE OR TRUNCATE ON event_group_settings FOR EACH STATEMENT "
                   "EXECUTE FUNCTION bump_data_version()")
        op.execute("CREATE TRIGGER trg_card_stamp_truncate_event_group_settings AFTER TRUNCATE "
                   "ON event_group_settings FOR EACH STATEMENT "
                   "EXECUTE FUNCTION bump_every_card_stamp()")  # (migration 0042)
        op.execute(PG_RESET)
        return
    for o in SQLITE_OPS:
        op.execute(f"CREATE TRIGGER trg_data_version_event_group_settings_{o} AFTER "
                   f"{o.upper()} ON event_group_settings BEGIN {SQLITE_BUMP} END")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_RESET_0042)
        op.execute("DROP TRIGGER IF EXISTS trg_card_stamp_truncate_event_group_settings "
                   "ON event_group_settings")
        op.execute("DROP TRIGGER IF EXISTS trg_data_version_event_group_settings "
                   "ON event_group_settings")
        return
    for o in SQLITE_OPS:
        op.execute(f"DROP TRIGGER IF EXISTS trg_data_version_event_group_settings_{o}")
