"""Seats left for a list page count registrations only of events that have a limit; a page
without any asks the database nothing, and the figures stay those of each event."""

from __future__ import annotations

import sqlalchemy as sa

from stem_events.events.models import RegistrationMode
from stem_events.extensions import db as _db
from stem_events.registrations.services import seats_left_many


def _counted(shown) -> tuple[dict, int]:
    statements = []

    def note(_conn, _cursor, statement, *_args):
        statements.append(statement)

    sa.event.listen(_db.engine, "before_cursor_execute", note)
    try:
        left = seats_left_many(shown)
    finally:
        sa.event.remove(_db.engine, "before_cursor_execute", note)
    return left, len(statements)


def test_no_query_without_a_limit(make_event):
    free = make_event(title="Vrij")
    open_ended = make_event(title="Onbeperkt", registration_mode=RegistrationMode.SERIES)
    limited = make_event(title="Beperkt", capacity=5, registration_mode=RegistrationMode.SERIES)
    shown = [(e, e.sessions[0]) for e in (free, open_ended)]
    assert _counted(shown) == ({free.id: None, open_ended.id: None}, 0)
    shown.append((limited, limited.sessions[0]))
    left, queries = _counted(shown)
    assert left == {free.id: None, open_ended.id: None, limited.id: 5} and queries == 1
