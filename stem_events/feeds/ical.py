"""The pure iCalendar builder: rows in, bytes out (no request, no database session inside).

Each session becomes one VEVENT, rendered on its own from plain string templates that write
exactly what the `icalendar` library writes for the same properties (escaping, 75-octet
folding that never splits a UTF-8 character, CRLF; a test compares the bytes with an
`icalendar` object-tree build), so that the rendered bytes can be stored and a feed is the
concatenation head + VTIMEZONE + fragments + tail. The calendar head, written once per feed,
still comes from `icalendar`.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, vDuration

from stem_events.date_time import TIMEZONE_NAME, all_day_dates, wall_clock
from stem_events.markdown import to_text

PRODID = "-//STEM-agenda Vlaanderen//stem_events//NL"

#: The standard RFC 5545 form of Europe/Brussels since 1996 (EU rules: last Sunday of March
#: 02:00 → 03:00, last Sunday of October 03:00 → 02:00), as Google, Apple and Mozilla publish
#: it. Hand-written: some generated forms (one STANDARD/DAYLIGHT per year, RDATE lists, a
#: DTSTART in the far past with odd offsets) are misread by widely used clients.
VTIMEZONE = (
    "BEGIN:VTIMEZONE\r\n"
    f"TZID:{TIMEZONE_NAME}\r\n"
    f"X-LIC-LOCATION:{TIMEZONE_NAME}\r\n"
    "BEGIN:DAYLIGHT\r\n"
    "TZOFFSETFROM:+0100\r\n"
    "TZOFFSETTO:+0200\r\n"
    "TZNAME:CEST\r\n"
    "DTSTART:19700329T020000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
    "END:DAYLIGHT\r\n"
    "BEGIN:STANDARD\r\n"
    "TZOFFSETFROM:+0200\r\n"
    "TZOFFSETTO:+0100\r\n"
    "TZNAME:CET\r\n"
    "DTSTART:19701025T030000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
    "END:STANDARD\r\n"
    "END:VTIMEZONE\r\n"
).encode()

CALENDAR_TAIL = b"END:VCALENDAR\r\n"


@dataclass(frozen=True)
class SessionRow:
    """Everything one VEVENT shows; times are aware UTC."""

    uid: str
    sequence: int
    starts_at: datetime
    ends_at: datetime
    all_day: bool
    session_cancelled: bool
    event_status: str  # published | postponed | cancelled
    title: str
    url: str
    last_modified: datetime
    summary: str = ""
    description: str = ""  # organisers' Markdown
    status_reason: str = ""
    location: str = ""
    geo: tuple[float, float] | None = None
    categories: tuple[str, ...] = ()
    organisers: tuple[str, ...] = ()
    # Personal feeds only: the owner's place ("" in public feeds, else "confirmed",
    # "waitlisted" or "cancelled") and, on the waiting list, the position.
    personal: str = ""
    waitlist_position: int | None = None


@dataclass(frozen=True)
class CalendarMeta:
    name: str
    description: str
    refresh: timedelta = field(default=timedelta(hours=3))


#: C0 and C1 control characters (except the newline) and lone surrogates.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_text(text: str) -> str:
    """No control characters (a newline stays a newline; a tab becomes a space)."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub("", text)


@functools.lru_cache(maxsize=2048)
def plain_markdown(text: str) -> str:
    """Organisers' Markdown as readable plain text (memoised: a series shares one text)."""
    return html.unescape(to_text(text).replace("&lt;", "<").replace("&gt;", ">"))


def ical_status(row: SessionRow) -> str:
    """CONTRACT.md: published → CONFIRMED; cancelled or postponed (or a cancelled session)
    → CANCELLED, so that calendars remove exactly those dates.
    A personal feed adds the owner's place: waiting list → TENTATIVE, cancelled → CANCELLED."""
    if row.event_status != "published" or row.session_cancelled:
        return "CANCELLED"
    return {"waitlisted": "TENTATIVE", "cancelled": "CANCELLED"}.get(row.personal, "CONFIRMED")


def summary_text(row: SessionRow) -> str:
    """The title; on the waiting list "Wachtlijst: <titel>" (the position is in DESCRIPTION,
    so a moving position does not rewrite the title)."""
    title = clean_text(row.title).replace("\n", " ").strip()
    return f"Wachtlijst: {title}" if row.personal == "waitlisted" else title


def personal_text(row: SessionRow) -> str:
    if row.personal == "waitlisted":
        place = f" (plaats {row.waitlist_position})" if row.waitlist_position else ""
        return (f"Je staat op de wachtlijst{place}. Komt er een plaats vrij, dan krijg je "
                "een e-mail en wordt dit een gewone afspraak.")
    if row.personal == "cancelled":
        return "Je inschrijving is geannuleerd."
    return ""


def description_text(row: SessionRow) -> str:
    reason = clean_text(row.status_reason).strip()
    parts = [personal_text(row)]
    if row.event_status == "postponed":
        parts.append(" ".join(filter(None, ["Uitgesteld: nieuwe data volgen.", reason])))
    elif row.event_status == "cancelled":
        parts.append(" ".join(filter(None, ["Geannuleerd.", reason])))
    elif row.session_cancelled:
        parts.append("Deze sessie is geannuleerd.")
    parts.append(clean_text(row.summary).strip())
    parts.append(clean_text(plain_markdown(row.description)).strip())
    if row.organisers:
        parts.append("Organisatie: " + ", ".join(clean_text(o) for o in row.organisers))
    parts.append(f"Meer informatie: {row.url}")
    return "\n\n".join(p for p in parts if p)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(microsecond=0)


# --- plain string templates (byte for byte what `icalendar` 7 writes for the same VEVENT,
# checked by tests/feeds/test_ical_templates.py against the object-tree build) ------------

def escape_text(text: str) -> str:
    """RFC 5545 TEXT escaping, in the order `icalendar` applies it, except its first rule: it
    turns a backslash followed by N into a line break, so a title written "C:\\Nieuw" came out
    as two lines; here every backslash is escaped, and the text reads back as written."""
    return (text.replace("\\", "\\\\").replace(";", "\\;")
            .replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
            .replace("\r", "\\n"))


_BACKSLASH, _CARET = 0x5C, 0x5E


def fold(line: str) -> bytes:
    """One content line as UTF-8, folded as `icalendar` folds: at most 74 octets before each
    CRLF + space, never inside a UTF-8 character, and an escape character (a backslash or a
    caret) that would end a line moves to the next one."""
    data = line.encode()
    size = len(data)
    if size < 75:
        return data
    pieces, start = [], 0
    while size - start > 74:
        end = start + 74
        while data[end] & 0xC0 == 0x80:  # a continuation byte: cut before its character
            end -= 1
        if data[end - 1] in (_BACKSLASH, _CARET) and end - start > 1:
            end -= 1
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return b"\r\n ".join(pieces)


@functools.lru_cache(maxsize=4096)
def _text_line(name: str, value: str) -> bytes:
    """An escaped, folded TEXT property (memoised: a series repeats its event's texts)."""
    return fold(f"{name}:{escape_text(value)}")


def _stamp(moment: datetime) -> str:
    m = _utc(moment)
    return f"{m.year:04}{m.month:02}{m.day:02}T{m.hour:02}{m.minute:02}{m.second:02}Z"


def _day(day) -> str:
    return f"{day.year:04}{day.month:02}{day.day:02}"


def _times(row: SessionRow) -> tuple[str, str]:
    if row.all_day:
        first, last = all_day_dates(row.starts_at, row.ends_at)
        return (f"DTSTART;VALUE=DATE:{_day(first)}",
                f"DTEND;VALUE=DATE:{_day(last + timedelta(days=1))}")  # exclusive end
    lines = []
    for name, moment in (("DTSTART", row.starts_at), ("DTEND", row.ends_at)):
        m = wall_clock(moment)
        lines.append(f"{name};TZID={TIMEZONE_NAME}:{m.year:04}{m.month:02}{m.day:02}"
                     f"T{m.hour:02}{m.minute:02}{m.second:02}")
    return lines[0], lines[1]


def render_vevent(row: SessionRow) -> bytes:
    """One session as VEVENT bytes (CRLF, folded, escaped), from plain string templates in
    `icalendar`'s property order (SUMMARY, DTSTART, DTEND, DTSTAMP, UID, SEQUENCE, then the
    others alphabetically)."""
    status = ical_status(row)
    stamp = _stamp(row.last_modified)
    start, end = _times(row)
    lines = [
        b"BEGIN:VEVENT",
        _text_line("SUMMARY", summary_text(row)),
        fold(start),
        fold(end),
        f"DTSTAMP:{stamp}".encode(),
        fold(f"UID:{escape_text(row.uid)}"),
        f"SEQUENCE:{int(row.sequence)}".encode(),
    ]
    if row.categories:
        lines.append(fold("CATEGORIES:" + ",".join(
            escape_text(clean_text(c).replace("\n", " ")) for c in row.categories)))
    lines.append(_text_line("DESCRIPTION", description_text(row)))
    if row.geo is not None:
        lines.append(fold(f"GEO:{float(round(row.geo[0], 6))};{float(round(row.geo[1], 6))}"))
    lines.append(f"LAST-MODIFIED:{stamp}".encode())
    if row.location:
        lines.append(_text_line("LOCATION", clean_text(row.location)))
    lines.append(f"STATUS:{status}".encode())
    lines.append(b"TRANSP:TRANSPARENT" if status == "CANCELLED" else b"TRANSP:OPAQUE")
    lines.append(fold(f"URL:{row.url}"))
    lines.append(b"END:VEVENT\r\n")
    return b"\r\n".join(lines)


def calendar_head(meta: CalendarMeta) -> bytes:
    """BEGIN:VCALENDAR, the calendar properties and the VTIMEZONE (no METHOD: subscriptions
    are not iTIP messages)."""
    cal = Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", PRODID)
    cal.add("calscale", "GREGORIAN")
    name = clean_text(meta.name).replace("\n", " ")
    description = clean_text(meta.description)
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("description", description)
    cal.add("x-wr-caldesc", description)
    cal.add("x-wr-timezone", TIMEZONE_NAME)
    cal.add("refresh-interval", meta.refresh, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(meta.refresh))
    body = cal.to_ical()
    assert body.endswith(CALENDAR_TAIL)  # noqa: S101 - the library's contract
    return body[: -len(CALENDAR_TAIL)] + VTIMEZONE


def iter_calendar(meta: CalendarMeta, fragments: Iterable[bytes]) -> Iterator[bytes]:
    yield calendar_head(meta)
    yield from fragments
    yield CALENDAR_TAIL


def build_calendar(meta: CalendarMeta, rows: Iterable[SessionRow]) -> bytes:
    """The straightforward build: every row rendered now."""
    return b"".join(iter_calendar(meta, (render_vevent(r) for r in rows)))
