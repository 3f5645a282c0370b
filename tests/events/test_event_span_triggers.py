"""An event's span (first_start, last_end) follows sessions written outside the ORM (migration
0038): the agenda and its filters find upcoming events by `last_end`."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from stem_events import date_time
from stem_events.events.models import Event, EventSession
from stem_events.extensions import db as _db

SESSIONS = EventSession.__table__


def _span(event_id: int):
    with _db.engine.connect() as conn:
        return conn.execute(sa.select(Event.first_start, Event.last_end)
                            .where(Event.id == event_id)).one()


def _raw(statement) -> None:
    """A write that bypasses the ORM's listeners (as psql or a bulk import would)."""
    with _db.engine.begin() as conn:
        conn.execute(statement)


def test_sessions_written_outside_the_orm_move_the_event_in_and_out_of_the_agenda(
        client, make_event):
    now = date_time.now_utc().replace(microsecond=0)
    event = make_event(title="Lasersnijden voor beginners",
                       sessions=[(now - timedelta(days=9), now - timedelta(days=9, hours=-2))])
    event_id, past = event.id, _span(event.id)
    assert "Lasersnijden" not in client.get("/agenda?kind=workshop").text

    later = now + timedelta(days=5)
    _raw(sa.insert(SESSIONS).values(event_id=event_id, starts_at=later,
                                    ends_at=later + timedelta(hours=2)))
    assert _span(event_id) == (past.first_start, later + timedelta(hours=2))
    assert "Lasersnijden" in client.get("/agenda").text
    assert "Lasersnijden" in client.get("/agenda?kind=workshop").text

    earlier = now - timedelta(days=20)  # moved: the span narrows at the end, widens in front
    _raw(sa.update(SESSIONS).where(SESSIONS.c.starts_at == later)
         .values(starts_at=earlier, ends_at=earlier + timedelta(hours=1)))
    assert _span(event_id) == (earlier, past.last_end)
    assert "Lasersnijden" not in client.get("/agenda?kind=workshop").text

    _raw(sa.delete(SESSIONS).where(SESSIONS.c.starts_at == earlier))
    assert _span(event_id) == past
    _raw(sa.delete(SESSIONS).where(SESSIONS.c.event_id == event_id))
    assert _span(event_id) == (None, None)


def test_a_session_moved_to_another_event_moves_both_spans(make_event):
    now = date_time.now_utc().replace(microsecond=0)
    def day(n: int):
        return (now + timedelta(days=n), now + timedelta(days=n, hours=1))

    one = make_event(title="Eén", sessions=[day(1), day(8)])
    other = make_event(title="Twee", sessions=[day(2)])
    one_id, other_id = one.id, other.id
    _raw(sa.update(SESSIONS).where(SESSIONS.c.event_id == one_id,
                                   SESSIONS.c.starts_at == now + timedelta(days=8))
         .values(event_id=other_id))
    assert _span(one_id).last_end == now + timedelta(days=1, hours=1)
    assert _span(other_id).last_end == now + timedelta(days=8, hours=1)


def _stamp(event_id: int) -> int:
    with _db.engine.connect() as conn:
        return conn.execute(sa.text("SELECT stamp FROM card_stamps WHERE event_id = :id"),
                            {"id": event_id}).scalar() or 0


def test_a_session_inside_the_span_leaves_the_event_row_alone(make_event):
    """The triggers write `events` only when the span changes: a session within it raises the
    card stamp once (its own trigger), not a second time through an update of the event."""
    now = date_time.now_utc().replace(microsecond=0)
    event = make_event(sessions=[(now + timedelta(days=1), now + timedelta(days=1, hours=1)),
                                 (now + timedelta(days=9), now + timedelta(days=9, hours=1))])
    event_id, span, before = event.id, _span(event.id), _stamp(event.id)
    _raw(sa.insert(SESSIONS).values(event_id=event_id, starts_at=now + timedelta(days=4),
                                    ends_at=now + timedelta(days=4, hours=1)))
    assert _span(event_id) == span
    assert _stamp(event_id) == before + 1


def test_upgrade_mends_spans_and_downgrade_removes_the_triggers(unmigrated_app):
    from stem_events.accounts.models import Organisation
    from stem_events.reference.models import EventKind, HelixPillar

    start = date_time.now_utc().replace(microsecond=0) + timedelta(days=30)
    with unmigrated_app.app_context():
        upgrade(revision="0033")
        organisation = Organisation(name="STEM-academie Gent", helix=HelixPillar.CITIZEN,
                                    municipality_nis="44021", approved=True)
        event = Event(organisation=organisation, kind=EventKind.WORKSHOP, title="T", slug="t",
                      summary="S", municipality_nis="44021")
        event.sessions.append(EventSession(starts_at=start, ends_at=start + timedelta(hours=2)))
        _db.session.add(event)
        _db.session.commit()
        event_id = event.id
        _db.session.remove()
        _raw(sa.update(Event.__table__).values(first_start=None, last_end=None))
        upgrade(revision="0038")  # spans written wrongly before are mended
        assert _span(event_id) == (start, start + timedelta(hours=2))
        downgrade(revision="0033")
        _raw(sa.insert(SESSIONS).values(event_id=event_id, starts_at=start + timedelta(days=9),
                                        ends_at=start + timedelta(days=9, hours=1)))
        assert _span(event_id) == (start, start + timedelta(hours=2))  # no trigger any more
        upgrade()
        assert _span(event_id) == (start, start + timedelta(days=9, hours=1))
