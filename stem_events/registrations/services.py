"""Registration rules: capacity, waiting list, idempotent identities, cancellation, promotion.

Every change to who holds a seat runs inside `locked_event()` (see locking.py), so seats are
counted and taken by one writer per event at a time, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from functools import cache

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from stem_events.audiences import services as audiences
from stem_events.database import MAX_ID, one_of
from stem_events.date_time import now_utc
from stem_events.errors import DomainError, InvalidInput, NotFound
from stem_events.events.models import PUBLIC_STATUSES, Event, EventSession, RegistrationMode
from stem_events.events.presentation import age_label
from stem_events.events.services import similar_events
from stem_events.extensions import db
from stem_events.reach import services as reach
from stem_events.reference.models import EventKind
from stem_events.registrations import mails, rules
from stem_events.registrations.locking import (
    RegistrationBusy,
    held_settings,
    hold,
    keep_count,
    locked_event,
    take_count,
    with_settings,
)
from stem_events.registrations.models import (
    EventGroupSettings,
    QuestionKind,
    Registration,
    RegistrationQuestion,
    RegistrationStatus,
)
from stem_events.registrations.rules import Submission

log = logging.getLogger(__name__)

ACTIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)
LINK_SALT = "registration-manage"
LINK_MAX_AGE = 2 * 366 * 24 * 3600


class FullyBooked(DomainError):
    code = "fully_booked"


class RegistrationClosed(DomainError):
    code = "registration_closed"


class InvalidRegistration(InvalidInput):
    """Bad input for one field of the form; `field` is the form field's name."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass
class Outcome:
    registrations: list[Registration]
    repeated: bool  # everyone was registered already: nothing changed, details re-sent
    new: list[Registration] = field(default_factory=list)  # the seats this form took
    new_ids: list[int] = field(default_factory=list)  # their ids, read before the commit
    positions: dict[int, int] = field(default_factory=dict)  # new ones' places in the queue
    owned: list[Registration] | None = None  # the owner's registrations of the event, if known


# ---------------------------------------------------------------- the event of the form


def form_event(event_id: int, lock: bool = False) -> Event:
    """The public event of the registration form, with only what the form, its rules and the
    seats read (its sessions, place and class settings): the public-event rule of
    `events.services.get_public_event` (drafts, events in review and rejected ones are 404)
    without loading the event page's themes, goals, organisations and audiences, which the form
    never shows. A launch rush fetches this page and posts it hundreds of times a minute.

    `lock`: a form that may register takes the event's registration lock first (`locking.
    hold`), so the form is checked against what the registration then counts, read once."""
    missing = NotFound(_("Deze activiteit bestaat niet of is niet (meer) openbaar."))
    if not 0 < event_id <= MAX_ID:
        raise missing
    if lock:
        event = hold(event_id)
        if event is None or event.status not in PUBLIC_STATUSES:
            raise missing
        return event
    row = db.session.execute(_form_event_query(), {"event_id": event_id}).unique().first()
    if row is None:
        raise missing
    return with_settings(db.session(), row)


# The statements a launch rush runs for every visitor are built once (on first use: the
# mappers are complete then), with bound parameters: building one cost about as much as the
# database answering it (as `data_version._QUERY`).
@cache
def _form_event_query():
    return (sa.select(Event, EventGroupSettings)
            .where(Event.id == sa.bindparam("event_id"), Event.status.in_(PUBLIC_STATUSES))
            .outerjoin(EventGroupSettings, EventGroupSettings.event_id == Event.id)
            .options(joinedload(Event.sessions), joinedload(Event.municipality)))


# ---------------------------------------------------------------- capacity


def scope_session_id(event: Event, session_id: int | None) -> int | None:
    return session_id if event.registration_mode == RegistrationMode.SESSIONS else None


def capacity_of(event: Event, session: EventSession | None) -> int | None:
    """Seats in the scope (None = unlimited): the session's in open-sessions mode."""
    if session is not None and session.capacity is not None:
        return session.capacity
    return event.capacity


def _in_scope(session_id: int | None):
    """The registrations of one scope: the series' (no session), or one session's."""
    return (Registration.session_id.is_(None) if session_id is None
            else Registration.session_id == session_id)


def count(event_id: int, session_id: int | None, status: RegistrationStatus) -> int:
    query = sa.select(sa.func.count()).select_from(Registration).where(
        Registration.event_id == event_id, Registration.status == status, _in_scope(session_id))
    return db.session.scalar(query) or 0


def _held_seats(now):
    """Seats a registration holds: a confirmed one its `seats` (a group's pupils, and adults
    when they take seats), a waiting group its organiser's offer until that expires."""
    return sa.case(
        (Registration.status == RegistrationStatus.CONFIRMED, Registration.seats),
        (sa.and_(Registration.status == RegistrationStatus.WAITLISTED,
                 Registration.offer_expires_at > now), Registration.offered_seats),
        else_=0)


def taken(event_id: int, session_id: int | None) -> int:
    """Seats taken in one scope, counted in seats (a group of 25 takes 25), offers held."""
    return count_scope(event_id, session_id).held


@dataclass(frozen=True)
class Counted:
    """A registration scope's seats and waiting list, counted in one statement."""

    held: int  # seats taken: confirmed registrations' seats, offers still open
    lapsed: int  # waiting groups whose organiser's offer expired unanswered
    waiting: int  # registrations on the waiting list


def count_scope(event_id: int, session_id: int | None) -> Counted:
    params = {"event_id": event_id, "now": now_utc()}
    if session_id is not None:
        params["session_id"] = session_id
    held, lapsed, waiting = db.session.execute(
        _count_scope_query(session_id is not None), params).one()
    return Counted(int(held or 0), lapsed, waiting)


@cache
def _count_scope_query(per_session: bool):
    """`count_scope`'s statement, built once per kind of scope (see `_form_event_query`)."""
    now = sa.bindparam("now")
    waitlisted = Registration.status == RegistrationStatus.WAITLISTED
    return sa.select(
        sa.func.coalesce(sa.func.sum(_held_seats(now)), 0),
        sa.func.count(sa.case((sa.and_(waitlisted, Registration.offer_expires_at <= now), 1))),
        sa.func.count(sa.case((waitlisted, 1))),
    ).where(Registration.event_id == sa.bindparam("event_id"), Registration.status.in_(ACTIVE),
            Registration.session_id == sa.bindparam("session_id") if per_session
            else Registration.session_id.is_(None))


def seats_left(event: Event, session: EventSession | None = None) -> int | None:
    capacity = capacity_of(event, session)
    if capacity is None:
        return None
    return max(0, capacity - taken(event.id, session.id if session else None))


def seats_left_many(shown: list[tuple[Event, EventSession | None]]) -> dict[int, int | None]:
    """Seats left per event for a list page, in one query: the whole series' seats, or in
    open-sessions mode those of the session shown. None = no limit or no registration.
    Events read with the seats held in their scope (`ShownEvent.seats_held`, from
    `scope_seats_held`) need no query at all."""
    scopes = {event.id: scope_session_id(event, session.id if session else None)
              for event, session in shown}
    taken: dict[tuple[int, int | None], int] = {}
    # Only events with a limit need their registrations counted (most of a page has none)
    limited = []
    for event, session in shown:
        if event.registration_mode == RegistrationMode.NONE or \
                capacity_of(event, session if scopes[event.id] else None) is None:
            continue
        held = getattr(event, "seats_held", None)
        if held is None:
            limited.append(event.id)
        else:
            taken[(event.id, scopes[event.id])] = held
    if limited:
        rows = db.session.execute(_taken_by_scope(db.session.get_bind().dialect.name),
                                  {"event_ids": limited, "now": now_utc()}).all()
        taken.update({(event_id, session_id): int(n or 0) for event_id, session_id, n in rows})
    left: dict[int, int | None] = {}
    for event, session in shown:
        capacity = capacity_of(event, session if scopes[event.id] else None)
        if capacity is None or event.registration_mode == RegistrationMode.NONE:
            left[event.id] = None
        else:
            left[event.id] = max(0, capacity - taken.get((event.id, scopes[event.id]), 0))
    return left


def scope_seats_held():
    """`events.signals.scope_seats_held`: what `seats_left_many` counts per event, as a
    column of a row of `event_sessions` joined to `events`; `now` is bound by the caller."""
    in_scope = sa.case((Event.registration_mode == RegistrationMode.SESSIONS,
                        Registration.session_id == EventSession.id),
                       else_=Registration.session_id.is_(None))
    held = (sa.select(sa.func.coalesce(sa.func.sum(_held_seats(sa.bindparam("now"))), 0))
            .where(Registration.event_id == EventSession.event_id,  # ACTIVE, without an
                   Registration.status != RegistrationStatus.CANCELLED,  # IN list to expand
                   in_scope)
            .scalar_subquery())
    return sa.case((Event.registration_mode != RegistrationMode.NONE, held))


@cache
def _taken_by_scope(dialect: str):
    """Seats taken per (event, session) of some events (`seats_left_many`): built once per
    dialect, with bound parameters, instead of on every list page."""
    return (sa.select(Registration.event_id, Registration.session_id,
                      sa.func.sum(_held_seats(sa.bindparam("now"))))
            .where(one_of(Registration.event_id, "event_ids", dialect),
                   Registration.status.in_(ACTIVE))
            .group_by(Registration.event_id, Registration.session_id))


def waitlist_position(registration: Registration) -> int | None:
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(Registration).where(
            Registration.event_id == registration.event_id, _in_scope(registration.session_id),
            Registration.status == RegistrationStatus.WAITLISTED,
            Registration.id <= registration.id,
        )
    )


def _test_pause() -> None:
    """Tests widen the race window between counting seats and taking one."""
    pause = current_app.config.get("REGISTRATION_TEST_PAUSE") or 0
    if pause:
        time.sleep(pause)


# ---------------------------------------------------------------- groups (classes)


def group_settings(event_id: int) -> EventGroupSettings | None:
    """How classes may book this event; None: they cannot (no "scholenaanbod")."""
    known, settings = held_settings(event_id)  # the form's POST read them with its lock
    return settings if known else db.session.get(EventGroupSettings, event_id)


def group_settings_many(event_ids: list[int]) -> dict[int, EventGroupSettings]:
    if not event_ids:
        return {}
    return {s.event_id: s for s in db.session.scalars(
        sa.select(EventGroupSettings).where(EventGroupSettings.event_id.in_(event_ids)))}


def _group_problems(event: Event, form: Submission):
    """Every problem with a group's booking, each at its field."""
    settings = group_settings(event.id)
    group = form.group
    if settings is None or group is None:
        yield InvalidRegistration("who", _("Voor deze activiteit kunnen geen klassen "
                                           "inschrijven."))
        return
    for name, value, message in (
            ("school_name", group.school_name, _("Vul de naam van de school in.")),
            ("class_name", group.class_name, _("Vul de klas of het leerjaar in."))):
        if not value.strip():
            yield InvalidRegistration(name, message)
    if group.pupils < 1:
        yield InvalidRegistration("pupils", _("Vul een aantal leerlingen van minstens 1 in."))
    elif group.pupils < settings.min_size:
        yield InvalidRegistration("pupils", _(
            "Een groep telt voor deze activiteit minstens %(n)s leerlingen.", n=settings.min_size))
    elif group.pupils > settings.max_size:
        yield InvalidRegistration("pupils", _(
            "Een groep telt voor deze activiteit hoogstens %(n)s leerlingen.", n=settings.max_size))
    else:
        seats = settings.seats_for(group.pupils, group.adults)
        capacity = capacity_of(event, _session_for(event, form.session_id))
        if capacity is not None and seats > capacity:
            yield InvalidRegistration("pupils", _(
                "Je groep neemt %(n)s plaatsen in; deze activiteit heeft er in totaal %(c)s.",
                n=seats, c=capacity))
    if not form.contact_phone.strip():
        yield InvalidRegistration("contact_phone", _(
            "Vul een telefoonnummer in waarop we je op de dag zelf kunnen bereiken."))


def _who_problems(event: Event, form: Submission):
    """A class's booking or the people of the form, as the event allows."""
    if form.group is not None:
        yield from _group_problems(event, form)
        return
    settings = group_settings(event.id)
    if settings is not None and not settings.individuals_allowed:
        yield InvalidRegistration("who", _(
            "Voor deze activiteit schrijven enkel klassen in: kies 'Een klas of groep'."))
        return
    yield from _people_problems(event, form)


# ---------------------------------------------------------------- validation


def questions_of(event_id: int) -> list[RegistrationQuestion]:
    return list(db.session.scalars(_questions_query(), {"event_id": event_id}))


@cache
def _questions_query():  # built once (see `_form_event_query`)
    return (sa.select(RegistrationQuestion)
            .where(RegistrationQuestion.event_id == sa.bindparam("event_id"))
            .order_by(RegistrationQuestion.position, RegistrationQuestion.id))


def _people_problems(event: Event, form: Submission):
    """Every problem with the people of the form (each an InvalidRegistration), in the form's
    order; a child without a birth date is left to the form's own check."""
    day = rules.first_day(event)
    if form.children:
        if not form.guardian_consent:
            yield InvalidRegistration("guardian_consent", _(
                "Als ouder of voogd moet je toestemming geven om je kind in te schrijven."))
        for index, child in enumerate(form.children):
            if day and child.birth_date and not rules.in_age_range(
                    event, rules.age_on(child.birth_date, day)):
                yield InvalidRegistration(f"children-{index}-birth_date", _(
                    "%(name)s is %(age)s jaar op de eerste dag; deze activiteit is voor "
                    "%(range)s.", name=child.first_name or _("Dit kind"),
                    age=rules.age_on(child.birth_date, day), range=age_label(event)))
        return
    needs_birth_date = rules.for_minors(event) or (event.age_min or 0) > 0
    if not needs_birth_date:
        return
    if form.birth_date is None:
        yield InvalidRegistration("birth_date", _("Vul je geboortedatum in."))
        return
    age = rules.age_on(form.birth_date, day) if day else rules.ADULT_AGE
    if age < rules.DIGITAL_CONSENT_AGE:
        yield InvalidRegistration("birth_date", _(
            "Wie jonger is dan 13, wordt ingeschreven door een ouder of voogd: kies "
            "'Ik schrijf mijn kind(eren) in'."))
        return
    if not rules.in_age_range(event, age):
        yield InvalidRegistration("birth_date", _(
            "Je bent %(age)s jaar op de eerste dag; deze activiteit is voor %(range)s.",
            age=age, range=age_label(event)))
    if age < rules.ADULT_AGE and rules.for_minors(event):
        if not form.parent_name.strip() or not form.parent_email.strip():
            yield InvalidRegistration("parent_email", _(
                "Vul de naam en het e-mailadres van een ouder of voogd in."))


def _answer_problems(event: Event, form: Submission, answers: dict[str, object],
                     questions: list[RegistrationQuestion] | None = None):
    """Every problem with the answers to the organiser's questions; fills `answers`."""
    for question in questions_of(event.id) if questions is None else questions:
        key = f"q{question.id}"
        value = form.answers.get(key)
        if question.kind == QuestionKind.CHECKBOX:
            value = bool(value)
        elif question.kind == QuestionKind.CHOICE and value and value not in question.choices:
            yield InvalidRegistration(key, _("Kies een van de mogelijke antwoorden."))
            continue
        else:
            value = (str(value) if value else "").strip()[:2000]
        if question.required and not value:
            yield InvalidRegistration(key, _("Deze vraag is verplicht."))
        answers[str(question.id)] = value


def _organisation_problems(event: Event, form: Submission):
    if rules.asks_organisation(event):
        if not form.participant_organisation.strip():
            yield InvalidRegistration("participant_organisation",
                                      _("Vul de organisatie in die je vertegenwoordigt."))
        if form.participant_helix is None:
            yield InvalidRegistration("participant_helix", _("Kies het soort organisatie."))


def problems(event: Event, form: Submission, answers: dict[str, object] | None = None,
             questions: list[RegistrationQuestion] | None = None) -> list[InvalidRegistration]:
    """Every problem the form alone cannot judge, at once (the form shows them all in one
    pass, next to the form's own checks); fills `answers` with the clean answers. The form
    passes the `questions` it was built from; inside the lock they are read afresh."""
    return [*_organisation_problems(event, form), *_who_problems(event, form),
            *_answer_problems(event, form, {} if answers is None else answers, questions)]


def validate(event: Event, form: Submission,
             questions: list[RegistrationQuestion] | None = None) -> dict[str, object]:
    """Raise `InvalidRegistration` (the first problem) for input the form alone cannot judge;
    the clean answers (from the same pass: the questions are read once)."""
    answers: dict[str, object] = {}
    found = problems(event, form, answers, questions)
    if found:
        raise found[0]
    return answers


def _session_for(event: Event, session_id: int | None) -> EventSession | None:
    if event.registration_mode != RegistrationMode.SESSIONS:
        return None
    session = next((s for s in event.sessions if s.id == session_id), None)
    if session is None:
        raise InvalidRegistration("session_id", _("Kies een sessie."))
    return session


# ---------------------------------------------------------------- registering


def _people(form: Submission, settings: EventGroupSettings | None) -> list[tuple[str, dict]]:
    """(identity, column values) for each registration the form asks for (a group is one)."""
    if form.group is not None:
        group = form.group
        assert settings is not None  # noqa: S101 (validate() refused a group without settings)
        return [(rules.group_identity(form.contact_email, group), {
            "is_group": True, "school_name": group.school_name.strip(),
            "school_number": group.school_number.strip(),
            "class_name": group.class_name.strip(), "pupils": group.pupils,
            "accompanying_adults": group.adults, "remarks": group.remarks.strip()[:1000],
            "seats": settings.seats_for(group.pupils, group.adults),
        })]
    if not form.children:
        return [(rules.adult_identity(form.contact_email), {"birth_date": form.birth_date})]
    return [
        (rules.child_identity(form.contact_email, child), {
            "is_child": True, "child_first_name": child.first_name.strip(),
            "child_last_name": child.last_name.strip(), "birth_date": child.birth_date,
        })
        for child in form.children
    ]


def _known(event_id: int, owner: str, identities: list[str]) -> list[Registration]:
    """The registrations of this event the form repeats (its identities, not cancelled) and
    those of its owner (the same address: the mail's calendar shows them), in one statement
    that reads two indexes (the owner's, the identities' unique one), never the whole event."""
    return list(db.session.scalars(
        _known_query(), {"event_id": event_id, "owner": owner, "identities": identities}))


@cache
def _known_query():  # built once (see `_form_event_query`)
    return sa.select(Registration).where(
        Registration.event_id == sa.bindparam("event_id"),
        sa.or_(Registration.owner_key == sa.bindparam("owner"),
               sa.and_(Registration.identity_key.in_(sa.bindparam("identities", expanding=True)),
                       Registration.status != RegistrationStatus.CANCELLED)),
    ).order_by(Registration.id)


def _status_for(event: Event, free: int | None, seats: int, others: bool):
    """Confirmed when the whole registration fits (a group fits whole or waits whole)."""
    if free is None or seats <= free:
        return RegistrationStatus.CONFIRMED
    if event.waitlist_enabled:
        return RegistrationStatus.WAITLISTED
    if others:
        raise FullyBooked(_("Er zijn niet genoeg plaatsen meer vrij voor iedereen die je "
                            "inschrijft; er is geen wachtlijst."))
    raise FullyBooked(_("Deze activiteit is volzet: er zijn geen plaatsen meer vrij."))


def _take_seats(event: Event, session: EventSession | None, form: Submission,
                answers: dict, counted: Counted) -> Outcome:
    """The form's registrations, the scope's seats and waiting list as `counted` under the
    lock (so each new registration adds its own seats, or its place in the queue, to them)."""
    session_id = session.id if session else None
    capacity = capacity_of(event, session)
    free = None if capacity is None else capacity - counted.held
    waiting = counted.waiting
    settings = group_settings(event.id) if form.group is not None else None
    owner = rules.owner_key(form.contact_email)
    asked = [(rules.scoped(identity, session_id), person)
             for identity, person in _people(form, settings)]
    known = _known(event.id, owner, [identity for identity, _person in asked])
    people, new, positions = [], [], {}
    for index, (identity, person) in enumerate(asked):
        found = next((r for r in known if r.identity_key == identity
                      and r.status != RegistrationStatus.CANCELLED), None)
        if found is not None:
            people.append(found)
            continue
        _test_pause()
        status = _status_for(event, free, person.get("seats", 1), bool(new))
        if free is not None and status == RegistrationStatus.CONFIRMED:
            free -= person.get("seats", 1)
        registration = Registration(
            event=event, session_id=session_id, status=status, identity_key=identity,
            contact_name=form.contact_name.strip(), contact_email=form.contact_email.strip(),
            contact_phone=form.contact_phone.strip(), owner_key=owner,
            guardian_consent=form.guardian_consent,
            photo_consent=form.photo_consent, parent_name=form.parent_name.strip(),
            parent_email=form.parent_email.strip(),
            participant_organisation=form.participant_organisation.strip(),
            participant_helix=form.participant_helix, answers=answers,
            show_in_participant_list=form.show_in_participant_list
            and event.kind == EventKind.NETWORK_MOMENT
            and not audiences.is_sensitive_event(event.id),
            age_group="" if form.group is not None
            else rules.age_group(person.get("birth_date"), rules.first_day(event)),
            confirmed_at=now_utc() if status == RegistrationStatus.CONFIRMED else None,
            **person,
        )
        db.session.add(registration)
        db.session.flush()
        if status == RegistrationStatus.WAITLISTED:
            # The last in the queue: every other one of the scope was written under this
            # lock before (`waitlist_position` counts the same).
            waiting += 1
            positions[registration.id] = waiting
        if index < len(form.reach):  # stored apart from the registration (reach package)
            reach.record(event.id, session_id, [(registration.id, form.reach[index])])
        people.append(registration)
        new.append(registration)
    owned = [r for r in known if r.owner_key == owner and not r.anonymised] + new
    return Outcome(people, repeated=not new, new=new, new_ids=[r.id for r in new],
                   positions=positions,
                   owned=owned if all(r.owner_key == owner for r in people) else None)


def _release_lapsed_offers(event: Event, session_id: int | None) -> Counted:
    """Seats of an offer that expired unanswered go to who waits before a newcomer takes them
    (first come, first served), whether or not `flask send-reminders` ran since. Returns the
    scope's count then: counted once under the lock when none lapsed (the form's POST counted
    it for the form already, `registration_state`), counted again after a promotion."""
    counted = take_count(event.id, session_id) or count_scope(event.id, session_id)
    if not counted.lapsed:
        return counted
    for registration in promote(event, session_id):
        mails.promoted(registration)
    return count_scope(event.id, session_id)


def register(event_id: int, form: Submission,
             questions: list[RegistrationQuestion] | None = None) -> Outcome:
    """Register the people of one form: confirmed while seats are left, else waiting list.

    The same identity registering again takes no second seat: the outcome then holds the
    existing registration and its details are mailed again to the registered address.
    `questions`: the event's questions as read under this event's lock in the transaction
    still open (the form's POST, `form_event(lock=True)`); else they are read inside the lock.
    """
    for attempt in range(2):
        try:
            with locked_event(event_id) as event:
                session = _session_for(event, form.session_id)
                reason = rules.closed_reason(event, session, now_utc())
                if reason:
                    raise RegistrationClosed(reason)
                answers = validate(event, form, None if attempt else questions)
                counted = _release_lapsed_offers(event, session.id if session else None)
                outcome = _take_seats(event, session, form, answers, counted)
                mails.registered(outcome.registrations, outcome.repeated,
                                 positions=outcome.positions, owned=outcome.owned)
            break
        except IntegrityError:
            # Only possible when another writer slipped past the lock; the unique identity
            # index kept the seat single. Try once more: the identity is found then.
            if attempt:
                raise
    return outcome


# ---------------------------------------------------------------- cancelling and promoting


def promote(event: Event, session_id: int | None) -> list[Registration]:
    """Fill free seats from the waiting list (inside the lock): in queue order, each waiting
    registration that fits whole moves up; a group that does not fit keeps its place and a
    smaller one behind it may go first. A group holding an organiser's offer waits for its
    answer; an expired offer is dropped (the group keeps its place and is told so)."""
    session = db.session.get(EventSession, session_id) if session_id else None
    capacity = capacity_of(event, session)
    now = now_utc()
    waiting = list(db.session.scalars(sa.select(Registration).where(
        Registration.event_id == event.id,
        Registration.status == RegistrationStatus.WAITLISTED, _in_scope(session_id),
    ).order_by(Registration.id)))
    for registration in waiting:
        if registration.offered_seats is not None and not registration.offer_open(now):
            mails.offer_expired(registration)  # says how many seats it held: before clearing
            registration.offered_seats = registration.offer_expires_at = None
    db.session.flush()
    free = None if capacity is None else capacity - taken(event.id, session_id)
    promoted = []
    for registration in waiting:
        if free is not None and free <= 0:
            break
        if registration.offer_open(now) or (free is not None and registration.seats > free):
            continue
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
        promoted.append(registration)
        if free is not None:
            free -= registration.seats
    db.session.flush()
    return promoted


def _cancel_in_lock(event: Event, registrations: list[Registration]) -> None:
    scopes, cancelled = set(), []
    for registration in registrations:
        if not registration.active:
            continue
        if registration.status == RegistrationStatus.CONFIRMED:
            scopes.add(registration.session_id)
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now_utc()
        cancelled.append(registration)
    db.session.flush()
    if cancelled:
        mails.cancelled(cancelled)
    for session_id in scopes:
        for registration in promote(event, session_id):
            mails.promoted(registration)


def _reload(ids: list[int]) -> list[Registration]:
    return list(db.session.scalars(
        sa.select(Registration).where(Registration.id.in_(ids)).order_by(Registration.id)
        .execution_options(populate_existing=True)
    ))


def cancel(event_id: int, registration_ids: list[int]) -> int:
    """Cancel registrations of one event; freed seats go to the waiting list. Returns count."""
    with locked_event(event_id) as event:
        registrations = [r for r in _reload(registration_ids) if r.event_id == event.id]
        active = [r for r in registrations if r.active]
        _cancel_in_lock(event, registrations)
    return len(active)


def promote_after_raised_capacity(event_id: int) -> None:
    """An organiser's raised capacity was committed: whoever now fits moves up. A busy event is
    left as it is (the next cancellation or capacity change promotes them)."""
    try:
        capacity_changed(event_id)
    except RegistrationBusy:
        log.warning("waiting list of event %s not promoted: busy", event_id)


def capacity_changed(event_id: int) -> list[Registration]:
    """Call after an organiser raised a capacity: promotes whoever now fits."""
    with locked_event(event_id) as event:
        scopes = {None} if event.registration_mode != RegistrationMode.SESSIONS else {
            s.id for s in event.sessions}
        promoted = []
        for session_id in scopes:
            for registration in promote(event, session_id):
                promoted.append(registration)
                mails.promoted(registration)
    return promoted


def promote_by_hand(event_id: int, registration_id: int) -> Registration:
    """An organiser moves one waiting person up, only when a seat is free."""
    with locked_event(event_id) as event:
        registration = db.session.get(Registration, registration_id, populate_existing=True)
        if registration is None or registration.event_id != event.id:
            raise NotFound(_("Deze inschrijving bestaat niet."))
        if registration.status != RegistrationStatus.WAITLISTED:
            raise DomainError(_("Deze persoon staat niet op de wachtlijst."))
        session = db.session.get(EventSession, registration.session_id) \
            if registration.session_id else None
        capacity = capacity_of(event, session)
        if capacity is not None:
            held = registration.offered_seats if registration.offer_open(now_utc()) else 0
            available = capacity - taken(event.id, registration.session_id) + (held or 0)
            if available < registration.seats:
                raise FullyBooked(_("Er is geen plaats vrij: verhoog eerst de capaciteit."))
        registration.offered_seats = registration.offer_expires_at = None
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now_utc()
        mails.promoted(registration)
    return registration


# ---------------------------------------------------------------- the signed link


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=LINK_SALT)


def signed_token(registration: Registration) -> str:
    return _serializer().dumps(registration.own_token)


def by_signed_token(signed: str) -> Registration:
    """The registration behind a mailed link; a tampered or expired link is a Dutch 404."""
    try:
        token = _serializer().loads(signed, max_age=LINK_MAX_AGE)
    except SignatureExpired as error:
        raise NotFound(_("Deze link is verlopen. Neem contact op met de organisator.")) from error
    except BadSignature as error:
        raise NotFound(_("Deze link is ongeldig. Gebruik de link uit je e-mail.")) from error
    registration = db.session.scalars(
        sa.select(Registration).where(Registration.own_token == token)).first()
    if registration is None or registration.anonymised:
        raise NotFound(_("Deze inschrijving bestaat niet meer."))
    return registration


def household(registration: Registration) -> list[Registration]:
    """Everything registered for the event with the same contact address (the link's owner)."""
    return list(db.session.scalars(sa.select(Registration).where(
        Registration.event_id == registration.event_id,
        sa.func.lower(Registration.contact_email) == registration.contact_email.lower(),
        Registration.anonymised.is_(False),
    ).order_by(Registration.id)))


def forget(registration: Registration) -> int:
    """A participant deletes their own data: cancel (freeing seats) and anonymise at once."""
    from stem_events.registrations.retention import anonymise_ids

    ids = [r.id for r in household(registration)]
    cancel(registration.event_id, ids)
    reach.erase(ids)  # deleting my data deletes my answers too, not only the link
    return anonymise_ids(ids)


def own_data(registration: Registration) -> dict:
    """Everything stored about the link's owner for this event, reach answers included."""
    people = household(registration)
    answers = reach.own_answers([r.id for r in people])
    return {"event": {"id": registration.event_id, "title": registration.event.title},
            "registrations": [{
                "status": r.status.value, "contact_name": r.contact_name,
                "contact_email": r.contact_email, "contact_phone": r.contact_phone,
                "child_first_name": r.child_first_name, "child_last_name": r.child_last_name,
                "birth_date": r.birth_date.isoformat() if r.birth_date else None,
                "parent_name": r.parent_name, "parent_email": r.parent_email,
                "guardian_consent": r.guardian_consent, "photo_consent": r.photo_consent,
                "participant_organisation": r.participant_organisation,
                "answers": r.answers, "created_at": r.created_at.isoformat(),
                "reach_answers": dict(reach.labels(answers[r.id])) if r.id in answers else None,
            } for r in people]}


def event_ids_for_owner(owner_key: str) -> set[int]:
    """The events an e-mail address (by its feed owner key) is registered for (its personal
    feed renders those sessions from `registrations.calendar.places_for_owner`)."""
    return set(db.session.scalars(sa.select(Registration.event_id).where(
        Registration.owner_key == owner_key, Registration.status.in_(ACTIVE))))


# ---------------------------------------------------------------- the event page


@dataclass
class State:
    """What the event page says about registering."""

    kind: str  # not_needed, open, waitlist, full, closed
    seats_left: int | None = None
    message: str = ""
    groups: EventGroupSettings | None = None  # classes can book


def registration_state(event: Event) -> State:
    if event.registration_mode == RegistrationMode.NONE:
        return State("not_needed")
    reason = rules.closed_reason(event, None, now_utc())
    if reason:
        return State("closed", message=reason)
    groups = group_settings(event.id)
    if event.registration_mode == RegistrationMode.SESSIONS:
        return State("open", groups=groups)
    left = _seats_left_to_register(event)
    if left is None or left > 0:
        return State("open", left, groups=groups)
    return State("waitlist" if event.waitlist_enabled else "full", 0, groups=groups)


def _seats_left_to_register(event: Event) -> int | None:
    """The series' seats left; under the lock of the form's POST, counted for the
    registration that follows too (`_release_lapsed_offers`)."""
    capacity = capacity_of(event, None)
    if capacity is None:
        return None
    counted = count_scope(event.id, None)
    keep_count(event.id, None, counted)
    return max(0, capacity - counted.held)


def alternatives(event: Event, limit: int = 3) -> list:
    """For a full event without a waiting list: similar activities nearby that still have
    a seat (events.services.similar_events, the full ones left out)."""
    found = similar_events(event, limit * 2)
    left = seats_left_many([(listing.event, listing.next_session) for listing in found])
    shown = [listing for listing in found if left.get(listing.event.id) != 0][:limit]
    if shown:  # what their cards show, in two statements instead of two per card
        db.session.execute(sa.select(Event).where(Event.id.in_([s.event.id for s in shown]))
                           .options(joinedload(Event.organisation),
                                    selectinload(Event.audiences))).all()
    return shown


def listing_availability(listings: list) -> dict[int, tuple[str, int]]:
    """Per event of a list page that takes registrations: ('seats', n), ('waitlist', 0) or
    ('full', 0), in one query (the agenda's cards)."""
    shown = [(listing.event, listing.next_session) for listing in listings
             if listing.event.registration_mode != RegistrationMode.NONE]
    events = {event.id: event for event, _session in shown}
    return {event_id: (("waitlist" if events[event_id].waitlist_enabled else "full", 0)
                       if left == 0 else ("seats", left))
            for event_id, left in seats_left_many(shown).items() if left is not None}
