"""Reminders before each session, exactly once per (registration, session).

The claim is a row in `reminder_deliveries` whose primary key is (registration, session),
inserted in the same transaction as the outbox mail: a second run, even one running at the
same moment in another process, hits the key and skips. Each reminder is a unit of work of its
own, so one that fails never takes the others with it.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from stem_events.date_time import now_utc
from stem_events.events.models import Event, EventSession, EventStatus, SessionStatus
from stem_events.extensions import db
from stem_events.registrations import mails
from stem_events.registrations.models import Registration, RegistrationStatus, ReminderDelivery
from stem_events.transaction import per_item


def due_pairs(window: timedelta) -> list[tuple[int, int]]:
    """(registration id, session id) for sessions starting within `window` not yet reminded."""
    now = now_utc()
    in_scope = sa.or_(
        sa.and_(Registration.session_id.is_(None), Registration.event_id == EventSession.event_id),
        Registration.session_id == EventSession.id,
    )
    reminded = sa.select(ReminderDelivery.registration_id).where(
        ReminderDelivery.registration_id == Registration.id,
        ReminderDelivery.session_id == EventSession.id,
    ).exists()
    query = (
        sa.select(Registration.id, EventSession.id)
        .join(EventSession, in_scope)
        .join(Event, Event.id == EventSession.event_id)
        .where(
            Registration.status == RegistrationStatus.CONFIRMED,
            Event.status == EventStatus.PUBLISHED,
            EventSession.status == SessionStatus.SCHEDULED,
            EventSession.starts_at > now, EventSession.starts_at <= now + window,
            ~reminded,
        )
        .order_by(EventSession.starts_at, Registration.id)
    )
    return [(r, s) for r, s in db.session.execute(query)]


def _claim_and_mail(pair: tuple[int, int]) -> int | None:
    registration_id, session_id = pair
    try:
        db.session.add(ReminderDelivery(registration_id=registration_id, session_id=session_id))
        db.session.flush()
    except IntegrityError:
        db.session.rollback()  # another run sent this one
        return None
    registration = db.session.get(Registration, registration_id)
    return mails.reminder(registration, db.session.get(EventSession, session_id))


def send_reminders(hours: float | None = None) -> int:
    """Queue (and try to deliver) the reminders that are due, each in a unit of work of its
    own; returns how many were queued."""
    hours = hours if hours is not None else current_app.config.get("REMINDER_HOURS", 48)
    pairs = due_pairs(timedelta(hours=hours))
    return len([m for m in per_item(pairs, _claim_and_mail) if m is not None])
