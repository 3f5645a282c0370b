"""Migration 0033 (the themes bump the data version; two indexes for the filtered agenda)
upgrades and downgrades on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from stem_events.extensions import db as _db

INDEXES = {"ix_events_municipality_last_end", "ix_events_status_kind_last_end"}


def _version(conn) -> str:
    row = conn.execute(sa.text("SELECT epoch, version FROM data_versions WHERE id = 1")).first()
    return f"{row.epoch}.{row.version}" if row else ""


def _indexes(conn) -> set[str]:
    return {i["name"] for i in sa.inspect(conn).get_indexes("events")} & INDEXES


def test_upgrade_and_downgrade(unmigrated_app):
    with unmigrated_app.app_context():
        upgrade(revision="0032")
        with _db.engine.begin() as conn:
            before = _version(conn)
            conn.execute(sa.text("UPDATE themes SET name = name"))
        with _db.engine.begin() as conn:
            assert _version(conn) == before
            assert _indexes(conn) == set()
        upgrade(revision="0033")
        for statement in ("INSERT INTO themes (slug, name, position) VALUES ('q', 'Q', 99)",
                          "UPDATE themes SET name = 'Quantum' WHERE slug = 'q'",
                          "DELETE FROM themes WHERE slug = 'q'"):
            with _db.engine.begin() as conn:
                before = _version(conn)
                conn.execute(sa.text(statement))
            with _db.engine.begin() as conn:
                assert _version(conn) != before, statement
        with _db.engine.begin() as conn:
            assert _indexes(conn) == INDEXES
        downgrade(revision="0032")
        with _db.engine.begin() as conn:
            before = _version(conn)
            conn.execute(sa.text("UPDATE themes SET name = name"))
        with _db.engine.begin() as conn:
            assert _version(conn) == before
            assert _indexes(conn) == set()
        upgrade(revision="0033")  # 0034 widens one of them
        with _db.engine.begin() as conn:
            assert _indexes(conn) == INDEXES
