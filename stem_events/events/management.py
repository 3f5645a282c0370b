"""Organisers' rules for events: create, edit, submit for review, cancel and postpone,
duplicate, delete. A coordinator's decision lives in `moderation/services.py`, the rules of an
event's sessions in `series/services.py`; both build on the public helpers here. Views call
one function; the request's unit of work commits (`transaction.py`).

Every change a calendar subscriber can see goes through `bump_sequence`. What registrants must
hear of (a moved or cancelled session, a cancelled or postponed event, a new place) and a raised
capacity (the waiting list moves up) are queued by the service (`transaction.after_commit`) and
carried out through the registrations domain, which hears of them by the signals of
`events/signals.py` (connected in `stem_events/reactions.py`).
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from stem_events.accounts import policies
from stem_events.accounts.models import Organisation, User
from stem_events.audiences import services as audiences
from stem_events.audit import services as audit
from stem_events.date_time import now_utc
from stem_events.errors import FieldError, NotFound
from stem_events.events import signals
from stem_events.events.models import (
    Event,
    EventSession,
    EventStatus,
    PriceKind,
    RegistrationMode,
    slugify,
)
from stem_events.extensions import db
from stem_events.hooks import answer, collect
from stem_events.media import storage as images
from stem_events.reference.models import Goal, Theme
from stem_events.series.schedule import Schedule, series_dates, session_times
from stem_events.transaction import after_commit, before_commit, queued_before_commit
from stem_events.workflow import WrongStatus, claim_version, require_status

# Fields whose change a calendar subscriber sees (DOMAIN.md): they bump SEQUENCE.
SUBSCRIBER_VISIBLE = {"title", "summary", "description", "venue_name", "street", "postcode",
                      "municipality_nis", "online_url", "status", "status_reason"}
EDITABLE = ("kind", "title", "summary", "description", "venue_name", "street", "postcode",
            "municipality_nis", "online_url", "accessibility", "age_min", "age_max",
            "price_kind", "price_cents", "capacity", "registration_mode", "waitlist_enabled",
            "registration_opens_at", "registration_closes_at", "booking_url", "edition_year",
            "contact_email", "contact_phone", "professional_development", "education_levels",
            "price_reduced")
# Fields whose change is mailed to the registrants (with the updated calendar entry).
MAILED_TO_REGISTRANTS = {"title", "venue_name", "street", "postcode", "municipality_nis",
                         "online_url"}
EDITABLE_STATUSES = (EventStatus.DRAFT, EventStatus.IN_REVIEW, EventStatus.REJECTED,
                     EventStatus.PUBLISHED, EventStatus.POSTPONED)


def bump_sequence(event: Event, sessions: list[EventSession] | None = None) -> None:
    """THE rule for subscriber-visible changes: the affected sessions' SEQUENCE goes up by one
    (all sessions by default) and the event counts as updated."""
    for session in (event.sessions if sessions is None else sessions):
        session.sequence = (session.sequence or 0) + 1
    event.updated_at = now_utc()


# --- reading ---------------------------------------------------------------------------------

def get_event(user, event_id: int) -> Event:
    """An event the user may edit: 404 when it does not exist, 403 when it is not theirs."""
    event = db.session.scalar(
        sa.select(Event).where(Event.id == event_id)
        .options(selectinload(Event.sessions), selectinload(Event.co_organisations))
    )
    if event is None:
        raise NotFound(_("Deze activiteit bestaat niet."))
    policies.require(policies.can_edit(user, event))
    return event


def get_session(event: Event, session_id: int) -> EventSession:
    session = next((s for s in event.sessions if s.id == session_id), None)
    if session is None:
        raise NotFound(_("Deze sessie bestaat niet."))
    return session


def registered_count(event: Event, session: EventSession | None = None) -> int:
    """Confirmed registrations (one row per seat) of one scope: the whole series (rows without
    a session) or, in open-sessions mode, one session (answered by the registrations domain)."""
    return answer(signals.seats_taken, event, session=session)


def registration_counts(event_id: int) -> dict:
    """How many registrations of the event are confirmed, waiting, cancelled (answered by the
    registrations domain)."""
    return answer(signals.registration_counts, event_id)


def lock_seats(event: Event) -> None:
    """Before a capacity is compared with the confirmed seats: on PostgreSQL hold the event row,
    the lock every registration takes (registrations/locking.py), until this change commits."""
    if event.id is not None and db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.select(Event.id).where(Event.id == event.id).with_for_update())


# --- after commit: registrants and the waiting list ---------------------------------------

def follow_up(kind: str, event: Event, session_id: int | None = None) -> None:
    """Queue what the change means for registrants (`events/signals.py`): "changed" tells them
    (of one session, or of the whole event; in the change's own transaction, so a notice that
    cannot be written fails the change, and the notices carry the saved, higher SEQUENCE),
    "capacity" promotes whoever fits a raised capacity once the change is committed."""
    if kind == "capacity":
        after_commit(_CapacityRaised(event.id), key=("capacity", event.id))
    else:
        before_commit(_Changed(event.id), key=("changed", event.id)).sessions.add(session_id)


class _Changed:
    """Announce one event's change once: of the whole event (None), else per session."""

    def __init__(self, event_id: int) -> None:
        self.event_id, self.sessions = event_id, set()

    def __call__(self) -> None:
        scopes = [None] if None in self.sessions else sorted(self.sessions)
        for session_id in scopes:
            signals.changed.send(self.event_id, session_id=session_id)


def notices_queued(event: Event) -> int:
    """How many registrants' mails the change in hand will send when it is saved (0: none)."""
    changed = queued_before_commit(("changed", event.id))
    return answer(signals.change_recipients, event.id, sessions=changed.sessions) \
        if changed else 0


def notices_for(event: Event, session: EventSession | None = None) -> int:
    """How many registrants' mails a change of the event (or of one session) would send."""
    return answer(signals.change_recipients, event.id,
                  sessions=(session.id if session else None,))


class _CapacityRaised:
    def __init__(self, event_id: int) -> None:
        self.event_id = event_id

    def __call__(self) -> None:
        signals.capacity_raised.send(self.event_id)


def raised(before: int | None, after: int | None) -> bool:
    return before is not None and (after is None or after > before)


# --- writing ---------------------------------------------------------------------------------

def _apply(event: Event, data: dict) -> None:
    """Copy form values onto the event and check them, without flushing a half-applied row
    (the database's own CHECKs stay the last line of defence, not the first)."""
    with db.session.no_autoflush:
        _copy(event, data)
        _check(event)


def _copy(event: Event, data: dict) -> None:
    for name in EDITABLE:
        if name in data:
            setattr(event, name, data[name])
    if data.get("price_kind") != PriceKind.AMOUNT:
        event.price_cents = None
    event.slug = slugify(event.title)
    if "themes" in data:
        event.themes = list(db.session.scalars(
            sa.select(Theme).where(Theme.id.in_(data["themes"] or []))))
    if "goals" in data:
        event.goals = list(db.session.scalars(
            sa.select(Goal).where(Goal.code.in_(data["goals"] or []))))
    if "audiences" in data or "kind" in data:  # a kind may always carry an audience
        chosen = (audiences.by_ids(data["audiences"] or []) if "audiences" in data
                  else list(event.audiences))
        event.audiences = audiences.with_kind_audiences(event.kind, chosen)
    if "co_organisations" in data:
        event.co_organisations = list(db.session.scalars(
            sa.select(Organisation).where(Organisation.id.in_(data["co_organisations"] or []),
                                          Organisation.id != event.organisation_id,
                                          Organisation.approved.is_(True))))


def import_source(event_id: int | None):
    """The import source an event came from, None for a typed event (answered by the
    imports domain)."""
    return answer(signals.import_source, event_id) if event_id else None


def linkable_initiatives(user: User, organisation_ids: set[int | None],
                         event: Event | None = None) -> list:
    """Published initiatives an event may present, chosen by its organisers (answered by the
    initiatives domain)."""
    return answer(signals.linkable_initiatives, user, organisation_ids=organisation_ids,
                  event=event)


def _link_initiatives(user: User, event: Event, data: dict) -> None:
    """Replace the links the organiser may choose; keep the others (a coordinator's link to
    another organisation's initiative, an initiative no longer published)."""
    if "initiatives" not in data:
        return
    with db.session.no_autoflush:
        allowed = {i.id: i
                   for i in linkable_initiatives(user, {event.organisation_id}, event)}
        wanted = set(data["initiatives"] or [])
        if wanted - allowed.keys():
            raise FieldError("initiatives", _(
                "Kies gepubliceerde initiatieven van je eigen organisatie of van de "
                "co-organisatoren."))
        kept = [i for i in event.initiatives if i.id not in allowed]
        event.initiatives = kept + [allowed[i] for i in sorted(wanted)]


def _check(event: Event) -> None:
    if event.age_min is not None and event.age_max is not None and event.age_min > event.age_max:
        raise FieldError("age_max", _("De maximumleeftijd is lager dan de minimumleeftijd."))
    if event.price_kind == PriceKind.AMOUNT and not event.price_cents:
        raise FieldError("price", _("Vul het bedrag in."))
    opens, closes = event.registration_opens_at, event.registration_closes_at
    if opens and closes and closes <= opens:
        raise FieldError("registration_closes_at",
                         _("De inschrijving moet sluiten na het openen."))
    if not (event.venue_name or event.municipality_nis or event.online_url):
        raise FieldError("municipality", _("Vul een locatie met gemeente in, of een online link."))
    if (event.capacity is not None and event.id is not None
            and event.registration_mode != RegistrationMode.SESSIONS):
        lock_seats(event)
        taken = registered_count(event)
        if event.capacity < taken:
            raise FieldError("capacity", _("Er zijn al %(taken)s inschrijvingen; de capaciteit "
                                           "kan niet lager zijn.", taken=taken))


def new_sessions(event: Event, schedule: Schedule) -> list[EventSession]:
    """In open-sessions mode each new session starts with the event's capacity."""
    now = now_utc()
    capacity = event.capacity if event.registration_mode == RegistrationMode.SESSIONS else None
    sessions = []
    for day in series_dates(schedule):
        start, end = session_times(day, schedule.start_time, schedule.end_time)
        if start < now:
            raise FieldError("first_day", _("Een sessie kan niet in het verleden liggen."))
        sessions.append(EventSession(starts_at=start, ends_at=end, capacity=capacity))
    return sessions


def create_event(user: User, organisation: Organisation, data: dict,
                 schedule: Schedule, image: bytes | None = None) -> Event:
    policies.require(policies.can_create_event(user, organisation),
                     _("Je kunt geen activiteiten toevoegen voor deze organisatie."))
    event = Event(organisation=organisation, organisation_id=organisation.id,
                  status=EventStatus.DRAFT, version=1)
    _apply(event, data)
    _link_initiatives(user, event, data)
    event.sessions = new_sessions(event, schedule)
    if image:
        event.image_path = images.store_image(image)
    db.session.add(event)
    db.session.flush()
    audit.record(user, "created", event=event, changes=audit.diff({}, audit.snapshot(event)))
    return event


def locked_fields(event: Event | None) -> frozenset[str]:
    if event is None or event.id is None:
        return frozenset()
    return frozenset(name for names in collect(signals.locked_fields, event) for name in names)


def tell_registrants(event: Event, session_id: int | None = None) -> None:
    """Once the change commits, mail its registrants (of one session, or of the whole event)
    with the updated calendar entry: for changes made outside this module (imports)."""
    follow_up("changed", event, session_id)


def _release_image(event: Event) -> None:
    """The event no longer shows its image: the file goes after the commit, unless another
    event (a copy made by 'opnieuw organiseren') still shows it."""
    name = event.image_path
    if name and not db.session.scalar(sa.select(sa.exists().where(
            Event.image_path == name, Event.id != event.id))):
        images.release_image(name)


def _replace_image(event: Event, name: str) -> None:
    _release_image(event)
    event.image_path = name


def update_event(user: User, event: Event, data: dict, seen_version: int | None,
                 image: bytes | None = None) -> dict:
    """Save an edit; a published event stays published. Returns the diff (empty: no change).
    An image is checked and stored last, once everything else is valid. Locked fields
    (`locked_fields`) are left as they are."""
    policies.require(policies.can_edit(user, event))
    locked = locked_fields(event)
    data = {k: v for k, v in data.items() if k not in locked}
    if event.status not in EDITABLE_STATUSES:
        raise WrongStatus(_("Een geannuleerde activiteit kan niet meer gewijzigd worden."))
    claim_version(event, seen_version)
    before = audit.snapshot(event)
    _apply(event, data)
    _link_initiatives(user, event, data)
    if image:
        _replace_image(event, images.store_image(image))
    changes = audit.diff(before, audit.snapshot(event))
    if changes.keys() & SUBSCRIBER_VISIBLE:
        bump_sequence(event)
    if changes.keys() & MAILED_TO_REGISTRANTS:
        follow_up("changed", event)
    if "capacity" in changes and raised(*changes["capacity"]):
        follow_up("capacity", event)
    if changes:
        audit.record(user, "edited", event=event, changes=changes)
    return changes


def set_status(user: User, event: Event, status: EventStatus, action: str,
                reason: str = "", *, visible: bool = True, extra: dict | None = None) -> None:
    before = {"status": event.status.value, "status_reason": event.status_reason}
    event.status, event.status_reason = status, reason
    event.version = (event.version or 0) + 1
    if visible:
        bump_sequence(event)
        follow_up("changed", event)
    changes = audit.diff(before, {"status": status.value, "status_reason": reason})
    audit.record(user, action, event=event, changes={**changes, **(extra or {})}, note=reason)


def submit_for_review(user: User, event: Event) -> None:
    """Draft or rejected → in review; trusted organisations and coordinators publish
    directly."""
    policies.require(policies.can_edit(user, event))
    require_status(event, EventStatus.DRAFT, EventStatus.REJECTED,
                    message=_("Alleen een ontwerp of een afgewezen activiteit kan "
                              "ingediend worden."))
    if policies.publishes_directly(user, event.organisation):
        set_status(user, event, EventStatus.PUBLISHED, "published",
                    extra={"snapshot": {**audit.snapshot(event), "status": "published"}})
        return
    set_status(user, event, EventStatus.IN_REVIEW, "submitted", visible=False)


def cancel_event(user: User, event: Event, reason: str) -> None:
    policies.require(policies.can_edit(user, event))
    require_status(event, EventStatus.PUBLISHED, EventStatus.POSTPONED,
                    message=_("Alleen een gepubliceerde of uitgestelde activiteit kan "
                              "geannuleerd worden; een ontwerp kun je verwijderen."))
    if not reason.strip():
        raise FieldError("reason", _("Geef een reden; deelnemers zien ze."))
    set_status(user, event, EventStatus.CANCELLED, "cancelled", reason.strip())


def postpone_event(user: User, event: Event, reason: str) -> None:
    policies.require(policies.can_edit(user, event))
    require_status(event, EventStatus.PUBLISHED,
                    message=_("Alleen een gepubliceerde activiteit kan uitgesteld worden."))
    if not reason.strip():
        raise FieldError("reason", _("Geef een reden; deelnemers zien ze."))
    set_status(user, event, EventStatus.POSTPONED, "postponed", reason.strip())


def resume_event(user: User, event: Event) -> None:
    """Postponed → published once new dates are set: the same UIDs, a higher SEQUENCE."""
    policies.require(policies.can_edit(user, event))
    require_status(event, EventStatus.POSTPONED, message=_("Deze activiteit is niet uitgesteld."))
    if not any(s.ends_at > now_utc() and not s.cancelled for s in event.sessions):
        raise WrongStatus(_("Plan eerst minstens één nieuwe sessie in de toekomst."))
    set_status(user, event, EventStatus.PUBLISHED, "resumed")


def delete_event(user: User, event: Event) -> None:
    policies.require(policies.can_edit(user, event))
    require_status(event, EventStatus.DRAFT,
                    message=_("Alleen een ontwerp kan verwijderd worden; annuleer een "
                              "gepubliceerde activiteit."))
    audit.record(user, "deleted", event=event)
    _release_image(event)
    db.session.delete(event)


def duplicate_event(user: User, event: Event) -> Event:
    """'Opnieuw organiseren': a draft copy, its sessions moved on by whole weeks so that the
    first lies in the future; new sessions get new UIDs."""
    policies.require(policies.can_create_event(user, event.organisation))
    copy = Event(organisation=event.organisation, status=EventStatus.DRAFT, version=1,
                 image_path=event.image_path)
    for name in EDITABLE:
        setattr(copy, name, getattr(event, name))
    copy.accessibility = list(event.accessibility or [])
    copy.professional_development = event.professional_development
    copy.education_levels = list(event.education_levels or [])
    copy.slug, copy.themes, copy.goals = event.slug, list(event.themes), list(event.goals)
    copy.audiences = list(event.audiences)
    copy.co_organisations = list(event.co_organisations)
    copy.initiatives = list(event.initiatives)
    sessions = sorted(event.sessions, key=lambda s: s.starts_at)
    weeks = 0
    if sessions:
        while sessions[0].starts_at + timedelta(weeks=weeks) <= now_utc():
            weeks += 1
    copy.sessions = [EventSession(starts_at=s.starts_at + timedelta(weeks=weeks),
                                  ends_at=s.ends_at + timedelta(weeks=weeks),
                                  capacity=s.capacity) for s in sessions if not s.cancelled]
    db.session.add(copy)
    db.session.flush()
    audit.record(user, "duplicated", event=copy, note=f"kopie van activiteit {event.id}")
    return copy

