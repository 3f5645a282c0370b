"""Helpers for the feed tests: fetch and parse feeds back."""

from __future__ import annotations

import icalendar
import pytest


@pytest.fixture
def fetch(client):
    """GET a feed; assert it is a calendar; return (response, parsed calendar)."""
    def get(url: str, **kwargs):
        response = client.get(url, **kwargs)
        assert response.status_code == 200, response.get_data(as_text=True)
        assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
        return response, icalendar.Calendar.from_ical(response.data)
    return get


def vevents(calendar) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}
