"""Demo data: the demo organiser's academy keeps its agenda in Google Calendar; the source and
its imported events are there as if fetched, one session moved here by the organiser (kept by
every run, listed on the source page), so a fresh install shows the feature. The CATEGORIES →
themes table comes with migration 0018."""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta

import sqlalchemy as sa

from stem_events.accounts.models import Membership, User
from stem_events.date_time import feed_window, now_utc, today_local
from stem_events.extensions import db
from stem_events.reference.holidays import holiday_on
from stem_events.series import services as series_services

from . import parse, sync
from .models import ImportItem, ImportRun, ImportSource, RunOutcome

DEMO_URL = "https://agenda.academie.example/stem-academie.ics"


def _first_wednesday(today: date) -> date:
    """The first Wednesday from next week on whose eight weeks miss every school holiday, as
    an academy plans its term."""
    wednesday = today + timedelta(days=(2 - today.weekday()) % 7 + 7)
    while any(holiday_on(wednesday + timedelta(weeks=n, days=d)) for n in range(8)
              for d in (0, 1, 10)):
        wednesday += timedelta(weeks=1)
    return wednesday


def demo_feed(today: date) -> bytes:
    """A Google-style feed: a weekly club of eight Wednesdays (one skipped, one moved) and a
    one-day open day."""
    wednesday = _first_wednesday(today)
    day = wednesday.strftime("%Y%m%d")
    skipped = (wednesday + timedelta(weeks=3)).strftime("%Y%m%d")
    moved = (wednesday + timedelta(weeks=5)).strftime("%Y%m%d")
    moved_to = (wednesday + timedelta(weeks=5, days=1)).strftime("%Y%m%d")
    open_day = (wednesday + timedelta(days=10)).strftime("%Y%m%d")
    after = (wednesday + timedelta(days=11)).strftime("%Y%m%d")
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
        "X-WR-TIMEZONE:Europe/Brussels",
        "BEGIN:VEVENT", "UID:demo-codeclub@google.com", "SUMMARY:Codeclub voor 10- tot 14-jarigen",
        f"DTSTART;TZID=Europe/Brussels:{day}T140000", f"DTEND;TZID=Europe/Brussels:{day}T160000",
        "RRULE:FREQ=WEEKLY;COUNT=8", f"EXDATE;TZID=Europe/Brussels:{skipped}T140000",
        "DESCRIPTION:Programmeren met Scratch en Python\\, elke woensdagnamiddag.",
        "LOCATION:Bibliotheek De Krook\\, Miriam Makebaplein 1\\, 9000 Gent",
        "CATEGORIES:Programmeren", "END:VEVENT",
        "BEGIN:VEVENT", "UID:demo-codeclub@google.com", "SUMMARY:Codeclub voor 10- tot 14-jarigen",
        f"RECURRENCE-ID;TZID=Europe/Brussels:{moved}T140000",
        f"DTSTART;TZID=Europe/Brussels:{moved_to}T150000",
        f"DTEND;TZID=Europe/Brussels:{moved_to}T170000",
        "LOCATION:Bibliotheek De Krook\\, Miriam Makebaplein 1\\, 9000 Gent", "END:VEVENT",
        "BEGIN:VEVENT", "UID:demo-opendeur@google.com", "SUMMARY:Opendeurdag STEM-academie",
        f"DTSTART;VALUE=DATE:{open_day}", f"DTEND;VALUE=DATE:{after}",
        "LOCATION:Campus Schoonmeersen\\, 9000 Gent", "CATEGORIES:Wetenschap", "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


def _organiser_moves_one_session(user: User, source: ImportSource) -> None:
    """The organiser moved the club's last Wednesday an hour later here, not in Google
    Calendar: the source page lists the difference, and every run keeps the change."""
    item = db.session.scalar(sa.select(ImportItem).where(
        ImportItem.source_id == source.id, ImportItem.uid == "demo-codeclub@google.com"))
    last = max((o.session for o in item.occurrences), key=lambda s: s.starts_at)
    series_services.move_session(user, item.event, last, last.starts_at + timedelta(hours=1),
                            last.ends_at + timedelta(hours=1))


def build_import_demo(seed: int) -> ImportSource | None:
    """One trusted source of the demo organiser's organisation, imported once. Session UIDs
    come from the seed, like the rest of the demo data (same seed, same data)."""
    membership = db.session.scalar(sa.select(Membership).join(User).where(
        User.email == "organisator@stem-events.example"))
    if membership is None:
        return None
    source = ImportSource(organisation_id=membership.organisation_id, url=DEMO_URL,
                          name="Google Agenda van de STEM-academie", trusted=True,
                          defaults={"kind": "academy_activity", "registration": "ours",
                                    "audiences": ["gezinnen"],
                                    "capacity": 16, "age_min": 10, "age_max": 14,
                                    "municipality_nis": "44021"})
    db.session.add(source)
    db.session.flush()
    feed = parse.parse_feed(demo_feed(today_local()), feed_window())
    the_plan = sync.plan(source, feed, source.defaults)
    outcome = sync.apply(source, the_plan, source.defaults)
    rng = random.Random(seed + 15)  # noqa: S311  (demo data, not security)
    for occurrence in sorted((o for item in db.session.scalars(
            sa.select(ImportItem).where(ImportItem.source_id == source.id))
            for o in item.occurrences), key=lambda o: (o.item_id, o.key)):
        occurrence.session.uid = f"{uuid.UUID(int=rng.getrandbits(128), version=4)}@stem-events"
    _organiser_moves_one_session(membership.user, source)
    now = now_utc()
    source.last_run_at, source.next_run_at = now, now + timedelta(hours=1)
    db.session.add(ImportRun(source_id=source.id, started_at=now, finished_at=now,
                             outcome=RunOutcome.OK, created=outcome.created,
                             skipped=outcome.skipped, problems=[]))
    return source
