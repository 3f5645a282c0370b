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
from stem_events.events.models import Event, EventSession
from stem_events.reference.models import EventKind

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


def queue_changes(session: Session, flush_context) -> None:
    """after_flush (stem_events/session_listeners.py): an export job for every exported event
    the flush touched, written in the change's own transaction."""
    if not enabled():
        return
    ids = _touched(session)
    if ids:
        connection = session.connection()
        queue_jobs(tracked(ids, connection), connection)
