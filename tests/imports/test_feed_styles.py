"""Feeds in the styles of Google Calendar, Outlook/Exchange, iCloud, Nextcloud and Thunderbird:
the imported sessions equal, occurrence by occurrence in Brussels local time, the occurrences
written by hand next to each fixture (`feeds/<name>.expected`), across both DST switches."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from stem_events.date_time import all_day_dates, to_local
from stem_events.events.models import Event
from stem_events.imports import run
from stem_events.imports.models import ImportItem, RunOutcome
from tests.imports.helpers import expected, feed_bytes


def imported_lines(db, source_id: int) -> list[str]:
    rows = db.session.execute(
        sa.select(ImportItem.uid, Event).join(Event, Event.id == ImportItem.event_id)
        .where(ImportItem.source_id == source_id)).all()
    lines = []
    for uid, event in rows:
        for s in sorted(event.sessions, key=lambda s: s.starts_at):
            if s.all_day:
                first, last = all_day_dates(s.starts_at, s.ends_at)
                lines.append(f"{uid} | {first} | {last} | hele dag")
            else:
                start, end = to_local(s.starts_at), to_local(s.ends_at)
                lines.append(f"{uid} | {start:%Y-%m-%d %H:%M} | {end:%Y-%m-%d %H:%M}")
    return lines


@pytest.mark.parametrize("style", ["google", "outlook", "icloud", "nextcloud", "thunderbird"])
def test_imported_sessions_equal_the_hand_written_occurrences(db, now, serve, make_source,
                                                              style):
    source = make_source(serve(feed_bytes(f"{style}.ics")))
    result = run.run_source(source.id)
    assert result.outcome == RunOutcome.OK, result.error
    assert sorted(imported_lines(db, source.id)) == sorted(expected(f"{style}.expected"))


def test_google_description_is_plain_text_and_place_is_matched(db, now, serve, make_source):
    source = make_source(serve(feed_bytes("google.ics")))
    run.run_source(source.id)
    event = db.session.scalar(sa.select(Event).where(Event.title == "Robotica voor kinderen"))
    assert "<" not in event.description and "alert" not in event.description
    assert "Voor 8 tot 12 jaar. Breng een laptop mee & een drinkbus." in event.description
    assert (event.venue_name, event.street, event.postcode, event.municipality_nis) == (
        "Bibliotheek De Krook", "Miriam Makebaplein 1", "9000", "44021")
    online = db.session.scalar(sa.select(Event).where(Event.title == "Lezing: wat is AI?"))
    assert online.online_url == "https://meet.google.com/abc-defg-hij"
    assert online.booking_url == "https://academie.example/lezing-ai"


def test_categories_become_themes(db, now, serve, make_source):
    source = make_source(serve(feed_bytes("nextcloud.ics")))
    run.run_source(source.id)
    event = db.session.scalar(sa.select(Event))
    assert sorted(t.slug for t in event.themes) == ["programmeren", "robotica"]


def test_cancelled_event_and_open_ended_series_are_reported(db, now, serve, make_source):
    source = make_source(serve(feed_bytes("thunderbird.ics")))
    result = run.run_source(source.id)
    assert (result.created, result.skipped) == (2, 1)
    messages = {p["title"]: p["message"] for p in result.problems}
    assert messages["Workshop zonnepanelen"] == "Alle datums zijn geannuleerd."
    assert messages["Wiskundeclub"].startswith("Herhaling zonder einde: ingelezen tot en met")
