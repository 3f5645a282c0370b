"""Rules and queries of the network domain: the initiatives catalogue, "STEM in jouw gemeente",
network moments and State-of-the-STEM editions. Views call these; rules raise DomainErrors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import MultiDict

from stem_events.accounts.models import Organisation
from stem_events.date_time import now_utc
from stem_events.errors import Forbidden, InvalidInput, NotFound
from stem_events.events.filters import AgendaFilter, InvalidFilter, goal_codes, parse_filters
from stem_events.events.models import PUBLIC_STATUSES, Event, EventSession, slugify
from stem_events.events.services import MAX_ID
from stem_events.extensions import db
from stem_events.network.models import (
    AwardCategory,
    Edition,
    Initiative,
    InitiativeStatus,
    InvitedPillar,
    MarketStand,
    NetworkMoment,
    Nomination,
    Pitch,
    ProgrammeItem,
    event_initiatives,
    initiative_goals,
    initiative_municipalities,
    initiative_organisations,
    initiative_themes,
)
from stem_events.network.search import search_condition
from stem_events.pagination import Page
from stem_events.reference.models import EventKind, HelixPillar, Municipality, Theme

#: The agenda filters that make sense for lasting initiatives (no dates, kinds or prices).
INITIATIVE_FILTERS = ("province", "municipality", "theme", "goal", "age", "q", "organisation")


class InitiativeNotPublished(InvalidInput):
    """Alleen gepubliceerde initiatieven kunnen genomineerd worden."""


# ---------------------------------------------------------------------------- initiatives
def parse_initiative_filters(args: MultiDict) -> AgendaFilter:
    """The agenda's parser and Dutch messages, for the parameters initiatives have."""
    kept = MultiDict([(k, v) for k, v in args.items(multi=True) if k in INITIATIVE_FILTERS])
    for name, value in kept.items(multi=True):
        if "\x00" in value:  # PostgreSQL refuses NUL in text; no filter value contains one
            raise InvalidFilter(name, _("‘%(name)s’ bevat een ongeldig teken.", name=name))
    return parse_filters(kept)


def initiative_conditions(f: AgendaFilter) -> list:
    conditions: list = [Initiative.status == InitiativeStatus.PUBLISHED]
    served = sa.select(initiative_municipalities.c.initiative_id)
    if f.municipality:
        conditions.append(Initiative.id.in_(
            served.where(initiative_municipalities.c.municipality_nis == f.municipality)))
    elif f.province:
        conditions.append(Initiative.id.in_(
            served.join(Municipality,
                        Municipality.nis == initiative_municipalities.c.municipality_nis)
            .where(Municipality.province_nis == f.province)))
    if f.themes:
        conditions.append(Initiative.id.in_(
            sa.select(initiative_themes.c.initiative_id)
            .join(Theme, Theme.id == initiative_themes.c.theme_id)
            .where(Theme.slug.in_(f.themes))))
    if f.goal:
        conditions.append(Initiative.id.in_(
            sa.select(initiative_goals.c.initiative_id)
            .where(initiative_goals.c.goal_code.in_(goal_codes(f.goal)))))
    if f.age is not None:
        conditions.append(sa.or_(Initiative.age_min.is_(None), Initiative.age_min <= f.age))
        conditions.append(sa.or_(Initiative.age_max.is_(None), Initiative.age_max >= f.age))
    if f.organisation is not None:
        conditions.append(Initiative.id.in_(
            sa.select(initiative_organisations.c.initiative_id)
            .where(initiative_organisations.c.organisation_id == f.organisation)))
    if f.q:
        conditions.append(search_condition(f.q))
    return conditions


def published_initiatives(f: AgendaFilter, page: int = 1, per_page: int = 25) -> Page:
    """Published initiatives matching the filter, by name."""
    conditions = initiative_conditions(f)
    total = db.session.scalar(sa.select(sa.func.count(Initiative.id)).where(*conditions))
    items = db.session.scalars(
        sa.select(Initiative).where(*conditions).order_by(Initiative.name, Initiative.id)
        .limit(per_page).offset((page - 1) * per_page)
        .options(selectinload(Initiative.organisations), selectinload(Initiative.themes),
                 selectinload(Initiative.goals), selectinload(Initiative.municipalities))
    ).all()
    return Page(items=list(items), page=page, per_page=per_page, total=total or 0)


def get_public_initiative(initiative_id: int) -> Initiative:
    found = db.session.get(Initiative, initiative_id) if 0 < initiative_id <= MAX_ID else None
    if found is None or not found.is_public:
        raise NotFound(_("Dit initiatief bestaat niet of is (nog) niet openbaar."))
    return found


@dataclass(frozen=True)
class PresentingEvent:
    event: Event
    first_start: datetime
    last_end: datetime

    @property
    def is_past(self) -> bool:
        return self.last_end < now_utc()


def events_presenting(initiative_ids: list[int] | int) -> list[PresentingEvent]:
    """Public events that present the initiative(s), soonest first."""
    ids = [initiative_ids] if isinstance(initiative_ids, int) else initiative_ids
    span = (
        sa.select(EventSession.event_id, sa.func.min(EventSession.starts_at).label("first"),
                  sa.func.max(EventSession.ends_at).label("last"))
        .group_by(EventSession.event_id).subquery()
    )
    rows = db.session.execute(
        sa.select(Event, span.c.first, span.c.last).join(span, span.c.event_id == Event.id)
        .where(Event.status.in_(PUBLIC_STATUSES), Event.id.in_(
            sa.select(event_initiatives.c.event_id)
            .where(event_initiatives.c.initiative_id.in_(ids))))
        .order_by(span.c.first, Event.id)
        .options(selectinload(Event.municipality), selectinload(Event.organisation))
    ).all()
    return [PresentingEvent(event, first, last) for event, first, last in rows]


def initiatives_presented_at(event_id: int) -> list[Initiative]:
    """Published initiatives an event presents (the public never sees the others)."""
    return list(db.session.scalars(
        sa.select(Initiative).join(event_initiatives,
                                   event_initiatives.c.initiative_id == Initiative.id)
        .where(event_initiatives.c.event_id == event_id,
               Initiative.status == InitiativeStatus.PUBLISHED)
        .order_by(Initiative.name).options(selectinload(Initiative.organisations))
    ).all())


def new_initiative(name: str, **values) -> Initiative:
    """An initiative with its slug; the caller adds it."""
    return Initiative(name=name, slug=slugify(name), **values)


def upcoming_window() -> tuple[datetime, datetime]:
    now = now_utc()
    return now, now + timedelta(days=365)




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
    from stem_events.events.models import event_organisations

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


def municipalities_by_province() -> list[tuple[object, list[MunicipalityRow]]]:
    from stem_events.reference.models import Province

    counts = upcoming_counts()
    academies = academy_municipalities(*academy_window())
    provinces = db.session.scalars(
        sa.select(Province).order_by(Province.name)
        .options(selectinload(Province.municipalities))).all()
    return [(p, [MunicipalityRow(m, counts.get(m.nis, 0), m.nis in academies)
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


def initiatives_serving(nis: str) -> list[Initiative]:
    return list(db.session.scalars(
        sa.select(Initiative).where(*initiative_conditions(AgendaFilter(municipality=nis)))
        .order_by(Initiative.name).options(selectinload(Initiative.organisations))).all())


# ------------------------------------------------------------------------ network moments
class NotANetworkMoment(NotFound):
    """Deze activiteit is geen netwerkmoment."""


def ensure_coordinator(user) -> None:
    """Coordinators (admins) run network moments, editions and the report."""
    if not (user.is_authenticated and user.is_admin):
        raise Forbidden(_("Alleen coördinatoren hebben toegang tot deze pagina."))


@dataclass(frozen=True)
class MomentView:
    """What an event page shows about the initiatives it presents and, for a network moment,
    its region, invited pillars, programme and report."""

    moment: NetworkMoment | None
    hosts: list[Organisation]
    presented: list[Initiative]

    @property
    def missing_pillars(self) -> list[HelixPillar]:
        present = {o.helix for o in self.hosts}
        return [p for p in HelixPillar if p not in present]


def network_moment_view(event: Event) -> MomentView | None:
    moment = db.session.get(NetworkMoment, event.id) if event.kind == EventKind.NETWORK_MOMENT \
        else None
    presented = initiatives_presented_at(event.id)
    if moment is None and not presented:
        return None
    return MomentView(moment, event.organisers, presented)


def get_moment_event(event_id: int) -> Event:
    """A network moment's event (any status: coordinators edit drafts too)."""
    event = db.session.get(Event, event_id) if 0 < event_id <= MAX_ID else None
    if event is None or event.kind != EventKind.NETWORK_MOMENT:
        raise NotANetworkMoment()
    return event


def get_public_moment(event_id: int) -> tuple[Event, MomentView]:
    from stem_events.events.services import get_public_event

    event = get_public_event(event_id)
    if event.kind != EventKind.NETWORK_MOMENT:
        raise NotANetworkMoment()
    return event, network_moment_view(event) or MomentView(None, event.organisers, [])


def moment_for(event: Event) -> NetworkMoment:
    return db.session.get(NetworkMoment, event.id) or NetworkMoment(event_id=event.id)


def network_moments_for_admin() -> list[tuple[Event, datetime | None]]:
    first = (sa.select(EventSession.event_id, sa.func.min(EventSession.starts_at).label("s"))
             .group_by(EventSession.event_id).subquery())
    return list(db.session.execute(
        sa.select(Event, first.c.s).outerjoin(first, first.c.event_id == Event.id)
        .where(Event.kind == EventKind.NETWORK_MOMENT)
        .order_by(first.c.s.desc(), Event.id)).all())


@dataclass(frozen=True)
class PitchInput:
    title: str
    organisation_id: int | None = None
    initiative_id: int | None = None
    speaker_name: str = ""


def _published(ids: list[int]) -> list[Initiative]:
    found = list(db.session.scalars(sa.select(Initiative).where(
        Initiative.id.in_(set(ids)), Initiative.status == InitiativeStatus.PUBLISHED)))
    if set(ids) - {i.id for i in found}:
        raise InitiativeNotPublished(_(
            "Alleen gepubliceerde initiatieven kunnen op een netwerkmoment voorgesteld worden."))
    return found


def save_network_moment(event: Event, *, region: str, province_nis: str | None,
                        pillars: list[str], report: str, initiative_ids: list[int],
                        pitches: list[PitchInput]) -> NetworkMoment:
    """Store region, invited pillars, programme, report and presented initiatives; every
    check happens before anything changes, in the caller's transaction."""
    from stem_events.reference.models import Province

    if event.kind != EventKind.NETWORK_MOMENT:
        raise NotANetworkMoment()
    if province_nis and db.session.get(Province, province_nis) is None:
        raise InvalidInput(_("Onbekende provincie."))
    try:
        invited = sorted({HelixPillar(p) for p in pillars})
    except ValueError:
        raise InvalidInput(_("Onbekende helixpijler.")) from None
    presented = _published(initiative_ids + [p.initiative_id for p in pitches
                                                 if p.initiative_id])
    for pitch in pitches:
        if not pitch.title.strip():
            raise InvalidInput(_("Elke pitch heeft een titel nodig."))
        if pitch.organisation_id and db.session.get(Organisation, pitch.organisation_id) is None:
            raise InvalidInput(_("Onbekende organisatie bij pitch ‘%(title)s’.",
                                 title=pitch.title))
    moment = moment_for(event)
    moment.region, moment.province_nis, moment.report = region.strip(), province_nis, report
    kept = [i for i in moment.invited if i.pillar in invited]
    moment.invited = kept + [InvitedPillar(pillar=p) for p in invited
                             if p not in {i.pillar for i in kept}]
    _replace_pitches(moment, pitches)
    db.session.add(moment)
    event.initiatives = presented
    return moment


def _replace_pitches(moment: NetworkMoment, pitches: list[PitchInput]) -> None:
    """Update in place by position, so (event, position) stays unique at every flush."""
    existing = list(moment.pitches)
    for position, given in enumerate(pitches):
        row = existing[position] if position < len(existing) else Pitch(position=position)
        row.position = position
        row.title, row.speaker_name = given.title.strip(), given.speaker_name.strip()
        row.organisation_id, row.initiative_id = given.organisation_id, given.initiative_id
        if position >= len(existing):
            moment.pitches.append(row)
    for extra in existing[len(pitches):]:
        moment.pitches.remove(extra)


# ------------------------------------------------------------------ State-of-the-STEM
ROAD_YEARS = 2


@dataclass(frozen=True)
class TimeSlot:
    starts_at: datetime
    items: list[ProgrammeItem]


@dataclass(frozen=True)
class EditionPage:
    edition: Edition
    slots: list[TimeSlot]
    tracks: list[str]
    stands: list[MarketStand]
    awards: list[tuple[AwardCategory, list[Nomination]]]
    road: list[PresentingEvent]


def get_public_edition(year: int) -> Edition:
    edition = db.session.scalar(sa.select(Edition).where(Edition.year == year)) \
        if 2000 <= year <= 2100 else None
    if edition is None or edition.event is None or not edition.event.is_public:
        raise NotFound(_("Deze editie van State-of-the-STEM bestaat niet of is nog niet "
                         "openbaar."))
    return edition


def edition_start(edition: Edition) -> datetime:
    starts = [s.starts_at for s in edition.event.sessions] + [
        p.starts_at for p in edition.programme]
    return min(starts) if starts else now_utc()


def road_to(edition: Edition) -> list[PresentingEvent]:
    """The public network moments of the two years before the edition."""
    end = edition_start(edition)
    start = end.replace(year=end.year - ROAD_YEARS)
    span = (
        sa.select(EventSession.event_id, sa.func.min(EventSession.starts_at).label("first"),
                  sa.func.max(EventSession.ends_at).label("last"))
        .group_by(EventSession.event_id).subquery()
    )
    rows = db.session.execute(
        sa.select(Event, span.c.first, span.c.last).join(span, span.c.event_id == Event.id)
        .where(Event.kind == EventKind.NETWORK_MOMENT, Event.status.in_(PUBLIC_STATUSES),
               span.c.first >= start, span.c.first < end)
        .order_by(span.c.first, Event.id).options(selectinload(Event.municipality))
    ).all()
    return [PresentingEvent(event, first, last) for event, first, last in rows]


def edition_page(edition: Edition) -> EditionPage:
    slots: dict[datetime, list[ProgrammeItem]] = {}
    for item in edition.programme:
        slots.setdefault(item.starts_at, []).append(item)
    tracks = sorted({i.track for i in edition.programme if i.track})
    stands = [s for s in edition.stands if s.initiative.is_public]
    awards = []
    if edition.awards_published:
        for category in edition.award_categories:
            shortlist = [n for n in category.nominations
                         if n.shortlisted and n.initiative.is_public]
            awards.append((category, sorted(shortlist, key=lambda n: (not n.winner,
                                                                      n.initiative.name))))
    return EditionPage(edition, [TimeSlot(t, sorted(items, key=lambda i: (i.track, i.room)))
                                 for t, items in sorted(slots.items())],
                       tracks, stands, awards, road_to(edition))


def nominate(category: AwardCategory, initiative: Initiative) -> Nomination:
    """Nominate an initiative from the registry; only published ones qualify."""
    if not initiative.is_public:
        raise InitiativeNotPublished(_(
            "‘%(name)s’ is (nog) niet gepubliceerd in het register en kan niet genomineerd "
            "worden.", name=initiative.name))
    existing = db.session.scalar(sa.select(Nomination).where(
        Nomination.category_id == category.id, Nomination.initiative_id == initiative.id))
    if existing is not None:
        return existing
    nomination = Nomination(initiative=initiative)
    category.nominations.append(nomination)
    return nomination


def set_shortlist(nomination: Nomination, shortlisted: bool, winner: bool) -> None:
    if winner and not shortlisted:
        raise InvalidInput(_("Een winnaar staat altijd op de shortlist."))
    if not nomination.initiative.is_public:
        raise InitiativeNotPublished()
    nomination.shortlisted, nomination.winner = shortlisted, winner


def get_edition(year: int) -> Edition:
    """An edition in any state (coordinators)."""
    edition = db.session.scalar(sa.select(Edition).where(Edition.year == year)) \
        if 2000 <= year <= 2100 else None
    if edition is None:
        raise NotFound(_("Deze editie van State-of-the-STEM bestaat niet."))
    return edition


def get_category(edition: Edition, category_id: int) -> AwardCategory:
    found = next((c for c in edition.award_categories if c.id == category_id), None)
    if found is None:
        raise NotFound(_("Deze awardcategorie hoort niet bij deze editie."))
    return found


def get_nomination(edition: Edition, nomination_id: int) -> Nomination:
    for category in edition.award_categories:
        for nomination in category.nominations:
            if nomination.id == nomination_id:
                return nomination
    raise NotFound(_("Deze nominatie hoort niet bij deze editie."))


def get_initiative(initiative_id: int) -> Initiative:
    found = db.session.get(Initiative, initiative_id) if 0 < initiative_id <= MAX_ID else None
    if found is None:
        raise InvalidInput(_("Kies een initiatief uit het register."))
    return found
