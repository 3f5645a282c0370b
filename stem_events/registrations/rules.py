"""Pure registration rules: identities, ages, the registration window. No database here."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _

from stem_events.date_time import to_local
from stem_events.events.models import Event, EventSession, EventStatus, RegistrationMode
from stem_events.reference.models import EventKind, HelixPillar

DIGITAL_CONSENT_AGE = 13  # Belgium: under 13 a guardian acts for the child
ADULT_AGE = 18
NETWORK_KINDS = (EventKind.NETWORK_MOMENT, EventKind.STATE_OF_THE_STEM)


@dataclass
class Child:
    first_name: str
    last_name: str
    birth_date: date | None  # None only while the form shows its own error for it


@dataclass
class Group:
    """A class booked by a teacher: no pupils' names, only how many."""

    school_name: str
    class_name: str
    pupils: int
    adults: int = 0
    school_number: str = ""
    remarks: str = ""


@dataclass
class Submission:
    """What one registration form says: one adult or young person, or children of a guardian."""

    contact_name: str
    contact_email: str
    contact_phone: str = ""
    children: list[Child] = field(default_factory=list)
    birth_date: date | None = None  # a young person registering themselves
    parent_name: str = ""
    parent_email: str = ""
    guardian_consent: bool = False
    photo_consent: bool = False
    participant_organisation: str = ""
    participant_helix: HelixPillar | None = None
    show_in_participant_list: bool = False
    answers: dict[str, object] = field(default_factory=dict)
    session_id: int | None = None
    group: Group | None = None
    # The optional reach answers, one per seat in the order of the people (reach package).
    reach: list = field(default_factory=list)

    @property
    def seats(self) -> int:
        return max(1, len(self.children))


def normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


def owner_key(email: str) -> str:
    """The personal feed's owner: sha256 of the normalised e-mail (as the feeds package)."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def adult_identity(email: str) -> str:
    return f"adult:{normalise(email)}"


def child_identity(guardian_email: str, child: Child) -> str:
    return "child:" + "|".join(
        (normalise(guardian_email), normalise(child.first_name), normalise(child.last_name),
         child.birth_date.isoformat())
    )


def group_identity(email: str, group: Group) -> str:
    """A group is (event, contact e-mail, school, class)."""
    return "group:" + "|".join((normalise(email), normalise(group.school_name),
                                normalise(group.class_name)))


def scoped(identity: str, session_id: int | None) -> str:
    """Identities are per event, or per session in open-sessions mode."""
    return identity if session_id is None else f"session:{session_id}:{identity}"


def age_on(birth_date: date, day: date) -> int:
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def scheduled_sessions(event: Event) -> list[EventSession]:
    return [s for s in event.sessions if not s.cancelled]


def first_day(event: Event) -> date | None:
    sessions = scheduled_sessions(event) or event.sessions
    return to_local(sessions[0].starts_at).date() if sessions else None


def in_age_range(event: Event, age: int) -> bool:
    low_ok = event.age_min is None or age >= event.age_min
    return low_ok and (event.age_max is None or age <= event.age_max)


def for_minors(event: Event) -> bool:
    return event.age_max is not None and event.age_max < ADULT_AGE


def asks_organisation(event: Event) -> bool:
    return event.kind in NETWORK_KINDS


def closed_reason(event: Event, session: EventSession | None, now: datetime) -> str | None:
    """Why nobody can register now (Dutch), or None when registration is open."""
    if event.registration_mode == RegistrationMode.NONE:
        return _("Voor deze activiteit hoef je je niet in te schrijven.")
    if event.status == EventStatus.CANCELLED:
        return _("Deze activiteit is geannuleerd: inschrijven kan niet meer.")
    if event.status == EventStatus.POSTPONED:
        return _(
            "Deze activiteit is uitgesteld: inschrijven kan weer zodra de nieuwe data "
            "bekend zijn."
        )
    if event.status != EventStatus.PUBLISHED:
        return _("Voor deze activiteit kan je je niet inschrijven.")
    if event.registration_opens_at and now < event.registration_opens_at:
        return _("De inschrijvingen voor deze activiteit zijn nog niet geopend.")
    if event.registration_closes_at and now >= event.registration_closes_at:
        return _("De inschrijvingen voor deze activiteit zijn afgesloten.")
    if session is not None:
        if session.cancelled:
            return _("Deze sessie is geannuleerd.")
        if session.starts_at <= now:
            return _("Deze sessie is al begonnen of voorbij.")
        return None
    sessions = scheduled_sessions(event)
    if not sessions or all(s.starts_at <= now for s in sessions):
        return _("Deze activiteit is al begonnen of voorbij.")
    return None


#: Age groups kept on a registration for the monitoring report: the birth date is erased by
#: the privacy purge, the group stays. (stored value, upper age exclusive or None)
AGE_GROUPS = (("0-5", 6), ("6-11", 12), ("12-17", ADULT_AGE), ("18+", None))


def age_group(birth_date: date | None, day: date | None) -> str:
    """The group on the event's first day; without a birth date the registrant is an adult
    (the form asks one whenever the event is for minors)."""
    if birth_date is None or day is None:
        return "18+" if birth_date is None else ""
    age = age_on(birth_date, day)
    return next(group for group, below in AGE_GROUPS if below is None or age < below)


def age_group_labels() -> list[tuple[str, str]]:
    labels = {"0-5": _("0 tot 5 jaar"), "6-11": _("6 tot 11 jaar"),
              "12-17": _("12 tot 17 jaar"), "18+": _("18 jaar en ouder")}
    return [(group, labels[group]) for group, _below in AGE_GROUPS]
