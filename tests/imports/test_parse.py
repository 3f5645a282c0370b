"""Bad events each get a Dutch reason; the other events of the same feed still import."""

from __future__ import annotations

import pytest

from stem_events.date_time import feed_window, to_local
from stem_events.imports.parse import FeedUnreadable, parse_feed, plain_text

HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
GOOD = ("BEGIN:VEVENT\r\nUID:good\r\nSUMMARY:Goed\r\n"
        "DTSTART;TZID=Europe/Brussels:20260310T140000\r\n"
        "DTEND;TZID=Europe/Brussels:20260310T160000\r\nEND:VEVENT\r\n")


def feed(*events: str) -> bytes:
    return (HEAD + GOOD + "".join(events) + "END:VCALENDAR\r\n").encode()


def event(uid: str, *lines: str) -> str:
    return "BEGIN:VEVENT\r\nUID:" + uid + "\r\nSUMMARY:" + uid + "\r\n" + \
        "".join(line + "\r\n" for line in lines) + "END:VEVENT\r\n"


@pytest.mark.parametrize("lines, reason", [
    ((), "Geen begintijd (DTSTART)."),
    (("DTSTART:20260310T160000", "DTEND:20260310T140000"), "Het einde ligt voor het begin."),
    (("DTSTART;TZID=Mars/Olympus:20260310T140000",), "Onbekende tijdzone 'Mars/Olympus'."),
    (("DTSTART:20260310T140000", "DTEND:20260310T141000", "RRULE:FREQ=MINUTELY;COUNT=100000"),
     "Meer dan 1000 datums binnen het venster: niet ingelezen."),
    (("DTSTART:20260310T000000", "DTEND:20260310T001000",
      "RRULE:FREQ=DAILY;BYHOUR=" + ",".join(str(h) for h in range(24))),
     "Meer dan 1000 datums binnen het venster: niet ingelezen."),
])
def test_a_bad_event_is_skipped_with_a_reason_and_the_others_import(now, lines, reason):
    result = parse_feed(feed(event("bad", *lines)), feed_window())
    assert [e.uid for e in result.events] == ["good"]
    assert [(p.uid, p.message) for p in result.skipped] == [("bad", reason)]


def test_floating_times_are_brussels_time_and_a_missing_end_is_one_hour(now):
    result = parse_feed(feed(event("floating", "DTSTART:20260330T090000")), feed_window())
    floating = next(e for e in result.events if e.uid == "floating")
    (occurrence,) = floating.occurrences
    assert f"{to_local(occurrence.start):%H:%M}–{to_local(occurrence.end):%H:%M}" == "09:00–10:00"
    assert floating.warnings == ["Geen eindtijd: één uur aangenomen."]


@pytest.mark.parametrize("body, words", [
    (b"", "leeg"), (b"   \r\n", "leeg"),
    (b"<!DOCTYPE html><html><head><title>Agenda</title></head></html>", "geen iCalendar"),
    (HEAD.encode() + GOOD.encode(), "onvolledig"),
    (HEAD.encode() + b"END:VCALENDAR\r\n", "geen enkele activiteit"),
])
def test_unusable_feeds_say_why(now, body, words):
    with pytest.raises(FeedUnreadable, match=words):
        parse_feed(body, feed_window())


def test_html_descriptions_become_plain_text():
    from icalendar import Event

    component = Event()
    component.add("DESCRIPTION", "<p>Eerste&nbsp;regel</p><p>Tweede <a href='x'>link</a>"
                                 "</p><img src=x onerror=alert(1)>")
    assert plain_text(component) == "Eerste regel\nTweede link"


@pytest.mark.parametrize("style", ["google", "outlook", "icloud", "nextcloud", "thunderbird"])
def test_one_expansion_of_the_window_reads_what_a_month_at_a_time_reads(now, monkeypatch,
                                                                        style):
    """The shortcut for rules that cannot pass the cap changes nothing but the cost."""
    from stem_events.imports import parse
    from tests.imports.helpers import feed_bytes

    def occurrences():
        return {e.uid: e.occurrences for e in parse_feed(feed_bytes(f"{style}.ics"),
                                                         feed_window()).events}

    whole = occurrences()
    monkeypatch.setattr(parse, "_bounded", lambda *args: False)
    assert occurrences() == whole


SERIES_OF_EVERY_KIND = (
    # a weekly series with an exception, an extra date, a moved and a cancelled occurrence
    event("weekly", "DTSTART;TZID=Europe/Brussels:20260303T140000",
          "DTEND;TZID=Europe/Brussels:20260303T160000", "RRULE:FREQ=WEEKLY;COUNT=8",
          "EXDATE;TZID=Europe/Brussels:20260317T140000",
          "RDATE;TZID=Europe/Brussels:20260306T100000")
    + event("weekly", "RECURRENCE-ID;TZID=Europe/Brussels:20260324T140000",
            "DTSTART;TZID=Europe/Brussels:20260325T090000",
            "DTEND;TZID=Europe/Brussels:20260325T120000")
    + event("weekly", "RECURRENCE-ID;TZID=Europe/Brussels:20260407T140000",
            "DTSTART;TZID=Europe/Brussels:20260407T140000",
            "DTEND;TZID=Europe/Brussels:20260407T160000", "STATUS:CANCELLED"),
    # whole days, a DURATION instead of DTEND, UTC times, no end at all, a cancelled series
    event("days", "DTSTART;VALUE=DATE:20260302", "DTEND;VALUE=DATE:20260304",
          "RRULE:FREQ=MONTHLY;COUNT=4"),
    event("duration", "DTSTART:20260310T130000Z", "DURATION:PT90M",
          "RRULE:FREQ=DAILY;INTERVAL=3;COUNT=5"),
    event("no-end", "DTSTART:20260311T180000", "RRULE:FREQ=WEEKLY;COUNT=3"),
    event("called-off", "DTSTART;TZID=Europe/Brussels:20260312T100000",
          "DTEND;TZID=Europe/Brussels:20260312T110000", "RRULE:FREQ=WEEKLY;COUNT=2",
          "STATUS:CANCELLED"),
)


def _read_from_copies(body: bytes, window) -> dict[str, set]:
    """The occurrences as the former reading took them: from a copy of each occurrence's
    component with its times replaced (the library's `between()` as documented). The second
    opinion on the import's reading of the expansion itself."""
    from datetime import datetime, time, timedelta

    import icalendar
    import recurring_ical_events

    from stem_events.date_time import local, to_utc
    from stem_events.imports.parse import DEFAULT_DURATION

    def utc(value):
        return to_utc(value) if isinstance(value, datetime) else local(value, time.min)

    found: dict[str, set] = {}
    for item in recurring_ical_events.of(icalendar.Calendar.from_ical(body)).between(*window):
        begin, finish = item["DTSTART"].dt, item["DTEND"].dt
        all_day, start = not isinstance(begin, datetime), utc(begin)
        end = utc(finish) if utc(finish) > start else \
            start + (timedelta(days=1) if all_day else DEFAULT_DURATION)
        original = item["RECURRENCE-ID"].dt
        key = original.isoformat() if not isinstance(original, datetime) \
            else to_utc(original).strftime("%Y-%m-%dT%H:%M:%SZ")
        found.setdefault(str(item["UID"]), set()).add(
            (key, start, end, all_day, str(item.get("STATUS", "")).upper() == "CANCELLED"))
    return found


def test_the_occurrences_are_those_copies_of_their_components_say(now):
    """The import reads each occurrence's times and component from the expansion itself,
    not from a copy of the component per occurrence (most of the expansion's cost): the same
    starts, ends, identities (a moved occurrence keeps its original start) and
    cancellations, for every kind of series."""
    body = feed(*SERIES_OF_EVERY_KIND)
    window = feed_window()
    result = parse_feed(body, window)
    assert not result.skipped
    read = {e.uid: {(o.key, o.start, o.end, o.all_day, o.cancelled) for o in e.occurrences}
            for e in result.events if e.uid != "good"}
    assert read == {uid: found for uid, found in _read_from_copies(body, window).items()
                    if uid != "good"}
    moved = next(o for o in read["weekly"] if o[0] == "2026-03-24T13:00:00Z")
    assert moved[1].isoformat() == "2026-03-25T08:00:00+00:00"  # kept its identity
    assert [o[4] for o in sorted(read["weekly"])].count(True) == 1
    assert all(o[4] for o in read["called-off"])
