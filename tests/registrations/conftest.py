"""Fixtures for registrations: events open for registration and a helper to submit the form."""

from __future__ import annotations

import pytest

from stem_events.events.models import RegistrationMode


@pytest.fixture
def make_open_event(make_event):
    """An event open for registration: `make_open_event(capacity=2, waitlist_enabled=False)`."""
    def make(**overrides):
        values = {"registration_mode": RegistrationMode.SERIES, "capacity": 2,
                  "waitlist_enabled": True}
        values.update(overrides)
        return make_event(**values)
    return make


@pytest.fixture
def two_sessions_of_one_seat(make_open_event, db):
    """`two_sessions_of_one_seat()` → (event in open-sessions mode, (first id, second id)):
    two sessions a week apart, one seat each."""
    from datetime import timedelta

    from stem_events.date_time import now_utc
    from stem_events.events.models import RegistrationMode

    def make():
        start = now_utc().replace(microsecond=0) + timedelta(days=2)
        event = make_open_event(registration_mode=RegistrationMode.SESSIONS, capacity=None,
                                sessions=[(start, start + timedelta(hours=1)),
                                          (start + timedelta(days=7),
                                           start + timedelta(days=7, hours=1))])
        first, second = event.sessions
        first.capacity = second.capacity = 1
        db.session.commit()
        return event, (first.id, second.id)
    return make


@pytest.fixture
def make_class_event(make_open_event, db):
    """An event open to classes: `make_class_event(capacity=50, min_size=10, max_size=30,
    adults_take_seats=False, individuals_allowed=True)`."""
    from stem_events.registrations.models import EventGroupSettings

    def make(min_size=10, max_size=30, adults_take_seats=False, individuals_allowed=True,
             **overrides):
        overrides.setdefault("capacity", 50)
        event = make_open_event(**overrides)
        db.session.add(EventGroupSettings(
            event_id=event.id, min_size=min_size, max_size=max_size,
            adults_take_seats=adults_take_seats, individuals_allowed=individuals_allowed))
        db.session.commit()
        return event
    return make


@pytest.fixture
def smtp_server(app):
    """A loopback SMTP server, not yet started; the app sends to it while the test runs."""
    from tests.registrations.helpers import SmtpServer

    server = SmtpServer()
    previous = app.config.get("MAIL_URL")
    app.config["MAIL_URL"] = server.url
    yield server
    server.stop()
    app.config["MAIL_URL"] = previous
