"""Demo data for schools and teachers, built after the generated events: some talks
become nascholingen (teacher_training), two academy series become the meetings of teacher
STEM-clubs, and the soonest events take classes, some with a class booked. Deterministic."""

from __future__ import annotations

import random
from datetime import date, timedelta

import sqlalchemy as sa

from stem_events.clubs.models import Club, ClubSchool
from stem_events.date_time import now_utc
from stem_events.events.models import (
    Event,
    EventSession,
    EventStatus,
    PriceKind,
    RegistrationMode,
)
from stem_events.events.search import document as search_document
from stem_events.extensions import db
from stem_events.reference.models import EventKind
from stem_events.registrations import rules
from stem_events.registrations.models import (
    EventGroupSettings,
    Registration,
    RegistrationStatus,
)

TRAININGS = [
    ("Nascholing: micro:bit in de klas", ["basis"]),
    ("Nascholing: onderzoekend leren in STEM", ["basis", "secundair"]),
    ("Nascholing: AI in je lessen", ["secundair", "volwassenen"]),
    ("Nascholingstraject STEM-didactiek (schooljaar)", ["secundair"]),
    ("Nascholing: duurzaamheid en energie meten met leerlingen", ["basis", "secundair"]),
    ("Nascholing: programmeren voor volwassenenonderwijs", ["volwassenen"]),
]
SCHOOLS = ["Sint-Jozefscollege", "Gemeentelijke basisschool De Regenboog", "Atheneum",
           "Vrije Basisschool Sint-Maarten", "Technisch Instituut Don Bosco",
           "GO! Basisschool De Vlindertuin"]
CLASSES = [("5de leerjaar", 22, 2), ("6B", 24, 2), ("3de jaar STEM", 18, 1),
           ("4de leerjaar", 20, 3)]


def _upcoming(kinds, mode=None):
    soon = sa.select(EventSession.event_id).where(EventSession.starts_at > now_utc())
    query = sa.select(Event).where(Event.status == EventStatus.PUBLISHED,
                                   Event.kind.in_(kinds), Event.id.in_(soon))
    if mode is not None:
        query = query.where(Event.registration_mode == mode)
    return list(db.session.scalars(query.order_by(Event.first_start, Event.id)))


def _retitle(event: Event, title: str) -> None:
    event.title = title
    event.search_title, event.search_body = search_document(
        title, event.summary, event.description,
        [event.organisation.name, event.municipality.name if event.municipality else ""])


def build_schools_demo(seed: int) -> int:
    rng = random.Random(seed + 19)  # noqa: S311  (demo data, not security)
    _trainings()
    clubs = _clubs(rng)
    _classes()
    db.session.flush()
    return clubs


def _trainings() -> None:
    """Talks and info sessions become nascholingen for teachers (their generated registrations,
    children among them, are dropped)."""
    candidates = _upcoming([EventKind.LECTURE, EventKind.INFO_SESSION])
    for event, (title, levels) in zip(candidates[::3], TRAININGS, strict=False):
        db.session.execute(sa.delete(Registration).where(Registration.event_id == event.id))
        event.kind = EventKind.TEACHER_TRAINING
        _retitle(event, title)
        event.age_min, event.age_max = 18, None
        event.professional_development = True
        event.education_levels = levels


def _clubs(rng: random.Random) -> int:
    """Two academy series become the meetings of teacher STEM-clubs (registrations of the
    former series dropped: children have no place in a teachers' club)."""
    series = [e for e in _upcoming([EventKind.ACADEMY_ACTIVITY], RegistrationMode.SERIES)
              if len(e.sessions) >= 4 and e.municipality is not None]
    chosen = []
    for event in series:
        if all(e.municipality_nis != event.municipality_nis for e in chosen):
            chosen.append(event)
        if len(chosen) == 2:
            break
    for number, event in enumerate(chosen):
        db.session.execute(sa.delete(Registration).where(Registration.event_id == event.id))
        place = event.municipality.name
        event.kind = EventKind.TEACHER_CLUB
        _retitle(event, f"STEM-club voor leerkrachten {place}: bijeenkomsten")
        event.age_min, event.age_max, event.capacity = 18, None, 30
        event.price_kind, event.price_cents = PriceKind.FREE, None
        schools = rng.sample(SCHOOLS, 4)
        club = Club(
            name=f"STEM-club {place}", municipality_nis=event.municipality_nis,
            description=(f"Leerkrachten uit scholen in en rond {place} komen elke maand "
                         "samen met de STEM-academie: lessen uitproberen, materiaal delen "
                         "en samen projecten opzetten."),
            contact_name="Els Vermeulen" if number == 0 else "Karim Bouzid",
            contact_email=f"stemclub{number + 1}@stem-events.example",
            contact_phone=f"09 123 45 6{number}", contact_consent=number == 0,
            series_event_id=event.id)
        club.organisations = [event.organisation]
        club.schools = [ClubSchool(name=f"{s} {place}", consent=i < 3)
                        for i, s in enumerate(schools)]
        db.session.add(club)
        _members(event, 14 if number == 0 else 6)
    return len(chosen)


TEACHERS = ["An", "Bram", "Charlotte", "Dries", "Elif", "Frederik", "Griet", "Hamza", "Ines",
            "Jonas", "Katrien", "Lotte", "Mohamed", "Nele"]


def _members(event: Event, count: int) -> None:
    """Teachers who joined the club: registered for its meeting series (the report counts
    them, a count under 10 as "< 10")."""
    for number, name in enumerate(TEACHERS[:count]):
        email = f"{name.lower()}.club{event.id}@school.example"
        born = date(1970 + 2 * number, 1 + number % 12, 10)
        db.session.add(Registration(
            event_id=event.id, status=RegistrationStatus.CONFIRMED,
            identity_key=rules.adult_identity(email), contact_name=f"{name} (leerkracht)",
            contact_email=email, owner_key=rules.owner_key(email), birth_date=born,
            age_group=rules.age_group(born, rules.first_day(event)), confirmed_at=now_utc()))


def _classes() -> None:
    """The six soonest workshops and academy activities with 20 seats or more take classes;
    a class is booked where it still fits whole."""
    events = [e for e in _upcoming([EventKind.WORKSHOP, EventKind.ACADEMY_ACTIVITY],
                                   RegistrationMode.SERIES)
              if (e.capacity or 0) >= 20 and (e.age_max is None or e.age_max >= 8)][:6]
    for index, event in enumerate(events):
        db.session.add(EventGroupSettings(
            event_id=event.id, min_size=10, max_size=min(28, event.capacity),
            adults_take_seats=index % 2 == 1, individuals_allowed=index != 0))
        klas, pupils, adults = CLASSES[index % len(CLASSES)]
        seats = pupils + (adults if index % 2 == 1 else 0)
        taken = db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(Registration.seats), 0))
                                  .where(Registration.event_id == event.id,
                                         Registration.status == RegistrationStatus.CONFIRMED))
        if taken + seats > event.capacity:
            continue
        school = f"{SCHOOLS[index % len(SCHOOLS)]} {event.municipality.name}" \
            if event.municipality else SCHOOLS[index % len(SCHOOLS)]
        email = f"leerkracht{index + 1}@school.example"
        group = rules.Group(school_name=school, class_name=klas, pupils=pupils, adults=adults)
        db.session.add(Registration(
            event_id=event.id, status=RegistrationStatus.CONFIRMED,
            identity_key=rules.group_identity(email, group), contact_name="Juf Sarah",
            contact_email=email, contact_phone="+32 470 12 34 56",
            owner_key=rules.owner_key(email), is_group=True, school_name=school,
            class_name=klas, pupils=pupils, accompanying_adults=adults, seats=seats,
            confirmed_at=now_utc()))
    db.session.flush()
    _offer(events)


def _offer(events: list[Event]) -> None:
    """A class that does not fit waits whole, and its organiser offered it the seats that are
    left, held for 48 hours: the teacher's page shows "Aanbod aanvaarden" / "weigeren"."""
    for event in events:
        settings = db.session.get(EventGroupSettings, event.id)
        taken = db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(Registration.seats), 0))
                                  .where(Registration.event_id == event.id,
                                         Registration.status == RegistrationStatus.CONFIRMED))
        free = event.capacity - taken
        pupils = max(min(free + 6, settings.max_size), settings.min_size)
        if not 1 <= free < pupils or settings.adults_take_seats:
            continue
        event.waitlist_enabled = True
        email = "meester.tom@school.example"
        group = rules.Group(school_name="Basisschool De Linde", class_name="6A", pupils=pupils,
                            adults=2)
        db.session.add(Registration(
            event_id=event.id, status=RegistrationStatus.WAITLISTED,
            identity_key=rules.group_identity(email, group), contact_name="Meester Tom",
            contact_email=email, contact_phone="+32 470 98 76 54",
            owner_key=rules.owner_key(email), is_group=True, school_name="Basisschool De Linde",
            class_name="6A", pupils=pupils, accompanying_adults=2, seats=pupils,
            offered_seats=free, offer_expires_at=now_utc() + timedelta(hours=48)))
        return
