"""The VEVENT string templates write the same bytes as the `icalendar` object tree they
replaced (issue 22), for every kind of session a feed holds, and two independent parsers
read them back."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import icalendar
import pytest
import vobject
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from stem_events.date_time import local
from stem_events.feeds.ical import SessionRow, fold, render_vevent
from tests.feeds.reference_ical import render_vevent_tree

STAMP = datetime(2026, 1, 5, 8, 30, 12, 345678, tzinfo=UTC)
START = local(date(2026, 3, 29), time(1, 30))  # the night of the spring switch
LONG = ("Bouw, programmeer; en test een robot — met één sensor, twee motoren; "
        "en veel geduld. ") * 12
MARKDOWN = ("## Wat doen we?\n\n**Vet** & *schuin*, [een link](https://x.be/a,b;c)\n\n"
            "- één\n- twee; drie\n\n> citaat \\ backslash \\n en ^caret^\n\n"
            "| a | b |\n|---|---|\n| 1 | 2 |")


def row(**overrides) -> SessionRow:
    values = dict(uid="0f6c1a2b-3c4d@stem-events", sequence=0, starts_at=START,
                  ends_at=START + timedelta(hours=2), all_day=False, session_cancelled=False,
                  event_status="published", title="Robotica", last_modified=STAMP,
                  url="https://stem.example/events/12-robotica-voor-kinderen")
    values.update(overrides)
    return SessionRow(**values)


VARIED = {
    "timed": row(),
    "autumn switch": row(starts_at=local(date(2026, 10, 25), time(2, 30)),
                         ends_at=local(date(2026, 10, 25), time(3, 30))),
    "all day": row(all_day=True, starts_at=local(date(2026, 4, 6), time.min),
                   ends_at=local(date(2026, 4, 8), time.min)),
    "one all day": row(all_day=True, starts_at=local(date(2026, 12, 31), time.min),
                       ends_at=local(date(2027, 1, 1), time.min)),
    "cancelled session": row(session_cancelled=True, sequence=4),
    "cancelled event": row(event_status="cancelled", status_reason="Te weinig\ninschrijvingen"),
    "postponed": row(event_status="postponed", status_reason="Zaal; onbeschikbaar, sorry"),
    "online": row(location="online: https://meet.example/abc?x=1,2;3",
                  url="https://stem.example/events/7-online?a=1,b;c"),
    "long texts": row(title=LONG[:180], summary=LONG, description=MARKDOWN,
                      location="Campus Groenenborger, Groenenborgerlaan 171, 2020 Antwerpen",
                      categories=("workshop", "AI, data; robotica", "duurzaamheid\nenergie"),
                      organisers=("Hersenkrakers vzw", "Gemeente Sint-Niklaas; dienst jeugd",
                                  "Université, libre")),
    "non-ASCII": row(title="Café « Ångström » 🤖 " * 6, summary="Ελληνικά, 日本語; ✓ " * 9,
                     location="Brouwerij Het Anker, Guido Gezellelaan 49, 2800 Mechelen 🍺",
                     organisers=("Ökologie & Technik",)),
    "controls": row(title="a\x00b\tc\r\nd", summary="x\x1by\x7f\u0085z", location="\t"),
    "escape at the fold": row(title="a" * 73 + "\\" + "b" * 80,
                              summary="é" * 36 + "\\;" + "c" * 100),
    "caret at the fold": row(title="x" * 65 + "^" * 30),
    "geo": row(geo=(51.05123456789, 3.7), location="Gent"),
    "geo small and negative": row(geo=(0.00001, -122.0829321)),
    "personal waitlist": row(personal="waitlisted", waitlist_position=3, sequence=2),
    "personal cancelled": row(personal="cancelled"),
    "empty title": row(title=""),
    "high sequence": row(sequence=12345),
    "role-model performer": row(description="Met rolmodel **Sara Peeters** (ingenieur, "
                                            "Umicore)", categories=("lezing", "rolmodel")),
}


@pytest.mark.parametrize("name", list(VARIED))
def test_templates_write_the_bytes_of_the_object_tree(name):
    assert render_vevent(VARIED[name]) == render_vevent_tree(VARIED[name])


def test_every_varied_session_parses_in_icalendar_and_vobject():
    body = b"".join(render_vevent(r) for r in VARIED.values())
    data = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//NL\r\n" + body + \
        b"END:VCALENDAR\r\n"
    parsed = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert len(parsed) == len(VARIED)
    card = vobject.readOne(io.StringIO(data.decode()))
    assert len(card.vevent_list) == len(VARIED)
    assert str(parsed[list(VARIED).index("online")]["URL"]) == VARIED["online"].url


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=400), title=st.text(max_size=120),
       names=st.lists(st.text(max_size=30), max_size=3),
       geo=st.none() | st.tuples(st.floats(-90, 90), st.floats(-180, 180)))
def test_any_text_gives_the_same_bytes(text, title, names, geo):
    # A backslash before N is where the templates differ on purpose (`escape_text`): the
    # object tree turns it into a line break (test_a_backslash_n_reads_back_as_written).
    assume(not any("\\N" in t for t in (text, title, *names)))
    r = row(title=title, summary=text, location=text, status_reason=text,
            categories=tuple(names), organisers=tuple(names), geo=geo,
            uid=f"{title[:10]}@x".replace("\n", "").replace("\r", ""))
    try:
        expected = render_vevent_tree(r)
    except (AssertionError, UnicodeEncodeError, ValueError):
        return  # a text the object tree refuses (e.g. a lone surrogate in the UID)
    assert render_vevent(r) == expected
    assert render_vevent(replace(r, all_day=True, event_status="postponed")) == \
        render_vevent_tree(replace(r, all_day=True, event_status="postponed"))


@pytest.mark.parametrize("line", ["a" * 74, "a" * 75, "a" * 148, "a" * 149, "é" * 37 + "x",
                                  "é" * 38, "x" + "€" * 30, "🤖" * 40, "\\" * 200,
                                  "a" * 73 + "\\" + "b"])
def test_fold_matches_icalendar(line):
    from icalendar.parser.string import _foldline

    assert fold(line) == _foldline(line).encode()


def test_a_backslash_n_reads_back_as_written():
    """`icalendar` writes a backslash followed by N as a line break; the templates keep it, so
    a title such as "C:\\Nieuw" reads back unchanged in both parsers."""
    title = "Map C:\\Nieuw en \\N; klaar"
    data = render_vevent(row(title=title, location=title))
    assert b"C:\\\\Nieuw en \\\\N\\; klaar" in data
    parsed = icalendar.Event.from_ical(data)
    assert str(parsed["SUMMARY"]) == title and str(parsed["LOCATION"]) == title
    card = vobject.readOne(io.StringIO(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//NL\r\n" + data.decode()
        + "END:VCALENDAR\r\n"))
    assert card.vevent.summary.value == title
