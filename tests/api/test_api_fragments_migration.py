"""Migration 0031 (the API's fragment store and the triggers that raise the card stamp for
what the API shows beyond the cards) upgrades and downgrades on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from stem_events.extensions import db as _db


def _stamp(conn, event_id: int) -> int:
    return conn.execute(sa.text("SELECT stamp FROM card_stamps WHERE event_id = :e"),
                        {"e": event_id}).scalar() or 0


def _insert(conn, table: str, **values) -> int:
    """A row giving every NOT NULL column without a default a plain value."""
    columns = sa.Table(table, sa.MetaData(), autoload_with=conn).columns
    row = dict(values)
    plain = {bool: False, int: 0, str: "x", datetime: datetime(2028, 1, 1, tzinfo=UTC)}
    for column in columns:
        if column.name in row or column.nullable or column.primary_key or \
                column.server_default is not None:
            continue
        row[column.name] = plain.get(column.type.python_type, "x")
    target = sa.table(table, *(sa.column(c) for c in [*row, "id"]))
    return conn.execute(target.insert().values(row).returning(target.c.id)).scalar()


def _event(conn) -> int:
    org = _insert(conn, "organisations", name="Academie", helix="citizen",
                  municipality_nis="44021", approved=True)
    return _insert(conn, "events", organisation_id=org, kind="workshop", title="Robotica",
                   slug="robotica", status="published", price_kind="free",
                   registration_mode="none", municipality_nis="11002")


def test_upgrade_and_downgrade(unmigrated_app):
    with unmigrated_app.app_context():
        upgrade(revision="0030")
        with _db.engine.begin() as conn:
            event = _event(conn)
        upgrade(revision="0031")
        with _db.engine.begin() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM api_event_fragments")).scalar() == 0
            before = _stamp(conn, event)
            conn.execute(sa.text("INSERT INTO event_goals (event_id, goal_code) "
                                 "VALUES (:e, 'OD1.1.1')"), {"e": event})
            conn.execute(sa.text("UPDATE municipalities SET name = name WHERE nis = '44021'"))
            assert _stamp(conn, event) == before + 1  # the goal; the event is not in Gent
            conn.execute(sa.text("UPDATE organisations SET helix = 'company'"))
            assert _stamp(conn, event) == before + 2
        downgrade(revision="0030")
        with _db.engine.begin() as conn:
            assert "api_event_fragments" not in sa.inspect(conn).get_table_names()
            before = _stamp(conn, event)
            conn.execute(sa.text("DELETE FROM event_goals"))
            conn.execute(sa.text("UPDATE organisations SET helix = 'citizen'"))
            assert _stamp(conn, event) == before  # the triggers went with the table
        upgrade()
        with _db.engine.begin() as conn:
            assert "api_event_fragments" in sa.inspect(conn).get_table_names()
