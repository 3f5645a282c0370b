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
def smtp_server(app):
    """A loopback SMTP server, not yet started; the app sends to it while the test runs."""
    from tests.registrations.helpers import SmtpServer

    server = SmtpServer()
    previous = app.config.get("MAIL_URL")
    app.config["MAIL_URL"] = server.url
    yield server
    server.stop()
    app.config["MAIL_URL"] = previous
