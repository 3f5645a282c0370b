"""A page the agenda's index found reads the seats held in each event's registration scope
with its sessions (`events.signals.scope_seats_held`): its seats left cost no statement of
their own, and are those the registrations' own count gives, in every registration mode,
with groups' held offers and expired ones, cancelled registrations left out."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from stem_events.date_time import now_utc
from stem_events.events.models import RegistrationMode
from stem_events.registrations.models import Registration, RegistrationStatus
from stem_events.registrations.services import seats_left

SELECTION = "/agenda?kind=workshop&age=10"
API = "/api/v1/events?kind=workshop&age=10&per_page=50"

# The page cache would hide the statements of the pages asked below.
pytestmark = pytest.mark.usefixtures("page_cache_off")


def _register(db, event, session=None, status=RegistrationStatus.CONFIRMED, seats=1,
              **values):
    number = db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) + 1
    db.session.add(Registration(
        event_id=event.id, session_id=session.id if session else None, status=status,
        seats=seats, identity_key=f"p{number}@example.be", contact_name=f"P{number}",
        contact_email=f"p{number}@example.be", **values))
    db.session.commit()


@pytest.fixture
def events(db, make_event):
    start = now_utc().replace(microsecond=0) + timedelta(days=2)
    sessions = [(start + timedelta(days=7 * n), start + timedelta(days=7 * n, hours=2))
                for n in range(3)]
    common = {"age_min": 8, "age_max": 12}
    series = make_event(title="Reeks", capacity=10, sessions=sessions,
                        registration_mode=RegistrationMode.SERIES, **common)
    per_session = make_event(title="Per sessie", capacity=6, sessions=sessions,
                             registration_mode=RegistrationMode.SESSIONS, **common)
    full = make_event(title="Volzet", capacity=2, waitlist_enabled=True,
                      registration_mode=RegistrationMode.SERIES, **common)
    unlimited = make_event(title="Onbeperkt", registration_mode=RegistrationMode.SERIES,
                           **common)
    free = make_event(title="Zonder inschrijving", **common)
    _register(db, series, seats=3)
    _register(db, series, status=RegistrationStatus.CANCELLED, seats=4, cancelled_at=now_utc())
    _register(db, series, status=RegistrationStatus.WAITLISTED, seats=5, offered_seats=2,
              offer_expires_at=now_utc() + timedelta(days=1))  # an offer held: 2 seats
    _register(db, series, status=RegistrationStatus.WAITLISTED, seats=5, offered_seats=4,
              offer_expires_at=now_utc() - timedelta(hours=1))  # expired: holds nothing
    _register(db, per_session, per_session.sessions[0], seats=2)
    _register(db, per_session, per_session.sessions[1], seats=5)  # another session's
    _register(db, full, seats=2)
    _register(db, unlimited, seats=7)
    return series, per_session, full, unlimited, free


def _statements(app, db, client, path: str):
    seen: list[str] = []

    def remember(_conn, _cursor, statement, *_args):
        seen.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", remember)
    try:
        response = client.get(path)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", remember)
    assert response.status_code == 200
    return response, seen


def test_the_seats_left_come_with_the_page_and_match_the_registrations(app, db, client,
                                                                        events):
    series, per_session, full, unlimited, free = events
    client.get(SELECTION)  # the index built, the cards stored
    response, statements = _statements(app, db, client, SELECTION)
    assert not [s for s in statements if "FROM registrations" in s.split("WHERE")[0]
                and "event_sessions" not in s], statements
    html = response.text
    assert "Nog 5 plaatsen" in html  # 10 - 3 confirmed - 2 offered
    assert "Nog 4 plaatsen" in html  # the first session's 6 - 2
    assert "Wachtlijst" in html
    items = {item["id"]: item for item in client.get(API).get_json()["items"]}
    expected = {event.id: seats_left(event, event.sessions[0]
                                     if event.registration_mode == RegistrationMode.SESSIONS
                                     else None)
                for event in events}
    assert expected == {series.id: 5, per_session.id: 4, full.id: 0, unlimited.id: None,
                        free.id: None}
    assert {i: items[i]["seats_left"] for i in expected} == expected


def test_a_seat_taken_shows_on_the_next_page(app, db, client, events):
    series = events[0]
    assert "Nog 5 plaatsen" in client.get(SELECTION).text
    _register(db, series, seats=1)
    assert "Nog 4 plaatsen" in client.get(SELECTION).text


@pytest.mark.parametrize("raw", [False, True], ids=["orm", "raw-sql"])
def test_a_sessions_new_capacity_shows_on_the_next_page(app, db, client, events, raw):
    """A session's capacity does not move the data version (its triggers watch the times and
    status): the agenda's index, kept per data version, must not be where a page takes it."""
    per_session = events[1]
    session = per_session.sessions[0]
    assert "Nog 4 plaatsen" in client.get(SELECTION).text  # 6 - 2
    if raw:
        db.session.execute(sa.text("UPDATE event_sessions SET capacity = 9 WHERE id = :id"),
                           {"id": session.id})
    else:
        session.capacity = 9
    db.session.commit()
    assert "Nog 7 plaatsen" in client.get(SELECTION).text  # 9 - 2
    items = {item["id"]: item for item in client.get(API).get_json()["items"]}
    assert items[per_session.id]["seats_left"] == 7
