"""The sync queue: a job is written in the transaction of the change itself (like the mail
outbox), so a change that commits always has its job and a change that rolls back has none.

`after_flush` sees every flushed change of an event or its sessions (organisers' edits, status
changes, moderation, imports, deletions): for the events that are exported, or belong to an
organisation that exports, it adds one pending job, unless one is already waiting. The job
only names the event; what to send is read when it runs.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, has_app_context
from sqlalchemy.orm import Session

from stem_events.date_time import now_utc
from stem_events.events.models import Event, EventSession, RegistrationMode
from stem_events.reference.models import EventKind
from stem_events.registrations.models import Registration, RegistrationStatus

from .client import Settings
from .mapping import NOT_EXPORTED
from .models import (
    ExportChoice,
    JobStatus,
    UitdatabankEvent,
    UitdatabankJob,
    UitdatabankOrganisation,
)


def enabled() -> bool:
    return has_app_context() and Settings.from_config(current_app.config) is not None


def _touched(session: Session) -> set[int]:
    ids: set[int] = set()
    for obj in session.new | session.deleted:
        if isinstance(obj, Event | EventSession):
            ids.add(obj.id if isinstance(obj, Event) else obj.event_id)
    for obj in session.dirty:
        if isinstance(obj, Event | EventSession) and session.is_modified(obj):
            ids.add(obj.id if isinstance(obj, Event) else obj.event_id)
    ids.discard(None)
    return ids


def _known_kinds(kinds) -> list[str]:
    """The kinds of the table that this version has (kinds added elsewhere may be missing)."""
    return [k for k in kinds if k in EventKind._value2member_map_]


def tracked(event_ids, connection) -> set[int]:
    """Of these events, those that must be in step with UiTdatabank: sent there before, chosen
    one by one, or of an exporting organisation (and not excluded)."""
    events, org, state = Event.__table__, UitdatabankOrganisation.__table__, \
        UitdatabankEvent.__table__
    ids = list(event_ids)
    known = sa.select(state.c.event_id).where(
        state.c.event_id.in_(ids),
        sa.or_(state.c.uitdatabank_id != "", state.c.choice == ExportChoice.ON.value))
    by_org = (sa.select(events.c.id)
              .join(org, sa.and_(org.c.organisation_id == events.c.organisation_id,
                                 org.c.export_all.is_(True)))
              .outerjoin(state, state.c.event_id == events.c.id)
              .where(events.c.id.in_(ids), events.c.kind.not_in(_known_kinds(NOT_EXPORTED)),
                     sa.or_(state.c.choice.is_(None),
                            state.c.choice != ExportChoice.OFF.value)))
    return set(connection.execute(known).scalars()) | set(connection.execute(by_org).scalars())


def queue_jobs(event_ids, connection) -> int:
    """A pending job for each event that has none waiting (in the caller's transaction)."""
    jobs = UitdatabankJob.__table__
    ids = set(event_ids)
    if not ids:
        return 0
    waiting = set(connection.execute(sa.select(jobs.c.event_id).where(
        jobs.c.event_id.in_(ids), jobs.c.status == JobStatus.PENDING.value,
        jobs.c.claimed_at.is_(None))).scalars())
    now = now_utc()
    rows = [{"event_id": i, "status": JobStatus.PENDING.value, "attempts": 0,
             "next_attempt_at": now, "created_at": now, "last_error": ""}
            for i in sorted(ids - waiting)]
    if rows:
        connection.execute(sa.insert(jobs), rows)
    return len(rows)


def _confirmed_seats(session: Session, registration: Registration, before: bool) -> int:
    """The seats a registration holds as confirmed, now or before this flush."""
    if registration in (session.new if before else session.deleted):
        return 0
    status, seats = registration.status, registration.seats or 1
    if before:
        state = sa.inspect(registration)
        old_status = state.attrs.status.history.deleted
        old_seats = state.attrs.seats.history.deleted
        status = old_status[0] if old_status else status
        seats = (old_seats[0] if old_seats else seats) or 1
    return seats if status == RegistrationStatus.CONFIRMED else 0


def _availability_changed(session: Session) -> set[int]:
    """Events where this flush filled the last seat, or freed one of a full event or session:
    UiTdatabank's `bookingAvailability` follows (a registration is not an event change)."""
    delta: dict[tuple[int, int | None], int] = {}
    for obj in session.new | session.dirty | session.deleted:
        if isinstance(obj, Registration) and obj.event_id is not None:
            change = (_confirmed_seats(session, obj, False)
                      - _confirmed_seats(session, obj, True))
            if change:
                key = (obj.event_id, obj.session_id)
                delta[key] = delta.get(key, 0) + change
    if not delta:
        return set()
    connection = session.connection()
    events, sessions, regs = Event.__table__, EventSession.__table__, Registration.__table__
    changed = set()
    for (event_id, session_id), added in delta.items():
        row = connection.execute(sa.select(events.c.registration_mode, events.c.capacity)
                                 .where(events.c.id == event_id)).first()
        if row is None:
            continue
        capacity = row.capacity
        if row.registration_mode == RegistrationMode.SESSIONS.value and session_id is not None:
            capacity = connection.execute(sa.select(sessions.c.capacity)
                                          .where(sessions.c.id == session_id)).scalar()
        if capacity is None:
            continue
        taken = connection.execute(sa.select(sa.func.coalesce(sa.func.sum(regs.c.seats), 0))
                                   .where(regs.c.event_id == event_id,
                                          regs.c.session_id.is_(None) if session_id is None
                                          else regs.c.session_id == session_id,
                                          regs.c.status == RegistrationStatus.CONFIRMED.value)
                                   ).scalar()
        if (taken >= capacity) != (taken - added >= capacity):
            changed.add(event_id)
    return changed


def queue_changes(session: Session, flush_context) -> None:
    """after_flush (stem_events/session_listeners.py): an export job for every exported event
    the flush touched, written in the change's own transaction; also when a registration
    filled the last seat or freed one of a full event (its availability there follows)."""
    if not enabled():
        return
    ids = _touched(session) | _availability_changed(session)
    if ids:
        connection = session.connection()
        queue_jobs(tracked(ids, connection), connection)
