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
