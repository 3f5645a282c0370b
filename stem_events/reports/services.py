"""The biennial monitoring report (STEM-Agenda §7.1): per goal the actions that serve it, the
helix balance of network moments, the connections made there, and the municipalities reached
by a STEM-academy. Everything is counted from what stays after the privacy purge (events,
sessions, organisations, initiatives); registration and attendance columns are one more
per-event measure each (see `EVENT_MEASURES`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import combinations

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from stem_events.accounts.models import Organisation
from stem_events.date_time import is_supported_day, local_day_bounds, to_local, today_local
from stem_events.errors import InvalidInput
from stem_events.events.models import (
    PUBLIC_STATUSES,
    Event,
    EventSession,
    SessionStatus,
    event_goals,
)
from stem_events.extensions import db
from stem_events.initiatives.models import (
    Initiative,
    InitiativeStatus,
    event_initiatives,
    initiative_goals,
    initiative_organisations,
)
from stem_events.municipalities.services import academy_definition, academy_municipalities
from stem_events.reference.models import EventKind, Goal, HelixPillar, Municipality, Province
from stem_events.registrations.models import Attendance, Registration, RegistrationStatus
from stem_events.registrations.rules import age_group_labels
from stem_events.reports import clubs as club_tables
from stem_events.reports.small_cells import Counts
from stem_events.reports.small_cells import text as small_count

__all__ = ["academy_definition"]

DEFAULT_YEARS = 2


class InvalidPeriod(InvalidInput):
    code = "invalid_period"


@dataclass(frozen=True)
class Period:
    first: date
    last: date
    province: str | None = None  # NIS of a province: only activities held there

    def events_here(self):
        """A condition on `Event`: held in the chosen province (always true without one)."""
        if not self.province:
            return sa.true()
        return Event.municipality_nis.in_(
            sa.select(Municipality.nis).where(Municipality.province_nis == self.province))

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        return local_day_bounds(self.first, self.last)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def parse_period(raw_from: str | None, raw_to: str | None,
                 raw_province: str | None = None) -> Period:
    """`from`/`to` as ISO dates; default: the last two years up to today. `province`: the NIS
    of a province (regional coordinators), or empty for all of Flanders and Brussels."""
    today = today_local()

    def parse(raw: str | None, name: str) -> date | None:
        if not raw:
            return None
        try:
            day = date.fromisoformat(raw.strip())
        except ValueError:
            raise InvalidPeriod(_("‘%(value)s’ is geen geldige datum voor ‘%(name)s’; gebruik "
                                  "jjjj-mm-dd.", value=raw[:20], name=name)) from None
        if not is_supported_day(day):
            raise InvalidPeriod(_("‘%(value)s’ ligt te ver in het verleden of in de toekomst.",
                                  value=raw[:20]))
        return day

    last = parse(raw_to, "to") or today
    first = parse(raw_from, "from") or _years_before(last, DEFAULT_YEARS)
    if first > today or last > today:
        raise InvalidPeriod(_("De periode mag niet in de toekomst liggen."))
    if first > last:
        raise InvalidPeriod(_("De begindatum ligt na de einddatum."))
    province = (raw_province or "").strip() or None
    if province and (len(province) > 5 or db.session.get(Province, province) is None):
        raise InvalidPeriod(_("Deze provincie kennen we niet; kies een provincie uit de lijst."))
    return Period(first, last, province)


# ------------------------------------------------------------------------------- goals
def _events_in(period: Period):
    """Public events with a (not cancelled) session in the period."""
    start, end = period.bounds
    return sa.select(EventSession.event_id).join(Event).where(
        Event.status.in_(PUBLIC_STATUSES), EventSession.status == SessionStatus.SCHEDULED,
        EventSession.starts_at >= start, EventSession.starts_at < end, period.events_here())


def sessions_per_event(period: Period) -> dict[int, int]:
    start, end = period.bounds
    return dict(db.session.execute(
        sa.select(EventSession.event_id, sa.func.count()).join(Event)
        .where(Event.status.in_(PUBLIC_STATUSES),
               EventSession.status == SessionStatus.SCHEDULED,
               EventSession.starts_at >= start, EventSession.starts_at < end,
               period.events_here())
        .group_by(EventSession.event_id)).all())


#: A registration's seats (a class booking is one row with many) and a check-in's number
#: present (a group's `present_count`; one person otherwise): what the report counts.
SEATS = sa.func.coalesce(sa.func.sum(Registration.seats), 0)
PRESENT = sa.func.coalesce(sa.func.sum(sa.func.coalesce(Attendance.present_count, 1)), 0)


def _confirmed_in(period: Period):
    """Confirmed registrations for public events with a session in the period. Rows stay
    after the privacy purge (only personal fields are erased), so these counts stay too."""
    return sa.and_(Registration.status == RegistrationStatus.CONFIRMED,
                   Registration.event_id.in_(_events_in(period)))


def registrations_per_event(period: Period) -> dict[int, int]:
    """Confirmed registrations (seats) per event."""
    return dict(db.session.execute(
        sa.select(Registration.event_id, SEATS).where(_confirmed_in(period))
        .group_by(Registration.event_id)).all())


def attendance_per_event(period: Period) -> dict[int, int]:
    """Check-ins at the event's sessions in the period (one per person and session; a
    group counts the number present)."""
    start, end = period.bounds
    return dict(db.session.execute(
        sa.select(EventSession.event_id, PRESENT)
        .join(Attendance, Attendance.session_id == EventSession.id)
        .join(Event, Event.id == EventSession.event_id)
        .where(Event.status.in_(PUBLIC_STATUSES),
               EventSession.status == SessionStatus.SCHEDULED,
               EventSession.starts_at >= start, EventSession.starts_at < end,
               period.events_here())
        .group_by(EventSession.event_id)).all())


def sessions_without_check_in(period: Period) -> dict[int, int]:
    """Per event: its sessions in the period where nobody was checked in (attendance was
    not taken there, which is not the same as nobody came)."""
    start, end = period.bounds
    checked = sa.select(Attendance.session_id)
    return dict(db.session.execute(
        sa.select(EventSession.event_id, sa.func.count()).join(Event)
        .where(Event.status.in_(PUBLIC_STATUSES),
               EventSession.status == SessionStatus.SCHEDULED,
               EventSession.starts_at >= start, EventSession.starts_at < end,
               period.events_here(), EventSession.id.not_in(checked))
        .group_by(EventSession.event_id)).all())


#: Per-event measures summed per goal: (key, column heading, query).
EVENT_MEASURES: list[tuple[str, object, Callable[[Period], dict[int, int]]]] = [
    ("sessions", _l("Sessies"), sessions_per_event),
    ("registrations", _l("Inschrijvingen"), registrations_per_event),
    ("attendance", _l("Aanwezigen"), attendance_per_event),
]


# ------------------------------------------------------------------ participants
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Participants:
    """Confirmed participants of the period as aggregates only (never a person)."""

    by_pillar: list[tuple[str, int]]  # (pillar label or "onbekend", count)
    by_province: list[tuple[str, int]]  # the province of the event's municipality
    by_age: list[tuple[str, int]]  # the age group stored at registration

    @property
    def total(self) -> int:
        return sum(n for _label, n in self.by_pillar)

    @property
    def unknown_pillar(self) -> int:
        """Registrations without a helix pillar (children's registrations have none)."""
        return self.total - sum(self.by_pillar[i][1] for i in range(len(HelixPillar)))

    def counts(self) -> Counts:
        """Every published cell of the participant tables, protected by THE small-cell rule:
        each table's rows and the total are one group (their sum is the total)."""
        found = Counts()
        found.add("total", self.total)
        for table, rows in (("pillar", self.by_pillar), ("province", self.by_province),
                            ("age", self.by_age)):
            for label, n in rows:
                found.add((table, label), n)
            found.group([(table, label) for label, _n in rows] + ["total"])
        return found


def participants(period: Period) -> Participants:
    unknown = _("onbekend")
    pillar_counts = dict(db.session.execute(
        sa.select(Registration.participant_helix, SEATS).where(_confirmed_in(period))
        .group_by(Registration.participant_helix)).all())
    by_pillar = [(p.label, pillar_counts.get(p, 0)) for p in HelixPillar]
    if pillar_counts.get(None):
        by_pillar.append((unknown, pillar_counts[None]))
    province_counts = dict(db.session.execute(
        sa.select(Municipality.province_nis, SEATS)
        .select_from(Registration).join(Event, Event.id == Registration.event_id)
        .outerjoin(Municipality, Municipality.nis == Event.municipality_nis)
        .where(_confirmed_in(period)).group_by(Municipality.province_nis)).all())
    provinces = db.session.scalars(
        sa.select(Province).where(Province.nis == period.province if period.province
                                  else sa.true()).order_by(Province.name)).all()
    by_province = [(p.short_name, province_counts.get(p.nis, 0)) for p in provinces]
    if province_counts.get(None):
        by_province.append((_("online of onbekend"), province_counts[None]))
    age_counts = dict(db.session.execute(
        sa.select(Registration.age_group, SEATS).where(_confirmed_in(period))
        .group_by(Registration.age_group)).all())
    by_age = [(label, age_counts.get(group, 0)) for group, label in age_group_labels()]
    known = {group for group, _label in age_group_labels()}
    other = sum(n for group, n in age_counts.items() if group not in known)
    if other:
        by_age.append((unknown, other))
    return Participants(by_pillar, by_province, by_age)


def participant_pillars(event_ids: list[int]) -> dict[int, set[HelixPillar]]:
    """Pillars of the confirmed participants per event (kept after the purge)."""
    found: dict[int, set[HelixPillar]] = defaultdict(set)
    for event_id, pillar in db.session.execute(
            sa.select(Registration.event_id, Registration.participant_helix).distinct()
            .where(Registration.event_id.in_(event_ids),
                   Registration.status == RegistrationStatus.CONFIRMED,
                   Registration.participant_helix.is_not(None))).all():
        found[event_id].add(pillar)
    return found


@dataclass
class GoalRow:
    goal: Goal
    events: set[int] = field(default_factory=set)
    initiatives: set[int] = field(default_factory=set)
    measures: dict[str, int | None] = field(default_factory=dict)
    unchecked: int = 0  # sessions without any check-in


def _ancestors(goals: dict[str, Goal]) -> dict[str, list[str]]:
    result = {}
    for code, goal in goals.items():
        chain, current = [], goal
        while current is not None:
            chain.append(current.code)
            current = goals.get(current.parent_code) if current.parent_code else None
        result[code] = chain
    return result


def goal_rows(period: Period) -> list[GoalRow]:
    """Per SD/TD/OD: the events (with a session in the period) and published initiatives
    that serve it or one of its children, and the sum of each per-event measure."""
    goals = {g.code: g for g in db.session.scalars(sa.select(Goal).order_by(Goal.position))}
    up = _ancestors(goals)
    rows = {code: GoalRow(goal) for code, goal in goals.items()}
    tagged = db.session.execute(sa.select(event_goals.c.event_id, event_goals.c.goal_code)
                                .where(event_goals.c.event_id.in_(_events_in(period)))).all()
    for event_id, code in tagged:
        for ancestor in up[code]:
            rows[ancestor].events.add(event_id)
    _, end = period.bounds
    served = db.session.execute(
        sa.select(initiative_goals.c.initiative_id, initiative_goals.c.goal_code)
        .join(Initiative, Initiative.id == initiative_goals.c.initiative_id)
        .where(Initiative.status == InitiativeStatus.PUBLISHED, Initiative.created_at < end)).all()
    for initiative_id, code in served:
        for ancestor in up[code]:
            rows[ancestor].initiatives.add(initiative_id)
    for key, _label, measure in EVENT_MEASURES:
        per_event = measure(period)
        for row in rows.values():
            row.measures[key] = sum(per_event.get(e, 0) for e in row.events)
    unchecked = sessions_without_check_in(period)
    for row in rows.values():
        row.unchecked = sum(unchecked.get(e, 0) for e in row.events)
        if row.measures["sessions"] and row.unchecked == row.measures["sessions"]:
            row.measures["attendance"] = None  # no check-in at any session: not registered
    return list(rows.values())


# ------------------------------------------------------------------ network moments
@dataclass(frozen=True)
class MomentBalance:
    event: Event
    starts_at: datetime
    organisations: list[Organisation]  # hosts, then presenters' organisations
    participant_pillars: frozenset[HelixPillar] = frozenset()  # of the confirmed participants

    @property
    def pillars(self) -> list[HelixPillar]:
        present = {o.helix for o in self.organisations} | self.participant_pillars
        return [p for p in HelixPillar if p in present]

    @property
    def missing(self) -> list[HelixPillar]:
        return [p for p in HelixPillar if p not in self.pillars]


def network_moments(period: Period) -> list[MomentBalance]:
    """Public network moments with their first session in the period, and who was there:
    the host and co-organisers and the organisations of the initiatives presented."""
    start, end = period.bounds
    first = (sa.select(EventSession.event_id, sa.func.min(EventSession.starts_at).label("s"))
             .group_by(EventSession.event_id).subquery())
    rows = db.session.execute(
        sa.select(Event, first.c.s).join(first, first.c.event_id == Event.id)
        .where(Event.kind == EventKind.NETWORK_MOMENT, Event.status.in_(PUBLIC_STATUSES),
               first.c.s >= start, first.c.s < end, period.events_here())
        .order_by(first.c.s, Event.id)
        .options(selectinload(Event.organisation), selectinload(Event.co_organisations))).all()
    ids = [event.id for event, _s in rows]
    presenters: dict[int, list[Organisation]] = defaultdict(list)
    for event_id, organisation in db.session.execute(
            sa.select(event_initiatives.c.event_id, Organisation)
            .join(initiative_organisations,
                  initiative_organisations.c.initiative_id == event_initiatives.c.initiative_id)
            .join(Initiative, Initiative.id == event_initiatives.c.initiative_id)
            .join(Organisation, Organisation.id == initiative_organisations.c.organisation_id)
            .where(event_initiatives.c.event_id.in_(ids),
                   Initiative.status == InitiativeStatus.PUBLISHED)
            .order_by(Organisation.name)).all():
        presenters[event_id].append(organisation)
    result = []
    came = participant_pillars(ids)
    for event, starts in rows:
        everyone = {o.id: o for o in event.organisers + presenters[event.id]}
        result.append(MomentBalance(event, starts, list(everyone.values()),
                                    frozenset(came.get(event.id, set()))))
    return result


def pillar_presence(moments: list[MomentBalance]) -> list[tuple[HelixPillar, int]]:
    """For each pillar: at how many network moments it was present."""
    return [(p, sum(1 for m in moments if p in m.pillars)) for p in HelixPillar]


@dataclass(frozen=True)
class Connection:
    first: Organisation
    second: Organisation
    met_at: Event
    met_on: datetime


def connections(moments: list[MomentBalance]) -> list[Connection]:
    """Pairs of organisations of different pillars that were together at a network moment,
    each pair once, at the first moment they met in the period."""
    seen: dict[tuple[int, int], Connection] = {}
    for moment in moments:  # chronological
        for a, b in combinations(sorted(moment.organisations, key=lambda o: o.id), 2):
            if a.helix != b.helix and (a.id, b.id) not in seen:
                seen[(a.id, b.id)] = Connection(a, b, moment.event, moment.starts_at)
    return list(seen.values())


def quarter_of(moment: datetime) -> str:
    local_moment = to_local(moment)
    return f"{local_moment.year}-K{(local_moment.month - 1) // 3 + 1}"


def growth_per_quarter(period: Period, found: list[Connection]) -> list[tuple[str, int, int]]:
    """(quarter, new connections, cumulative) for every quarter of the period."""
    new = defaultdict(int)
    for connection in found:
        new[quarter_of(connection.met_on)] += 1
    quarters, year, q = [], period.first.year, (period.first.month - 1) // 3 + 1
    while (year, q) <= (period.last.year, (period.last.month - 1) // 3 + 1):
        quarters.append(f"{year}-K{q}")
        year, q = (year + 1, 1) if q == 4 else (year, q + 1)
    total, rows = 0, []
    for quarter in quarters:
        total += new[quarter]
        rows.append((quarter, new[quarter], total))
    return rows


# --------------------------------------------------------------- municipality coverage
@dataclass(frozen=True)
class Coverage:
    province: Province
    municipalities: int
    covered: int

    @property
    def percent(self) -> int:
        return round(100 * self.covered / self.municipalities) if self.municipalities else 0


def coverage(period: Period) -> tuple[list[Coverage], set[str]]:
    """Per province (and Brussels): municipalities with STEM-academy activity in the period."""
    covered = academy_municipalities(*period.bounds)
    if period.province:
        covered = set(db.session.scalars(sa.select(Municipality.nis).where(
            Municipality.nis.in_(covered), Municipality.province_nis == period.province)))
    counts = db.session.execute(
        sa.select(Province, sa.func.count(Municipality.nis))
        .join(Municipality, Municipality.province_nis == Province.nis)
        .where(Province.nis == period.province if period.province else sa.true())
        .group_by(Province.nis).order_by(Province.name)).all()
    by_province = defaultdict(int)
    for _nis, province_nis in db.session.execute(
            sa.select(Municipality.nis, Municipality.province_nis)
            .where(Municipality.nis.in_(covered))).all():
        by_province[province_nis] += 1
    return [Coverage(p, n, by_province[p.nis]) for p, n in counts], covered


def provinces() -> list[Province]:
    return list(db.session.scalars(sa.select(Province).order_by(Province.name)))


def all_municipalities(province: str | None = None) -> list[Municipality]:
    return list(db.session.scalars(
        sa.select(Municipality)
        .where(Municipality.province_nis == province if province else sa.true())
        .order_by(Municipality.province_nis, Municipality.name)))


# ------------------------------------------------------------------------- the report
@dataclass(frozen=True)
class Report:
    period: Period
    goals: list[GoalRow]
    moments: list[MomentBalance]
    presence: list[tuple[HelixPillar, int]]
    connections: list[Connection]
    growth: list[tuple[str, int, int]]
    coverage: list[Coverage]
    covered: set[str]
    titles: dict[str, dict[int, str]] = field(default_factory=dict)  # events, initiatives
    participants: Participants = field(default_factory=lambda: Participants([], [], []))
    clubs: club_tables.ClubFigures | None = None  # teacher STEM-clubs, as they are today

    @property
    def measure_columns(self) -> list[tuple[str, object]]:
        return [(key, label) for key, label, _q in EVENT_MEASURES]


def build_report(period: Period) -> Report:
    moments = network_moments(period)
    found = connections(moments)
    per_province, covered = coverage(period)
    goals = goal_rows(period)
    return Report(period, goals, moments, pillar_presence(moments), found,
                  growth_per_quarter(period, found), per_province, covered, _titles(goals),
                  participants(period), club_tables.build(period.province))


def _titles(goals: list[GoalRow]) -> dict[str, dict[int, str]]:
    event_ids = set().union(*(r.events for r in goals)) if goals else set()
    initiative_ids = set().union(*(r.initiatives for r in goals)) if goals else set()
    return {
        "events": dict(db.session.execute(
            sa.select(Event.id, Event.title).where(Event.id.in_(event_ids))).all()),
        "initiatives": dict(db.session.execute(
            sa.select(Initiative.id, Initiative.name)
            .where(Initiative.id.in_(initiative_ids))).all()),
    }


# ------------------------------------------------------------------------------ tables
def _measure_cell(row: GoalRow, key: str) -> object:
    """Sessions as counted; registrations and attendance (people) by the small-cell rule;
    attendance never taken is "niet geregistreerd", not 0."""
    value = row.measures[key]
    if key == "sessions":
        return value
    if value is None:
        return _("niet geregistreerd")
    shown = small_count(value)
    if key == "attendance" and row.unchecked:
        return _("%(count)s (%(num)s sessies niet geregistreerd)", count=shown,
                 num=row.unchecked)
    return shown


def tables(report: Report) -> dict[str, tuple[list[str], list[list[object]]]]:
    """Every table of the report as (header, rows): the same data for the page and CSV.
    Dates stay `date`s: the page writes them in Dutch, the CSV as ISO. Counts of people
    follow THE small-cell rule (small_cells.py)."""
    measures = report.measure_columns
    people = report.participants.counts()
    clubs = report.clubs or club_tables.build(report.period.province)
    return {
        "goals": (
            [_("Doel"), _("Niveau"), _("Titel"), _("Activiteiten"),
             *[str(label) for _k, label in measures], _("Initiatieven")],
            [[r.goal.label, r.goal.level.value, r.goal.title, len(r.events),
              *[_measure_cell(r, k) for k, _l in measures], len(r.initiatives)]
             for r in report.goals],
        ),
        "actions": (
            [_("Doel"), _("Soort actie"), _("Titel")],
            [[r.goal.label, kind, title]
             for r in report.goals if r.goal.level.value == "OD"
             for kind, title in sorted(
                 [(_("activiteit"), report.titles["events"][e]) for e in r.events]
                 + [(_("initiatief"), report.titles["initiatives"][i]) for i in r.initiatives])],
        ),
        "moments": (
            [_("Netwerkmoment"), _("Datum"), _("Aantal pijlers"), _("Aanwezige pijlers"),
             _("Ontbrekende pijlers"), _("Organisaties")],
            [[m.event.title, to_local(m.starts_at).date(), len(m.pillars),
              ", ".join(p.label for p in m.pillars), ", ".join(p.label for p in m.missing),
              len(m.organisations)] for m in report.moments],
        ),
        "pillars": (
            [_("Helixpijler"), _("Aanwezig op netwerkmomenten")],
            [[p.label, n] for p, n in report.presence],
        ),
        "connections": (
            [_("Organisatie"), _("Pijler"), _("Organisatie"), _("Pijler"),
             _("Eerste ontmoeting"), _("Datum")],
            [[c.first.name, c.first.helix.label, c.second.name, c.second.helix.label,
              c.met_at.title, to_local(c.met_on).date()]
             for c in report.connections],
        ),
        "growth": (
            [_("Kwartaal"), _("Nieuwe verbindingen"), _("Totaal")],
            [list(row) for row in report.growth],
        ),
        "coverage": (
            [_("Provincie"), _("Gemeenten"), _("Met STEM-academie-activiteit"), _("Procent")],
            [[c.province.short_name, c.municipalities, c.covered, c.percent]
             for c in report.coverage],
        ),
        "participants_pillar": (
            [_("Helixpijler"), _("Deelnemers")],
            [[label, people.text(("pillar", label))]
             for label, _n in report.participants.by_pillar],
        ),
        "participants_province": (
            [_("Provincie van de activiteit"), _("Deelnemers")],
            [[label, people.text(("province", label))]
             for label, _n in report.participants.by_province],
        ),
        "participants_age": (
            [_("Leeftijdsgroep"), _("Deelnemers")],
            [[label, people.text(("age", label))]
             for label, _n in report.participants.by_age],
        ),
        "municipalities": (
            [_("NIS"), _("Gemeente"), _("Provincie"), _("STEM-academie-activiteit"),
             *club_tables.municipality_header()],
            [[m.nis, m.name, m.province_nis, _("ja") if m.nis in report.covered else _("nee"),
              *club_tables.municipality_columns(clubs, m.nis)]
             for m in all_municipalities(report.period.province)],
        ),
        **club_tables.tables(clubs),
    }


TABLE_NAMES = ("goals", "actions", "moments", "pillars", "connections", "growth", "coverage",
               "participants_pillar", "participants_province", "participants_age",
               "municipalities", "clubs", "club_list")


def _cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(header: list[str], rows: list[list[object]]) -> bytes:
    """UTF-8 with BOM, `;`-separated: what Excel with Belgian settings opens correctly."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[_cell(value) for value in row] for row in rows])
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def charts(report: Report) -> dict[str, list[tuple[str, int | str]]]:
    """(label, value) bars for the SVG charts; the tables beside them hold the same data. A
    value that the small-cell rule hides is its text ("< 10") and draws no bar."""
    people = report.participants.counts()
    return {
        "goals": [(r.goal.label, len(r.events)) for r in report.goals
                  if r.goal.level.value == "SD"],
        "pillars": [(p.label, n) for p, n in report.presence],
        "growth": [(quarter, total) for quarter, _new, total in report.growth],
        "coverage": [(c.province.short_name, c.percent) for c in report.coverage],
        # Only the registrations with a pillar; the page says how many have none.
        "participants_pillar": [
            (label, n if people.is_shown(("pillar", label)) else people.text(("pillar", label)))
            for label, n in report.participants.by_pillar[:len(HelixPillar)]],
    }


def participant_totals(report: Report) -> dict[str, str]:
    """The sentences' counts (total, without a pillar), by the same small-cell rule."""
    people = report.participants.counts()
    unknown = _("onbekend")
    return {"total": people.text("total"),
            "unknown_pillar": people.text(("pillar", unknown))
            if report.participants.unknown_pillar else "0"}
