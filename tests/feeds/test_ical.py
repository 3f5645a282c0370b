"""The pure builder: time zones checked by two independent parsers, text round-trips,
folding and escaping, statuses; no database."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, time, timedelta

import icalendar
import pytest
import recurring_ical_events
import vobject
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stem_events.date_time import BRUSSELS, local
from stem_events.feeds.ical import (
    VTIMEZONE,
    CalendarMeta,
    SessionRow,
    build_calendar,
    clean_text,
    render_vevent,
)

META = CalendarMeta("STEM-agenda — test", "Testagenda")
STAMP = datetime(2026, 1, 5, 8, 30, tzinfo=UTC)

# Weekly at 14:00 Brussels time across both switches of 2026 (29 March, 25 October).
SPRING = [local(date(2026, 3, 8) + timedelta(weeks=w), time(14)) for w in range(6)]
AUTUMN = [local(date(2026, 10, 11) + timedelta(weeks=w), time(14)) for w in range(5)]
SERIES = SPRING + AUTUMN


def row(**overrides) -> SessionRow:
    values = dict(uid="u1@stem-events", sequence=0, starts_at=SPRING[0],
                  ends_at=SPRING[0] + timedelta(hours=2), all_day=False,
                  session_cancelled=False, event_status="published", title="Robotica",
                  url="https://stem.example/events/1-robotica", last_modified=STAMP)
    values.update(overrides)
    return SessionRow(**values)


def series_calendar() -> bytes:
    rows = [row(uid=f"s{i}@stem-events", starts_at=s, ends_at=s + timedelta(hours=2))
            for i, s in enumerate(SERIES)]
    return build_calendar(META, rows)


def test_the_switches_fall_in_the_series():
    offsets = {s.astimezone(BRUSSELS).utcoffset() for s in SERIES}
    assert offsets == {timedelta(hours=1), timedelta(hours=2)}


def test_vtimezone_gives_the_offsets_of_zoneinfo_in_icalendar():
    # Renamed, so that icalendar builds the zone from our rules instead of looking the
    # well-known name up in its own database.
    renamed = VTIMEZONE.replace(b"Europe/Brussels", b"X-Test/Eigen-Brussel")
    tz = icalendar.Calendar.from_ical(b"BEGIN:VCALENDAR\r\n" + renamed + b"END:VCALENDAR\r\n")
    tzinfo = tz.walk("VTIMEZONE")[0].to_tz()
    moments = [datetime(y, m, d, h, tzinfo=UTC) for y in (2026, 2027, 2030)
               for m, d in ((3, 1), (3, 31), (10, 1), (10, 31)) for h in (0, 12)]
    moments += [datetime(2026, 3, 29, 0, 59, tzinfo=UTC), datetime(2026, 3, 29, 1, 0, tzinfo=UTC),
                datetime(2026, 10, 25, 0, 59, tzinfo=UTC),
                datetime(2026, 10, 25, 1, 0, tzinfo=UTC)]
    for moment in moments:
        assert moment.astimezone(tzinfo).utcoffset() == moment.astimezone(BRUSSELS).utcoffset()


def test_vobject_reads_our_vtimezone_like_zoneinfo():
    parsed = vobject.readOne(io.StringIO(series_calendar().decode()))
    starts = sorted(e.dtstart.value for e in parsed.vevent_list)
    assert [s.astimezone(UTC) for s in starts] == SERIES
    assert {s.utcoffset() for s in starts} == {timedelta(hours=1), timedelta(hours=2)}
    vtimezone_tz = parsed.vtimezone.gettzinfo()
    for moment in SERIES:
        wall = moment.astimezone(BRUSSELS).replace(tzinfo=None)
        assert wall.replace(tzinfo=vtimezone_tz).astimezone(UTC) == moment


def test_icalendar_and_recurring_ical_events_keep_14_00_local():
    cal = icalendar.Calendar.from_ical(series_calendar())
    starts = sorted(e["DTSTART"].dt for e in cal.walk("VEVENT"))
    assert [s.astimezone(UTC) for s in starts] == SERIES
    occurrences = recurring_ical_events.of(cal).between(date(2026, 1, 1), date(2027, 1, 1))
    assert len(occurrences) == len(SERIES)
    for occurrence in occurrences:
        start = occurrence["DTSTART"].dt
        assert start.astimezone(BRUSSELS).time() == time(14)
        assert start.astimezone(UTC) in SERIES


def test_one_vtimezone_matching_the_tzid():
    data = series_calendar()
    assert data.count(b"BEGIN:VTIMEZONE") == 1
    assert b"DTSTART;TZID=Europe/Brussels:20260329T140000\r\n" in data
    assert b"DTSTART;TZID=Europe/Brussels:20261025T140000\r\n" in data
    for rule_start in (date(1970, 3, 29), date(1970, 10, 25)):  # last Sundays
        assert rule_start.weekday() == 6 and (rule_start + timedelta(weeks=1)).day < 8


def test_all_day_is_a_date_with_exclusive_end():
    start = local(date(2026, 4, 6), time.min)
    data = render_vevent(row(all_day=True, starts_at=start,
                             ends_at=local(date(2026, 4, 8), time.min)))
    assert b"DTSTART;VALUE=DATE:20260406\r\n" in data
    assert b"DTEND;VALUE=DATE:20260408\r\n" in data


@pytest.mark.parametrize("status, cancelled, expected", [
    ("published", False, "CONFIRMED"), ("published", True, "CANCELLED"),
    ("cancelled", False, "CANCELLED"), ("postponed", False, "CANCELLED"),
])
def test_status(status, cancelled, expected):
    event = icalendar.Event.from_ical(render_vevent(row(event_status=status,
                                                        session_cancelled=cancelled)))
    assert event["STATUS"] == expected
    if status == "postponed":
        assert str(event["DESCRIPTION"]).startswith("Uitgesteld")


def test_dtstamp_and_last_modified_are_the_rows_last_change():
    event = icalendar.Event.from_ical(render_vevent(row()))
    assert event["DTSTAMP"].dt == event["LAST-MODIFIED"].dt == STAMP
    assert render_vevent(row()) == render_vevent(row())


def test_description_is_plain_text_with_organisers_and_url():
    event = icalendar.Event.from_ical(render_vevent(row(
        summary="Bouw een robot.", description="## Wat\n\n**Vet** & [link](https://x.be)",
        organisers=("Hersenkrakers vzw", "Gemeente Gent"), location="De Krook, Gent",
        geo=(51.0481, 3.7276), categories=("workshop", "AI, data"))))
    text = str(event["DESCRIPTION"])
    assert "**" not in text and "<" not in text and "Vet & link" in text
    assert "Organisatie: Hersenkrakers vzw, Gemeente Gent" in text
    assert text.endswith("Meer informatie: https://stem.example/events/1-robotica")
    assert event["LOCATION"] == "De Krook, Gent"
    assert event["GEO"].latitude == pytest.approx(51.0481)
    assert [str(c) for c in event["CATEGORIES"].cats] == ["workshop", "AI, data"]


def test_control_characters_are_stripped():
    assert clean_text("a\x00b\x1bc\x7fd\r\ne\tf") == "abcd\ne f"


def check_lines(data: bytes) -> None:
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # a fold never splits a character


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=st.text(min_size=1, max_size=200),
       text=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_any_unicode_title_round_trips(title, text):
    data = render_vevent(row(title=title, summary=text, location=text))
    check_lines(data)
    expected = clean_text(title).replace("\n", " ").strip()
    parsed = icalendar.Event.from_ical(data)
    assert str(parsed["SUMMARY"]) == expected
    if clean_text(text):
        assert str(parsed["LOCATION"]) == clean_text(text)
    card = vobject.readOne(io.StringIO(
        build_calendar(META, [row(title=title)]).decode()))
    assert card.vevent.summary.value == expected


@pytest.mark.parametrize("title", ["Robot 🤖, café; «test» \\ ok", ("Ångström " * 20).strip(),
                                   "👩‍👩‍👧‍👦" * 30, "a,b;c\\d:e"])
def test_titles_with_emoji_accents_and_commas(title):
    data = build_calendar(META, [row(title=title)])
    check_lines(data)
    assert icalendar.Calendar.from_ical(data).walk("VEVENT")[0]["SUMMARY"] == title
    assert vobject.readOne(io.StringIO(data.decode())).vevent.summary.value == title


def test_calendar_properties():
    data = build_calendar(CalendarMeta("STEM-agenda — Antwerpen, 8–12 jaar", "Omschrijving",
                                       timedelta(hours=3)), [])
    cal = icalendar.Calendar.from_ical(data)
    assert cal["VERSION"] == "2.0" and cal["CALSCALE"] == "GREGORIAN" and cal["PRODID"]
    assert cal["NAME"] == cal["X-WR-CALNAME"] == "STEM-agenda — Antwerpen, 8–12 jaar"
    assert cal["DESCRIPTION"] == cal["X-WR-CALDESC"] == "Omschrijving"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT3H\r\n" in data
    assert b"X-PUBLISHED-TTL:PT3H\r\n" in data
    assert b"METHOD" not in data
