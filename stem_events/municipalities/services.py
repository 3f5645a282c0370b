""""STEM in jouw gemeente": per municipality its upcoming activities and whether a
STEM-academy is active there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from stem_events.accounts.models import Organisation
from stem_events.date_time import now_utc
from stem_events.errors import NotFound
from stem_events.events.models import PUBLIC_STATUSES, Event, EventSession, event_organisations
from stem_events.extensions import db
from stem_events.reference.models import EventKind, Municipality, Province

# ------------------------------------------------------------------- STEM in jouw gemeente
ACADEMY_WINDOW = timedelta(days=365)


def academy_activity_events(start: datetime, end: datetime):
    """Ids of public academy activities with a session overlapping [start, end)."""
    in_window = sa.select(EventSession.event_id).where(
        EventSession.ends_at > start, EventSession.starts_at < end)
    return sa.select(Event.id).where(
        Event.kind == EventKind.ACADEMY_ACTIVITY, Event.status.in_(PUBLIC_STATUSES),
        Event.id.in_(in_window))


def academy_municipalities(start: datetime, end: datetime) -> set[str]:
    """Municipalities with an active STEM-academy in [start, end) (OD 1.2.1): an academy
    organisation based there that organised a public academy activity in the period, or a
    public academy activity held there."""
    activities = academy_activity_events(start, end)
    held = db.session.scalars(
        sa.select(Event.municipality_nis).where(Event.id.in_(activities),
                                                Event.municipality_nis.is_not(None))).all()
    organisers = sa.union(
        sa.select(Event.organisation_id.label("organisation_id"))
        .where(Event.id.in_(activities)),
        sa.select(event_organisations.c.organisation_id)
        .where(event_organisations.c.event_id.in_(activities)),
    ).subquery()
    based = db.session.scalars(
        sa.select(Organisation.municipality_nis).where(
            Organisation.is_academy.is_(True), Organisation.approved.is_(True),
            Organisation.municipality_nis.is_not(None),
            Organisation.id.in_(sa.select(organisers.c.organisation_id)))).all()
    return set(held) | set(based)


def academy_definition() -> str:
    """THE definition of "STEM-academie actief", written out on /municipalities and in the
    report (both use `academy_municipalities`)."""
    return _("Een STEM-academie is actief in een gemeente als er in de periode een openbare "
             "STEM-academie-activiteit (soort ‘STEM-academie-activiteit’) met een sessie in die "
             "gemeente plaatsvindt, of als een erkende STEM-academie met zetel in die gemeente "
             "zo’n activiteit organiseert. Op ‘STEM in jouw gemeente’ is de periode de voorbije "
             "en de komende twaalf maanden (een gemeente met alleen nog komende activiteiten "
             "staat als ‘gepland’); in het monitoringsrapport is het de gekozen periode, "
             "die niet in de toekomst ligt.")


def academy_planned_only(start: datetime, end: datetime) -> set[str]:
    """Municipalities active in [start, end) only through activities still to come."""
    now = now_utc()
    return academy_municipalities(start, end) - academy_municipalities(start, min(end, now))


def academy_window() -> tuple[datetime, datetime]:
    """The last and the next twelve months."""
    now = now_utc()
    return now - ACADEMY_WINDOW, now + ACADEMY_WINDOW


def upcoming_counts() -> dict[str, int]:
    """Per municipality: the public activities held there with a session still to come."""
    upcoming = sa.select(EventSession.event_id).where(EventSession.ends_at > now_utc())
    return dict(db.session.execute(
        sa.select(Event.municipality_nis, sa.func.count(Event.id))
        .where(Event.status.in_(PUBLIC_STATUSES), Event.municipality_nis.is_not(None),
               Event.id.in_(upcoming))
        .group_by(Event.municipality_nis)).all())


@dataclass(frozen=True)
class MunicipalityRow:
    municipality: Municipality
    upcoming: int
    academy: bool
    planned: bool = False  # active only through activities still to come


def municipalities_by_province() -> list[tuple[object, list[MunicipalityRow]]]:
    counts = upcoming_counts()
    academies = academy_municipalities(*academy_window())
    planned = academy_planned_only(*academy_window())
    provinces = db.session.scalars(
        sa.select(Province).order_by(Province.name)
        .options(selectinload(Province.municipalities))).all()
    return [(p, [MunicipalityRow(m, counts.get(m.nis, 0), m.nis in academies,
                                m.nis in planned)
                 for m in p.municipalities]) for p in provinces]


def get_municipality(nis: str) -> Municipality:
    found = db.session.get(Municipality, nis) if nis.isdigit() and len(nis) == 5 else None
    if found is None:
        raise NotFound(_("Deze gemeente kennen we niet. Kies een gemeente uit de lijst."))
    return found


@dataclass(frozen=True)
class AcademyStatus:
    active: bool
    organisations: list[Organisation]  # academies based in the municipality
    activities_held: int  # public academy activities held there in the window


def academy_status(nis: str) -> AcademyStatus:
    start, end = academy_window()
    activities = academy_activity_events(start, end)
    held = db.session.scalar(
        sa.select(sa.func.count(Event.id)).where(Event.id.in_(activities),
                                                 Event.municipality_nis == nis)) or 0
    organisations = db.session.scalars(
        sa.select(Organisation).where(Organisation.is_academy.is_(True),
                                      Organisation.approved.is_(True),
                                      Organisation.municipality_nis == nis)
        .order_by(Organisation.name)).all()
    return AcademyStatus(active=nis in academy_municipalities(start, end),
                         organisations=list(organisations), activities_held=held)
