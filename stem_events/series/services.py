"""The rules of an event's sessions: add a series of dates, move a session (and, in
open-sessions mode, change its capacity), cancel or restore one. Every change goes through
`events.management.bump_sequence` and tells the registrants (`follow_up`)."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _

from stem_events.accounts import policies
from stem_events.accounts.models import User
from stem_events.audit import services as audit
from stem_events.date_time import local, now_utc, to_local
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


def shift_plan(event: Event, minutes: int, only_future: bool
               ) -> list[tuple[EventSession, datetime, datetime]]:
    """Every (or every future) session that goes on, with its start and end shifted by
    `minutes` on the Brussels clock (a 14:00 session stays 14:00-based across a change of
    daylight saving time)."""
    now = now_utc()
    delta = timedelta(minutes=minutes)
    plan = []
    for session in sorted(event.sessions, key=lambda s: s.starts_at):
        if session.cancelled or (only_future and session.starts_at < now):
            continue
        start = to_local(session.starts_at).replace(tzinfo=None) + delta
        end = to_local(session.ends_at).replace(tzinfo=None) + delta
        plan.append((session, local(start.date(), start.time()), local(end.date(), end.time())))
    return plan


def shift_sessions(user: User, event: Event, minutes: int, only_future: bool,
                   seen_version: int | None = None) -> int:
    """Shift the sessions of `shift_plan` in one change: one SEQUENCE step each, the
    registrants told once, one audit entry. Returns how many moved."""
    _session_change(user, event, seen_version)
    plan = shift_plan(event, minutes, only_future)
    if not plan:
        raise FieldError("minutes", _("Er is geen sessie om te verschuiven."))
    if any(start < now_utc() for _session, start, _end in plan):
        raise FieldError("minutes", _("Een sessie kan niet naar het verleden verschoven "
                                      "worden; kies enkel de komende sessies."))
    before = [f"{s.starts_at.isoformat()}/{s.ends_at.isoformat()}" for s, _a, _b in plan]
    for session, start, end in plan:
        session.starts_at, session.ends_at = start, end
        management.follow_up("changed", event, session.id)
    db.session.flush()
    management.bump_sequence(event, [s for s, _a, _b in plan])
    audit.record(user, "session_moved", event=event, changes={"sessions": [
        before, [f"{s.starts_at.isoformat()}/{s.ends_at.isoformat()}" for s, _a, _b in plan]]})
    return len(plan)


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
