"""The VEVENT builder as it was before the string templates (issue 22): an `icalendar`
object tree per session. Kept here only as the reference the templates must match byte for
byte (tests/feeds/test_ical_templates.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Event as VEvent

from stem_events.date_time import TIMEZONE_NAME, all_day_dates, wall_clock
from stem_events.feeds.ical import SessionRow, clean_text, description_text, ical_status
from stem_events.feeds.ical import summary_text as summary


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


def render_vevent_tree(row: SessionRow) -> bytes:
    vevent = VEvent()
    vevent.add("uid", row.uid)
    vevent.add("dtstamp", _utc(row.last_modified))
    vevent.add("last-modified", _utc(row.last_modified))
    vevent.add("sequence", row.sequence)
    vevent.add("status", ical_status(row))
    vevent.add("summary", summary(row))
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
