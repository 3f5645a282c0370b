"""feeds: data version (kept by triggers), rendered fragments, personal feed tokens

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-27 02:55:00

The data version is bumped by database triggers, so that every writer (ORM, bulk inserts of
the demo data, raw SQL, another host) invalidates the cached feeds. PostgreSQL uses
statement-level triggers that bump once per transaction; SQLite only has row-level ones (it
updates the one row in place, so a bulk insert stays cheap).
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0002'
branch_labels = None
depends_on = None

# (table, UPDATE OF columns or None for every update, also on INSERT/DELETE)
WATCHED = (
    ("events", None, True),
    ("event_sessions",
     ("event_id", "starts_at", "ends_at", "all_day", "status", "uid", "sequence"), True),
    ("event_themes", None, True),
    ("event_goals", None, True),
    ("event_organisations", None, True),
    ("organisations", ("name",), False),
)

SQLITE_BUMP = (
    "INSERT INTO data_versions (id, epoch, version, changed_at) "
    "VALUES (1, lower(hex(randomblob(8))), 1, strftime('%Y-%m-%d %H:%M:%f', 'now')) "
    "ON CONFLICT (id) DO UPDATE SET version = version + 1, changed_at = excluded.changed_at;"
)

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Once per transaction: readers see the new version only at commit anyway, and updating
    -- one row thousands of times in one transaction (a bulk insert) piles up row versions.
    IF current_setting('stem_events.data_version_tx', true) = txid_current()::text THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('stem_events.data_version_tx', txid_current()::text, true);
    INSERT INTO data_versions (id, epoch, version, changed_at)
    VALUES (1, md5(random()::text || clock_timestamp()::text), 1, clock_timestamp())
    ON CONFLICT (id) DO UPDATE
    SET version = data_versions.version + 1, changed_at = excluded.changed_at;
    RETURN NULL;
END
$$
"""


def _trigger_names(table, columns, inserts):
    ops = (["insert", "delete"] if inserts else []) + ["update"]
    return [(f"trg_data_version_{table}_{o}", o) for o in ops]


def _create_triggers():
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(PG_FUNCTION)
    for table, columns, inserts in WATCHED:
        update = "UPDATE" + (f" OF {', '.join(columns)}" if columns else "")
        if dialect == "postgresql":
            events = (["INSERT", "DELETE", "TRUNCATE"] if inserts else []) + [update]
            op.execute(
                f"CREATE TRIGGER trg_data_version_{table} AFTER {' OR '.join(events)} "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()"
            )
            continue
        for name, o in _trigger_names(table, columns, inserts):
            what = update if o == "update" else o.upper()
            op.execute(f"CREATE TRIGGER {name} AFTER {what} ON {table} BEGIN {SQLITE_BUMP} END")


def _drop_triggers():
    dialect = op.get_bind().dialect.name
    for table, columns, inserts in WATCHED:
        if dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS trg_data_version_{table} ON {table}")
            continue
        for name, _ in _trigger_names(table, columns, inserts):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS bump_data_version()")


def upgrade():
    op.create_table('data_versions',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('epoch', sa.String(length=32), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_versions'))
    )
    op.create_table('feed_fragments',
    sa.Column('session_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('render_key', sa.String(length=40), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('session_updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('event_updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_modified', sa.DateTime(timezone=True), nullable=False),
    sa.Column('body', sa.LargeBinary(), nullable=False),
    sa.Column('rendered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['event_sessions.id'], name=op.f('fk_feed_fragments_session_id_event_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', name=op.f('pk_feed_fragments'))
    )
    op.create_table('feed_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('owner_key', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('replaced_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['replaced_by_id'], ['feed_tokens.id'], name=op.f('fk_feed_tokens_replaced_by_id_feed_tokens'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feed_tokens')),
    sa.UniqueConstraint('token', name=op.f('uq_feed_tokens_token'))
    )
    with op.batch_alter_table('feed_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feed_tokens_owner_key'), ['owner_key'], unique=False)

    op.create_table('feed_token_events',
    sa.Column('owner_key', sa.String(length=64), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_feed_token_events_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('owner_key', 'event_id', name=op.f('pk_feed_token_events'))
    )
    with op.batch_alter_table('feed_token_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feed_token_events_event_id'), ['event_id'], unique=False)

    _create_triggers()


def downgrade():
    _drop_triggers()
    with op.batch_alter_table('feed_token_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feed_token_events_event_id'))
    op.drop_table('feed_token_events')
    with op.batch_alter_table('feed_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feed_tokens_owner_key'))
    op.drop_table('feed_tokens')
    op.drop_table('feed_fragments')
    op.drop_table('data_versions')
