"""A page of stored cards or API items reads the sessions shown and their events' columns
(`ShownSession`, `ShownEvent`) without building ORM objects, with the same values."""

from __future__ import annotations

from datetime import timedelta

from stem_events.date_time import now_utc
from stem_events.events import services
from stem_events.events.models import RegistrationMode


def test_the_cards_path_reads_plain_columns(app, make_event):
    now = now_utc().replace(microsecond=0)
    hour = timedelta(hours=1)
    series = make_event(title="Reeks", capacity=12, registration_mode=RegistrationMode.SERIES,
                        waitlist_enabled=False,
                        sessions=[(now + timedelta(days=d), now + timedelta(days=d) + hour)
                                  for d in (-3, 2, 9)])
    single = make_event(title="Eenmalig")
    with app.test_request_context("/agenda"):
        light = services.upcoming_events(cards=True)
        full = services.upcoming_events()
    assert sorted(i.event.id for i in light.items) == [series.id, single.id]
    assert [i.event.id for i in light.items] == [i.event.id for i in full.items]
    for shown, loaded in zip(light.items, full.items, strict=True):
        assert isinstance(shown.event, services.ShownEvent)
        assert isinstance(shown.next_session, services.ShownSession)
        for name in ("id", "status", "registration_mode", "capacity", "waitlist_enabled"):
            assert getattr(shown.event, name) == getattr(loaded.event, name), name
        for name in ("id", "event_id", "starts_at", "ends_at", "capacity"):
            assert getattr(shown.next_session, name) == getattr(loaded.next_session, name)
        assert shown.session_count == loaded.session_count
