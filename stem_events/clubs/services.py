"""Teacher STEM-clubs: the public listing, joining (confirmed through a mailed link), the
coordinators' edits and the coverage per province and municipality for the report."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.orm import selectinload

from stem_events import links
from stem_events.accounts.models import Organisation
from stem_events.clubs.models import Club, ClubSchool
from stem_events.errors import DomainError, InvalidInput, NotFound
from stem_events.events.models import PUBLIC_STATUSES, Event, EventStatus
from stem_events.extensions import db
from stem_events.mail import outbox
from stem_events.reference.models import EventKind, Municipality, Province
from stem_events.registrations import services as registrations
from stem_events.registrations.models import Registration, RegistrationStatus
from stem_events.registrations.rules import Submission
from stem_events.single_line import has_control_characters

JOIN_SALT = "club-join"
JOIN_MAX_AGE = 7 * 24 * 3600


# ---------------------------------------------------------------- public


def _loaded():
    return sa.select(Club).where(Club.active.is_(True)).options(
        selectinload(Club.organisations), selectinload(Club.schools),
        selectinload(Club.municipality).selectinload(Municipality.province),
        selectinload(Club.series_event))


def public_clubs() -> list[Club]:
    return list(db.session.scalars(_loaded().join(Club.municipality)
                                   .order_by(Municipality.province_nis, Club.name)))


def by_province(clubs: list[Club]) -> list[tuple[Province, list[Club]]]:
    grouped: dict[str, list[Club]] = defaultdict(list)
    provinces = {}
    for club in clubs:
        provinces[club.municipality.province_nis] = club.municipality.province
        grouped[club.municipality.province_nis].append(club)
    return [(provinces[nis], grouped[nis]) for nis in sorted(grouped)]


def clubs_in(nis: str) -> list[Club]:
    """The clubs of one municipality (shown on /municipalities/<nis>)."""
    return list(db.session.scalars(_loaded().where(Club.municipality_nis == nis)
                                   .order_by(Club.name)))


def get_club(club_id: int) -> Club:
    club = db.session.scalars(_loaded().where(Club.id == club_id)).first()
    if club is None:
        raise NotFound(_("Deze STEM-club bestaat niet (meer)."))
    return club


def current_series(club: Club) -> Event | None:
    """The meeting series one joins: the club's current series when it is public."""
    event = club.series_event
    if event is None or event.status not in PUBLIC_STATUSES:
        return None
    return event


# ---------------------------------------------------------------- joining


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=JOIN_SALT)


def request_join(club: Club, name: str, email: str) -> None:
    """Mail a link that confirms joining: nobody can sign someone else up. The same answer
    whoever asks (the page never says whether someone is a member already)."""
    event = current_series(club)
    if event is None:
        raise DomainError(_("Deze club heeft nog geen bijeenkomsten waarvoor je je kan "
                            "inschrijven."))
    reason = registrations.registration_state(event)
    if reason.kind in ("closed", "not_needed"):
        raise DomainError(reason.message or _("Inschrijven kan nu niet."))
    token = _serializer().dumps({"club": club.id, "event": event.id, "name": name.strip(),
                                 "email": email.strip()})
    url = links.absolute(f"/clubs/{club.id}/join/{token}")
    with force_locale("nl"):
        context = {"club": club, "event": event, "name": name.strip(), "url": url}
        subject = _("Bevestig je lidmaatschap van %(club)s", club=club.name)
        outbox.enqueue_text("club_join", email.strip(), subject,
                            render_template("clubs/mail_join.txt", **context),
                            render_template("clubs/mail_join.html", **context))


@dataclass
class JoinRequest:
    club: Club
    event: Event
    name: str
    email: str


def read_join(club_id: int, token: str) -> JoinRequest:
    try:
        data = _serializer().loads(token, max_age=JOIN_MAX_AGE)
    except SignatureExpired as error:
        raise NotFound(_("Deze link is verlopen. Vraag een nieuwe aan op de pagina van de "
                         "club.")) from error
    except BadSignature as error:
        raise NotFound(_("Deze link is ongeldig. Gebruik de link uit je e-mail.")) from error
    club = get_club(club_id)
    event = db.session.get(Event, data.get("event"))
    if data.get("club") != club.id or event is None or event.status != EventStatus.PUBLISHED:
        raise NotFound(_("Deze link hoort niet (meer) bij deze club."))
    return JoinRequest(club, event, data["name"], data["email"])


def confirm_join(request: JoinRequest) -> registrations.Outcome:
    """Join = register for the club's meeting series, so the confirmation mail, personal feed,
    reminders and the leave link work as for any registration."""
    return registrations.register(request.event.id, Submission(
        contact_name=request.name, contact_email=request.email))


# ---------------------------------------------------------------- coordinators


@dataclass
class ClubInput:
    name: str
    description: str
    municipality_nis: str
    organisation_ids: list[int]
    contact_name: str
    contact_email: str
    contact_phone: str
    contact_consent: bool
    schools_shown: list[str]
    schools_hidden: list[str]
    series_event_id: int | None
    active: bool = True


def series_choices() -> list[Event]:
    return list(db.session.scalars(sa.select(Event).where(
        Event.kind == EventKind.TEACHER_CLUB).order_by(Event.first_start.desc())))


def save(club: Club | None, data: ClubInput) -> Club:
    if not data.name.strip() or has_control_characters(data.name):
        raise InvalidInput(_("Vul de naam van de club in (één regel)."))
    if db.session.get(Municipality, data.municipality_nis) is None:
        raise InvalidInput(_("Kies de gemeente van de club."))
    if data.series_event_id is not None:
        event = db.session.get(Event, data.series_event_id)
        if event is None or event.kind != EventKind.TEACHER_CLUB:
            raise InvalidInput(_("Kies een reeks bijeenkomsten van het soort "
                                 "'STEM-club voor leerkrachten'."))
    club = club or Club()
    club.name, club.description = data.name.strip()[:200], data.description.strip()
    club.municipality_nis = data.municipality_nis
    club.organisations = list(db.session.scalars(
        sa.select(Organisation).where(Organisation.id.in_(data.organisation_ids))))
    club.contact_name = data.contact_name.strip()[:120]
    club.contact_email = data.contact_email.strip()[:254]
    club.contact_phone = data.contact_phone.strip()[:40]
    club.contact_consent = data.contact_consent
    club.series_event_id = data.series_event_id
    club.active = data.active
    club.schools = [ClubSchool(name=n[:200], consent=True) for n in data.schools_shown] + [
        ClubSchool(name=n[:200], consent=False) for n in data.schools_hidden]
    db.session.add(club)
    db.session.flush()
    return club


def all_clubs() -> list[Club]:
    return list(db.session.scalars(sa.select(Club).order_by(Club.name)))


# ---------------------------------------------------------------- coverage (report)


@dataclass(frozen=True)
class ClubCoverage:
    province: Province
    municipalities: int
    with_club: int
    clubs: int

    @property
    def percent(self) -> int:
        return round(100 * self.with_club / self.municipalities) if self.municipalities else 0


def coverage(province: str | None = None) -> tuple[list[ClubCoverage], dict[str, int]]:
    """Per province (only `province` when given): municipalities, those with an active club,
    clubs; and clubs per municipality ({nis: clubs})."""
    per_municipality = dict(db.session.execute(
        sa.select(Club.municipality_nis, sa.func.count(Club.id))
        .where(Club.active.is_(True)).group_by(Club.municipality_nis)).all())
    provinces = db.session.execute(
        sa.select(Province, sa.func.count(Municipality.nis))
        .join(Municipality, Municipality.province_nis == Province.nis)
        .where(Province.nis == province if province else sa.true())
        .group_by(Province.nis).order_by(Province.name)).all()
    province_of = dict(db.session.execute(
        sa.select(Municipality.nis, Municipality.province_nis)
        .where(Municipality.nis.in_(list(per_municipality)))).all())
    with_club: dict[str, int] = defaultdict(int)
    clubs: dict[str, int] = defaultdict(int)
    for nis, n in per_municipality.items():
        with_club[province_of[nis]] += 1
        clubs[province_of[nis]] += n
    rows = [ClubCoverage(p, n, with_club[p.nis], clubs[p.nis]) for p, n in provinces]
    return rows, per_municipality


def members_per_club() -> dict[int, int]:
    """{club id: confirmed registrations for its current meeting series} of the active clubs
    (counts of people: the report shows them by the small-cell rule)."""
    return dict(db.session.execute(
        sa.select(Club.id, sa.func.count(Registration.id))
        .join(Registration, sa.and_(Registration.event_id == Club.series_event_id,
                                    Registration.status == RegistrationStatus.CONFIRMED))
        .where(Club.active.is_(True)).group_by(Club.id)).all())
