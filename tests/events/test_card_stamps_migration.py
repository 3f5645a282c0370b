"""Migration 0042 (card stamps raised by UPDATEs of the link tables; deleting stamps deletes
the stored parts and moves the data version's epoch) upgrades and downgrades on SQLite and
PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from stem_events.extensions import db as _db
from tests.api.test_api_fragments_migration import _event, _stamp


def _version(conn) -> int:
    return conn.execute(sa.text("SELECT version FROM data_versions WHERE id = 1")).scalar()


def _epoch(conn) -> str | None:
    return conn.execute(sa.text("SELECT epoch FROM data_versions WHERE id = 1")).scalar()


def test_upgrade_and_downgrade(unmigrated_app):
    with unmigrated_app.app_context():
        upgrade(revision="0041")
        with _db.engine.begin() as conn:
            event = _event(conn)
            conn.execute(sa.text("INSERT INTO event_goals (event_id, goal_code) "
                                 "VALUES (:e, 'OD1.1.1')"), {"e": event})
        upgrade(revision="0042")
        with _db.engine.begin() as conn:
            before = _stamp(conn, event)
            conn.execute(sa.text("UPDATE event_goals SET goal_code = 'OD1.1.2'"))
            assert _stamp(conn, event) > before  # SQLite: once for OLD, once for NEW
            epoch = _epoch(conn)
            conn.execute(sa.text("DELETE FROM card_stamps"))
            assert _epoch(conn) != epoch and _stamp(conn, event) == 0
        downgrade(revision="0041")
        with _db.engine.begin() as conn:
            conn.execute(sa.text("UPDATE event_goals SET goal_code = 'OD1.1.1'"))
            assert _stamp(conn, event) == 0  # the triggers went
            epoch = _epoch(conn)
            conn.execute(sa.text("INSERT INTO card_stamps (event_id, stamp) VALUES (:e, 1)"),
                         {"e": event})
            conn.execute(sa.text("DELETE FROM card_stamps"))
            assert _epoch(conn) == epoch
        upgrade()
        with _db.engine.begin() as conn:
            conn.execute(sa.text("UPDATE event_goals SET goal_code = 'OD1.1.2'"))
            assert _stamp(conn, event) > 0
            epoch = _epoch(conn)
            conn.execute(sa.text("DELETE FROM card_stamps WHERE event_id = -1"))
            assert _epoch(conn) == epoch  # nothing deleted, nothing started again (0043)


def test_group_settings_migration_up_and_down(unmigrated_app):
    with unmigrated_app.app_context():
        upgrade(revision="0042")
        with _db.engine.begin() as conn:
            event = _event(conn)
            conn.execute(sa.text(
                "INSERT INTO event_group_settings (event_id, min_size, max_size, "
                "adults_take_seats, individuals_allowed) VALUES (:e, 5, 25, false, true)"),
                {"e": event})
        upgrade(revision="0043")
        with _db.engine.begin() as conn:
            version = _version(conn)
            conn.execute(sa.text("UPDATE event_group_settings SET max_size = 28"))
            assert _version(conn) > version
        downgrade(revision="0042")
        with _db.engine.begin() as conn:
            version = _version(conn)
            conn.execute(sa.text("UPDATE event_group_settings SET max_size = 27"))
            assert _version(conn) == version
