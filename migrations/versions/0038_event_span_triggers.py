"""An event's span (first_start, last_end) follows its sessions whoever writes them.

The agenda, its counts and the filtered feeds find upcoming events by `events.last_end`; it was
kept by an ORM listener alone (`keep_spans_current`), so a session added, moved or removed by
raw SQL, `psql` or a bulk import left the event out of (or in) the agenda and its feeds. These
triggers keep the span on every insert, delete and move of a session. They write `events` only
when the span really changes, so the ORM's own writes (which set it in the same flush) cost an
indexed look-up per session and nothing more.

Revision ID: 0038
Revises: 0034
"""
from alembic import op

revision = '0038'
down_revision = '0034'
branch_labels = None
depends_on = None


def _recompute(event_id: str) -> str:
    """Set the span of one event from its sessions, when it differs (SQLite)."""
    first = f"(SELECT min(starts_at) FROM event_sessions WHERE event_id = {event_id})"  # noqa: S608
    last = f"(SELECT max(ends_at) FROM event_sessions WHERE event_id = {event_id})"  # noqa: S608
    return (f"UPDATE events SET first_start = {first}, last_end = {last} "  # noqa: S608
            f"WHERE id = {event_id} AND (first_start IS NOT {first} OR last_end IS NOT {last});")


# A new session widens the span (no aggregate needed); a removed or moved one may narrow it.
WIDEN = (
    "UPDATE events SET "
    "first_start = CASE WHEN first_start IS NULL OR NEW.starts_at < first_start "
    "THEN NEW.starts_at ELSE first_start END, "
    "last_end = CASE WHEN last_end IS NULL OR NEW.ends_at > last_end "
    "THEN NEW.ends_at ELSE last_end END "
    "WHERE id = NEW.event_id AND (first_start IS NULL OR NEW.starts_at < first_start "
    "OR last_end IS NULL OR NEW.ends_at > last_end);"
)

SQLITE_TRIGGERS = (
    ("trg_event_span_insert", "INSERT ON event_sessions", WIDEN),
    ("trg_event_span_delete", "DELETE ON event_sessions", _recompute("OLD.event_id")),
    ("trg_event_span_update", "UPDATE OF event_id, starts_at, ends_at ON event_sessions",
     _recompute("OLD.event_id") + _recompute("NEW.event_id")),
)

PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION keep_event_span() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {WIDEN}
        RETURN NULL;
    END IF;
    UPDATE events e SET first_start = s.first_start, last_end = s.last_end
    FROM (SELECT min(starts_at) AS first_start, max(ends_at) AS last_end
          FROM event_sessions WHERE event_id = OLD.event_id) s
    WHERE e.id = OLD.event_id
      AND (e.first_start IS DISTINCT FROM s.first_start OR e.last_end IS DISTINCT FROM s.last_end);
    IF TG_OP = 'UPDATE' AND NEW.event_id IS DISTINCT FROM OLD.event_id THEN
        UPDATE events e SET first_start = s.first_start, last_end = s.last_end
        FROM (SELECT min(starts_at) AS first_start, max(ends_at) AS last_end
              FROM event_sessions WHERE event_id = NEW.event_id) s
        WHERE e.id = NEW.event_id
          AND (e.first_start IS DISTINCT FROM s.first_start
               OR e.last_end IS DISTINCT FROM s.last_end);
    END IF;
    RETURN NULL;
END
$$
"""  # noqa: S608 (constants)


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        op.execute("CREATE TRIGGER trg_event_span AFTER INSERT OR DELETE OR "
                   "UPDATE OF event_id, starts_at, ends_at ON event_sessions "
                   "FOR EACH ROW EXECUTE FUNCTION keep_event_span()")
    else:
        for name, what, body in SQLITE_TRIGGERS:
            op.execute(f"CREATE TRIGGER {name} AFTER {what} BEGIN {body} END")
    # Spans written by raw SQL before this revision are made right once (only those that
    # differ: every updated event invalidates its stored card).
    first = "(SELECT min(starts_at) FROM event_sessions s WHERE s.event_id = events.id)"
    last = "(SELECT max(ends_at) FROM event_sessions s WHERE s.event_id = events.id)"
    differs = "IS DISTINCT FROM" if op.get_bind().dialect.name == "postgresql" else "IS NOT"
    op.execute(f"UPDATE events SET first_start = {first}, last_end = {last} "  # noqa: S608
               f"WHERE first_start {differs} {first} OR last_end {differs} {last}")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS trg_event_span ON event_sessions")
        op.execute("DROP FUNCTION IF EXISTS keep_event_span()")
    else:
        for name, _what, _body in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
