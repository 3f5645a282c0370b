"""The pure iCalendar builder: rows in, bytes out (no request, no database session inside).

Each session becomes one VEVENT, rendered on its own by the `icalendar` library (escaping,
75-octet folding that never splits a UTF-8 character, CRLF), so that the rendered bytes can
be stored and a feed is the concatenation head + VTIMEZONE + fragments + tail.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, vDuration
from icalendar import Event as VEvent

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


def _add_times(vevent: VEvent, row: SessionRow) -> None:
    if row.all_day:
        first, last = all_day_dates(row.starts_at, row.ends_at)
        vevent.add("dtstart", first)
        vevent.add("dtend", last + timedelta(days=1))  # exclusive end
        return
    for name, moment in (("dtstart", row.starts_at), ("dtend", row.ends_at)):
        vevent.add(name, wall_clock(moment).replace(microsecond=0),
                   parameters={"TZID": TIMEZONE_NAME})


def render_vevent(row: SessionRow) -> bytes:
    """One session as VEVENT bytes (CRLF, folded, escaped)."""
    vevent = VEvent()
    vevent.add("uid", row.uid)
    vevent.add("dtstamp", _utc(row.last_modified))
    vevent.add("last-modified", _utc(row.last_modified))
    vevent.add("sequence", row.sequence)
    vevent.add("status", ical_status(row))
    vevent.add("summary", summary_text(row))
    _add_times(vevent, row)
    vevent.add("description", description_text(row))
    vevent.add("url", row.url)
    if row.location:
        vevent.add("location", clean_text(row.location))
    if row.geo is not None:
        vevent.add("geo", (round(row.geo[0], 6), round(row.geo[1], 6)))
    if row.categories:
        vevent.add("categories", [clean_text(c).replace("\n", " ") for c in row.categories])
    vevent.add("transp", "TRANSPARENT" if ical_status(row) == "CANCELLED" else "OPAQUE")
    return vevent.to_ical()


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
