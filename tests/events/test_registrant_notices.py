"""Organiser changes reach the registrants: every change is mailed with the updated calendar
entry (SEQUENCE bumped) once it is saved, a raised capacity promotes the waiting list, and a
capacity below the confirmed seats is refused."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from stem_events import date_time
from stem_events.accounts.models import Membership
from stem_events.date_time import now_utc, to_local
from stem_events.errors import FieldError
from stem_events.events import management as services
from stem_events.events.models import RegistrationMode
from stem_events.mail.outbox import deliver
from stem_events.registrations.models import Registration, RegistrationStatus
from stem_events.series import services as series
from stem_events.transaction import unit_of_work
from tests.mailbox import delivered
from tests.registrations.helpers import adult_form

PASSWORD = "correct horse 42"  # noqa: S105


@pytest.fixture
def mailbox(app, tmp_path):
    """The .eml files delivered during this test: `mailbox()` → [(text, calendar or "")]."""
    app.config["OUTBOX_DIR"], previous = str(tmp_path), app.config["OUTBOX_DIR"]

    yield lambda recipient=None: delivered(tmp_path, recipient)
    app.config["OUTBOX_DIR"] = previous


def _start(days: int, hour: int = 14):
    return (now_utc() + timedelta(days=days)).replace(hour=hour, minute=0, second=0,
                                                      microsecond=0)


@pytest.fixture
def setup(db, client, make_event, make_user):
    """A published series of two sessions with two confirmed people and one waiting, and a
    signed-in member of its organisation."""
    sessions = [(_start(7), _start(7) + timedelta(hours=2)),
                (_start(14), _start(14) + timedelta(hours=2))]
    event = make_event(sessions=sessions, registration_mode=RegistrationMode.SERIES,
                       capacity=2, waitlist_enabled=True)
    member = make_user()
    db.session.add(Membership(user_id=member.id, organisation_id=event.organisation_id))
    db.session.commit()
    for address in ("an@example.be", "bart@example.be", "wacht@example.be"):
        assert client.post(f"/events/{event.id}/register",
                           data=adult_form(address, name=address.split("@")[0])
                           ).status_code in (200, 302)
    response = client.post("/login", data={"email": member.email, "password": PASSWORD})
    assert response.status_code == 302
    return event, member


def _changes(mailbox, subject_start: str) -> list[tuple[str, str]]:
    return [(text, cal) for text, cal in mailbox()
            if any(line.startswith("Subject:") and line[8:].strip().startswith(subject_start)
                   for line in text.splitlines())]


def _statuses(db, event_id) -> dict[str, str]:
    rows = db.session.scalars(sa.select(Registration).where(Registration.event_id == event_id)
                              .execution_options(populate_existing=True))
    return {r.contact_email: r.status.value for r in rows}


def test_a_moved_session_reaches_every_registrant_with_a_higher_sequence(
        client, db, setup, mailbox):
    event, _member = setup
    first = event.sessions[0]
    uid, day = first.uid, to_local(_start(9)).date()
    response = client.post(f"/manage/events/{event.id}/sessions/{first.id}/move", data={
        "day": day.isoformat(), "start_time": "10:00", "end_time": "12:00",
        "version": str(event.version)})
    assert response.status_code == 302
    changes = _changes(mailbox, "Gewijzigd")
    assert sorted(t.split("To: ")[1].split("\n")[0] for t, _ in changes) == [
        "an@example.be", "bart@example.be", "wacht@example.be"]
    calendars = [cal for _t, cal in changes if cal]
    assert len(calendars) == 2  # the confirmed people; the waiting one gets no seat in it
    for calendar in calendars:
        assert "METHOD:REQUEST" in calendar and f"UID:{uid}" in calendar
        block = calendar.split(f"UID:{uid}")[0].rsplit("BEGIN:VEVENT", 1)[1] + \
            calendar.split(f"UID:{uid}")[1].split("END:VEVENT")[0]
        # the session's SEQUENCE (1 after the move) + the owner's counter (1: one new
        # registration), as the personal feed shows it (CONTRACT.md)
        assert "SEQUENCE:2" in block
        assert f"DTSTART:{day.strftime('%Y%m%d')}T" in block.replace(";VALUE=DATE-TIME", "")


def test_a_cancelled_session_is_marked_cancelled_in_the_calendar_and_restored(
        client, db, setup, mailbox):
    event, _member = setup
    second = event.sessions[1]
    assert client.post(f"/manage/events/{event.id}/sessions/{second.id}/cancel").status_code \
        == 302
    calendars = [cal for _t, cal in _changes(mailbox, "Gewijzigd") if cal]
    assert len(calendars) == 2
    for calendar in calendars:
        block = calendar.split(f"UID:{second.uid}")[1].split("END:VEVENT")[0]
        assert "STATUS:CANCELLED" in block or "STATUS:CANCELLED" in calendar.split(
            f"UID:{second.uid}")[0].rsplit("BEGIN:VEVENT", 1)[1]
        assert "SEQUENCE:2" in calendar  # session 1 + the registration's counter 1
    assert client.post(f"/manage/events/{event.id}/sessions/{second.id}/restore").status_code \
        == 302
    assert len(_changes(mailbox, "Gewijzigd")) == 6
    assert "SEQUENCE:3" in [cal for _t, cal in _changes(mailbox, "Gewijzigd") if cal][-1]


def test_cancelling_the_event_sends_a_calendar_cancel(client, db, setup, mailbox):
    event, _member = setup
    response = client.post(f"/manage/events/{event.id}/cancel",
                           data={"reason": "De zaal is onder water gelopen."})
    assert response.status_code == 302
    mails = _changes(mailbox, "Geannuleerd")
    assert len(mails) == 3
    assert all("De zaal is onder water gelopen." in text for text, _cal in mails)
    calendars = [cal for _t, cal in mails if cal]
    assert len(calendars) == 2 and all("METHOD:CANCEL" in cal for cal in calendars)


def test_postponing_and_resuming_the_event_are_mailed(client, db, setup, mailbox):
    event, _member = setup
    assert client.post(f"/manage/events/{event.id}/postpone",
                       data={"reason": "De lesgever is ziek."}).status_code == 302
    mails = _changes(mailbox, "Gewijzigd")
    assert len(mails) == 3 and all("De lesgever is ziek." in text for text, _cal in mails)
    assert client.post(f"/manage/events/{event.id}/resume").status_code == 302
    assert len(_changes(mailbox, "Gewijzigd")) == 6


def test_a_new_place_is_mailed_but_a_new_description_is_not(db, setup, mailbox):
    event, member = setup
    with unit_of_work():
        services.update_event(member, event, {"description": "Nieuwe uitleg."}, None)
    assert _changes(mailbox, "Gewijzigd") == []
    with unit_of_work():
        services.update_event(member, event, {"venue_name": "Technopolis",
                                              "street": "Technologielaan", "postcode": "2800"},
                              None)
    mails = _changes(mailbox, "Gewijzigd")
    assert len(mails) == 3 and all("Technopolis" in text for text, _cal in mails)
    assert all("LOCATION:Technopolis" in cal for _t, cal in mails if cal)


def test_a_refused_change_mails_nobody(db, setup, mailbox):
    event, member = setup
    with pytest.raises(FieldError), unit_of_work():
        services.update_event(member, event, {"venue_name": "Elders", "age_min": 12,
                                              "age_max": 8}, None)
    with unit_of_work():
        pass  # nothing left over from the refused change
    assert mailbox() == []


def test_raising_the_capacity_promotes_the_waiting_list(client, db, setup, mailbox):
    event, _member = setup
    assert _statuses(db, event.id)["wacht@example.be"] == "waitlisted"
    with unit_of_work():
        services.update_event(_member, event, {"capacity": 3}, None)
    assert _statuses(db, event.id)["wacht@example.be"] == "confirmed"
    [(text, calendar)] = _changes(mailbox, "Er is een plaats vrij")
    assert "To: wacht@example.be" in text and "METHOD:REQUEST" in calendar


def test_a_capacity_below_the_confirmed_seats_is_refused_in_dutch(client, db, setup, mailbox):
    event, member = setup
    assert services.registered_count(event) == 2
    with pytest.raises(FieldError) as refused:
        services.update_event(member, event, {"capacity": 1}, None)
    assert refused.value.field == "capacity"
    assert "Er zijn al 2 inschrijvingen" in refused.value.message
    db.session.rollback()
    assert db.session.get(type(event), event.id).capacity == 2
    # a cancelled registration frees its seat: 1 is allowed then
    registration = db.session.scalar(sa.select(Registration).where(
        Registration.contact_email == "bart@example.be"))
    from stem_events.registrations.services import cancel
    cancel(event.id, [registration.id])  # the waiting person moves up: still 2 confirmed
    assert services.registered_count(event) == 2
    cancel(event.id, [db.session.scalar(sa.select(Registration.id).where(
        Registration.contact_email == "wacht@example.be"))])
    assert services.registered_count(event) == 1
    with unit_of_work():
        services.update_event(member, event, {"capacity": 1}, None)
    assert event.capacity == 1


def test_open_sessions_count_per_session_and_a_raised_session_capacity_promotes(
        client, db, make_event, make_user, mailbox):
    event = make_event(registration_mode=RegistrationMode.SESSIONS, capacity=1,
                       waitlist_enabled=True)
    session = event.sessions[0]
    session.capacity = 1
    db.session.commit()
    for address in ("een@example.be", "twee@example.be"):
        client.post(f"/events/{event.id}/register",
                    data=adult_form(address, session_id=str(session.id)))
    assert _statuses(db, event.id) == {"een@example.be": "confirmed",
                                       "twee@example.be": "waitlisted"}
    assert services.registered_count(event, session) == 1
    assert services.registered_count(event) == 0  # no registration for the whole series
    member = make_user()
    db.session.add(Membership(user_id=member.id, organisation_id=event.organisation_id))
    db.session.commit()
    with pytest.raises(FieldError):
        series.move_session(member, event, session, session.starts_at, session.ends_at,
                              capacity=0)
    db.session.rollback()
    with unit_of_work():
        series.move_session(member, event, session, session.starts_at, session.ends_at,
                              capacity=2)
    assert _statuses(db, event.id)["twee@example.be"] == "confirmed"
    assert [t for t, _c in _changes(mailbox, "Er is een plaats vrij")]


def test_only_the_registrants_of_an_open_session_hear_of_its_move(
        client, db, make_event, make_user, mailbox):
    sessions = [(_start(5), _start(5) + timedelta(hours=1)),
                (_start(6), _start(6) + timedelta(hours=1))]
    event = make_event(sessions=sessions, registration_mode=RegistrationMode.SESSIONS,
                       capacity=5)
    first, second = event.sessions
    client.post(f"/events/{event.id}/register",
                data=adult_form("eerste@example.be", session_id=str(first.id)))
    client.post(f"/events/{event.id}/register",
                data=adult_form("tweede@example.be", session_id=str(second.id)))
    assert set(_statuses(db, event.id).values()) == {RegistrationStatus.CONFIRMED.value}
    member = make_user()
    db.session.add(Membership(user_id=member.id, organisation_id=event.organisation_id))
    db.session.commit()
    with unit_of_work():
        series.move_session(member, event, second, _start(8), _start(8) + timedelta(hours=1))
    [(text, calendar)] = _changes(mailbox, "Gewijzigd")
    assert "To: tweede@example.be" in text and f"UID:{second.uid}" in calendar
    assert f"UID:{first.uid}" not in calendar


def test_the_event_page_links_to_its_registrations_with_counts_and_back(client, db, setup):
    event, _member = setup
    page = client.get(f"/manage/events/{event.id}").get_data(as_text=True)
    assert f'href="/manage/events/{event.id}/registrations"' in page
    assert "Bevestigd: 2 / 2" in page and "Wachtlijst: 1" in page
    registrations = client.get(f"/manage/events/{event.id}/registrations")
    assert f'href="/manage/events/{event.id}"' in registrations.get_data(as_text=True)
    for page_path in ("attendance", "checkin", "mail"):
        response = client.get(f"/manage/events/{event.id}/registrations/{page_path}")
        assert response.status_code == 200
        assert f'href="/manage/events/{event.id}/registrations"' in response.get_data(
            as_text=True)


def test_an_event_without_registration_shows_no_registrations_block(
        client, db, make_event, make_user):
    event = make_event(registration_mode=RegistrationMode.NONE)
    member = make_user()
    db.session.add(Membership(user_id=member.id, organisation_id=event.organisation_id))
    db.session.commit()
    client.post("/login", data={"email": member.email, "password": PASSWORD})
    page = client.get(f"/manage/events/{event.id}").get_data(as_text=True)
    assert f"/manage/events/{event.id}/registrations" not in page


# ---------------------------------------------------------------- what changed, old → new

def _unfolded(calendar: str) -> str:
    return calendar.replace("\r\n ", "").replace("\n ", "").replace("\\,", ",")


def _hours(start, end) -> str:
    return f"{date_time.format_time(start)}–{date_time.format_time(end)}"


def _move(client, event, session, day, start="10:00", end="12:00"):
    return client.post(f"/manage/events/{event.id}/sessions/{session.id}/move", data={
        "day": day.isoformat(), "start_time": start, "end_time": end,
        "version": str(event.version)})


def test_a_moved_session_mail_says_the_old_and_new_date_and_time(client, db, setup, mailbox):
    event, _member = setup
    first = event.sessions[0]
    old_start, old_end = first.starts_at, first.ends_at
    day = to_local(_start(9)).date()
    assert _move(client, event, first, day).status_code == 302
    db.session.refresh(first)
    date_line = (f"Datum: {date_time.format_date(old_start)} → "
                 f"{date_time.format_date(first.starts_at)}")
    hours_line = f"Uur: {_hours(old_start, old_end)} → 10:00–12:00"
    mails = _changes(mailbox, "Gewijzigd")
    assert len(mails) == 3
    for text, calendar in mails:
        assert date_line in text and hours_line in text
        assert "Plaats:" not in text  # only what changed
        if calendar:
            assert date_line in _unfolded(calendar) and hours_line in _unfolded(calendar)


def test_a_cancelled_session_mail_says_its_status(client, db, setup, mailbox):
    event, _member = setup
    second = event.sessions[1]
    assert client.post(f"/manage/events/{event.id}/sessions/{second.id}/cancel").status_code \
        == 302
    texts = [text for text, _cal in _changes(mailbox, "Gewijzigd")]
    assert len(texts) == 3
    assert all("Status: gaat door → geannuleerd" in text for text in texts)


def test_a_new_place_mail_says_the_old_and_new_place(db, setup, mailbox):
    event, member = setup
    with unit_of_work():
        services.update_event(member, event, {"venue_name": "Technopolis",
                                              "street": "Technologielaan", "postcode": "2800"},
                              None)
    texts = [text for text, _cal in _changes(mailbox, "Gewijzigd")]
    assert len(texts) == 3
    assert all("Plaats: Bibliotheek De Krook" in t and "→ Technopolis, Technologielaan, 2800"
               in t for t in texts), texts[0]


def test_postponing_says_the_status_change(client, db, setup, mailbox):
    event, _member = setup
    assert client.post(f"/manage/events/{event.id}/postpone",
                       data={"reason": "De lesgever is ziek."}).status_code == 302
    texts = [text for text, _cal in _changes(mailbox, "Gewijzigd")]
    assert texts and all("Status: gepubliceerd → uitgesteld" in t for t in texts)


def test_a_mail_sent_later_still_says_what_was_true_when_it_was_queued(
        app, client, db, setup, mailbox, monkeypatch):
    """Two moves before the worker runs: each mail tells its own step."""
    monkeypatch.setitem(app.config, "MAIL_DELIVER_IMMEDIATELY", False)
    event, _member = setup
    first = event.sessions[0]
    start_0 = first.starts_at
    day_9, day_10 = to_local(_start(9)).date(), to_local(_start(10)).date()
    assert _move(client, event, first, day_9).status_code == 302
    db.session.refresh(event)
    assert _move(client, event, first, day_10).status_code == 302
    assert mailbox() == []
    deliver()
    texts = [text for text, _cal in _changes(mailbox, "Gewijzigd") if "an@example.be" in text]
    day_9_text = date_time.format_date(day_9)
    assert len(texts) == 2
    assert f"Datum: {date_time.format_date(start_0)} → {day_9_text}" in texts[0]
    assert f"Datum: {day_9_text} → {date_time.format_date(day_10)}" in texts[1]
    assert "Uur:" not in texts[1]  # the second move kept the hours


def test_the_organiser_sees_how_many_are_mailed_before_and_after_moving(
        client, db, setup, mailbox):
    event, _member = setup
    first = event.sessions[0]
    page = client.get(f"/manage/events/{event.id}/sessions/{first.id}/move").get_data(
        as_text=True)
    assert "dan gaan er 3 e-mails naar de ingeschrevenen" in page
    response = _move(client, event, first, to_local(_start(9)).date())
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "De sessie is verplaatst. Er gaan 3 e-mails met de wijziging naar de " \
        "ingeschrevenen." in page
    assert len(_changes(mailbox, "Gewijzigd")) == 3


def test_the_postpone_page_says_how_many_are_mailed_before_and_after(
        client, db, setup, mailbox):
    event, _member = setup
    page = client.get(f"/manage/events/{event.id}/postpone").get_data(as_text=True)
    assert "Er gaan 3 e-mails naar de ingeschrevenen" in page
    response = client.post(f"/manage/events/{event.id}/postpone",
                           data={"reason": "Ziek."}, follow_redirects=True)
    assert "Er gaan 3 e-mails met de wijziging naar de ingeschrevenen." in response.get_data(
        as_text=True)
