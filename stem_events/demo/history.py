"""`flask demo-data --history N`: N past events added to the demo data already in the database.

An agenda that has run for years holds far more past events than upcoming ones; `make
bench-scale` measures that growth (10,000 upcoming events plus 90,000 past ones). Generating
them one by one takes minutes, so the history copies the events there (with their sessions,
themes, goals, co-organisers and audiences) whole years back, in bulk inserts: every copy ends
before today, keeps its weekday and hour, and gets new ids and session UIDs. Registrations and
the other rows about people are not copied.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from datetime import timedelta

import sqlalchemy as sa

from stem_events.database import UTCDateTime
from stem_events.date_time import now_utc
from stem_events.events.models import Event, EventSession
from stem_events.extensions import db

LINK_TABLES = ("event_themes", "event_goals", "event_organisations", "event_audiences")
YEAR = timedelta(weeks=52)  # whole weeks: a copy keeps its weekday


def _shift(row: dict, columns: list[str], by: timedelta) -> None:
    for name in columns:
        if row[name] is not None:
            row[name] = row[name] - by


def _time_columns(table: sa.Table) -> list[str]:
    return [c.name for c in table.columns if isinstance(c.type, UTCDateTime)]


def add_history(count: int, chunks: Callable[[list[dict]], Iterator[list[dict]]]) -> int:
    """Add `count` past events, copies of the events there that have sessions (a year further
    back each round); returns how many were added (0 when there is nothing to copy)."""
    session = db.session
    events, sessions = Event.__table__, EventSession.__table__
    source = [dict(r) for r in session.execute(
        sa.select(events).where(events.c.last_end.is_not(None)).order_by(events.c.id)
    ).mappings()]
    if not source:
        return 0
    by_event: dict[int, list[dict]] = {}
    for row in session.execute(sa.select(sessions).order_by(sessions.c.id)).mappings():
        by_event.setdefault(row["event_id"], []).append(dict(row))
    links = [db.metadata.tables[n] for n in LINK_TABLES if n in db.metadata.tables]
    linked = {table.name: {} for table in links}
    for table in links:
        for row in session.execute(sa.select(table)).mappings():
            linked[table.name].setdefault(row["event_id"], []).append(dict(row))

    event_step = session.scalar(sa.select(sa.func.max(events.c.id)))
    session_step = session.scalar(sa.select(sa.func.max(sessions.c.id))) or 0
    latest = max(r["last_end"] for r in source)
    # The first round ends before now: whole weeks back past the latest end, plus one.
    first = timedelta(weeks=max(0, math.ceil((latest - now_utc()) / timedelta(weeks=1))) + 1)
    event_times, session_times = _time_columns(events), _time_columns(sessions)

    added = 0
    for round_number in range(1, math.ceil(count / len(source)) + 1):
        back = first + (round_number - 1) * YEAR
        rows: dict[str, list[dict]] = {"events": [], "sessions": []}
        rows.update({table.name: [] for table in links})
        for event in source[:count - added]:
            copy = dict(event, id=event["id"] + round_number * event_step, edition_year=None)
            _shift(copy, event_times, back)
            rows["events"].append(copy)
            for row in by_event.get(event["id"], ()):
                session_copy = dict(row, id=row["id"] + round_number * session_step,
                                    event_id=copy["id"], uid=f"h{round_number}-{row['uid']}")
                _shift(session_copy, session_times, back)
                rows["sessions"].append(session_copy)
            for table in links:
                rows[table.name].extend(dict(link, event_id=copy["id"])
                                        for link in linked[table.name].get(event["id"], ()))
        for table, name in ((events, "events"), (sessions, "sessions"),
                            *((t, t.name) for t in links)):
            for chunk in chunks(rows[name]):
                session.execute(table.insert(), chunk)
        added += len(rows["events"])
    if session.get_bind().dialect.name == "postgresql":
        for table in ("events", "event_sessions"):
            session.execute(sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT max(id) FROM {table}))"))
    return added
