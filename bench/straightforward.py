"""The straightforward feed: one `icalendar` build of every public event in the feed window.

This is the baseline of the feed figures (issue 9): load the events with their sessions
through the ORM, build one VEVENT per session with `icalendar`, serialise, no cache. It runs
in its own process (`python -m bench.straightforward`) so that its memory growth is measured
apart from the harness; it prints one JSON line.
"""

from __future__ import annotations

import json
import resource
import time
from datetime import timedelta


def _rss_kb() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def build() -> bytes:
    import icalendar
    import sqlalchemy as sa
    from sqlalchemy.orm import selectinload

    from stem_events.date_time import now_utc
    from stem_events.events.models import PUBLIC_STATUSES, Event, EventSession, EventStatus
    from stem_events.extensions import db

    now = now_utc()
    first, last = now - timedelta(days=30), now + timedelta(days=365)
    in_window = sa.select(EventSession.event_id).where(
        EventSession.ends_at >= first, EventSession.starts_at <= last)
    events = db.session.scalars(
        sa.select(Event)
        .where(Event.status.in_(PUBLIC_STATUSES), Event.id.in_(in_window))
        .order_by(Event.id)
        .options(selectinload(Event.sessions), selectinload(Event.municipality),
                 selectinload(Event.organisation))
    ).all()
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//stem_events bench//straightforward//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "STEM-agenda")
    for event in events:
        place = ", ".join(p for p in (event.venue_name, event.street, event.postcode,
                                      event.municipality.name if event.municipality else "")
                          if p)
        for session in event.sessions:
            if session.ends_at < first or session.starts_at > last:
                continue
            vevent = icalendar.Event()
            vevent.add("uid", session.uid)
            vevent.add("sequence", session.sequence)
            vevent.add("dtstamp", event.updated_at)
            vevent.add("dtstart", session.starts_at)
            vevent.add("dtend", session.ends_at)
            vevent.add("summary", event.title)
            vevent.add("description", event.summary + "\n\n" + event.description)
            if place:
                vevent.add("location", place)
            vevent.add("organizer", f"mailto:noreply@{event.organisation_id}.example",
                       parameters={"cn": event.organisation.name})
            vevent.add("url", f"http://127.0.0.1/events/{event.id}-{event.slug}")
            cancelled = event.status != EventStatus.PUBLISHED or session.cancelled
            vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
            calendar.add_component(vevent)
    return calendar.to_ical()


def main() -> None:
    from stem_events import create_app

    app = create_app()
    with app.app_context():
        from stem_events.extensions import db

        db.session.execute(db.text("SELECT 1"))  # connect before the clock starts
        idle_kb = _rss_kb()
        started = time.perf_counter()
        body = build()
        seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "bytes": len(body),
                      "vevents": body.count(b"BEGIN:VEVENT"),
                      "rss_delta_mb": (peak_kb - idle_kb) / 1024}))


if __name__ == "__main__":
    main()
