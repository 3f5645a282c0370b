"""What organisers do with registrations: overviews, export, attendance, mails to everyone."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field

import phonenumbers
import sqlalchemy as sa
from flask_babel import gettext as _

from stem_events.date_time import to_local
from stem_events.errors import InvalidInput, NotFound
from stem_events.events.models import Event, EventSession, RegistrationMode
from stem_events.extensions import db
from stem_events.registrations import mails
from stem_events.registrations.models import (
    Attendance,
    QuestionKind,
    Registration,
    RegistrationQuestion,
    RegistrationStatus,
)
from stem_events.registrations.services import ACTIVE, capacity_of, questions_of, taken
from stem_events.single_line import has_control_characters

CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Scope:
    """The registrations of the whole event (a series) or of one open session."""

    session: EventSession | None
    capacity: int | None
    confirmed: list[Registration] = field(default_factory=list)
    waitlisted: list[Registration] = field(default_factory=list)
    cancelled: list[Registration] = field(default_factory=list)

    @property
    def confirmed_seats(self) -> int:
        """Seats, not rows: a class of 24 takes 24."""
        return sum(r.seats for r in self.confirmed)


def registrations_of(event_id: int, statuses=None) -> list[Registration]:
    query = sa.select(Registration).where(Registration.event_id == event_id)
    if statuses:
        query = query.where(Registration.status.in_(statuses))
    return list(db.session.scalars(query.order_by(Registration.id)))


def confirmed_seats(event: Event, session: EventSession | None = None) -> int:
    """Seats taken in one scope (the whole series, or in open-sessions mode one session):
    a person one, a class its seats, a waiting class its open offer."""
    return taken(event.id, session.id if session else None)


def counts(event_id: int) -> dict[RegistrationStatus, int]:
    """How many registrations of the event are confirmed, waiting, cancelled (all scopes)."""
    rows = db.session.execute(
        sa.select(Registration.status, sa.func.count()).where(Registration.event_id == event_id)
        .group_by(Registration.status)
    ).all()
    found = {RegistrationStatus(status): n for status, n in rows}
    return {status: found.get(status, 0) for status in RegistrationStatus}


def totals(event_ids: list[int]) -> dict[int, tuple[int, int]]:
    """{event id: (confirmed, waiting)} of many events in one query (the dashboard)."""
    rows = db.session.execute(
        sa.select(Registration.event_id, Registration.status, sa.func.count())
        .where(Registration.event_id.in_(event_ids),
               Registration.status != RegistrationStatus.CANCELLED)
        .group_by(Registration.event_id, Registration.status)).all()
    found: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for event_id, status, n in rows:
        found[event_id][0 if status == RegistrationStatus.CONFIRMED else 1] += n
    return {event_id: (c, w) for event_id, (c, w) in found.items()}


def overview(event: Event) -> list[Scope]:
    sessions = (event.sessions if event.registration_mode == RegistrationMode.SESSIONS
                else [None])
    scopes = {s.id if s else None: Scope(s, capacity_of(event, s)) for s in sessions}
    for registration in registrations_of(event.id):
        scope = scopes.get(registration.session_id)
        if scope is not None:
            getattr(scope, registration.status.value).append(registration)
    return list(scopes.values())


def households(registrations: list[Registration]) -> list[list[Registration]]:
    grouped: dict[str, list[Registration]] = defaultdict(list)
    for registration in registrations:
        grouped[registration.contact_email.lower()].append(registration)
    return list(grouped.values())


def _households_in(event_id: int, session_id: int | None = None) -> list[list[Registration]]:
    registrations = [r for r in registrations_of(event_id, ACTIVE) if not r.anonymised]
    if session_id is not None:
        registrations = [r for r in registrations if r.session_id in (None, session_id)]
    return households(registrations)


def _queue_for_households(event_id: int, make_mail, session_id: int | None = None) -> list[int]:
    return [make_mail(group) for group in _households_in(event_id, session_id)]


def change_recipients(event_id: int, session_ids=(None,)) -> int:
    """How many mails a change of the event (None) or of these sessions sends: one per contact
    address registered (confirmed or waiting) for it. The organiser sees it before confirming
    and after saving."""
    scopes = [None] if None in session_ids else sorted(set(session_ids))
    return sum(len(_households_in(event_id, scope)) for scope in scopes)


def queue_change(event_id: int, session_id: int | None = None) -> list[int]:
    """An organiser moved or cancelled the event or a session (with SEQUENCE bumped): every
    registrant gets the change with an updated calendar entry. With a session: only who is
    registered for it (the whole series, or that open session). Queued in the caller's
    transaction, so the notices are saved with the change or not at all (the unit of work
    commits, then hands them to delivery). Returns the outbox ids."""
    return _queue_for_households(event_id, lambda group: mails.changed(group, session_id),
                                 session_id)


def mail_reach(event_id: int, session_id: int | None = None) -> tuple[int, int, int]:
    """Who a mail to everyone reaches: (addresses, of which with a confirmed registration,
    of which only on the waiting list). The waiting list is included."""
    groups = _households_in(event_id, session_id)
    confirmed = sum(1 for g in groups if any(r.status == RegistrationStatus.CONFIRMED
                                             for r in g))
    return len(groups), confirmed, len(groups) - confirmed


def mail_registrants(event_id: int, subject: str, body: str,
                     session_id: int | None = None) -> int:
    subject, body = subject.strip(), body.strip()
    if not subject or not body:
        raise InvalidInput(_("Vul een onderwerp en een bericht in."))
    if has_control_characters(subject):
        raise InvalidInput(_("Het onderwerp mag geen regeleinden, tabs of andere stuurtekens "
                             "bevatten."))
    return len(_queue_for_households(
        event_id, lambda group: mails.announcement(group, subject[:200], body[:10_000]),
        session_id))


# ------------------------------------------------------------------ export


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(CSV_FORMULA_START) else text


def _answer(registration: Registration, question: RegistrationQuestion) -> str:
    value = (registration.answers or {}).get(str(question.id), "")
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value)


CSV_DAY = "%d-%m-%Y"  # one date format for every date column (dd-mm-jjjj)


def _yes_no(value: bool) -> str:
    return "ja" if value else "nee"


def _phone(text: str) -> str:
    """A Belgian number as it is dialled here ("0470 12 34 56"), a foreign one from Belgium
    ("00 31 6 12345678"): no leading "+", so Excel shows it without the formula guard."""
    try:
        number = phonenumbers.parse(text, "BE")
    except phonenumbers.NumberParseException:
        return text
    if number.country_code == 32:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_out_of_country_calling_number(number, "BE")


def _session_cell(session: EventSession | None) -> str:
    if session is None:
        return ""
    start, end = to_local(session.starts_at), to_local(session.ends_at)
    return f"{start:{CSV_DAY} %H:%M}–{end:%H:%M}" if start.date() == end.date() \
        else f"{start:{CSV_DAY} %H:%M}–{end:{CSV_DAY} %H:%M}"


def _guardian(r: Registration) -> tuple[str, str]:
    """A child's guardian is who registered it; a young person names a parent."""
    if r.is_child:
        return r.contact_name, r.contact_email
    return r.parent_name, r.parent_email


def csv_export(event: Event) -> bytes:
    """UTF-8 with BOM and semicolons: opens correctly in Excel with Belgian settings."""
    questions = questions_of(event.id)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Status", "Sessie", "Deelnemer", "Geboortedatum", "Contactpersoon",
                     "E-mail", "Telefoon", "Ouder of voogd", "E-mail ouder of voogd",
                     "Toestemming ouder", "Toestemming foto's", "Organisatie", "Helix",
                     "Ingeschreven op", "Plaatsen", "School", "Instellingsnummer", "Klas",
                     "Leerlingen", "Begeleiders", *[q.text for q in questions]])
    for r in registrations_of(event.id):
        writer.writerow([_cell(v) for v in (
            r.status.label, _session_cell(r.session), r.participant_name,
            r.birth_date.strftime(CSV_DAY) if r.birth_date else "",
            r.contact_name, r.contact_email, _phone(r.contact_phone) if r.contact_phone
            else "", *_guardian(r), _yes_no(r.guardian_consent), _yes_no(r.photo_consent),
            r.participant_organisation, r.participant_helix.label if r.participant_helix else "",
            to_local(r.created_at).strftime(f"{CSV_DAY} %H:%M"), r.seats,
            # A class is one row; its remarks stay out of the export.
            r.school_name, r.school_number, r.class_name, r.pupils if r.is_group else "",
            r.accompanying_adults if r.is_group else "",
            *[_answer(r, q) for q in questions],
        )])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# ------------------------------------------------------------------ attendance


def session_of(event: Event, session_id: int | None) -> EventSession:
    if session_id is None:
        sessions = [s for s in event.sessions if not s.cancelled] or event.sessions
        if not sessions:
            raise NotFound(_("Deze activiteit heeft geen sessies."))
        return sessions[0]
    session = next((s for s in event.sessions if s.id == session_id), None)
    if session is None:
        raise NotFound(_("Deze sessie hoort niet bij deze activiteit."))
    return session


def expected(event: Event, session: EventSession) -> list[Registration]:
    """Who is expected at a session: the confirmed registrations for it, by name."""
    rows = [r for r in registrations_of(event.id, [RegistrationStatus.CONFIRMED])
            if r.session_id in (None, session.id)]
    return sorted(rows, key=lambda r: (r.child_last_name or r.contact_name).casefold())


def present_ids(session: EventSession) -> set[int]:
    return set(db.session.scalars(
        sa.select(Attendance.registration_id).where(Attendance.session_id == session.id)))


def present_counts(session: EventSession) -> dict[int, int]:
    """How many of each checked-in class came: {registration id: number present}."""
    return {rid: n for rid, n in db.session.execute(
        sa.select(Attendance.registration_id, Attendance.present_count).where(
            Attendance.session_id == session.id, Attendance.present_count.is_not(None)))}


def present_people(rows: list[Registration], present: set[int], counts: dict[int, int]) -> int:
    """People present: one per checked-in person, a class's number present."""
    return sum(counts.get(r.id, r.seats) if r.is_group else 1 for r in rows if r.id in present)


def search(event: Event, session: EventSession, text: str = "", code: str = ""):
    rows = expected(event, session)
    if code:
        return [r for r in rows if r.own_token == code]
    needle = text.strip().casefold()
    if needle:
        rows = [r for r in rows if needle in f"{r.participant_name} {r.contact_name}".casefold()]
    return rows


def set_attendance(event: Event, session: EventSession, registration_id: int,
                   present: bool, number: int | None = None) -> Registration:
    """Check one registration in or out; a class with the number of its people present."""
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration not in expected(event, session):
        raise NotFound(_("Deze persoon is niet ingeschreven voor deze sessie."))
    if registration.is_group and present:
        most = registration.pupils + registration.accompanying_adults
        if number is None or not 0 < number <= most:
            raise InvalidInput(_("Vul het aantal aanwezigen in, tussen 1 en %(n)s.", n=most))
    existing = db.session.get(Attendance, (registration_id, session.id))
    if present and existing is not None and registration.is_group:
        existing.present_count = number
    if present and existing is None:
        db.session.add(Attendance(registration_id=registration_id, session_id=session.id,
                                  present_count=number if registration.is_group else None))
    elif not present and existing is not None:
        db.session.delete(existing)
    try:
        db.session.flush()
    except sa.exc.IntegrityError:  # checked in twice at once: already present
        db.session.rollback()
    return registration


# ------------------------------------------------------------------ the event's own questions


def add_question(event: Event, text: str, kind: str, choices: str, required: bool):
    lines = [text.strip(), *(c.strip() for c in choices.splitlines())]
    if any(has_control_characters(line) for line in lines):
        raise InvalidInput(_("Een vraag en haar antwoorden mogen geen regeleinden (behalve tussen "
                             "de antwoorden), tabs of andere stuurtekens bevatten."))
    text = " ".join(text.split())
    if not text or len(text) > 300:
        raise InvalidInput(_("Vul een vraag in van hoogstens 300 tekens."))
    if kind not in {k.value for k in QuestionKind}:
        raise InvalidInput(_("Kies het soort vraag."))
    options = [c.strip()[:100] for c in choices.splitlines() if c.strip()]
    if kind == QuestionKind.CHOICE and len(options) < 2:
        raise InvalidInput(_("Geef minstens twee antwoorden, één per regel."))
    position = len(questions_of(event.id))
    question = RegistrationQuestion(
        event_id=event.id, text=text, kind=QuestionKind(kind), required=required,
        choices=options if kind == QuestionKind.CHOICE else [], position=position)
    db.session.add(question)
    db.session.flush()
    return question


def delete_question(event: Event, question_id: int) -> None:
    question = db.session.get(RegistrationQuestion, question_id)
    if question is None or question.event_id != event.id:
        raise NotFound(_("Deze vraag bestaat niet."))
    db.session.delete(question)
    db.session.flush()
