"""Series editing keeps UIDs stable and bumps SEQUENCE of exactly the sessions that change."""

from datetime import date, time, timedelta

import pytest
import sqlalchemy as sa

from stem_events.date_time import local, to_local
from stem_events.errors import FieldError
from stem_events.events.models import Event, SessionStatus
from stem_events.reference.holiday_overrides import HolidayOverride
from stem_events.series.schedule import Schedule, parse_dates, series_dates
from tests.events.conftest import NOW


def _weekly(event_count=3):
    first = NOW + timedelta(days=2)
    return [(first + timedelta(weeks=w), first + timedelta(weeks=w, hours=2))
            for w in range(event_count)]


def test_fortnightly_between_two_dates():
    schedule = Schedule(date(2026, 9, 2), time(14), time(16), "fortnightly", date(2026, 10, 14))
    assert series_dates(schedule) == [date(2026, 9, 2), date(2026, 9, 16), date(2026, 9, 30),
                                      date(2026, 10, 14)]


def test_until_before_start_and_nothing_left_are_refused():
    with pytest.raises(FieldError, match="vóór de eerste"):
        series_dates(Schedule(date(2026, 9, 2), time(14), time(16), "weekly", date(2026, 8, 1)))
    with pytest.raises(FieldError, match="geen enkele sessie"):
        series_dates(Schedule(date(2026, 9, 2), time(14), time(16), "weekly", date(2026, 9, 2),
                              skip_dates={date(2026, 9, 2)}))
    with pytest.raises(FieldError, match="geen datum"):
        parse_dates("14/03/2026, morgen")


def test_holiday_override_replaces_the_rule(db):
    # The rules put autumn 2026 on 26 October – 1 November; pretend it moved a week later.
    schedule = Schedule(date(2026, 10, 21), time(14), time(16), "weekly", date(2026, 11, 11),
                        skip_holidays=True)
    assert date(2026, 10, 28) not in series_dates(schedule)
    assert date(2026, 11, 4) in series_dates(schedule)
    db.session.add(HolidayOverride(year=2026, key="autumn", name="herfstvakantie",
                                   first_day=date(2026, 11, 2), last_day=date(2026, 11, 8)))
    db.session.commit()
    days = series_dates(schedule)
    assert date(2026, 10, 28) in days and date(2026, 11, 4) not in days


def test_moving_one_session_keeps_its_uid_and_bumps_only_its_sequence(
        client, db, login, organiser, make_event, freeze_now):
    freeze_now(NOW)
    user, organisation = organiser
    event = make_event(organisation=organisation, sessions=_weekly())
    target = event.sessions[1]
    uid, others = target.uid, [event.sessions[0].id, event.sessions[2].id]
    login(user)
    new_day = to_local(target.starts_at).date() + timedelta(days=1)
    response = client.post(f"/manage/events/{event.id}/sessions/{target.id}/move", data={
        "day": new_day.isoformat(), "start_time": "18:00", "end_time": "19:30",
        "version": str(event.version)})
    assert response.status_code == 302, response.text
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    moved = next(s for s in event.sessions if s.uid == uid)
    assert moved.starts_at == local(new_day, time(18)) and moved.sequence == 1
    assert [s.sequence for s in event.sessions if s.id in others] == [0, 0]


def test_moving_into_the_past_or_backwards_is_refused(client, db, login, organiser, make_event,
                                                      freeze_now):
    freeze_now(NOW)
    user, organisation = organiser
    event = make_event(organisation=organisation, sessions=_weekly())
    session = event.sessions[0]
    login(user)
    url = f"/manage/events/{event.id}/sessions/{session.id}/move"
    past = client.post(url, data={"day": "2025-12-01", "start_time": "10:00",
                                  "end_time": "12:00", "version": str(event.version)})
    assert past.status_code == 400 and "verleden" in past.text
    backwards = client.post(url, data={"day": "2026-02-01", "start_time": "12:00",
                                       "end_time": "10:00", "version": str(event.version)})
    assert backwards.status_code == 400 and "Het einde moet na het begin liggen." in backwards.text
    assert 'value="2026-02-01"' in backwards.text
    db.session.refresh(session)
    assert session.sequence == 0


def test_cancel_one_session_then_restore(client, db, login, organiser, make_event, freeze_now):
    freeze_now(NOW)
    user, organisation = organiser
    event = make_event(organisation=organisation, sessions=_weekly())
    session = event.sessions[1]
    login(user)
    client.post(f"/manage/events/{event.id}/sessions/{session.id}/cancel")
    db.session.refresh(session)
    assert session.status == SessionStatus.CANCELLED and session.sequence == 1
    page = client.get(f"/events/{event.id}-{event.slug}").text
    assert "(geannuleerd)" in page
    client.post(f"/manage/events/{event.id}/sessions/{session.id}/restore")
    db.session.refresh(session)
    assert session.status == SessionStatus.SCHEDULED and session.sequence == 2


def test_add_sessions_to_a_series(client, db, login, organiser, make_event, freeze_now):
    freeze_now(NOW)
    user, organisation = organiser
    event = make_event(organisation=organisation, sessions=_weekly(1))
    old_uid = event.sessions[0].uid
    login(user)
    response = client.post(f"/manage/events/{event.id}/sessions/new", data={
        "first_day": "2026-03-02", "start_time": "14:00", "end_time": "16:00",
        "repeat": "weekly", "until": "2026-03-16", "skip_dates": "", "version": str(event.version)})
    assert response.status_code == 302, response.text
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    assert len(event.sessions) == 4 and event.sessions[0].uid == old_uid
    assert event.sessions[0].sequence == 0


def test_a_session_of_another_event_is_404(client, db, login, organiser, make_event):
    user, organisation = organiser
    mine = make_event(organisation=organisation)
    other = make_event(organisation=organisation, title="Andere")
    login(user)
    url = f"/manage/events/{mine.id}/sessions/{other.sessions[0].id}/cancel"
    assert client.post(url).status_code == 404


def test_open_sessions_have_their_own_capacity(client, db, login, organiser, freeze_now):
    from tests.events.conftest import event_form

    freeze_now(NOW)
    user, organisation = organiser
    login(user)
    client.post("/manage/events/new", data=event_form(
        organisation.id, registration_mode="sessions", capacity="12", skip_holidays=None))
    event = db.session.scalars(sa.select(Event)).one()
    assert {s.capacity for s in event.sessions} == {12}
    session = event.sessions[0]
    start = to_local(session.starts_at)
    response = client.post(f"/manage/events/{event.id}/sessions/{session.id}/move", data={
        "day": start.date().isoformat(), "start_time": "14:00", "end_time": "16:00",
        "capacity": "8", "version": str(event.version)})
    assert response.status_code == 302, response.text
    db.session.refresh(session)
    assert session.capacity == 8 and session.sequence == 0  # not a calendar change
    assert "8 plaatsen" in client.get(f"/manage/events/{event.id}").text
