"""Reach per goal and per province: the share of girls, the share with
kansentarief, the municipalities reached and the activities per audience — only as
aggregates, every figure through THE small-cell rule (`small_cells.py`).

Periods are fixed (school years, 1 September – 31 August, and their four quarters) and
complete (ended before today): two overlapping windows of one's own choosing, or the same
window read on two days, could be subtracted to single out one person. A school year and its
quarters are protected together, as are the provinces and their total."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from stem_events.audiences.models import Audience, event_audiences
from stem_events.audiences.services import KIND_AUDIENCES
from stem_events.date_time import local_day_bounds, to_local, today_local
from stem_events.events.models import (
    PUBLIC_STATUSES,
    Event,
    EventSession,
    SessionStatus,
    event_goals,
)
from stem_events.extensions import db
from stem_events.reach.models import WITHHELD, ReachAnswer
from stem_events.reference.models import Goal, GoalLevel, Municipality, Province
from stem_events.reports import role_models as role_model_sections
from stem_events.reports.services import InvalidPeriod
from stem_events.reports.small_cells import HIDDEN, Counts

QUARTER_MONTHS = ((9, 10, 11), (12, 1, 2), (3, 4, 5), (6, 7, 8))
QUARTER_NAMES = (_l("sep–nov"), _l("dec–feb"), _l("maa–mei"), _l("jun–aug"))
PERIOD = re.compile(r"^(\d{4})-(\d{4})(?:-K([1-4]))?$")
ALL, NONE = "all", "none"

#: (period) → [(role model, where shown)] for the report: events, network moments, programme.
ROLE_MODEL_SECTIONS: list[Callable] = list(role_model_sections.SECTIONS)


@dataclass(frozen=True)
class FixedPeriod:
    year: int  # the school year starting 1 September of `year`
    quarter: int | None = None  # 1 = sep–nov … 4 = jun–aug

    @property
    def key(self) -> str:
        base = f"{self.year}-{self.year + 1}"
        return f"{base}-K{self.quarter}" if self.quarter else base

    @property
    def label(self) -> str:
        base = _("schooljaar %(first)s–%(last)s", first=self.year, last=self.year + 1)
        if not self.quarter:
            return base
        return _("%(year)s, kwartaal %(n)s (%(months)s)", year=base, n=self.quarter,
                 months=QUARTER_NAMES[self.quarter - 1])

    @property
    def first(self) -> date:
        if not self.quarter:
            return date(self.year, 9, 1)
        month = QUARTER_MONTHS[self.quarter - 1][0]
        return date(self.year + (month < 9), month, 1)

    @property
    def last(self) -> date:
        if not self.quarter or self.quarter == 4:
            return date(self.year + 1, 8, 31)
        nxt = FixedPeriod(self.year, self.quarter + 1).first
        return date.fromordinal(nxt.toordinal() - 1)

    def contains(self, day: date) -> bool:
        return self.first <= day <= self.last

    def parts(self) -> list[FixedPeriod]:
        """The school year and its four quarters: protected together."""
        return [FixedPeriod(self.year)] + [FixedPeriod(self.year, q) for q in (1, 2, 3, 4)]


def school_year_of(day: date) -> int:
    return day.year if day.month >= 9 else day.year - 1


def complete_periods(today: date | None = None, years: int = 4) -> list[FixedPeriod]:
    """The complete school years (newest first) and their complete quarters."""
    today = today or today_local()
    current = school_year_of(today)
    found = []
    for year in range(current, current - years - 1, -1):
        for period in FixedPeriod(year).parts():
            if period.last < today:
                found.append(period)
    return found


def last_complete_years(n: int = 2, today: date | None = None) -> list[FixedPeriod]:
    today = today or today_local()
    current = school_year_of(today)
    return [FixedPeriod(year) for year in range(current - 1, current - 1 - n, -1)]


def parse_fixed_period(text: str | None, today: date | None = None) -> FixedPeriod:
    """'2024-2025' or '2024-2025-K2'; default the last complete school year. Only complete
    periods: anything else is a Dutch 400."""
    today = today or today_local()
    if not text:
        return last_complete_years(1, today)[0]
    match = PERIOD.match(text.strip())
    if not match or int(match[2]) != int(match[1]) + 1:
        raise InvalidPeriod(_("Kies een schooljaar (bv. 2024-2025) of een kwartaal ervan "
                              "(bv. 2024-2025-K2)."))
    period = FixedPeriod(int(match[1]), int(match[3]) if match[3] else None)
    if period.last >= today:
        raise InvalidPeriod(_("Alleen afgelopen periodes: een periode die nog loopt, "
                              "verandert elke dag en zou zo één persoon kunnen verraden."))
    if period.year < 2000:
        raise InvalidPeriod(_("Kies een schooljaar vanaf 2000-2001."))
    return period


# --------------------------------------------------------------------------- gathering
@dataclass(frozen=True)
class Row:
    day: date
    province: str  # NIS of the event's province, or NONE (online or unknown)
    event_id: int
    gender: str | None
    reduced_rate: str | None
    home: str | None


def _answers(year: FixedPeriod) -> list[Row]:
    """Every answer of the school year with the day of its activity (its session in
    open-sessions mode, else the event's first session) and the event's province."""
    start, end = local_day_bounds(year.first, year.last)
    first = sa.func.coalesce(EventSession.starts_at, Event.first_start)
    rows = db.session.execute(
        sa.select(first, Municipality.province_nis, ReachAnswer.event_id, ReachAnswer.gender,
                  ReachAnswer.reduced_rate, ReachAnswer.home)
        .join(Event, Event.id == ReachAnswer.event_id)
        .outerjoin(EventSession, EventSession.id == ReachAnswer.session_id)
        .outerjoin(Municipality, Municipality.nis == Event.municipality_nis)
        .where(Event.status.in_(PUBLIC_STATUSES), first >= start, first < end)).all()
    return [Row(to_local(day).date(), province or NONE, event_id, gender, reduced, home)
            for day, province, event_id, gender, reduced, home in rows]


def _event_days(year: FixedPeriod) -> dict[int, date]:
    """Public events with a scheduled session in the school year: the day of the first."""
    start, end = local_day_bounds(year.first, year.last)
    return {event_id: to_local(day).date() for event_id, day in db.session.execute(
        sa.select(EventSession.event_id, sa.func.min(EventSession.starts_at))
        .join(Event, Event.id == EventSession.event_id)
        .where(Event.status.in_(PUBLIC_STATUSES),
               EventSession.status == SessionStatus.SCHEDULED,
               EventSession.starts_at >= start, EventSession.starts_at < end)
        .group_by(EventSession.event_id)).all()}


def _audiences_of(event_ids: list[int]) -> dict[int, set[str]]:
    found: dict[int, set[str]] = defaultdict(set)
    for event_id, slug in db.session.execute(
            sa.select(event_audiences.c.event_id, Audience.slug)
            .join(Audience, Audience.id == event_audiences.c.audience_id)
            .where(event_audiences.c.event_id.in_(event_ids))).all():
        found[event_id].add(slug)
    for event_id, kind in db.session.execute(
            sa.select(Event.id, Event.kind).where(Event.id.in_(event_ids))).all():
        found[event_id].update(KIND_AUDIENCES.get(str(kind.value), ()))
    return found


def _goals_of(event_ids: list[int]) -> dict[int, set[str]]:
    found: dict[int, set[str]] = defaultdict(set)
    for event_id, code in db.session.execute(
            sa.select(event_goals.c.event_id, event_goals.c.goal_code)
            .where(event_goals.c.event_id.in_(event_ids),
                   event_goals.c.goal_code.like("OD%"))).all():
        found[event_id].add(code)
    return found


# ---------------------------------------------------------------------------- counting
MEASURE_GROUPS = (("g_ans", "g_f", "g_nf"), ("r_ans", "r_yes", "r_no"))


def _measures(row: Row) -> list[str]:
    found = []
    if row.gender in ("female", "male", "other"):
        found += ["g_ans", "g_f" if row.gender == "female" else "g_nf"]
    if row.reduced_rate in ("yes", "no"):
        found += ["r_ans", f"r_{row.reduced_rate}"]
    if row.home and row.home != WITHHELD:
        found.append("h_ans")
    return found


@dataclass
class ReachFigures:
    period: FixedPeriod
    counts: Counts
    provinces: list[tuple[str, str]]  # (key, name), NONE and ALL last
    goals: list[tuple[str, str]]  # (OD code, label)
    audiences: list[tuple[str, str]]  # (slug, name)
    municipalities: list[tuple[str, str, str]]  # (nis, name, province nis) of residence
    role_models: list = field(default_factory=list)

    def cell(self, table: str, row: str, measure: str) -> str:
        return self.counts.text((self.period.key, table, row, measure))

    def share(self, table: str, row: str, part: str, total: str) -> str:
        key = (self.period.key, table, row)
        return self.counts.share((*key, part), (*key, total))

    def municipalities_reached(self, province: str) -> int:
        """Municipalities of residence in a province where at least 10 participants live
        (each already meets the threshold, so this count needs no "< 10")."""
        return sum(1 for nis, _name, prov in self.municipalities
                   if (province == ALL or prov == province)
                   and self.counts.values.get((self.period.key, "home", nis, "h_ans"), 0) >= 10)


def build(period: FixedPeriod) -> ReachFigures:
    """Count the school year and its quarters together, then protect them together."""
    year = FixedPeriod(period.year)
    parts = year.parts()
    answers = _answers(year)
    days = _event_days(year)
    goals_of = _goals_of(list({r.event_id for r in answers}))
    audiences_of = _audiences_of(list(days))
    counts = Counts()
    provinces = [(p.nis, p.short_name) for p in db.session.scalars(
        sa.select(Province).order_by(Province.name))]
    province_rows = [nis for nis, _n in provinces] + [NONE]
    audience_rows = list(db.session.execute(
        sa.select(Audience.slug, Audience.name).order_by(Audience.position, Audience.id)))
    goal_rows: set[str] = set()
    for row in answers:
        for p in (p for p in parts if p.contains(row.day)):
            for measure in _measures(row):
                counts.add((p.key, "province", row.province, measure), 1)
                counts.add((p.key, "province", ALL, measure), 1)
                for code in goals_of.get(row.event_id, ()):
                    counts.add((p.key, "goal", code, measure), 1)
                    goal_rows.add(code)
            if "h_ans" in _measures(row):
                counts.add((p.key, "home", row.home, "h_ans"), 1)
                counts.add((p.key, "home", ALL, "h_ans"), 1)
    for event_id, day in days.items():
        for p in (p for p in parts if p.contains(day)):
            for slug in audiences_of.get(event_id, ()):
                counts.add((p.key, "audience", slug, "activities"), 1)
    # Every municipality is a row (an absent one would tell that nobody came from there).
    municipalities = [(m.nis, m.name, m.province_nis) for m in db.session.scalars(
        sa.select(Municipality).order_by(Municipality.name))]
    _groups(counts, parts, province_rows, sorted(goal_rows), [m[0] for m in municipalities],
            [slug for slug, _n in audience_rows])
    goal_labels = dict(db.session.execute(
        sa.select(Goal.code, Goal.title).where(Goal.level == GoalLevel.OPERATIONAL)).all())
    return ReachFigures(
        period, counts,
        provinces + [(NONE, _("online of onbekend")), (ALL, _("Vlaanderen en Brussel"))],
        [(code, f"OD {code[2:]} {goal_labels.get(code, '')[:60]}") for code in sorted(goal_rows)],
        [(slug, name) for slug, name in audience_rows],
        municipalities,
        [found for section in ROLE_MODEL_SECTIONS for found in section(period)])


def _groups(counts: Counts, parts: list[FixedPeriod], provinces: list[str], goals: list[str],
            homes: list[str], audiences: list[str]) -> None:
    """Every known relation between published cells (see small_cells.py)."""
    tables = {"province": provinces + [ALL], "goal": goals}
    for p in parts:
        for table, rows in tables.items():
            for row in rows:  # parts and their total: answered = girls + not girls
                for group in MEASURE_GROUPS:
                    counts.group((p.key, table, row, m) for m in group)
        for measure in ("g_ans", "g_f", "g_nf", "r_ans", "r_yes", "r_no", "h_ans"):
            counts.group([(p.key, "province", row, measure) for row in provinces]
                         + [(p.key, "province", ALL, measure)])
        counts.group([(p.key, "home", nis, "h_ans") for nis in homes]
                     + [(p.key, "home", ALL, "h_ans")])
    year, quarters = parts[0], parts[1:]
    keys = {key[1:] for key in counts.values if key[0] in {p.key for p in parts}}
    keys |= {("audience", slug, "activities") for slug in audiences}
    for key in keys:  # a school year is the sum of its quarters
        counts.group([(year.key, *key)] + [(q.key, *key) for q in quarters])


# ------------------------------------------------------------------------------ tables
def tables(figures: ReachFigures) -> dict[str, tuple[list[str], list[list[str]]]]:
    """The report's tables as text (counts already "< 10" where hidden): page and CSV."""
    def reach_row(table: str, row: str) -> list[str]:
        return [figures.cell(table, row, "g_ans"), figures.cell(table, row, "g_f"),
                figures.share(table, row, "g_f", "g_ans"),
                figures.cell(table, row, "r_ans"), figures.cell(table, row, "r_yes"),
                figures.share(table, row, "r_yes", "r_ans")]

    reach_header = [_("Antwoordden op geslacht"), _("Meisjes en vrouwen"), _("Aandeel meisjes"),
                    _("Antwoordden op kansentarief"), _("Met kansentarief"),
                    _("Aandeel kansentarief")]
    return {
        "reach_provinces": (
            [_("Provincie van de activiteit"), *reach_header,
             _("Gemeenten bereikt (≥ 10 deelnemers)")],
            [[name, *reach_row("province", key),
              str(figures.municipalities_reached(key)) if key not in (NONE,) else ""]
             for key, name in figures.provinces]),
        "reach_goals": (
            [_("Doel"), *reach_header],
            [[label, *reach_row("goal", code)] for code, label in figures.goals]),
        "reach_audiences": (
            [_("Doelgroep"), _("Activiteiten")],
            [[name, figures.cell("audience", slug, "activities")]
             for slug, name in figures.audiences]),
        "reach_municipalities": (
            [_("NIS"), _("Woonplaats"), _("Deelnemers die antwoordden")],
            [[nis, name, figures.cell("home", nis, "h_ans")]
             for nis, name, _prov in figures.municipalities]),
    }


TABLE_NAMES = ("reach_provinces", "reach_goals", "reach_audiences", "reach_municipalities")
__all__ = ["HIDDEN", "TABLE_NAMES", "FixedPeriod", "build", "tables"]
