"""Covering indexes for a page of the agenda or the API filtered by kind, place and age.

A selection never asked before (`?province=10000&age=10&kind=workshop`) read every upcoming
event of the kind by `(status, kind, last_end)` and then each one's row to test its place and
age (about 2,000 wide rows on the 10,000-event database, most of the page's 3–4 ms of SQL),
and each matching event's sessions by `(event_id, starts_at)` and then their rows for
`ends_at`. With the tested columns in the indexes (and the event id on PostgreSQL, where an
index does not hold the primary key) both are read from the indexes alone: the page's ids
query 5.8 → 1.8 ms on SQLite. The new indexes begin with the columns of the ones they replace.

Revision ID: 0034
Revises: 0033
"""
from alembic import op

revision = '0034'
down_revision = '0033'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_events_agenda_filter", "events",
                    ["status", "kind", "last_end", "municipality_nis", "age_min", "age_max"],
                    postgresql_include=["id"])
    op.drop_index("ix_events_status_kind_last_end", table_name="events")
    op.create_index("ix_event_sessions_event_start_end", "event_sessions",
                    ["event_id", "starts_at", "ends_at"])
    op.drop_index("ix_event_sessions_event_start", table_name="event_sessions")


def downgrade():
    op.create_index("ix_event_sessions_event_start", "event_sessions", ["event_id", "starts_at"])
    op.drop_index("ix_event_sessions_event_start_end", table_name="event_sessions")
    op.create_index("ix_events_status_kind_last_end", "events", ["status", "kind", "last_end"])
    op.drop_index("ix_events_agenda_filter", table_name="events")
