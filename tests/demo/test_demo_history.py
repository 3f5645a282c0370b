"""`flask demo-data --history N`: past events added in bulk to the demo data already there
(`make bench-scale`: 10,000 upcoming events plus 90,000 as history accumulates)."""

from datetime import UTC, datetime

import sqlalchemy as sa

from stem_events.events.models import Event, EventSession, event_themes


def run(app, *args):
    return app.test_cli_runner().invoke(args=["demo-data", *args])


def _count(db, what, *where):
    return db.session.scalar(sa.select(sa.func.count()).select_from(what).where(*where))


def test_adds_past_events_beside_the_upcoming_ones(app, db, freeze_now):
    now = datetime(2026, 9, 2, 8, tzinfo=UTC)
    freeze_now(now)
    assert run(app, "--events", "60").exit_code == 0
    before_events = _count(db, Event)
    before_sessions = _count(db, EventSession)
    upcoming = sorted(db.session.execute(
        sa.select(Event.id, Event.title, Event.first_start)).all())

    result = run(app, "--history", "150")
    assert result.exit_code == 0, result.output
    db.session.expire_all()

    assert _count(db, Event) == before_events + 150
    added = Event.id > max(i for i, _t, _s in upcoming)
    assert _count(db, Event, added) == 150
    assert _count(db, Event, added, Event.last_end >= now) == 0, "history is in the past"
    assert _count(db, EventSession) > before_sessions
    assert _count(db, EventSession, EventSession.starts_at >= now,
                  EventSession.event_id.in_(sa.select(Event.id).where(added))) == 0
    assert _count(db, event_themes, event_themes.c.event_id.in_(
        sa.select(Event.id).where(added))) > 0, "past events keep their themes"
    # The demo data that was there is unchanged, and the agenda still shows only the future.
    assert sorted(db.session.execute(
        sa.select(Event.id, Event.title, Event.first_start).where(~added)).all()) == upcoming
    uids = db.session.scalars(sa.select(EventSession.uid)).all()
    assert len(uids) == len(set(uids))


def test_history_needs_the_demo_data_first(app, db):
    result = run(app, "--history", "10")
    assert result.exit_code != 0
    assert "demo" in result.output.lower()
    assert _count(db, Event) == 0
