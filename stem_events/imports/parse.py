"""Reading a feed: bytes in, events with their occurrences in the window out (UTC), plus
Dutch problems per event. Pure: no database, no request.

`icalendar` parses (Windows zone names such as 'Romance Standard Time' resolve to IANA zones
there), `x-wr-timezone` repairs Google-style feeds, `recurring-ical-events` expands RRULE,
RDATE, EXDATE and moved or cancelled occurrences (RECURRENCE-ID). Floating times are
Europe/Brussels. An event whose occurrences cannot be read is skipped with a reason; the other
events of the feed still import.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property

import icalendar
import nh3
import recurring_ical_events
import x_wr_timezone
from flask_babel import gettext as _
from recurring_ical_events.util import to_recurrence_ids

from stem_events.date_time import format_date, local, to_utc
from stem_events.errors import DomainError

MAX_OCCURRENCES = 1000  # per event inside the window: more means a broken or absurd rule
MAX_TEXT = 10_000
DEFAULT_DURATION = timedelta(hours=1)


class FeedUnreadable(DomainError):
    """The whole feed is unusable (not iCalendar, empty, cut short); nothing is changed."""

    status = 400
    code = "feed_unreadable"


@dataclass
class Occurrence:
    key: str  # "" for a one-off event; else the original start (RECURRENCE-ID)
    start: datetime  # UTC
    end: datetime  # UTC
    all_day: bool = False
    cancelled: bool = False

    # Read like a session by the templates' `session_range`.
    starts_at = property(lambda self: self.start)
    ends_at = property(lambda self: self.end)


@dataclass
class FeedEvent:
    uid: str
    title: str
    description: str = ""
    url: str = ""
    location: str = ""
    categories: list[str] = field(default_factory=list)
    occurrences: list[Occurrence] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @cached_property
    def fingerprint(self) -> str:
        """A hash of everything the feed says about the event."""
        data = [self.uid, self.title, self.description, self.url, self.location,
                self.categories, [(o.key, o.start.timestamp(), o.end.timestamp(), o.all_day,
                                   o.cancelled) for o in self.occurrences]]
        return hashlib.sha256(json.dumps(data).encode()).hexdigest()


@dataclass
class Problem:
    uid: str
    title: str
    message: str


@dataclass
class Feed:
    events: list[FeedEvent] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)

    @property
    def warnings(self) -> list[Problem]:
        return [Problem(e.uid, e.title, w) for e in self.events for w in e.warnings]


class Skip(Exception):  # noqa: N818  (control flow inside this module)
    """This event cannot be imported; the message says why."""


def read_calendar(data: bytes) -> icalendar.Calendar:
    """The parsed calendar, or FeedUnreadable for HTML, empty and truncated bodies."""
    text = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text:
        raise FeedUnreadable(_("De feed is leeg."))
    if not text[:15].upper().startswith(b"BEGIN:VCALENDAR"):
        raise FeedUnreadable(_("Dit adres geeft geen iCalendar-bestand (.ics) maar iets anders "
                               "(bv. een webpagina). Gebruik de iCal-link van de agenda."))
    if not text.rstrip().upper().endswith(b"END:VCALENDAR"):
        raise FeedUnreadable(_("De feed is onvolledig (afgebroken); we wachten op de "
                               "volgende ophaalbeurt en wijzigen niets."))
    try:
        calendar = icalendar.Calendar.from_ical(text)
        return x_wr_timezone.to_standard(calendar)
    except (ValueError, KeyError, TypeError, IndexError):
        raise FeedUnreadable(_("De feed is geen geldig iCalendar-bestand.")) from None


def parse_feed(data: bytes, window: tuple[datetime, datetime],
               max_occurrences: int = MAX_OCCURRENCES) -> Feed:
    calendar = read_calendar(data)
    groups: dict[str, list] = defaultdict(list)
    feed = Feed()
    for component in calendar.walk("VEVENT"):
        uid = str(component.get("UID", "")).strip()
        if not uid:
            feed.skipped.append(Problem("", one_line(component.get("SUMMARY", "")),
                                        _("Geen UID: de activiteit is niet te volgen.")))
            continue
        groups[uid].append(component)
    if not groups and not feed.skipped:
        raise FeedUnreadable(_("De feed bevat geen enkele activiteit."))
    timezones = calendar.walk("VTIMEZONE")
    for uid, components in groups.items():
        title = one_line(_master(components).get("SUMMARY", ""))
        try:
            feed.events.append(_event(uid, components, timezones, window, max_occurrences))
        except Skip as reason:
            feed.skipped.append(Problem(uid, title, str(reason)))
    return feed


def _master(components: list) -> icalendar.Event:
    return next((c for c in components if "RECURRENCE-ID" not in c), components[0])


def _event(uid: str, components: list, timezones: list, window, cap: int) -> FeedEvent:
    master = _master(components)
    for component in components:
        _check_times(component)
    title = one_line(master.get("SUMMARY", ""))[:200]
    if not title:
        raise Skip(_("Geen titel (SUMMARY)."))
    event = FeedEvent(uid=uid[:500], title=title, description=plain_text(master),
                      url=_url(master), location=one_line(master.get("LOCATION", ""))[:200],
                      categories=_categories(master))
    event.occurrences = _occurrences(master, components, timezones, window, cap, event.warnings)
    return event


def _check_times(component) -> None:
    if "DTSTART" not in component:
        raise Skip(_("Geen begintijd (DTSTART)."))
    for name in ("DTSTART", "DTEND", "RECURRENCE-ID"):
        prop = component.get(name)
        if prop is None:
            continue
        tzid = prop.params.get("TZID")
        value = component.decoded(name)
        if tzid and isinstance(value, datetime) and value.tzinfo is None:
            raise Skip(_("Onbekende tijdzone '%(tzid)s'.", tzid=str(tzid)[:60]))
    start, end = component.decoded("DTSTART"), _decoded_end(component)
    if end is not None and _comparable(end) < _comparable(start):
        raise Skip(_("Het einde ligt voor het begin."))


def _decoded_end(component):
    if "DTEND" in component:
        return component.decoded("DTEND")
    return None


def _comparable(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return to_utc(value)
    return local(value, time.min)


def _is_series(master, components: list) -> bool:
    return len(components) > 1 or any(name in master for name in ("RRULE", "RDATE"))


def _occurrences(master, components, timezones, window, cap, warnings) -> list[Occurrence]:
    calendar = icalendar.Calendar()
    for tz in timezones:
        calendar.add_component(tz)
    for component in components:
        calendar.add_component(component)
    series = _is_series(master, components)
    found = []
    overrides = _Overrides(master, components)
    try:
        query = recurring_ical_events.of(calendar, calendar_query=_OccurrenceQuery)
        slices = [window] if _bounded(components, window, cap) else _slices(*window)
        for start, end in slices:  # a month at a time: the cap stops a huge rule
            for item in query.between(start, end):
                occurrence = _occurrence(item, overrides, series, warnings)
                if start <= occurrence.start < end or (occurrence.start < start == window[0]):
                    found.append(occurrence)
            if len(found) > cap:
                raise Skip(_("Meer dan %(cap)s datums binnen het venster: niet ingelezen.",
                             cap=cap))
    except (ValueError, TypeError, recurring_ical_events.InvalidCalendar) as error:
        raise Skip(_("De herhaling is niet te lezen (%(error)s).", error=str(error)[:100])) \
            from None
    _warn_open_ended(master, window[1], warnings)
    return sorted(found, key=lambda o: (o.start, o.key))


# Rules of these frequencies, without BYHOUR/BYMINUTE/BYSECOND, give at most one start a day.
_DAILY_OR_SLOWER = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
_SUB_DAILY_PARTS = ("BYHOUR", "BYMINUTE", "BYSECOND")


def _bounded(components: list, window, cap: int) -> bool:
    """True when the UID cannot have more than `cap` occurrences in the window (at most one a
    day per rule, plus its RDATEs and moved occurrences): then one expansion of the whole
    window is safe, which costs no more than expanding the file alone. Otherwise the window
    is read a month at a time, so that a rule of 100,000 occurrences stops at the cap."""
    days = (window[1] - window[0]).days + 2
    bound = len(components)
    for component in components:
        rules = component.get("RRULE")
        for rule in rules if isinstance(rules, list) else [rules] if rules else []:
            if not set(rule.get("FREQ", [])) <= _DAILY_OR_SLOWER or any(
                    part in rule for part in _SUB_DAILY_PARTS):
                return False
            bound += days
        dates = component.get("RDATE")
        for value in dates if isinstance(dates, list) else [dates] if dates else []:
            bound += len(getattr(value, "dts", [value]))
    return bound <= cap


def _slices(start: datetime, end: datetime, days: int = 31):
    while start < end:
        yield start, min(start + timedelta(days=days), end)
        start += timedelta(days=days)


def _warn_open_ended(master, end: datetime, warnings: list[str]) -> None:
    rules = master.get("RRULE")
    for rule in rules if isinstance(rules, list) else [rules] if rules else []:
        if "UNTIL" not in rule and "COUNT" not in rule:
            warnings.append(_("Herhaling zonder einde: ingelezen tot en met %(day)s.",
                              day=format_date(end - timedelta(seconds=1), weekday=False)))
            return


class _OccurrenceQuery(recurring_ical_events.CalendarQuery):
    """`between()` gives the occurrences themselves (start, end, which component), not a copy
    of the component for each with its times replaced: the import reads only those, and the
    copies were most of the expansion's time. Passed to `recurring_ical_events.of` through its
    `calendar_query` argument, the library's way to extend its query."""

    def _occurrences_to_components(self, occurrences):
        return occurrences


class _Overrides:
    """Which component of a UID an occurrence comes from: a moved or changed occurrence
    (RECURRENCE-ID) has its own STATUS and keeps its original start as its identity, every
    other one the master's."""

    def __init__(self, master, components: list):
        self.master = master
        self.by_id = {}
        for component in components:
            original = component.get("RECURRENCE-ID")
            if original is not None:
                for key in to_recurrence_ids(original.dt):
                    self.by_id.setdefault(key, component)

    def of(self, occurrence):
        return next((self.by_id[key] for key in occurrence.recurrence_ids
                     if key in self.by_id), self.master)


def _occurrence(item, overrides: _Overrides, series: bool,
                warnings: list[str]) -> Occurrence:
    """One occurrence of the expansion (`_OccurrenceQuery`): its times are those a copy of
    its component would carry (DTSTART, and DTEND, which the library always sets for events)."""
    component = overrides.of(item)
    begin, finish = item.start, item.end
    all_day = not isinstance(begin, datetime)
    start = local(begin, time.min) if all_day else to_utc(begin)
    if finish is None or _comparable(finish) <= start:
        end = start + (timedelta(days=1) if all_day else DEFAULT_DURATION)
        if not all_day and _warn_once(warnings):
            warnings.append(_("Geen eindtijd: één uur aangenomen."))
    else:
        end = _comparable(finish)
    return Occurrence(key=_key(component, begin) if series else "", start=start, end=end,
                      all_day=all_day,
                      cancelled=str(component.get("STATUS", "")).upper() == "CANCELLED")


def _warn_once(warnings: list[str]) -> bool:
    return _("Geen eindtijd: één uur aangenomen.") not in warnings


def _key(component, start: date | datetime) -> str:
    """The occurrence's identity inside its series: its original start (the RECURRENCE-ID of
    the component that moved it, else its start)."""
    original = component.get("RECURRENCE-ID")
    value = original.dt if original is not None else start
    if not isinstance(value, datetime):
        return value.isoformat()
    return to_utc(value).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- texts ----------------------------------------------------------------------------------

def one_line(value) -> str:
    """Single-line fields never carry line breaks or runs of spaces (as typed text)."""
    return " ".join(str(value or "").split())


_BREAKS = re.compile(r"<\s*(br|/p|/div|/li|/h\d)\s*/?\s*>", re.IGNORECASE)


def plain_text(component) -> str:
    """DESCRIPTION as plain text: HTML (as Google and Outlook write it) loses its tags."""
    text = str(component.get("DESCRIPTION", "") or "")
    if "<" in text and ">" in text:
        text = html.unescape(nh3.clean(_BREAKS.sub("\n", text), tags=set()))
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()[:MAX_TEXT]


def _url(component) -> str:
    url = str(component.get("URL", "") or "").strip()
    return url[:500] if url.lower().startswith(("https://", "http://")) else ""


def _categories(component) -> list[str]:
    values = component.get("CATEGORIES")
    found: list[str] = []
    for value in values if isinstance(values, list) else [values] if values else []:
        for category in getattr(value, "cats", [value]):
            name = one_line(category)
            if name and name not in found:
                found.append(name)
    return found[:20]
