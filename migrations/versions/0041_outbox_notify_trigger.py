"""PostgreSQL: a new outbox row wakes the mail workers by a trigger (`NOTIFY` on the outbox's
channel, delivered when the transaction commits), instead of a `pg_notify` statement the
request sent after its insert: one round trip fewer in every registration, and a row queued by
any writer (a script, `psql`) wakes them too. SQLite has no NOTIFY: its workers poll.

Revision ID: 0041
Revises: 0040
"""
from alembic import op

revision = '0041'
down_revision = '0040'
branch_labels = None
depends_on = None

CHANNEL = "stem_events_outbox"  # stem_events.mail.outbox.CHANNEL, as this revision knew it


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    # Identical notifications of one transaction are delivered once (PostgreSQL's NOTIFY), so
    # a statement that queues many mails, or many statements, wake the workers once.
    op.execute(f"""
        CREATE OR REPLACE FUNCTION outbox_wake_workers() RETURNS trigger AS $$
        BEGIN
            PERFORM pg_notify('{CHANNEL}', '');
            RETURN NULL;
        END;
        $$ LANGUAGE plpgsql""")
    op.execute("CREATE TRIGGER trg_outbox_wake_workers AFTER INSERT ON outbox_messages "
               "FOR EACH STATEMENT EXECUTE FUNCTION outbox_wake_workers()")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS trg_outbox_wake_workers ON outbox_messages")
    op.execute("DROP FUNCTION IF EXISTS outbox_wake_workers()")
