"""A second version of a feed gives exactly its changes (moved, new, removed occurrence, new
title) through the organiser's rules: SEQUENCE bumped in /events/<id>.ics, change mails to the
registrants, an audit entry "import". An identical run changes nothing, not even updated_at."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest
import sqlalchemy as sa

from stem_events.audit.models import AuditEntry
from stem_events.date_time import freeze, to_local
from stem_events.events.models import Event, EventStatus, SessionStatus
from stem_events.imports import run
from stem_events.imports.models import ImportItem, ImportOccurrence, RunOutcome
from stem_events.series import services as series_services
from tests.imports.helpers import NOW, feed_bytes
from tests.mailbox import delivered
from tests.registrations.helpers import adult_form

UID = "6m2q8r0c9d1e@google.com"
OURS = {"municipality_nis": "44021", "kind": "academy_activity", "registration": "ours",
        "capacity": 20}


def second_version() -> bytes:
    """Title changed, the moved 25 March occurrence moved again (to Friday 27 March),
    1 April removed (EXDATE), one more Wednesday at the end (15 April)."""
    text = feed_bytes("google.ics").decode()
    text = text.replace("SUMMARY:Robotica voor kinderen", "SUMMARY:Robotica voor kids")
    text = text.replace("20260326T150000", "20260327T150000")
    text = text.replace("20260326T170000", "20260327T170000")
    text = text.replace("EXDATE;TZID=Europe/Brussels:20260318T140000",
                        "EXDATE;TZID=Europe/Brussels:20260318T140000,20260401T140000")
    text = text.replace("COUNT=6", "COUNT=7")
    return text.encode()


def robotics(db) -> Event:
    db.session.expire_all()
    return db.session.scalar(sa.select(Event).join(ImportItem, ImportItem.event_id == Event.id)
                             .where(ImportItem.uid == UID))


def sessions_by_day(event: Event) -> dict[str, tuple]:
    return {f"{to_local(s.starts_at):%m-%d %H:%M}": (s.id, s.uid, s.sequence, s.status)
            for s in event.sessions}


@pytest.fixture
def mailbox(app, tmp_path):
    app.config["OUTBOX_DIR"], previous = str(tmp_path), app.config["OUTBOX_DIR"]
    yield lambda: delivered(tmp_path)
    app.config["OUTBOX_DIR"] = previous


@pytest.fixture
def imported(db, client, now, serve, make_source, mailbox):
    source = make_source(serve(feed_bytes("google.ics")), trusted=True, defaults=OURS)
    assert run.run_source(source.id).created == 3
    event = robotics(db)
    assert event.status == EventStatus.PUBLISHED
    response = client.post(f"/events/{event.id}/register", data=adult_form("an@example.be"))
    assert response.status_code in (200, 302)
    return source, event


def test_second_version_gives_exactly_its_changes(db, client, serve, imported, mailbox):
    source, event = imported
    before = sessions_by_day(event)
    mails_before = len(mailbox())
    serve(second_version())

    result = run.run_source(source.id)

    assert (result.outcome, result.created, result.updated, result.cancelled,
            result.unchanged) == (RunOutcome.OK, 0, 1, 1, 2)
    event = robotics(db)
    after = sessions_by_day(event)
    assert event.title == "Robotica voor kids"
    # The moved occurrence keeps its session and UID, with a higher SEQUENCE.
    moved_id, moved_uid, moved_seq, _ = before["03-26 15:00"]
    assert after["03-27 15:00"][:2] == (moved_id, moved_uid)
    assert after["03-27 15:00"][2] > moved_seq
    # The removed one is cancelled, not deleted; the new one is there.
    assert after["04-01 14:00"][0] == before["04-01 14:00"][0]
    assert after["04-01 14:00"][3] == SessionStatus.CANCELLED
    assert "04-15 14:00" in after and "04-15 14:00" not in before
    assert len(after) == len(before) + 1
    # Feeds show it: SEQUENCE up for every session (the title changed), STATUS:CANCELLED.
    ics = client.get(f"/events/{event.id}.ics").text
    assert "SUMMARY:Robotica voor kids" in ics and "STATUS:CANCELLED" in ics
    published = {str(v["UID"]): int(v["SEQUENCE"])
                 for v in icalendar.Calendar.from_ical(ics).walk("VEVENT")}
    assert published[moved_uid] == after["03-27 15:00"][2] > moved_seq
    assert all(after[k][2] > before[k][2] for k in before if k in after)
    # The registrant hears of it; the audit log says "import".
    assert len(mailbox()) > mails_before
    assert any("an@example.be" in text for text, _cal in mailbox()[mails_before:])
    actions = db.session.scalars(sa.select(AuditEntry.action)
                                 .where(AuditEntry.event_id == event.id)).all()
    assert actions.count("import") == 2


def test_an_identical_run_changes_nothing(db, serve, imported, mailbox):
    source, event = imported
    serve(second_version())
    run.run_source(source.id)
    stamps = {s.id: (s.updated_at, s.sequence) for s in robotics(db).sessions}
    event_stamp = (robotics(db).updated_at, robotics(db).version)
    mails = len(mailbox())
    freeze(NOW + timedelta(minutes=5))

    result = run.run_source(source.id)

    assert (result.created, result.updated, result.cancelled, result.unchanged) == (0, 0, 0, 3)
    event = robotics(db)
    assert (event.updated_at, event.version) == event_stamp
    assert {s.id: (s.updated_at, s.sequence) for s in event.sessions} == stamps
    assert len(mailbox()) == mails


def test_a_whole_series_shifted_in_time_is_matched_by_date(db, serve, imported):
    source, event = imported
    before = sessions_by_day(event)
    text = feed_bytes("google.ics").decode().replace("T140000", "T150000") \
        .replace("T160000", "T170000")
    serve(text.encode())

    result = run.run_source(source.id)

    assert (result.created, result.cancelled, result.updated) == (0, 0, 1)
    after = sessions_by_day(robotics(db))
    assert after["03-04 15:00"][:2] == before["03-04 14:00"][:2]
    assert after["04-08 15:00"][:2] == before["04-08 14:00"][:2]
    assert len(after) == len(before)


def test_an_event_gone_from_the_feed_is_cancelled_never_deleted(db, serve, imported):
    source, event = imported
    text = feed_bytes("google.ics").decode()
    start = text.index("BEGIN:VEVENT\r\nDTSTART:20260409")
    end = text.index("END:VEVENT", start) + len("END:VEVENT\r\n")
    serve((text[:start] + text[end:]).encode())

    result = run.run_source(source.id)

    assert result.cancelled == 1
    lecture = db.session.scalar(sa.select(Event).where(Event.title == "Lezing: wat is AI?"))
    assert lecture.status == EventStatus.CANCELLED
    assert [s.status for s in lecture.sessions] == [SessionStatus.CANCELLED]


@pytest.mark.parametrize("body", [b"", b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n",
                                  b"<!doctype html><html><body>Agenda</body></html>"])
def test_a_failed_empty_or_truncated_fetch_cancels_nothing(db, serve, imported, body):
    source, event = imported
    before = sessions_by_day(event)
    serve(body)

    result = run.run_source(source.id)

    assert result.outcome == RunOutcome.FAILED and result.error
    assert sessions_by_day(robotics(db)) == before
    assert db.session.get(type(source), source.id).last_error == result.error


def test_a_server_error_cancels_nothing(db, serve, imported):
    source, event = imported
    before = sessions_by_day(event)
    serve(b"oops", status=500)
    result = run.run_source(source.id)
    assert result.outcome == RunOutcome.FAILED
    assert "HTTP 500" in result.error
    assert sessions_by_day(robotics(db)) == before


def test_cancelling_more_than_half_is_held_until_confirmed(db, serve, imported, organiser):
    from stem_events.imports import sources

    source, event = imported
    before = sessions_by_day(event)
    text = feed_bytes("google.ics").decode()
    start = text.index("BEGIN:VEVENT")
    end = text.index("BEGIN:VEVENT\r\nDTSTART:20260409")
    serve((text[:start] + text[end:]).encode())  # only the lecture is left

    held = run.run_source(source.id)

    assert held.outcome == RunOutcome.HELD
    assert sessions_by_day(robotics(db)) == before
    source = db.session.get(type(source), source.id)
    assert "annuleren" in source.held_reason
    sources.confirm_cancellations(organiser[0], source)
    db.session.commit()
    applied = run.run_source(source.id)
    assert (applied.outcome, applied.cancelled) == (RunOutcome.OK, 6)


def test_a_session_that_left_the_window_is_not_gone(db, now, serve, make_source):
    """Read on a day whose window ends before 21 November, the feed no longer lists the last
    sessions: they stay."""
    source = make_source(serve(feed_bytes("nextcloud.ics")))
    run.run_source(source.id)
    codeclub = db.session.scalar(sa.select(Event).where(Event.title.like("Codeclub%")))
    assert len(codeclub.sessions) == 5
    # Same feed, read on a day whose window ends before 28 November.
    freeze(NOW.replace(year=2025, month=11, day=20))
    result = run.run_source(source.id)
    assert result.cancelled == 0
    db.session.expire_all()
    assert all(not s.cancelled for s in codeclub.sessions)


# --- changes made here, and UIDs that come back ----------------------------------------------

def retitled(text: str | None = None) -> bytes:
    """The first feed with another title: a change, so the run compares every session."""
    text = text or feed_bytes("google.ics").decode()
    return text.replace("SUMMARY:Robotica voor kinderen", "SUMMARY:Robotica voor kids").encode()


def session_on(event: Event, day: str):
    return next(s for s in event.sessions if f"{to_local(s.starts_at):%m-%d %H:%M}" == day)


def test_a_session_the_organiser_moved_keeps_its_time_and_the_difference_is_shown(
        db, client, login, serve, imported, organiser):

    source, event = imported
    user = organiser[0]
    session = session_on(event, "03-11 14:00")
    new_start = session.starts_at + timedelta(hours=2)
    series_services.move_session(user, event, session, new_start, new_start + timedelta(hours=2))
    db.session.commit()
    serve(retitled())

    result = run.run_source(source.id)

    event = robotics(db)
    assert event.title == "Robotica voor kids"
    assert "03-11 16:00" in sessions_by_day(event) and "03-11 14:00" not in sessions_by_day(event)
    assert any("verplaatst" in p["message"] and "blijft" in p["message"]
               for p in result.problems)
    # The source page lists the difference: ours and the feed's.
    login(user)
    page = client.get(f"/manage/imports/{source.id}").text
    assert "Aangepast op het platform" in page and "Robotica voor kids" in page
    # The organiser takes the feed's version back: the session returns to 14:00.
    assert "Versie van de feed overnemen" in page
    occurrence = db.session.scalar(sa.select(ImportOccurrence).where(
        ImportOccurrence.session_id == session.id))
    assert client.post(f"/manage/imports/{source.id}/follow/{occurrence.id}").status_code == 302
    assert "03-11 14:00" in sessions_by_day(robotics(db))
    assert "Geen: alle komende sessies volgen de feed." in client.get(
        f"/manage/imports/{source.id}").text


def moved_by_the_feed(start: str, end: str) -> bytes:
    """The retitled feed, with the 11 March occurrence moved (a RECURRENCE-ID override)."""
    override = ("BEGIN:VEVENT\r\nUID:" + UID + "\r\n"
                "RECURRENCE-ID;TZID=Europe/Brussels:20260311T140000\r\n"
                f"DTSTART;TZID=Europe/Brussels:20260311T{start}00\r\n"
                f"DTEND;TZID=Europe/Brussels:20260311T{end}00\r\n"
                "SUMMARY:Robotica voor kids\r\nLOCATION:Bibliotheek De Krook\\, Miriam "
                "Makebaplein 1\\, 9000 Gent\r\nEND:VEVENT\r\nEND:VCALENDAR")
    return retitled().decode().replace("END:VCALENDAR", override).encode()


def test_once_the_feed_says_what_the_organiser_did_the_session_follows_the_feed_again(
        db, serve, imported, organiser):

    source, event = imported
    session = session_on(event, "03-11 14:00")
    new_start = session.starts_at + timedelta(hours=2)
    series_services.move_session(organiser[0], event, session, new_start,
                            new_start + timedelta(hours=2))
    db.session.commit()
    serve(moved_by_the_feed("1500", "1700"))  # the feed moves it elsewhere: ours stays
    result = run.run_source(source.id)
    assert "03-11 16:00" in sessions_by_day(robotics(db))
    assert any("de feed zegt nu" in p["message"] for p in result.problems)
    serve(moved_by_the_feed("1600", "1800"))  # the feed agrees with the organiser
    run.run_source(source.id)
    serve(moved_by_the_feed("1700", "1900"))  # and from then on the session follows it
    run.run_source(source.id)
    assert "03-11 17:00" in sessions_by_day(robotics(db))


def test_a_session_the_organiser_cancelled_stays_cancelled(db, serve, imported, organiser):

    source, event = imported
    session = session_on(event, "04-08 14:00")
    series_services.set_session_cancelled(organiser[0], event, session, True)
    db.session.commit()
    serve(retitled())

    result = run.run_source(source.id)

    assert result.outcome == RunOutcome.OK
    assert sessions_by_day(robotics(db))["04-08 14:00"][3] == SessionStatus.CANCELLED


def test_a_feed_move_still_reaches_sessions_nobody_changed_here(db, serve, imported,
                                                                organiser):

    source, event = imported
    series_services.set_session_cancelled(organiser[0], event, session_on(event, "04-08 14:00"),
                                     True)
    db.session.commit()
    serve(second_version())

    run.run_source(source.id)

    after = sessions_by_day(robotics(db))
    assert "03-27 15:00" in after  # moved by the feed
    assert after["04-08 14:00"][3] == SessionStatus.CANCELLED  # the organiser's cancellation


def test_an_event_whose_uid_returns_is_reinstated_with_a_higher_sequence(db, client, serve,
                                                                        imported):
    source, _event = imported
    full = feed_bytes("google.ics")
    text = full.decode()
    start = text.index("BEGIN:VEVENT\r\nDTSTART:20260409")
    end = text.index("END:VEVENT", start) + len("END:VEVENT\r\n")
    serve((text[:start] + text[end:]).encode())
    assert run.run_source(source.id).cancelled == 1
    lecture = db.session.scalar(sa.select(Event).where(Event.title == "Lezing: wat is AI?"))
    assert lecture.status == EventStatus.CANCELLED
    cancelled_sequence = lecture.sessions[0].sequence

    serve(full)  # the UID is back, saying exactly what it said before
    result = run.run_source(source.id)

    assert result.outcome == RunOutcome.OK and result.updated == 1
    db.session.expire_all()
    lecture = db.session.get(Event, lecture.id)
    assert lecture.status == EventStatus.PUBLISHED and not lecture.status_reason
    assert [s.status for s in lecture.sessions] == [SessionStatus.SCHEDULED]
    assert lecture.sessions[0].sequence > cancelled_sequence
    ics = client.get(f"/events/{lecture.id}.ics").text
    assert "STATUS:CANCELLED" not in ics
    assert f"SEQUENCE:{lecture.sessions[0].sequence}" in ics
    # And a third, identical run changes nothing.
    assert run.run_source(source.id).updated == 0


def test_an_unknown_audience_in_a_source_default_is_refused(db):
    """The command line and older rows pass defaults without the form: the service checks."""
    from stem_events.errors import FieldError
    from stem_events.imports.sources import check_defaults

    assert check_defaults({"audiences": ["meisjes"]})["audiences"] == ["meisjes"]
    with pytest.raises(FieldError) as refused:
        check_defaults({"audiences": ["meisjes", "marsmannetjes"]})
    assert refused.value.message == "Kies doelgroepen uit de lijst."
