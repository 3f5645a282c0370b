"""Queries and rules about events: what the public sees, and in which order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from stem_events.date_time import now_utc
from stem_events.errors import NotFound
from stem_events.events.filters import AgendaFilter, event_conditions, session_window
from stem_events.events.models import (
    PUBLIC_STATUSES,
    Event,
    EventSession,
    EventStatus,
    RegistrationMode,
)
from stem_events.events.search import search_rank
from stem_events.extensions import db
from stem_events.pagination import Page

MAX_ID = 2**31 - 1  # ids are 32-bit integers in the database


@dataclass(frozen=True)
class Listing:
    """An event on the agenda with its next session and the size of its series."""

    event: Event
    next_session: EventSession
    session_count: int


def _upcoming_sessions(f: AgendaFilter, now: datetime):
    """Per event: the start of its next session within the filter's window (not yet ended)
    and its number of sessions."""
    in_window = sa.and_(*session_window(f, now, None))
    upcoming_start = sa.case((in_window, EventSession.starts_at))
    return (
        sa.select(
            EventSession.event_id.label("event_id"),
            sa.func.min(upcoming_start).label("next_start"),
            sa.func.count().label("session_count"),
        )
        .group_by(EventSession.event_id)
        .having(sa.func.min(upcoming_start).is_not(None))
        .subquery("upcoming")
    )


def upcoming_events(f: AgendaFilter | None = None, page: int = 1, per_page: int = 25) -> Page:
    """Public events matching the filter with a session still to come, soonest first (best
    match first when searching)."""
    f = f or AgendaFilter()
    upcoming = _upcoming_sessions(f, now_utc())
    base = (
        sa.select(Event, upcoming.c.next_start, upcoming.c.session_count)
        .join(upcoming, upcoming.c.event_id == Event.id)
        .where(*event_conditions(f))
    )
    total = db.session.scalar(sa.select(sa.func.count()).select_from(base.subquery()))
    order = [upcoming.c.next_start, Event.id]
    if f.q:
        order.insert(0, search_rank(f.q))
    rows = db.session.execute(
        base.order_by(*order)
        .limit(per_page)
        .offset((page - 1) * per_page)
        .options(
            selectinload(Event.organisation),
            selectinload(Event.municipality),
            selectinload(Event.themes),
            selectinload(Event.sessions),
        )
    ).all()
    items = [
        Listing(event, _session_at(event, next_start), count)
        for event, next_start, count in rows
    ]
    return Page(items=items, page=page, per_page=per_page, total=total or 0)


def widen_suggestions(f: AgendaFilter) -> list[tuple[str, str, str, int]]:
    """For an empty result: per active filter, how many events there would be without it."""
    from urllib.parse import urlencode

    now = now_utc()
    suggestions = []
    for name, value in f.params():
        wider = f.without(name, value)
        upcoming = _upcoming_sessions(wider, now)
        count = db.session.scalar(
            sa.select(sa.func.count()).select_from(Event)
            .join(upcoming, upcoming.c.event_id == Event.id).where(*event_conditions(wider)))
        if count:
            suggestions.append((name, value, urlencode(wider.params()), count))
    return sorted(suggestions, key=lambda s: -s[3])


def _session_at(event: Event, start: datetime) -> EventSession:
    return next(s for s in event.sessions if s.starts_at == start)


def get_public_event(event_id: int) -> Event:
    """An event the public may see; drafts, events in review and rejected ones are 404."""
    if not 0 < event_id <= MAX_ID:
        raise NotFound("Deze activiteit bestaat niet of is niet (meer) openbaar.")
    event = db.session.scalar(
        sa.select(Event)
        .where(Event.id == event_id, Event.status.in_(PUBLIC_STATUSES))
        .options(
            selectinload(Event.sessions),
            selectinload(Event.themes),
            selectinload(Event.goals),
            selectinload(Event.co_organisations),
        )
    )
    if event is None:
        raise NotFound("Deze activiteit bestaat niet of is niet (meer) openbaar.")
    return event


def next_or_first_session(event: Event) -> EventSession | None:
    now = now_utc()
    upcoming = [s for s in event.sessions if s.ends_at >= now]
    return (upcoming or event.sessions or [None])[0]


def registration_open(event: Event) -> bool:
    """Whether the event takes registrations right now (CONTRACT.md `registration_open`)."""
    if event.registration_mode == RegistrationMode.NONE or event.status != EventStatus.PUBLISHED:
        return False
    now = now_utc()
    if event.registration_opens_at and now < event.registration_opens_at:
        return False
    if event.registration_closes_at and now >= event.registration_closes_at:
        return False
    return any(s.ends_at > now and not s.cancelled for s in event.sessions)


def seats_left(event: Event) -> int | None:
    """Seats still free; None when there is no limit or no registration.

    Until the registrations package records seats taken, every seat is free.
    """
    if event.capacity is None or event.registration_mode == RegistrationMode.NONE:
        return None
    return max(0, event.capacity - seats_taken(event))


def seats_taken(event: Event) -> int:
    return 0
