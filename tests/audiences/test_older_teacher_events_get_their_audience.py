"""Migration 0024 tags the existing nascholingen and teacher-club meetings with the audience
leerkrachten now, not only at their next save (issue 19), on SQLite and PostgreSQL; it is
idempotent and its downgrade changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from stem_events.extensions import db as _db
from tests.awards.test_migration import _fill


def _tagged(conn) -> set[tuple[str, str]]:
    return set(conn.execute(sa.text(
        "SELECT e.title, a.slug FROM event_audiences ea JOIN events e ON e.id = ea.event_id "
        "JOIN audiences a ON a.id = ea.audience_id")).all())


def test_existing_teacher_events_get_the_teachers_audience(unmigrated_app):
    with unmigrated_app.app_context():
        upgrade(revision="0023")
        with _db.engine.begin() as conn:
            org = _fill(conn, "organisations", name="Academie", helix="citizen",
                        municipality_nis="44021", approved=True)

            def event(title: str, kind: str) -> int:
                found = _fill(conn, "events", organisation_id=org, kind=kind, title=title,
                              slug=title.lower().replace(" ", "-"), status="published",
                              price_kind="free", registration_mode="none")
                start = datetime(2027, 3, 2, 15, tzinfo=UTC)
                _fill(conn, "event_sessions", event_id=found, starts_at=start,
                      ends_at=start.replace(hour=17), uid=f"u{found}", status="scheduled")
                return found

            event("AI in de klas", "teacher_training")
            club = event("STEM-club Gent", "teacher_club")
            event("Robotica voor kinderen", "workshop")
            teachers, girls = (conn.execute(sa.text(
                "SELECT id FROM audiences WHERE slug = :s"), {"s": s}).scalar()
                for s in ("leerkrachten", "meisjes"))
            # One already tagged (saved after the listener came): no second row, no error.
            conn.execute(sa.text("INSERT INTO event_audiences VALUES (:e, :a), (:e, :g)"),
                         {"e": club, "a": teachers, "g": girls})
        upgrade(revision="0024")
        expected = {("AI in de klas", "leerkrachten"), ("STEM-club Gent", "leerkrachten"),
                    ("STEM-club Gent", "meisjes")}
        with _db.engine.connect() as conn:
            assert _tagged(conn) == expected
        downgrade(revision="0023")
        with _db.engine.connect() as conn:
            assert _tagged(conn) == expected  # the tags stay: they are what the kind means
        upgrade(revision="0024")  # idempotent: running it again adds nothing
        with _db.engine.connect() as conn:
            assert _tagged(conn) == expected
