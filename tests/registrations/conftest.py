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


