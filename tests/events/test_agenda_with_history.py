"""The agenda stays flat as history accumulates: the walk over the sessions in start order
starts at the earliest session still running, not at the oldest session ever (bench-scale:
90,000 past events made the unfiltered agenda 8× slower). A session that began long ago and
still runs keeps its place at the top."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from stem_events.date_time import now_utc
from stem_events.events import services
from stem_events.events.filters import AgendaFilter


def _statements(db):
    seen = []

    def remember(_conn, _cursor, statement, parameters, _context, _many):
        seen.append((statement, parameters))

    sa.event.listen(db.engine, "before_cursor_execute", remember)
    return seen, lambda: sa.event.remove(db.engine, "before_cursor_execute", remember)


def test_the_walk_skips_the_sessions_that_ended_long_ago(db, make_event):
    now = now_utc()
    old = [make_event(title=f"Voorbij {n}", sessions=[(now - timedelta(days=400 + n),
                                                         now - timedelta(days=400 + n)
                                                         + timedelta(hours=2))])
           for n in range(3)]
    camp = make_event(title="Kamp dat al loopt", sessions=[
        (now - timedelta(days=20), now + timedelta(days=2))])
    soon = make_event(title="Morgen", sessions=[(now + timedelta(days=1),
                                                 now + timedelta(days=1, hours=2))])
    assert old

    seen, stop = _statements(db)
    try:
        page = services.upcoming_events(AgendaFilter())
    finally:
        stop()

    assert [listing.event.id for listing in page.items] == [camp.id, soon.id]
    walks = [(s, p) for s, p in seen if "ORDER BY event_sessions.starts_at" in s]
    assert walks, seen
    statement, _parameters = walks[0]
    assert "event_sessions.starts_at >=" in statement


def test_a_session_moved_back_in_time_is_found_with_the_same_data_version_cache(
        db, make_event):
    """The lower bound is kept per data version; a change of a session (a new version)
    computes it again, so an ongoing session moved earlier still shows."""
    now = now_utc()
    event = make_event(title="Verplaatst", sessions=[(now + timedelta(days=3),
                                                      now + timedelta(days=3, hours=1))])
    assert [lst.event.id for lst in services.upcoming_events(AgendaFilter()).items] == [
        event.id]
    session = event.sessions[0]
    session.starts_at, session.ends_at = now - timedelta(days=30), now + timedelta(hours=1)
    db.session.commit()
    assert [lst.event.id for lst in services.upcoming_events(AgendaFilter()).items] == [
        event.id]
