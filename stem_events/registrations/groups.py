"""Classes (groups): the organiser's settings, and an offer of fewer seats to a waiting group.

An organiser may offer a waiting group fewer seats than it asked (when that many are free).
The seats are held for `OFFER_HOURS`; the teacher accepts (the group is confirmed with those
seats, the rest is dropped) or declines (the group keeps its place on the waiting list) through
the signed link of the mail. An offer that expires unanswered is dropped (the group keeps its
place and is told so by mail, `mails.offer_expired`) and its seats go to who waits and fits:
by `flask send-reminders` (`expire_offer`, one unit of work per offer), or earlier by the next
promotion or registration of that event. Everything runs under the registration lock.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from stem_events.date_time import now_utc
from stem_events.errors import DomainError, InvalidInput, NotFound
from stem_events.events.models import Event
from stem_events.extensions import db
from stem_events.registrations import mails, services
from stem_events.registrations.locking import RegistrationBusy, locked_event
from stem_events.registrations.models import (
    EventGroupSettings,
    Registration,
    RegistrationStatus,
)

log = logging.getLogger(__name__)

OFFER_HOURS = 48
MAX_GROUP_SIZE = 1000


# ---------------------------------------------------------------- the organiser's settings


def save_settings(event: Event, enabled: bool, min_size: int | None, max_size: int | None,
                  adults_take_seats: bool, individuals_allowed: bool) -> None:
    """Open (or close) an event to classes; `InvalidInput` names the problem in Dutch."""
    current = services.group_settings(event.id)
    event.updated_at = now_utc()  # the data version moves: cached pages and the API follow
    if not enabled:
        if current is not None:
            db.session.delete(current)
        db.session.flush()
        return
    if min_size is None or max_size is None or min_size < 1:
        raise InvalidInput(_("Vul een kleinste groep van minstens 1 leerling in."))
    if max_size < min_size or max_size > MAX_GROUP_SIZE:
        raise InvalidInput(_("De grootste groep ligt tussen de kleinste en %(n)s leerlingen.",
                             n=MAX_GROUP_SIZE))
    if event.capacity is not None and min_size > event.capacity:
        raise InvalidInput(_("De kleinste groep is groter dan de capaciteit (%(n)s).",
                             n=event.capacity))
    settings = current or EventGroupSettings(event_id=event.id)
    settings.min_size, settings.max_size = min_size, max_size
    settings.adults_take_seats = adults_take_seats
    settings.individuals_allowed = individuals_allowed
    db.session.add(settings)
    db.session.flush()


# ---------------------------------------------------------------- offers


def _waiting_group(event: Event, registration_id: int) -> Registration:
    registration = db.session.get(Registration, registration_id, populate_existing=True)
    if registration is None or registration.event_id != event.id:
        raise NotFound(_("Deze inschrijving bestaat niet."))
    if not registration.is_group or registration.status != RegistrationStatus.WAITLISTED:
        raise DomainError(_("Alleen een wachtende groep kan minder plaatsen aangeboden krijgen."))
    return registration


def offer(event_id: int, registration_id: int, seats: int) -> Registration:
    """Offer a waiting group `seats` (fewer than it asked, no more than are free)."""
    with locked_event(event_id) as event:
        registration = _waiting_group(event, registration_id)
        if registration.offer_open(now_utc()):
            raise DomainError(_("Deze groep heeft al een aanbod dat nog loopt."))
        if not 1 <= seats < registration.seats:
            raise InvalidInput(_("Bied tussen 1 en %(n)s plaatsen aan.",
                                 n=registration.seats - 1))
        free = services.seats_left(event, registration.session)
        if free is not None and seats > free:
            raise InvalidInput(_("Er zijn maar %(n)s plaatsen vrij.", n=free))
        registration.offered_seats = seats
        registration.offer_expires_at = now_utc() + timedelta(hours=OFFER_HOURS)
        db.session.flush()
        mails.offered(registration)
    return registration


def _open_offer(event: Event, registration: Registration) -> Registration:
    current = db.session.get(Registration, registration.id, populate_existing=True)
    if current is None or current.status != RegistrationStatus.WAITLISTED \
            or not current.offer_open(now_utc()):
        raise DomainError(_("Dit aanbod loopt niet meer: het verliep of werd al beantwoord."))
    return current


def accept(registration: Registration) -> Registration:
    """The teacher takes the offered seats: confirmed with those, the rest is dropped."""
    with locked_event(registration.event_id) as event:
        current = _open_offer(event, registration)
        settings = services.group_settings(event.id)
        seats = current.offered_seats or 0
        adults = current.accompanying_adults if settings and settings.adults_take_seats else 0
        current.pupils = max(1, min(current.pupils, seats - adults))
        if settings and settings.adults_take_seats:
            current.accompanying_adults = seats - current.pupils
        current.seats = seats
        current.offered_seats = current.offer_expires_at = None
        current.status = RegistrationStatus.CONFIRMED
        current.confirmed_at = now_utc()
        db.session.flush()
        mails.promoted(current)
    return current


def decline(registration: Registration) -> Registration:
    """The teacher declines: the group keeps its place; the held seats go to who fits."""
    with locked_event(registration.event_id) as event:
        current = _open_offer(event, registration)
        current.offered_seats = current.offer_expires_at = None
        db.session.flush()
        for promoted in services.promote(event, current.session_id):
            mails.promoted(promoted)
    return current


def expired_offers() -> list[int]:
    """The waiting groups whose offer expired unanswered and was not handled yet."""
    return list(db.session.scalars(sa.select(Registration.id).where(
        Registration.status == RegistrationStatus.WAITLISTED,
        Registration.offer_expires_at.is_not(None),
        Registration.offer_expires_at <= now_utc()).order_by(Registration.id)))


def expire_offer(registration_id: int) -> bool:
    """One expired offer (meant for `transaction.per_item`, one unit of work per offer): the
    group keeps its place and gets the mail that says so (`services.promote` drops the offer
    and queues it), the held seats go to who waits and fits. False when it was answered or
    handled meanwhile, or the event is busy (the next run tries again)."""
    registration = db.session.get(Registration, registration_id)
    if registration is None:
        return False
    try:
        with locked_event(registration.event_id) as event:
            current = db.session.get(Registration, registration_id, populate_existing=True)
            if current is None or current.status != RegistrationStatus.WAITLISTED \
                    or current.offered_seats is None or current.offer_open(now_utc()):
                return False
            for promoted in services.promote(event, current.session_id):
                mails.promoted(promoted)
    except RegistrationBusy:
        log.warning("expired offer %s not handled: event busy", registration_id)
        return False
    return True
