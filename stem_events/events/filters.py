"""The agenda filters of CONTRACT.md: parsed and validated once, used by the agenda page, the
embeddable widget, the JSON API and the calendar feed alike (one query for all of them)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

import sqlalchemy as sa
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from stem_events.accounts.models import Organisation
from stem_events.date_time import is_supported_day, local_day_bounds, today_local
from stem_events.errors import InvalidInput
from stem_events.events.models import (
    PUBLIC_STATUSES,
    Event,
    EventSession,
    event_goals,
    event_organisations,
    event_themes,
)
from stem_events.extensions import db
from stem_events.reference.holidays import current_or_next_holiday
from stem_events.reference.models import EventKind, Goal, Municipality, Province, Theme

MAX_QUERY_LENGTH = 200
MAX_AGE = 120
WHEN_CHOICES = ("today", "tomorrow", "weekend", "next7", "next30", "holiday")
FILTER_PARAMS = ("kind", "province", "municipality", "theme", "goal", "age", "from", "to",
                 "when", "q", "organisation", "free", "online")


class InvalidFilter(InvalidInput):
    """A filter value that cannot be understood; `param` names the filter for the form."""

    code = "invalid_filter"

    def __init__(self, param: str, message: str):
        super().__init__(message)
        self.param = param


@dataclass(frozen=True)
class AgendaFilter:
    kinds: tuple[str, ...] = ()
    province: str | None = None
    municipality: str | None = None
    themes: tuple[str, ...] = ()
    goal: str | None = None
    age: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    when: str | None = None
    q: str = ""
    organisation: int | None = None
    free: bool = False
    online: bool = False
    # Resolved while parsing, for descriptions and queries (not part of the identity).
    labels: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def params(self) -> list[tuple[str, str]]:
        """The normalised query parameters, in a fixed order, defaults left out."""
        pairs: list[tuple[str, str]] = [("kind", k) for k in self.kinds]
        for name, value in (("province", self.province), ("municipality", self.municipality)):
            if value:
                pairs.append((name, value))
        pairs += [("theme", t) for t in self.themes]
        if self.goal:
            pairs.append(("goal", self.goal))
        if self.age is not None:
            pairs.append(("age", str(self.age)))
        if self.date_from:
            pairs.append(("from", self.date_from.isoformat()))
        if self.date_to:
            pairs.append(("to", self.date_to.isoformat()))
        if self.when:
            pairs.append(("when", self.when))
        if self.q:
            pairs.append(("q", self.q))
        if self.organisation is not None:
            pairs.append(("organisation", str(self.organisation)))
        if self.free:
            pairs.append(("free", "1"))
        if self.online:
            pairs.append(("online", "1"))
        return pairs

    def cache_key(self) -> str:
        return urlencode(self.params())

    @property
    def is_empty(self) -> bool:
        return not self.params()

    def without(self, name: str, value: str | None = None) -> AgendaFilter:
        """The same filter without one parameter (or one value of a repeatable one)."""
        changes: dict = {}
        if name == "kind":
            changes["kinds"] = tuple(k for k in self.kinds if value and k != value)
        elif name == "theme":
            changes["themes"] = tuple(t for t in self.themes if value and t != value)
        elif name in ("from", "to"):
            changes["date_" + name] = None
        elif name in ("free", "online"):
            changes[name] = False
        elif name == "q":
            changes["q"] = ""
        else:
            changes[name] = None
        return replace(self, **changes)

    def day_range(self) -> tuple[date | None, date | None]:
        """The Brussels days the filter asks for: from/to and `when`, intersected."""
        first, last = self.date_from, self.date_to
        if self.when:
            when_first, when_last = when_range(self.when, today_local())
            first = max(first, when_first) if first else when_first
            last = min(last, when_last) if last else when_last
        return first, last

    def describe(self) -> str:
        """A short Dutch description, e.g. 'Antwerpen, 8 jaar, workshop'."""
        return ", ".join(str(part) for part in self.labels.get("_parts", ()))


def when_range(when: str, today: date) -> tuple[date, date]:
    if when == "today":
        return today, today
    if when == "tomorrow":
        tomorrow = today + timedelta(days=1)
        return tomorrow, tomorrow
    if when == "weekend":
        saturday = today + timedelta(days=(5 - today.weekday()) % 7)
        if today.weekday() == 6:
            saturday = today - timedelta(days=1)
        return max(today, saturday), saturday + timedelta(days=1)
    if when == "next7":
        return today, today + timedelta(days=6)
    if when == "next30":
        return today, today + timedelta(days=29)
    holiday = current_or_next_holiday(today)
    return max(today, holiday.first), holiday.last


# ------------------------------------------------------------------------------------ parsing
def _single(args: MultiDict, name: str) -> str | None:
    values = [v.strip() for v in args.getlist(name) if v.strip()]
    if len(values) > 1 and len(set(values)) > 1:
        raise InvalidFilter(name, _("Geef voor ‘%(name)s’ maar één waarde.", name=name))
    return values[0] if values else None


def _flag(args: MultiDict, name: str) -> bool:
    value = _single(args, name)
    if value in (None, "0"):
        return False
    if value in ("1", "true", "on"):
        return True
    raise InvalidFilter(name, _("‘%(name)s’ moet 1 zijn.", name=name))


def _parse_date(args: MultiDict, name: str) -> date | None:
    value = _single(args, name)
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise InvalidFilter(name, _("‘%(value)s’ is geen geldige datum; gebruik jjjj-mm-dd.",
                                    value=value[:20])) from None
    if not is_supported_day(day):
        raise InvalidFilter(name, _("‘%(value)s’ ligt te ver in het verleden of in de toekomst.",
                                    value=value[:20]))
    return day


def _parse_int(args: MultiDict, name: str, message: str) -> int | None:
    value = _single(args, name)
    if value is None:
        return None
    if not (value.isascii() and value.isdigit()) or len(value) > 9:  # int() refuses '²'
        raise InvalidFilter(name, message)
    return int(value)


def parse_filters(args: MultiDict) -> AgendaFilter:
    """Validate the filter parameters; raises InvalidFilter with a Dutch explanation."""
    for name in FILTER_PARAMS:
        if any("\x00" in value for value in args.getlist(name)):  # PostgreSQL refuses NUL
            raise InvalidFilter(name, _("‘%(name)s’ bevat een ongeldig teken.", name=name))
    parts: list = []
    labels: dict = {}
    kinds = sorted({k.strip() for k in args.getlist("kind") if k.strip()})
    for kind in kinds:
        if kind not in EventKind.__members__.values():
            raise InvalidFilter("kind", _("Onbekend soort activiteit: ‘%(kind)s’.", kind=kind[:40]))
    parts += [EventKind(k).label for k in kinds]

    province = _single(args, "province")
    municipality = _single(args, "municipality")
    if province:
        found = db.session.get(Province, province) if province.isdigit() else None
        if found is None:
            raise InvalidFilter("province", _("Onbekende provincie: ‘%(code)s’.",
                                              code=province[:10]))
        parts.append(found.short_name)
        labels[("province", province)] = found.short_name
    if municipality:
        found_m = db.session.get(Municipality, municipality) if municipality.isdigit() else None
        if found_m is None:
            raise InvalidFilter("municipality", _("Onbekende gemeente: ‘%(code)s’.",
                                                  code=municipality[:10]))
        if province and found_m.province_nis != province:
            raise InvalidFilter("municipality", _(
                "%(name)s ligt niet in de gekozen provincie.", name=found_m.name))
        parts.append(found_m.name)
        labels[("municipality", municipality)] = found_m.name

    themes = sorted({t.strip() for t in args.getlist("theme") if t.strip()})
    if themes:
        known = dict(db.session.execute(
            sa.select(Theme.slug, Theme.name).where(Theme.slug.in_(themes))).all())
        unknown = [t for t in themes if t not in known]
        if unknown:
            raise InvalidFilter("theme", _("Onbekend thema: ‘%(theme)s’.", theme=unknown[0][:40]))
        parts += [known[t] for t in themes]
        labels.update({("theme", t): known[t] for t in themes})

    goal = _single(args, "goal")
    if goal:
        goal = goal.replace(" ", "").upper()
        found_g = db.session.get(Goal, goal) if len(goal) <= 10 else None
        if found_g is None:
            raise InvalidFilter("goal", _("Onbekende doelstelling: ‘%(goal)s’ (bv. OD1.2.1).",
                                          goal=goal[:20]))
        parts.append(found_g.label)
        labels[("goal", goal)] = found_g.label

    age = _parse_int(args, "age", _("De leeftijd moet een geheel getal tussen 0 en 120 zijn."))
    if age is not None:
        if age > MAX_AGE:
            raise InvalidFilter("age", _("De leeftijd moet een geheel getal tussen 0 en 120 zijn."))
        parts.append(_("%(age)s jaar", age=age))

    date_from, date_to = _parse_date(args, "from"), _parse_date(args, "to")
    if date_from and date_to and date_from > date_to:
        raise InvalidFilter("to", _("De einddatum ligt vóór de begindatum."))
    when = _single(args, "when")
    if when and when not in WHEN_CHOICES:
        raise InvalidFilter("when", _("Onbekende periode: ‘%(when)s’.", when=when[:20]))
    if date_from or date_to:
        parts.append(_("van %(first)s tot en met %(last)s", first=date_from or "…",
                       last=date_to or "…"))
    if when:
        parts.append(WHEN_LABELS[when]())

    q = " ".join((_single(args, "q") or "").split())
    if len(q) > MAX_QUERY_LENGTH:
        raise InvalidFilter("q", _("De zoekterm mag hoogstens %(n)s tekens tellen.",
                                   n=MAX_QUERY_LENGTH))
    if q:
        parts.append(f"‘{q}’")

    organisation = _parse_int(args, "organisation", _("Onbekende organisatie."))
    if organisation is not None:
        found_o = db.session.get(Organisation, organisation)
        if found_o is None or not found_o.approved:
            raise InvalidFilter("organisation", _("Onbekende organisatie."))
        parts.append(found_o.name)
        labels[("organisation", str(organisation))] = found_o.name

    free, online = _flag(args, "free"), _flag(args, "online")
    if free:
        parts.append(_("gratis"))
    if online:
        parts.append(_("online"))

    return AgendaFilter(
        kinds=tuple(kinds), province=province, municipality=municipality, themes=tuple(themes),
        goal=goal, age=age, date_from=date_from, date_to=date_to, when=when, q=q,
        organisation=organisation, free=free, online=online, labels={"_parts": parts, **labels},
    )


WHEN_LABELS = {
    "today": lambda: _("vandaag"),
    "tomorrow": lambda: _("morgen"),
    "weekend": lambda: _("dit weekend"),
    "next7": lambda: _("volgende 7 dagen"),
    "next30": lambda: _("volgende 30 dagen"),
    "holiday": lambda: _("tijdens de schoolvakantie"),
}


# ------------------------------------------------------------------------------------ queries
def goal_codes(code: str) -> list[str]:
    """A goal and everything under it: SD1 → SD1, TD1.x, OD1.x.y."""
    if code.startswith("OD"):
        return [code]
    prefix = code[2:]
    rows = db.session.scalars(sa.select(Goal.code)).all()
    return [c for c in rows if c == code or c[2:] == prefix or c[2:].startswith(prefix + ".")]


def event_conditions(f: AgendaFilter) -> list:
    """WHERE conditions on `Event` for everything except dates and full text."""
    conditions: list = [Event.status.in_(PUBLIC_STATUSES)]
    if f.kinds:
        conditions.append(Event.kind.in_([EventKind(k) for k in f.kinds]))
    if f.municipality:
        conditions.append(Event.municipality_nis == f.municipality)
    elif f.province:
        conditions.append(Event.municipality_nis.in_(
            sa.select(Municipality.nis).where(Municipality.province_nis == f.province)))
    if f.themes:
        conditions.append(Event.id.in_(
            sa.select(event_themes.c.event_id).join(Theme, Theme.id == event_themes.c.theme_id)
            .where(Theme.slug.in_(f.themes))))
    if f.goal:
        conditions.append(Event.id.in_(
            sa.select(event_goals.c.event_id).where(
                event_goals.c.goal_code.in_(goal_codes(f.goal)))))
    if f.age is not None:
        conditions.append(sa.or_(Event.age_min.is_(None), Event.age_min <= f.age))
        conditions.append(sa.or_(Event.age_max.is_(None), Event.age_max >= f.age))
    if f.organisation is not None:
        conditions.append(sa.or_(
            Event.organisation_id == f.organisation,
            Event.id.in_(sa.select(event_organisations.c.event_id)
                         .where(event_organisations.c.organisation_id == f.organisation)),
        ))
    if f.free:
        conditions.append(Event.price_kind == "free")
    if f.online:
        conditions.append(Event.online_url != "")
    if f.q:
        from stem_events.events.search import search_condition

        conditions.append(search_condition(f.q))
    return conditions


def session_window(f: AgendaFilter, start: datetime | None, end: datetime | None):
    """Session conditions: overlapping [start, end) and the filter's Brussels days."""
    first, last = f.day_range()
    if first or last:
        lower, upper = local_day_bounds(first or date.min.replace(year=1970),
                                        last or date.max.replace(year=9998))
        start = max(start, lower) if start else lower
        end = min(end, upper) if end else upper
    conditions = []
    if start is not None:
        conditions.append(EventSession.ends_at > start)
    if end is not None:
        conditions.append(EventSession.starts_at < end)
    return conditions


def matching_event_ids(f: AgendaFilter, start: datetime | None, end: datetime | None):
    """Public events matching the filter with a session overlapping [start, end)."""
    in_window = sa.select(EventSession.event_id).where(*session_window(f, start, end))
    return sa.select(Event.id).where(*event_conditions(f), Event.id.in_(in_window))


def filter_from_params(pairs: list[tuple[str, str]]) -> AgendaFilter:
    return parse_filters(MultiDict(pairs))
