"""The feed URLs: content, identity, updates, status, HTTP caching."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest

from stem_events.events.models import EventStatus, SessionStatus
from tests.conftest import utc
from tests.feeds.conftest import vevents

NOW = utc(2026, 3, 10, 9, 0)


@pytest.fixture(autouse=True)
def _now(freeze_now):
    freeze_now(NOW)


def two_hours(*args):
    start = utc(*args)
    return (start, start + timedelta(hours=2))


def test_agenda_feed_holds_public_events_only(fetch, make_event):
    published = make_event(title="Robotica", sessions=[two_hours(2026, 3, 20, 13)])
    make_event(title="Geheim ontwerp", status=EventStatus.DRAFT)
    make_event(title="Ter goedkeuring", status=EventStatus.IN_REVIEW)
    make_event(title="Afgewezen", status=EventStatus.REJECTED)
    response, cal = fetch("/agenda.ics")
    events = vevents(cal)
    assert [str(e["SUMMARY"]) for e in events.values()] == ["Robotica"]
    event = events[published.sessions[0].uid]
    assert event["STATUS"] == "CONFIRMED"
    assert event["URL"] == f"http://localhost/events/{published.id}-robotica"
    assert "Meer informatie: http://localhost/events/" in event["DESCRIPTION"]
    assert "ORGANIZER" not in event
    assert "METHOD" not in cal
    assert cal["X-WR-CALNAME"] == cal["NAME"] == "STEM-agenda — alle activiteiten"
    assert cal["X-WR-TIMEZONE"] == "Europe/Brussels"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT3H\r\n" in response.data
    assert b"X-PUBLISHED-TTL:PT3H\r\n" in response.data
    assert response.headers["Cache-Control"] == "public, max-age=10800"
    assert 'filename="stem-agenda.ics"' in response.headers["Content-Disposition"]


def test_feed_window_is_30_days_back_to_12_months_ahead(fetch, make_event):
    sessions = [two_hours(2026, 2, 5, 13),    # 33 days ago: out
                two_hours(2026, 2, 12, 13),   # 26 days ago: in
                two_hours(2027, 3, 9, 13),    # within 12 months: in
                two_hours(2027, 3, 12, 13)]   # beyond: out
    event = make_event(title="Reeks", sessions=sessions)
    _, cal = fetch("/agenda.ics")
    uids = set(vevents(cal))
    assert uids == {event.sessions[1].uid, event.sessions[2].uid}
    _, cal = fetch(f"/events/{event.id}.ics")
    assert set(vevents(cal)) == {s.uid for s in event.sessions}


def test_cancelled_postponed_and_cancelled_session(fetch, make_event, db):
    cancelled = make_event(title="Sterrenkijken", status=EventStatus.CANCELLED,
                           status_reason="Te weinig inschrijvingen.")
    postponed = make_event(title="Drones", status=EventStatus.POSTPONED)
    series = make_event(title="Codeerclub", sessions=[two_hours(2026, 3, 14, 13),
                                                      two_hours(2026, 3, 21, 13)])
    series.sessions[1].status = SessionStatus.CANCELLED
    db.session.commit()
    _, cal = fetch("/agenda.ics")
    events = vevents(cal)
    gone = events[cancelled.sessions[0].uid]
    assert gone["STATUS"] == "CANCELLED" and gone["SUMMARY"] == "Sterrenkijken"
    assert str(gone["DESCRIPTION"]).startswith("Geannuleerd. Te weinig inschrijvingen.")
    later = events[postponed.sessions[0].uid]
    assert later["STATUS"] == "CANCELLED" and later["SUMMARY"] == "Drones"
    assert str(later["DESCRIPTION"]).startswith("Uitgesteld")
    assert events[series.sessions[0].uid]["STATUS"] == "CONFIRMED"
    assert events[series.sessions[1].uid]["STATUS"] == "CANCELLED"


def test_postponed_event_comes_back_confirmed_with_the_same_uid(fetch, make_event, db):
    event = make_event(title="Drones", status=EventStatus.POSTPONED)
    uid = event.sessions[0].uid
    _, cal = fetch("/agenda.ics")
    before = vevents(cal)[uid]
    event.status = EventStatus.PUBLISHED
    event.sessions[0].starts_at += timedelta(days=7)
    event.sessions[0].ends_at += timedelta(days=7)
    db.session.commit()
    _, cal = fetch("/agenda.ics")
    after = vevents(cal)[uid]
    assert after["STATUS"] == "CONFIRMED"
    assert after["SEQUENCE"] > before["SEQUENCE"]


def test_identical_data_gives_identical_bytes(client, make_event, app, db):
    make_event(title="Robot 🤖, café; «test»", description="**Vet** en _schuin_\n\n- een\n- twee",
               sessions=[two_hours(2026, 3, 20, 13), two_hours(2026, 4, 20, 12)])
    first = client.get("/agenda.ics").data
    assert client.get("/agenda.ics").data == first
    from stem_events.feeds.models import FeedFragment
    db.session.query(FeedFragment).delete()  # a cold start: everything rendered again
    db.session.commit()
    app.extensions.pop("feed_cache", None)
    app.config["FEED_CACHE_DIR"] = str(app.instance_path) + "/feed-cache-cold"
    try:
        assert client.get("/agenda.ics").data == first
    finally:
        app.config.pop("FEED_CACHE_DIR")
        app.extensions.pop("feed_cache", None)


def test_an_edit_bumps_sequence_and_etag_and_keeps_uids(client, fetch, make_event, db):
    event = make_event(title="Robotica", sessions=[two_hours(2026, 3, 20, 13),
                                                   two_hours(2026, 3, 27, 13)])
    other = make_event(title="Lezing", sessions=[two_hours(2026, 3, 22, 18)])
    first, cal = fetch("/agenda.ics")
    before = vevents(cal)
    event.title = "Robotica voor gevorderden"
    db.session.commit()
    second, cal = fetch("/agenda.ics")
    after = vevents(cal)
    assert set(after) == set(before)
    assert second.headers["ETag"] != first.headers["ETag"]
    for session in event.sessions:
        assert after[session.uid]["SEQUENCE"] == before[session.uid]["SEQUENCE"] + 1
        assert after[session.uid]["SUMMARY"] == "Robotica voor gevorderden"
    untouched = other.sessions[0].uid
    assert after[untouched].to_ical() == before[untouched].to_ical()


def test_moving_one_session_bumps_only_that_session(fetch, make_event, db):
    event = make_event(sessions=[two_hours(2026, 3, 20, 13), two_hours(2026, 3, 27, 13)])
    _, cal = fetch(f"/events/{event.id}.ics")
    before = vevents(cal)
    moved, kept = event.sessions
    moved.starts_at += timedelta(hours=1)
    moved.ends_at += timedelta(hours=1)
    db.session.commit()
    _, cal = fetch(f"/events/{event.id}.ics")
    after = vevents(cal)
    assert after[moved.uid]["SEQUENCE"] == before[moved.uid]["SEQUENCE"] + 1
    assert after[kept.uid]["SEQUENCE"] == before[kept.uid]["SEQUENCE"]


def test_theme_and_organiser_changes_reach_the_feed(fetch, make_event, db):
    from stem_events.reference.models import Theme

    event = make_event(title="AI-kamp")
    _, cal = fetch("/agenda.ics")
    uid = event.sessions[0].uid
    before = vevents(cal)[uid]
    theme = db.session.scalars(db.select(Theme).order_by(Theme.position)).first()
    event.themes.append(theme)
    db.session.commit()
    _, cal = fetch("/agenda.ics")
    after = vevents(cal)[uid]
    assert theme.name in [str(c) for c in after["CATEGORIES"].cats]
    assert after["SEQUENCE"] > before["SEQUENCE"]
    event.organisation.name = "Hersenkrakers vzw"
    db.session.commit()
    _, cal = fetch("/agenda.ics")
    assert "Organisatie: Hersenkrakers vzw" in vevents(cal)[uid]["DESCRIPTION"]


def test_conditional_requests_and_head(client, make_event):
    make_event()
    response = client.get("/agenda.ics")
    etag, modified = response.headers["ETag"], response.headers["Last-Modified"]
    assert client.get("/agenda.ics", headers={"If-None-Match": etag}).status_code == 304
    not_modified = client.get("/agenda.ics", headers={"If-Modified-Since": modified})
    assert not_modified.status_code == 304
    assert not_modified.headers["ETag"] == etag and not_modified.data == b""
    assert client.get("/agenda.ics", headers={"If-None-Match": '"other"'}).status_code == 200
    head = client.head("/agenda.ics")
    assert head.status_code == 200 and head.data == b""
    assert head.headers["ETag"] == etag
    assert int(head.headers["Content-Length"]) == len(response.data)


def test_event_feed_is_404_for_unpublished_events(client, make_event):
    for status in (EventStatus.DRAFT, EventStatus.IN_REVIEW, EventStatus.REJECTED):
        event = make_event(status=status)
        response = client.get(f"/events/{event.id}.ics")
        assert response.status_code == 404
        assert response.headers["Content-Type"].startswith("text/plain")
    assert client.get("/events/999999.ics").status_code == 404


def test_event_feed_has_every_session(fetch, make_event):
    event = make_event(title="Academie", sessions=[two_hours(2026, 3, 2 + 7 * w, 13)
                                                   for w in range(3)])
    response, cal = fetch(f"/events/{event.id}.ics")
    assert set(vevents(cal)) == {s.uid for s in event.sessions}
    assert cal["X-WR-CALNAME"] == "STEM-agenda — Academie"
    assert 'filename="academie.ics"' in response.headers["Content-Disposition"]


@pytest.mark.parametrize("query", ["kind=kookles", "age=abc", "province=99999", "from=gisteren"])
def test_bad_filters_are_a_plain_400(client, query):
    response = client.get(f"/agenda.ics?{query}")
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    text = response.get_data(as_text=True)
    assert text.count("\n") == 1 and text.strip()


def test_non_filter_parameters_are_ignored(client, make_event):
    make_event()
    assert client.get("/agenda.ics?utm_source=nieuwsbrief&fbclid=x").status_code == 200


def test_all_day_and_multi_day_sessions(client, fetch, make_event, db):
    from datetime import date, time

    from stem_events.date_time import local

    camp = make_event(title="Kamp", sessions=[(local(date(2026, 4, 6), time.min),
                                               local(date(2026, 4, 9), time.min))])
    camp.sessions[0].all_day = True  # Monday to Wednesday, three whole days
    db.session.commit()
    multi = make_event(title="Hackathon", sessions=[(utc(2026, 3, 27, 17), utc(2026, 3, 29, 15))])
    response, cal = fetch("/agenda.ics")
    events = vevents(cal)
    assert b"DTSTART;VALUE=DATE:20260406\r\nDTEND;VALUE=DATE:20260409\r\n" in response.data
    assert events[camp.sessions[0].uid]["DTEND"].dt == date(2026, 4, 9)  # exclusive end
    hack = events[multi.sessions[0].uid]
    assert hack["DTSTART"].dt.isoformat() == "2026-03-27T18:00:00+01:00"
    assert hack["DTEND"].dt.isoformat() == "2026-03-29T17:00:00+02:00"


def test_no_feed_ever_holds_an_unpublished_event_after_a_status_change(fetch, make_event, db):
    event = make_event(title="Terug naar ontwerp")
    _, cal = fetch("/agenda.ics")
    assert event.sessions[0].uid in vevents(cal)
    event.status = EventStatus.DRAFT
    db.session.commit()
    _, cal = fetch("/agenda.ics")
    assert vevents(cal) == {}


def test_feed_parses_with_icalendar_structure(client, make_event):
    make_event(title="Å" * 120)
    data = client.get("/agenda.ics").data
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # never a split character
    cal = icalendar.Calendar.from_ical(data)
    assert len(cal.walk("VTIMEZONE")) == 1


def test_filtered_feed_uses_the_agenda_filters(fetch, make_event):
    from stem_events.reference.models import EventKind

    workshop = make_event(title="Workshop solderen", kind=EventKind.WORKSHOP)
    lecture = make_event(title="Lezing AI", kind=EventKind.LECTURE)
    _, cal = fetch("/agenda.ics?kind=workshop&utm_source=x")
    assert set(vevents(cal)) == {workshop.sessions[0].uid}
    assert str(cal["X-WR-CALNAME"]).startswith("STEM-agenda — ")
    assert cal["X-WR-CALNAME"] != "STEM-agenda — alle activiteiten"
    _, cal = fetch("/agenda.ics?kind=lecture")
    assert set(vevents(cal)) == {lecture.sessions[0].uid}
    _, cal = fetch("/agenda.ics")
    assert len(vevents(cal)) == 2


def test_feed_is_dutch_whatever_the_browser_says(fetch, make_event):
    make_event(kind="lecture")
    response, cal = fetch("/agenda.ics?kind=lecture", headers={"Accept-Language": "en"})
    assert b"CATEGORIES:lezing" in response.data
    assert "lezing" in str(cal["X-WR-CALNAME"]).lower()


def test_weekly_series_keeps_14_00_local_across_both_switches(client, make_event):
    import io
    from datetime import date, time

    import recurring_ical_events
    import vobject

    from stem_events.date_time import BRUSSELS, local

    days = [date(2026, 3, 15) + timedelta(weeks=w) for w in range(4)]    # 29 March inside
    days += [date(2026, 10, 11) + timedelta(weeks=w) for w in range(4)]  # 25 October inside
    starts = [local(d, time(14)) for d in days]
    event = make_event(title="Academie", sessions=[(s, s + timedelta(hours=2)) for s in starts])
    data = client.get(f"/events/{event.id}.ics").data

    cal = icalendar.Calendar.from_ical(data)
    occurrences = recurring_ical_events.of(cal).between(date(2026, 3, 1), date(2026, 12, 1))
    assert sorted(o["DTSTART"].dt.astimezone(BRUSSELS).time() for o in occurrences) == \
        [time(14)] * 8
    assert sorted(o["DTSTART"].dt for o in occurrences) == starts

    parsed = vobject.readOne(io.StringIO(data.decode()))
    assert sorted(v.dtstart.value for v in parsed.vevent_list) == starts
    offsets = {v.dtstart.value.utcoffset() for v in parsed.vevent_list}
    assert offsets == {timedelta(hours=1), timedelta(hours=2)}


def test_filters_keep_every_session_of_a_matching_event(fetch, make_event):
    """A day filter picks events by one session on those days and the feed holds all their
    sessions in the window; other filters are conditions on the event (issue 22: the feed
    query takes them without a subquery)."""
    series = make_event(title="Reeks", kind="workshop", age_min=8, age_max=12,
                        sessions=[two_hours(2026, 3, 12 + 7 * w, 13) for w in range(3)])
    make_event(title="Lezing", kind="lecture", age_min=16,
               sessions=[two_hours(2026, 3, 19, 13)])
    _, cal = fetch("/agenda.ics?from=2026-03-19&to=2026-03-19")
    assert set(vevents(cal)) == {s.uid for s in series.sessions} | \
        {e["UID"] for e in cal.walk("VEVENT") if e["SUMMARY"] == "Lezing"}
    assert len(vevents(cal)) == 4
    _, cal = fetch("/agenda.ics?age=10")
    assert set(vevents(cal)) == {s.uid for s in series.sessions}
    _, cal = fetch("/agenda.ics?age=10&kind=lecture")
    assert vevents(cal) == {}


def test_a_filter_on_the_events_follows_their_sessions_in_and_out_of_the_window(
        client, fetch, make_event, db):
    """A filter on the events finds them by the end of their last session (`last_end`, the
    agenda's indexes): an event with a long history is in while one session is in the window,
    and out, in the feed and in the subscribe dialog, once its last session moved before it."""
    event = make_event(title="Reeks", kind="workshop",
                       sessions=[two_hours(2025, 3, 12, 13), two_hours(2026, 3, 20, 13)])
    make_event(title="Lezing", kind="lecture", sessions=[two_hours(2026, 3, 20, 13)])
    _, cal = fetch("/agenda.ics?kind=workshop")
    assert set(vevents(cal)) == {event.sessions[1].uid}
    page = client.get("/agenda?kind=workshop").get_data(as_text=True)
    assert "Dit abonnement bevat nu 1 activiteit." in page
    last = event.sessions[1]
    last.starts_at, last.ends_at = two_hours(2026, 1, 20, 13)  # 49 days ago
    db.session.commit()
    _, cal = fetch("/agenda.ics?kind=workshop")
    assert vevents(cal) == {}
    page = client.get("/agenda?kind=workshop").get_data(as_text=True)
    assert "Dit abonnement bevat nu 0 activiteiten." in page
