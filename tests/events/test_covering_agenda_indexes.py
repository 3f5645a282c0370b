"""Migration 0034: covering indexes for a selection by kind, place and age. The page's ids
query reads the events and their sessions from the indexes alone (SQLite says so in its plan),
and the migration upgrades and downgrades on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from werkzeug.datastructures import MultiDict

from stem_events.date_time import now_utc
from stem_events.events import services
from stem_events.events.filters import parse_filters
from stem_events.extensions import db as _db

OLD = {("events", "ix_events_status_kind_last_end"),
       ("event_sessions", "ix_event_sessions_event_start")}
NEW = {("events", "ix_events_agenda_filter"),
       ("event_sessions", "ix_event_sessions_event_start_end")}


def _indexes(conn) -> set[tuple[str, str]]:
    inspector = sa.inspect(conn)
    return {(table, i["name"]) for table in ("events", "event_sessions")
            for i in inspector.get_indexes(table)} & (OLD | NEW)


def test_upgrade_and_downgrade(unmigrated_app):
    with unmigrated_app.app_context():
        upgrade(revision="0033")
        with _db.engine.begin() as conn:
            assert _indexes(conn) == OLD
        upgrade(revision="0034")
        with _db.engine.begin() as conn:
            assert _indexes(conn) == NEW
        downgrade(revision="0033")
        with _db.engine.begin() as conn:
            assert _indexes(conn) == OLD
        upgrade()


def test_sqlite_reads_a_selection_from_the_indexes(app, db, make_event):
    if db.engine.dialect.name != "sqlite":
        return  # PostgreSQL chooses by its statistics (an index-only scan once vacuumed)
    make_event(age_min=8, age_max=12)
    query = "kind=workshop&province=40000&age=10"
    seen = []

    def remember(_conn, _cursor, statement, parameters, *_args):
        seen.append((statement, parameters))

    with app.test_request_context(f"/agenda?{query}"):
        f = parse_filters(MultiDict([tuple(p.split("=")) for p in query.split("&")]))
        sa.event.listen(db.engine, "before_cursor_execute", remember)
        try:
            db.session.execute(services._grouped_page(f, now_utc(), 0, 25)).all()
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", remember)
        statement, parameters = seen[-1]
        plan = " | ".join(row[-1] for row in db.session.connection().exec_driver_sql(
            f"EXPLAIN QUERY PLAN {statement}", parameters))
    assert "COVERING INDEX ix_events_agenda_filter" in plan, plan
    assert "COVERING INDEX ix_event_sessions_event_start_end" in plan, plan
