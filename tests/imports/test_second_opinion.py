"""A second opinion: `vobject` (with dateutil's rrule, not `recurring-ical-events`) reads the
same fixture feeds, and its occurrences must equal ours, one by one in Brussels local time,
cancelled ones included. Two independent readers agreeing on moved, excluded, added and
cancelled occurrences across both DST switches: the expander is not its own oracle."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import vobject
from dateutil import tz

from stem_events.date_time import BRUSSELS, feed_window, to_local
from stem_events.imports import parse
from tests.imports.helpers import feed_bytes

STYLES = ["google", "outlook", "icloud", "nextcloud", "thunderbird"]
# Windows zone names that a feed uses without a VTIMEZONE of its own (CLDR's mapping).
WINDOWS = {"W. Europe Standard Time": tz.gettz("Europe/Berlin"),
           "Romance Standard Time": tz.gettz("Europe/Paris")}


def _value(prop, fallback_zone):
    """A DTSTART/DTEND/RECURRENCE-ID as an aware datetime, or a date for all-day values."""
    value = prop.value
    if isinstance(value, datetime) and value.tzinfo is None:
        tzid = prop.params.get("TZID", [None])[0]
        return value.replace(tzinfo=WINDOWS.get(tzid, fallback_zone))
    return value


def _line(start, end, cancelled: bool) -> str:
    flag = " | geannuleerd" if cancelled else ""
    if not isinstance(start, datetime):
        return f"{start} | {end - timedelta(days=1)} | hele dag{flag}"
    return f"{to_local(start):%Y-%m-%d %H:%M} | {to_local(end):%Y-%m-%d %H:%M}{flag}"


def _in_window(start, window) -> bool:
    moment = start if isinstance(start, datetime) else datetime(
        start.year, start.month, start.day, tzinfo=BRUSSELS)
    return window[0] <= moment < window[1]


def vobject_occurrences(body: bytes, window) -> dict[str, list[str]]:
    calendar = vobject.readOne(body.decode())
    zone_name = getattr(getattr(calendar, "x_wr_timezone", None), "value", None)
    fallback = tz.gettz(zone_name) if zone_name else BRUSSELS
    groups: dict[str, list] = {}
    for vevent in calendar.vevent_list:
        groups.setdefault(vevent.uid.value, []).append(vevent)
    found = {}
    for uid, vevents in groups.items():
        master = next(v for v in vevents if not hasattr(v, "recurrence_id"))
        overrides = {_value(v.recurrence_id, fallback): v for v in vevents
                     if hasattr(v, "recurrence_id")}
        start = _value(master.dtstart, fallback)
        end = _value(master.dtend, fallback) if hasattr(master, "dtend") else None
        all_day = not isinstance(start, datetime)
        duration = (end - start) if end is not None else (
            timedelta(days=1) if all_day else timedelta(hours=1))
        cancelled = getattr(getattr(master, "status", None), "value", "") == "CANCELLED"
        if hasattr(master, "rrule") or hasattr(master, "rdate"):
            rules = master.getrruleset(addRDate=True)
            first, last = window[0] - timedelta(days=400), window[1]
            if all_day or master.dtstart.value.tzinfo is None:  # dates, or floating times
                first = first.astimezone(fallback).replace(tzinfo=None)
                last = last.astimezone(fallback).replace(tzinfo=None)
            starts = rules.between(first, last, inc=True)
            starts = [s.date() if all_day else s.replace(tzinfo=s.tzinfo or fallback)
                      for s in starts]
        else:
            starts = [start]
        lines = []
        for original in starts:
            override = overrides.pop(original, None)
            if override is not None:
                begin = _value(override.dtstart, fallback)
                finish = _value(override.dtend, fallback)
                gone = getattr(getattr(override, "status", None), "value", "") == "CANCELLED"
            else:
                begin, finish, gone = original, original + duration, cancelled
            if _in_window(begin, window):
                lines.append(_line(begin, finish, gone))
        for override in overrides.values():  # moved here from outside the rule
            begin = _value(override.dtstart, fallback)
            if _in_window(begin, window):
                lines.append(_line(begin, _value(override.dtend, fallback), False))
        found[uid] = sorted(lines)
    return found


def our_occurrences(body: bytes, window) -> dict[str, list[str]]:
    feed = parse.parse_feed(body, window)
    found = {}
    for event in feed.events:
        lines = []
        for o in event.occurrences:
            if not _in_window(o.start, window):
                continue
            if o.all_day:
                first = to_local(o.start).date()
                last = to_local(o.end).date() - timedelta(days=1)
                lines.append(_line(first, last + timedelta(days=1), o.cancelled))
            else:
                lines.append(_line(o.start, o.end, o.cancelled))
        found[event.uid] = sorted(lines)
    return found


@pytest.mark.parametrize("style", STYLES)
def test_vobject_reads_the_same_occurrences_as_we_do(app, now, style):
    body = feed_bytes(f"{style}.ics")
    window = feed_window()
    with app.test_request_context():
        ours = our_occurrences(body, window)
    theirs = vobject_occurrences(body, window)
    assert ours == theirs
    assert sum(len(lines) for lines in ours.values()) >= 3


def test_the_second_opinion_sees_a_difference():
    """The comparison is not blind: a feed with one more EXDATE disagrees with the first."""
    window = (datetime(2026, 1, 31, tzinfo=BRUSSELS), datetime(2027, 3, 2, tzinfo=BRUSSELS))
    body = feed_bytes("google.ics")
    fewer = body.replace(b"EXDATE;TZID=Europe/Brussels:20260318T140000",
                         b"EXDATE;TZID=Europe/Brussels:20260318T140000,20260401T140000")
    assert vobject_occurrences(body, window) != vobject_occurrences(fewer, window)
    assert date(2026, 4, 1).isoformat() in str(vobject_occurrences(body, window))
