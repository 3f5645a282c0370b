"""The agenda filters of CONTRACT.md, each defined once, as one entry of `FILTERS`: how its
parameter is read and validated, its SQL condition, its Dutch label, its control in the filter
form and its OpenAPI parameter. `parse_filters` reads a query string into one `AgendaFilter`,
once per request; the agenda page, the embeddable widget, the JSON API, the calendar feed and
the subscribe dialog all use that value.

Adding a filter is one `Filter(...)` in `FILTERS` (and its tests); the parser, the queries, the
chips and description, the form, the OpenAPI document and the page and feed cache keys follow."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import sqlalchemy as sa
from flask import g, has_request_context
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from stem_events.accounts.models import Organisation
from stem_events.audiences.models import Audience, event_audiences
from stem_events.audiences.services import kinds_carrying
from stem_events.date_time import is_supported_day, local_day_bounds, today_local
from stem_events.errors import InvalidInput
from stem_events.events import filter_choices, signals
from stem_events.events.models import (
    PUBLIC_STATUSES,
    Event,
    EventSession,
    event_goals,
    event_organisations,
    event_themes,
)
from stem_events.events.search import examples, search_condition
from stem_events.extensions import db
from stem_events.hooks import answer
from stem_events.i18n import current_language
from stem_events.reference.holidays import current_or_next_holiday
from stem_events.reference.models import (
    EventKind,
    Goal,
    Municipality,
    Theme,
    reference_label,
)
from stem_events.single_line import contains_nul

MAX_QUERY_LENGTH = 200
MAX_AGE = 120
WHEN_LABELS = {
    "today": _l("vandaag"),
    "tomorrow": _l("morgen"),
    "weekend": _l("dit weekend"),
    "next7": _l("volgende 7 dagen"),
    "next30": _l("volgende 30 dagen"),
    "holiday": _l("tijdens de schoolvakantie"),
}
WHEN_CHOICES = tuple(WHEN_LABELS)


class InvalidFilter(InvalidInput):
    """A filter value that cannot be understood; `param` names the filter for the form."""

    code = "invalid_filter"

    def __init__(self, param: str, message: str):
        super().__init__(message)
        self.param = param


# ---------------------------------------------------------------------------- the table's shape
@dataclass(frozen=True)
class Control:
    """A filter's control in the agenda's filter form: `widget` names a macro of
    templates/macros/filters.html, `section` the part of the form it sits in (`top`, `place`,
    `hidden`, or under "Meer filters" `lists` and `options`), `order` its place there (ties keep
    the table's order). `options` are the widget's own (placeholder, min, max, empty choice)."""

    widget: str
    section: str
    label: Any = ""
    choices: Callable[[], Sequence] | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    order: int = 0


@dataclass
class Parsing:
    """What parsers share while one query string is read: the values so far, by parameter, and
    the names they looked up, by (parameter, value), for chips and descriptions."""

    values: dict[str, Any] = field(default_factory=dict)
    labels: dict[tuple[str, str], str] = field(default_factory=dict)


@dataclass(frozen=True)
class Filter:
    """One agenda filter. `parse` gets the parameter's text (a sorted tuple of distinct texts
    when `repeatable`), only when given, and returns the value or raises InvalidFilter;
    `condition` turns the value into a WHERE condition on `Event` (None: the filter narrows the
    sessions' days instead, see `AgendaFilter.day_range`); `label` names one value for people
    (None: the name `parse` looked up); `describe` replaces one label per value in
    `AgendaFilter.describe`; `api_schema` (of one value) and `api_description` make its
    OpenAPI parameter."""

    name: str
    parse: Callable[[Any, Parsing], Any]
    control: Control
    api_schema: dict
    api_description: str
    condition: Callable[[Any], Any] | None = None
    label: Callable[[str], Any] | None = None
    describe: Callable[[AgendaFilter], list[str]] | None = None
    repeatable: bool = False
    attr: str | None = None  # the AgendaFilter attribute, when not the parameter's name
    empty: Any = None  # the value when the parameter is not given

    def read(self, args: MultiDict) -> Any:
        if self.repeatable:
            return tuple(sorted({v.strip() for v in args.getlist(self.name) if v.strip()}))
        values = [v.strip() for v in args.getlist(self.name) if v.strip()]
        if len(set(values)) > 1:
            raise InvalidFilter(self.name, _("Geef voor ‘%(name)s’ maar één waarde.",
                                             name=self.name))
        return values[0] if values else None


# ------------------------------------------------------------------------------ parsed filter
def _texts(value: Any) -> list[str]:
    """A value as query-string texts: none when not given, `1` for a flag, ISO for a day."""
    if value is None or value is False or value == "" or value == ():
        return []
    if value is True:
        return ["1"]
    return list(value) if isinstance(value, tuple) else [str(value)]


class AgendaFilter:
    """One parsed agenda filter: a value per entry of `FILTERS` (its `empty` when not given),
    read as an attribute (`f.kinds`, `f.municipality`, `f.date_from`: the entry's `attr`, else
    its name). Immutable. `labels` keeps the names the parser looked up."""

    __slots__ = ("_values", "labels", "_memo")

    def __init__(self, values: Mapping[str, Any] | None = None,
                 labels: Mapping[tuple[str, str], str] | None = None, **attributes: Any):
        given = dict(values or {})
        for attr, value in attributes.items():
            if attr not in BY_ATTR:
                raise TypeError(f"AgendaFilter has no filter {attr!r}")
            given[BY_ATTR[attr].name] = value
        object.__setattr__(self, "_values", {e.name: given.get(e.name, e.empty) for e in FILTERS})
        object.__setattr__(self, "labels", dict(labels or {}))
        # what is derived from the values (they never change), asked ~10 times a page
        object.__setattr__(self, "_memo", {})

    def __getattr__(self, attr: str) -> Any:
        if attr not in BY_ATTR:
            raise AttributeError(attr)
        return self._values[BY_ATTR[attr].name]

    def __setattr__(self, attr: str, value: Any) -> None:
        raise AttributeError("an AgendaFilter does not change; use without()")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, AgendaFilter) and self.params() == other.params()

    def __hash__(self) -> int:
        return hash(tuple(self.params()))

    def __repr__(self) -> str:
        return f"AgendaFilter({self.cache_key()!r})"

    def given(self) -> list[tuple[Filter, Any]]:
        """(entry, value) of every filter given, in the table's order."""
        found = self._memo.get("given")
        if found is None:
            found = self._memo["given"] = tuple(
                (e, self._values[e.name]) for e in FILTERS if _texts(self._values[e.name]))
        return list(found)

    def params(self) -> list[tuple[str, str]]:
        """The normalised query parameters, in a fixed order, defaults left out."""
        found = self._memo.get("params")
        if found is None:
            found = self._memo["params"] = tuple(
                (e.name, text) for e in FILTERS for text in _texts(self._values[e.name]))
        return list(found)

    def cache_key(self) -> str:
        found = self._memo.get("cache_key")
        if found is None:
            found = self._memo["cache_key"] = urlencode(self.params())
        return found

    @property
    def is_empty(self) -> bool:
        return not self.params()

    def without(self, name: str, value: str | None = None) -> AgendaFilter:
        """The same filter without one parameter (or one value of a repeatable one)."""
        entry = BY_NAME[name]
        kept = (tuple(v for v in self._values[name] if value and v != value)
                if entry.repeatable else entry.empty)
        return AgendaFilter({**self._values, name: kept}, self.labels)

    def label(self, name: str, text: str) -> str:
        """How people read one value of a parameter, e.g. ('province', '10000') → 'Antwerpen'."""
        entry = BY_NAME[name]
        return str(entry.label(text)) if entry.label else str(self.labels.get((name, text), text))

    def describe(self) -> str:
        """A short description in the current language, e.g. 'Antwerpen, 8 jaar, workshop'
        (made once per language: the page's title and its feed's name both ask it)."""
        key = ("describe", current_language())
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = ", ".join(
                part for e in FILTERS for part in (
                    e.describe(self) if e.describe
                    else [self.label(e.name, text) for text in _texts(self._values[e.name])]))
        return found

    def day_range(self) -> tuple[date | None, date | None]:
        """The Brussels days the filter asks for: from/to and `when`, intersected."""
        first, last = self.date_from, self.date_to
        if self.when:
            when_first, when_last = when_range(self.when, today_local())
            first = max(first, when_first) if first else when_first
            last = min(last, when_last) if last else when_last
        return first, last


def parse_filters(args: MultiDict) -> AgendaFilter:
    """Read and validate every filter of `FILTERS`, in the table's order; the first bad value
    raises InvalidFilter with a Dutch explanation. Other parameters are ignored."""
    for entry in FILTERS:
        if contains_nul(args.getlist(entry.name)):
            raise InvalidFilter(entry.name, _("‘%(name)s’ bevat een ongeldig teken.",
                                              name=entry.name))
    parsing = Parsing()
    for entry in FILTERS:
        text = entry.read(args)
        parsing.values[entry.name] = entry.parse(text, parsing) if text else entry.empty
    return AgendaFilter(parsing.values, parsing.labels)


# ---------------------------------------------------------- parsers and conditions, by filter
def _kinds(kinds: tuple[str, ...], parsing: Parsing) -> tuple[str, ...]:
    known = {k.value for k in EventKind}
    for kind in kinds:
        if kind not in known:
            raise InvalidFilter("kind", _("Onbekend soort activiteit: ‘%(kind)s’.", kind=kind[:40]))
    return kinds


def _province(code: str, parsing: Parsing) -> str:
    found = filter_choices.province(code)  # read once per process: no query per request
    if found is None:
        raise InvalidFilter("province", _("Onbekende provincie: ‘%(code)s’.", code=code[:10]))
    parsing.labels[("province", code)] = found.short_name
    return code


def _in_province(code: str):
    return Event.municipality_nis.in_(
        sa.select(Municipality.nis).where(Municipality.province_nis == code))


def _municipality(code: str, parsing: Parsing) -> str:
    found = filter_choices.municipality(code)  # read once per process
    if found is None:
        raise InvalidFilter("municipality", _("Onbekende gemeente: ‘%(code)s’.", code=code[:10]))
    option, province_nis = found
    province = parsing.values.get("province")
    if province and province_nis != province:
        raise InvalidFilter("municipality", _("%(name)s ligt niet in de gekozen provincie.",
                                              name=option.label))
    parsing.labels[("municipality", code)] = option.label
    return code


def _themes(slugs: tuple[str, ...], parsing: Parsing) -> tuple[str, ...]:
    known = dict(db.session.execute(
        sa.select(Theme.slug, Theme.name).where(Theme.slug.in_(slugs))).all())
    unknown = [slug for slug in slugs if slug not in known]
    if unknown:
        raise InvalidFilter("theme", _("Onbekend thema: ‘%(theme)s’.", theme=unknown[0][:40]))
    parsing.labels.update({("theme", slug): reference_label(known[slug]) for slug in slugs})
    return slugs


def _with_themes(slugs: tuple[str, ...]):
    return Event.id.in_(
        sa.select(event_themes.c.event_id).join(Theme, Theme.id == event_themes.c.theme_id)
        .where(Theme.slug.in_(slugs)))


def _goal(text: str, parsing: Parsing) -> str:
    code = text.replace(" ", "").upper()  # people write "OD 1.2.1"
    found = db.session.get(Goal, code) if len(code) <= 10 else None
    if found is None:
        raise InvalidFilter("goal", _("Onbekende doelstelling: ‘%(goal)s’ (bv. OD1.2.1).",
                                      goal=code[:20]))
    parsing.labels[("goal", code)] = found.label
    return code


def goal_codes(code: str) -> list[str]:
    """A goal and everything under it: SD1 → SD1, TD1.x, OD1.x.y."""
    if code.startswith("OD"):
        return [code]
    prefix = code[2:]
    rows = db.session.scalars(sa.select(Goal.code)).all()
    return [c for c in rows if c == code or c[2:] == prefix or c[2:].startswith(prefix + ".")]


def _with_goal(code: str):
    return Event.id.in_(sa.select(event_goals.c.event_id)
                        .where(event_goals.c.goal_code.in_(goal_codes(code))))


def _whole_number(text: str) -> int | None:
    """ASCII digits only (`int()` refuses '²', which `isdigit()` accepts), at most nine."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None


def _age(text: str, parsing: Parsing) -> int:
    age = _whole_number(text)
    if age is None or age > MAX_AGE:
        raise InvalidFilter("age", _("De leeftijd moet een geheel getal tussen 0 en 120 zijn."))
    return age


def _for_age(age: int):
    return sa.and_(sa.or_(Event.age_min.is_(None), Event.age_min <= age),
                   sa.or_(Event.age_max.is_(None), Event.age_max >= age))


def _day(name: str, text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise InvalidFilter(name, _("‘%(value)s’ is geen geldige datum; gebruik jjjj-mm-dd.",
                                    value=text[:20])) from None
    if not is_supported_day(day):
        raise InvalidFilter(name, _("‘%(value)s’ ligt te ver in het verleden of in de toekomst.",
                                    value=text[:20]))
    return day


def _day_from(text: str, parsing: Parsing) -> date:
    return _day("from", text)


def _day_to(text: str, parsing: Parsing) -> date:
    day = _day("to", text)
    first = parsing.values.get("from")
    if first and first > day:
        raise InvalidFilter("to", _("De einddatum ligt vóór de begindatum."))
    return day


def _period(f: AgendaFilter) -> list[str]:
    """from and to are described together: 'van 2026-03-01 tot en met …'."""
    if not (f.date_from or f.date_to):
        return []
    return [_("van %(first)s tot en met %(last)s", first=f.date_from or "…",
              last=f.date_to or "…")]


def _when(text: str, parsing: Parsing) -> str:
    if text not in WHEN_LABELS:
        raise InvalidFilter("when", _("Onbekende periode: ‘%(when)s’.", when=text[:20]))
    return text


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


def _query(text: str, parsing: Parsing) -> str:
    query = " ".join(text.split())
    if len(query) > MAX_QUERY_LENGTH:
        raise InvalidFilter("q", _("De zoekterm mag hoogstens %(n)s tekens tellen.",
                                   n=MAX_QUERY_LENGTH))
    return query


def search_placeholder() -> str:
    """Searches that find something now (the index's frequent words and places)."""
    found = examples()
    if not found:
        return _("bv. robotica, Gent, energie")
    return _("bv. %(examples)s", examples=", ".join(found))


def _organisation(text: str, parsing: Parsing) -> int:
    number = _whole_number(text)
    found = db.session.get(Organisation, number) if number is not None else None
    if found is None or not found.approved:
        raise InvalidFilter("organisation", _("Onbekende organisatie."))
    parsing.labels[("organisation", str(number))] = found.name
    return number


def _by_organisation(organisation_id: int):
    co_organised = sa.select(event_organisations.c.event_id).where(
        event_organisations.c.organisation_id == organisation_id)
    return sa.or_(Event.organisation_id == organisation_id, Event.id.in_(co_organised))


def _audiences(slugs: tuple[str, ...], parsing: Parsing) -> tuple[str, ...]:
    known = {a.slug: a for a in db.session.scalars(
        sa.select(Audience).where(Audience.slug.in_(slugs)))}
    unknown = [slug for slug in slugs if slug not in known]
    if unknown:
        raise InvalidFilter("audience", _("Onbekende doelgroep: ‘%(audience)s’.",
                                          audience=unknown[0][:40]))
    parsing.labels.update({("audience", slug): known[slug].for_label for slug in slugs})
    return slugs


def _for_audiences(slugs: tuple[str, ...]):
    """Tagged with one of the audiences, or of a kind that always carries one of them."""
    tagged = Event.id.in_(
        sa.select(event_audiences.c.event_id)
        .join(Audience, Audience.id == event_audiences.c.audience_id)
        .where(Audience.slug.in_(slugs)))
    kinds = [EventKind(k) for k in kinds_carrying(slugs) if k in {e.value for e in EventKind}]
    return sa.or_(tagged, Event.kind.in_(kinds)) if kinds else tagged


def flag(name: str, condition, label, control_label, api_description: str) -> Filter:
    """A filter that is on with `name=1` (also `true` or `on`; `0` is off)."""
    def parse(text: str, parsing: Parsing) -> bool:
        if text not in ("0", "1", "true", "on"):
            raise InvalidFilter(name, _("‘%(name)s’ moet 1 zijn.", name=name))
        return text != "0"

    return Filter(name, parse=parse, condition=lambda _on: condition,
                  label=lambda _text: label, empty=False,
                  control=Control("checkbox", "options", control_label),
                  api_schema={"type": "string", "enum": ["1"]}, api_description=api_description)


def _with_role_model(_on: bool):
    """Events where a public role model takes part (the rolemodels domain answers)."""
    return Event.id.in_(answer(signals.role_model_events, None))


# -------------------------------------------------------------------------------- the table
#: In the order of the normalised query string (cache keys, subscribe URLs), of validation
#: (the first bad value is the one explained) and of descriptions.
FILTERS: tuple[Filter, ...] = (
    Filter("kind", attr="kinds", repeatable=True, empty=(), parse=_kinds,
           condition=lambda kinds: Event.kind.in_([EventKind(k) for k in kinds]),
           label=lambda text: EventKind(text).label,
           control=Control("checkboxes", "lists", _l("Soort activiteit"),
                           choices=filter_choices.kinds),
           api_schema={"type": "string", "enum": [k.value for k in EventKind]},
           api_description="Soort activiteit (herhaalbaar)."),
    Filter("province", parse=_province, condition=_in_province,
           control=Control("province", "place", _l("Provincie"), choices=filter_choices.provinces,
                           options={"empty": _l("heel Vlaanderen en Brussel")}),
           api_schema={"type": "string", "pattern": "^[0-9]{5}$"},
           api_description="NIS-code van een provincie; Brussel: 04000."),
    Filter("municipality", parse=_municipality,
           condition=lambda code: Event.municipality_nis == code,
           control=Control("municipality", "place", _l("Gemeente"),
                           choices=filter_choices.provinces,
                           options={"empty": _l("alle gemeenten")}),
           api_schema={"type": "string", "pattern": "^[0-9]{5}$"},
           api_description="NIS-code van een gemeente."),
    Filter("theme", attr="themes", repeatable=True, empty=(), parse=_themes,
           condition=_with_themes,
           control=Control("checkboxes", "lists", _l("Thema's"), choices=filter_choices.themes),
           api_schema={"type": "string"}, api_description="Thema-slug (herhaalbaar)."),
    Filter("goal", parse=_goal, condition=_with_goal,
           control=Control("goal", "lists", _l("STEM-Agenda-doel"), choices=filter_choices.goals,
                           options={"empty": _l("alle doelen")}),
           api_schema={"type": "string"},
           api_description="STEM-Agenda-doel, bv. OD1.2.1, TD1.2 of SD1."),
    Filter("age", parse=_age, condition=_for_age,
           label=lambda text: _("%(age)s jaar", age=text),
           control=Control("number", "top", _l("Leeftijd"), order=2,
                           options={"min": 0, "max": MAX_AGE}),
           api_schema={"type": "integer", "minimum": 0, "maximum": MAX_AGE},
           api_description="Leeftijd in jaren."),
    Filter("from", attr="date_from", parse=_day_from,
           label=lambda text: _("vanaf %(date)s", date=text), describe=_period,
           control=Control("date", "options", _l("Van")),
           api_schema={"type": "string", "format": "date"},
           api_description="Vanaf deze dag (Europe/Brussels)."),
    Filter("to", attr="date_to", parse=_day_to,
           label=lambda text: _("tot en met %(date)s", date=text),
           describe=lambda f: [],  # described with `from`
           control=Control("date", "options", _l("Tot en met")),
           api_schema={"type": "string", "format": "date"},
           api_description="Tot en met deze dag."),
    Filter("when", parse=_when, label=lambda text: WHEN_LABELS[text],
           control=Control("select", "top", _l("Wanneer"), order=1,
                           choices=lambda: list(WHEN_LABELS.items()),
                           options={"empty": _l("altijd")}),
           api_schema={"type": "string", "enum": list(WHEN_CHOICES)},
           api_description="Snelle periodekeuze."),
    Filter("q", empty="", parse=_query, condition=search_condition,
           label=lambda text: f"‘{text}’",
           control=Control("search", "top", _l("Zoeken"), options={
               "placeholder": search_placeholder, "maxlength": MAX_QUERY_LENGTH}),
           api_schema={"type": "string", "maxLength": MAX_QUERY_LENGTH},
           api_description="Zoektermen."),
    Filter("organisation", parse=_organisation, condition=_by_organisation,
           control=Control("hidden", "hidden"),
           api_schema={"type": "integer", "minimum": 1},
           api_description="Id van een organisatie."),
    flag("free", Event.price_kind == "free", _l("gratis"), _l("alleen gratis"),
         "Alleen gratis activiteiten."),
    flag("online", Event.online_url != "", _l("online"), _l("alleen online"),
         "Alleen online activiteiten."),
    Filter("audience", attr="audiences", repeatable=True, empty=(), parse=_audiences,
           condition=_for_audiences,
           control=Control("checkboxes", "lists", _l("Doelgroep"),
                           choices=filter_choices.audiences),
           api_schema={"type": "string"},
           api_description="Doelgroep-slug (herhaalbaar), bv. meisjes, kansarmoede, "
                           "nieuwkomers, beperking, volwassenen, leerkrachten, scholen, "
                           "gezinnen."),
    flag("reduced", sa.or_(Event.price_kind == "free", Event.price_reduced.is_(True)),
         _l("gratis of met kansentarief"), _l("gratis of met kansentarief / UiTPAS"),
         "Gratis, of met kansentarief of UiTPAS-korting."),
    replace(flag("role_model", None, _l("met rolmodel"), _l("met een rolmodel"),
                 "Alleen activiteiten waar een rolmodel aan deelneemt."),
            condition=_with_role_model),
)
BY_NAME: dict[str, Filter] = {entry.name: entry for entry in FILTERS}
BY_ATTR: dict[str, Filter] = {entry.attr or entry.name: entry for entry in FILTERS}
FILTER_PARAMS: tuple[str, ...] = tuple(BY_NAME)


# ------------------------------------------------------------------------------------ queries
def event_conditions(f: AgendaFilter) -> list:
    """WHERE conditions on `Event`: public, and the condition of every filter given (dates
    are conditions on the sessions: `session_window`). Built once per request and filter (the
    page, its count and the subscribe dialog all ask): they hold the filter's values, no
    data read from the database."""
    memo = g.setdefault("_event_conditions", {}) if has_request_context() else {}
    found = memo.get(f)
    if found is None:
        found = memo[f] = (Event.status.in_(PUBLIC_STATUSES), *(
            entry.condition(value) for entry, value in f.given() if entry.condition))
    return list(found)


def window_bounds(f: AgendaFilter, start: datetime | None, end: datetime | None
                  ) -> tuple[datetime | None, datetime | None]:
    """[start, end) narrowed to the filter's Brussels days (None: open)."""
    first, last = f.day_range()
    if first or last:
        lower, upper = local_day_bounds(first or date.min.replace(year=1970),
                                        last or date.max.replace(year=9998))
        start = max(start, lower) if start else lower
        end = min(end, upper) if end else upper
    return start, end


def session_window(f: AgendaFilter, start: datetime | None, end: datetime | None):
    """Session conditions: overlapping [start, end) and the filter's Brussels days."""
    start, end = window_bounds(f, start, end)
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
