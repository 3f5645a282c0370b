"""STAND-IN for the lead's agenda filters (replaced at merge by the real module on main).

Same interface as the real one, so the feeds call exactly these names: it accepts only the
empty filter and answers 400 to every filter parameter. Parameters that are not filters
(`fbclid`, `utm_*`, …) are ignored, as CONTRACT.md says.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from stem_events.errors import InvalidInput

from .models import PUBLIC_STATUSES, Event, EventSession

FILTER_NAMES = frozenset({
    "kind", "province", "municipality", "theme", "goal", "age", "from", "to", "when", "q",
    "organisation", "free", "online",
})


class InvalidFilter(InvalidInput):
    """Deze filter is ongeldig."""


@dataclass(frozen=True)
class AgendaFilter:
    """Parsed, validated, normalised agenda filters (the stand-in knows only 'no filter')."""

    def cache_key(self) -> str:
        return ""

    def describe(self) -> str:
        return ""


def parse_filters(args: Mapping[str, str]) -> AgendaFilter:
    for name in args:
        if name in FILTER_NAMES:
            raise InvalidFilter(f"De filter '{name}' wordt (nog) niet ondersteund.")
    return AgendaFilter()


def matching_event_ids(f: AgendaFilter, start: datetime, end: datetime) -> sa.Select:
    """Public events with a session overlapping [start, end)."""
    overlapping = sa.select(EventSession.event_id).where(
        EventSession.starts_at < end, EventSession.ends_at > start
    )
    return sa.select(Event.id).where(
        Event.status.in_(PUBLIC_STATUSES), Event.id.in_(overlapping)
    )
