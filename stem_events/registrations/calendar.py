"""The feed owner's place at each session, for the personal feed and calendar attachments.

CONTRACT.md: one VEVENT per session per feed; CONFIRMED when any of the owner's registrations
for it is confirmed, else TENTATIVE ("Wachtlijst: <titel>", the position in DESCRIPTION), else
CANCELLED. SEQUENCE = the session's sequence + the sum of the owner's registrations'
`calendar_sequence`, which starts at 1 and grows at every status change (a `before_flush`
hook): a promotion, a cancellation or a new registration always raises it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from stem_events.events.models import Event, RegistrationMode
from stem_events.extensions import db
from stem_events.feeds.services import PersonalPlace
from stem_events.registrations.models import Registration, RegistrationStatus


def bump_on_status_change(session: Session, _context, _instances) -> None:
    for obj in session.dirty:
        if isinstance(obj, Registration) and \
                sa.inspect(obj).attrs["status"].history.has_changes():
            obj.calendar_sequence = (obj.calendar_sequence or 0) + 1



def session_ids(registration: Registration) -> list[int]:
    """The sessions a registration holds a place at: one in open-sessions mode, else all."""
    event = registration.event
    if event.registration_mode == RegistrationMode.SESSIONS and registration.session_id:
        return [registration.session_id]
    return [s.id for s in event.sessions]


def places(registrations: Iterable[Registration],
           waitlist_position: Callable[[Registration], int | None] | None = None
           ) -> dict[int, PersonalPlace]:
    """{session id: the owner's place} over the given registrations of one owner
    (`waitlist_position`: services' by default; a mail passes the positions it counted)."""
    if waitlist_position is None:
        from stem_events.registrations.services import waitlist_position

    found: dict[int, list[Registration]] = {}
    for registration in registrations:
        for session_id in session_ids(registration):
            found.setdefault(session_id, []).append(registration)
    result = {}
    for session_id, held in found.items():
        statuses = {r.status for r in held}
        counter = sum(r.calendar_sequence or 0 for r in held)
        if RegistrationStatus.CONFIRMED in statuses:
            result[session_id] = PersonalPlace("confirmed", counter)
        elif RegistrationStatus.WAITLISTED in statuses:
            position = min(waitlist_position(r) or 0 for r in held
                           if r.status == RegistrationStatus.WAITLISTED)
            result[session_id] = PersonalPlace("waitlisted", counter, position or None)
        else:
            result[session_id] = PersonalPlace("cancelled", counter)
    return result


def owner_registrations(owner_key: str, event_id: int | None = None) -> list[Registration]:
    """The owner's registrations (of one event); with their events and sessions over several
    events, while one event's are found through the session (a mail reads them already)."""
    query = sa.select(Registration).where(
        Registration.owner_key == owner_key, Registration.anonymised.is_(False))
    if event_id is not None:
        query = query.where(Registration.event_id == event_id)
    else:
        query = query.options(selectinload(Registration.event).selectinload(Event.sessions))
    return list(db.session.scalars(query.order_by(Registration.id)))


def places_for_owner(owner_key: str) -> dict[int, PersonalPlace]:
    """The personal feed's own places (`feeds.signals.personal_places`)."""
    return places(owner_registrations(owner_key)) if owner_key else {}
