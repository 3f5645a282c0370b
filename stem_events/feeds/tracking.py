"""SEQUENCE bookkeeping: every change a subscriber can see bumps the sessions' SEQUENCE.

An ORM `before_flush` hook, so every service that edits events through the ORM gets it for
free (the organisers' pages, the coordinators' moderation, series edits). A service that sets
`sequence` itself in the same flush is not bumped twice.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from stem_events.accounts.models import Organisation
from stem_events.date_time import now_utc
from stem_events.events.models import Event, EventSession, event_organisations

#: What a VEVENT shows of an event (ical.py) and of a session.
EVENT_FIELDS = (
    "kind", "title", "summary", "description", "status", "status_reason", "slug",
    "organisation_id", "venue_name", "street", "postcode", "municipality_nis", "latitude",
    "longitude", "online_url", "themes", "co_organisations",
)
SESSION_FIELDS = ("starts_at", "ends_at", "all_day", "status")


def _changed(obj, fields) -> bool:
    state = sa.inspect(obj)
    return any(
        name in state.attrs and state.attrs[name].history.has_changes() for name in fields
    )


def _bump(session_row: EventSession) -> None:
    state = sa.inspect(session_row)
    if state.pending or state.attrs["sequence"].history.has_changes():
        return
    session_row.sequence = (session_row.sequence or 0) + 1


def _organisation_renamed(session: Session, organisation: Organisation) -> None:
    co_organised = sa.select(event_organisations.c.event_id).where(
        event_organisations.c.organisation_id == organisation.id
    )
    events = sa.select(Event.id).where(
        sa.or_(Event.organisation_id == organisation.id, Event.id.in_(co_organised))
    )
    session.execute(
        sa.update(EventSession)
        .where(EventSession.event_id.in_(events))
        .values(sequence=EventSession.sequence + 1, updated_at=now_utc())
        .execution_options(synchronize_session=False)
    )


def bump_sequences(session: Session, flush_context, instances) -> None:
    for obj in list(session.dirty):
        if isinstance(obj, EventSession) and _changed(obj, SESSION_FIELDS):
            _bump(obj)
        elif isinstance(obj, Event) and _changed(obj, EVENT_FIELDS):
            obj.updated_at = now_utc()  # also when only a link table (themes) changed
            for session_row in obj.sessions:
                _bump(session_row)
        elif isinstance(obj, Organisation) and _changed(obj, ("name",)):
            _organisation_renamed(session, obj)
