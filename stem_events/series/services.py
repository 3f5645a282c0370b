"""The rules of an event's sessions: add a series of dates, move a session (and, in
open-sessions mode, change its capacity), cancel or restore one. Every change goes through
`events.management.bump_sequence` and tells the registrants (`follow_up`)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from stem_events.accounts import policies
from stem_events.accounts.models import User
from stem_events.audit import services as audit
from stem_events.date_time import now_utc
from stem_events.errors import FieldError
from stem_events.events import management
from stem_events.events.models import (
    Event,
    EventSession,
    EventStatus,
    RegistrationMode,
    SessionStatus,
)
from stem_events.extensions import db
from stem_events.workflow import WrongStatus, claim_version

from .schedule import Schedule


def _session_change(user: User, event: Event, seen_version: int | None) -> None:
    policies.require(policies.can_edit(user, event))
    if event.status == EventStatus.CANCELLED:
        raise WrongStatus(_("Deze activiteit is geannuleerd; haar sessies liggen vast."))
    claim_version(event, seen_version)


def add_sessions(user: User, event: Event, schedule: Schedule,
                 seen_version: int | None = None) -> list[EventSession]:
    _session_change(user, event, seen_version)
    taken = {s.starts_at for s in event.sessions}
    new = [s for s in management.new_sessions(event, schedule) if s.starts_at not in taken]
    if not new:
        raise FieldError("first_day", _("Deze sessies bestaan al."))
    event.sessions.extend(new)
    db.session.flush()
    management.bump_sequence(event, new)
    if event.registration_mode != RegistrationMode.SESSIONS:  # registered for the whole series
        management.follow_up("changed", event)
    audit.record(user, "sessions_added", event=event,
                 changes={"sessions": [None, [s.starts_at.isoformat() for s in new]]})
    return new


def move_session(user: User, event: Event, session: EventSession, start: datetime,
                 end: datetime, seen_version: int | None = None,
                 capacity: int | None = None) -> None:
    """A new date or time (the same UID, a higher SEQUENCE) and, in open-sessions mode, the
    session's own capacity (never below its confirmed registrations)."""
    _session_change(user, event, seen_version)
    changes = {}
    if (start, end) != (session.starts_at, session.ends_at):
        if start < now_utc():
            raise FieldError("day", _("Een sessie kan niet naar het verleden verplaatst worden."))
        changes["sessions"] = [f"{session.starts_at.isoformat()}/{session.ends_at.isoformat()}",
                               f"{start.isoformat()}/{end.isoformat()}"]
        session.starts_at, session.ends_at = start, end
        management.bump_sequence(event, [session])
        management.follow_up("changed", event, session.id)
    if event.registration_mode == RegistrationMode.SESSIONS and capacity != session.capacity:
        management.lock_seats(event)
        taken = management.registered_count(event, session)
        if capacity is not None and capacity < taken:
            raise FieldError("capacity", _("Er zijn al %(taken)s inschrijvingen voor deze "
                                           "sessie; de capaciteit kan niet lager zijn.",
                                           taken=taken))
        changes["capacity"] = [session.capacity, capacity]
        inherited = event.capacity  # a session without its own capacity has the event's
        if management.raised(inherited if session.capacity is None else session.capacity,
                   inherited if capacity is None else capacity):
            management.follow_up("capacity", event)
        session.capacity = capacity
    if changes:
        audit.record(user, "session_moved", event=event, changes=changes)


def set_session_cancelled(user: User, event: Event, session: EventSession,
                          cancelled: bool) -> None:
    _session_change(user, event, None)
    status = SessionStatus.CANCELLED if cancelled else SessionStatus.SCHEDULED
    if session.status == status:
        return
    if cancelled and all(s.cancelled for s in event.sessions if s is not session):
        raise WrongStatus(_("Dit is de laatste sessie: annuleer dan de hele activiteit."))
    session.status = status
    management.bump_sequence(event, [session])
    management.follow_up("changed", event, session.id)
    audit.record(user, "session_cancelled" if cancelled else "session_restored", event=event,
                 changes={"sessions": [session.starts_at.isoformat(), status.value]})
