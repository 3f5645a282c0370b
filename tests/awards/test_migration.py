"""Migration 0019 moves the editions' award categories, nominations and winners into award
rounds, on a database that holds them (SQLite and PostgreSQL), and keeps the edition's
programme and market stands."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from stem_events.extensions import db as _db


def _fill(conn, table: str, **values) -> int:
    """Insert a row giving every NOT NULL column without a default a plain value."""
    columns = sa.Table(table, sa.MetaData(), autoload_with=conn).columns
    row = dict(values)
    for column in columns:
        if column.name in row or column.nullable or column.primary_key or \
                column.server_default is not None:
            continue
        python = column.type.python_type
        plain = {bool: False, int: 0, str: "x", datetime: datetime(2028, 1, 1, tzinfo=UTC)}
        row[column.name] = plain.get(python, "x")
    target = sa.table(table, *(sa.column(c) for c in [*row, "id"]))
    return conn.execute(target.insert().values(row).returning(target.c.id)).scalar()




def test_edition_awards_become_a_round_with_labels(unmigrated_app):
    with unmigrated_app.app_context():
        upgrade(revision="0016")
        with _db.engine.begin() as conn:
            org = _fill(conn, "organisations", name="Academie", helix="citizen",
                        municipality_nis="44021", approved=True)
            event = _fill(conn, "events", organisation_id=org, kind="state_of_the_stem",
                          title="State-of-the-STEM 2028", slug="sots", status="published",
                          edition_year=2028, price_kind="free", registration_mode="none")
            start = datetime(2028, 5, 18, 7, tzinfo=UTC)
            _fill(conn, "event_sessions", event_id=event, starts_at=start,
                  ends_at=start.replace(hour=15), uid="u1", status="scheduled")
            edition = _fill(conn, "editions", year=2028, event_id=event, venue="Brussel",
                            awards_published=True)
            _fill(conn, "editions", year=2030, venue="", awards_published=False)
            initiatives = [_fill(conn, "initiatives", name=n, slug=n.lower(),
                                 status="published") for n in ("Robotlab", "Codeerclub")]
            _fill(conn, "market_stands", edition_id=edition, initiative_id=initiatives[0],
                  stand_number="M01")
            category = _fill(conn, "award_categories", edition_id=edition,
                             name="Beste STEM-academie", description="", position=4)
            _fill(conn, "nominations", category_id=category, initiative_id=initiatives[0],
                  shortlisted=True, winner=True)
            _fill(conn, "nominations", category_id=category, initiative_id=initiatives[1],
                  shortlisted=True, winner=False)
        upgrade()
        with _db.engine.connect() as conn:
            rounds = conn.execute(sa.text(
                "SELECT id, edition_id, ceremony_event_id, published_at IS NOT NULL, year "
                "FROM award_rounds")).all()
            assert [tuple(r)[1:] for r in rounds] == [(edition, event, True, 2028)]
            assert conn.execute(sa.text(
                "SELECT c.round_id, c.name, COUNT(n.id) FROM award_categories c "
                "JOIN nominations n ON n.category_id = c.id GROUP BY c.round_id, c.name")).all() \
                == [(rounds[0][0], "Beste STEM-academie", 2)]
            assert conn.execute(sa.text("SELECT name, weight FROM award_criteria")).all() == [
                ("Algemene indruk", 1)]
            labels = conn.execute(sa.text(
                "SELECT initiative_id, year, category, valid_until FROM stem_labels")).all()
            assert [(i, y, c, str(v)) for i, y, c, v in labels] == [
                (initiatives[0], 2028, "Beste STEM-academie", "2030-05-17")]
            # 0027: the label keeps its category's place in the round
            assert conn.execute(sa.text("SELECT position FROM stem_labels")).scalar() == 4
            assert conn.execute(sa.text("SELECT COUNT(*) FROM market_stands")).scalar() == 1
            assert conn.execute(sa.text("SELECT COUNT(*) FROM editions")).scalar() == 2
        downgrade(revision="0016")
        with _db.engine.connect() as conn:
            assert conn.execute(sa.text(
                "SELECT e.year, e.awards_published, COUNT(n.id) FROM editions e "
                "JOIN award_categories c ON c.edition_id = e.id "
                "JOIN nominations n ON n.category_id = c.id GROUP BY e.year, e.awards_published"
            )).all() == [(2028, True, 2)]
