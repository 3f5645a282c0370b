"""What the agenda's filter form needs: choices, active-filter chips, ways to widen."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from stem_events.events.filters import WHEN_LABELS, AgendaFilter
from stem_events.extensions import db
from stem_events.reference.models import EventKind, Goal, Province, Theme


@dataclass(frozen=True)
class Chip:
    label: str
    remove_query: str


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class ProvinceOption:
    nis: str
    short_name: str
    municipalities: tuple[Option, ...]


@dataclass(frozen=True)
class GoalOption:
    code: str
    label: str
    level: str
    title: str


_static: dict[str, tuple] = {}


def _static_choices() -> dict[str, tuple]:
    """Provinces, municipalities and goals change only with a migration: read them once per
    process instead of on every agenda request."""
    if not _static:
        provinces = db.session.scalars(
            sa.select(Province).order_by(Province.name)
            .options(selectinload(Province.municipalities))).all()
        _static["provinces"] = tuple(
            ProvinceOption(p.nis, p.short_name,
                           tuple(Option(m.nis, m.name) for m in p.municipalities))
            for p in provinces)
        _static["goals"] = tuple(
            GoalOption(g.code, g.label, g.level.value, g.title)
            for g in db.session.scalars(sa.select(Goal).order_by(Goal.position)))
    return _static


def choices() -> dict:
    static = _static_choices()
    return {
        "kinds": [(k.value, k.label) for k in EventKind],
        "provinces": static["provinces"],
        "themes": db.session.execute(
            sa.select(Theme.slug, Theme.name).order_by(Theme.position)).all(),
        "goals": static["goals"],
        "whens": [(key, label()) for key, label in WHEN_LABELS.items()],
    }


def label(f: AgendaFilter, name: str, value: str) -> str:
    if name == "kind":
        return EventKind(value).label
    if name == "when":
        return WHEN_LABELS[value]()
    if name == "free":
        return _("gratis")
    if name == "online":
        return _("online")
    if name == "age":
        return _("%(age)s jaar", age=value)
    if name == "from":
        return _("vanaf %(date)s", date=value)
    if name == "to":
        return _("tot en met %(date)s", date=value)
    if name == "q":
        return f"‘{value}’"
    return str(f.labels.get((name, value), value))


def chips(f: AgendaFilter) -> list[Chip]:
    return [
        Chip(label(f, name, value), urlencode(f.without(name, value).params()))
        for name, value in f.params()
    ]


def widen_links(f: AgendaFilter, suggestions) -> list[tuple[str, str, int]]:
    """(label of the filter to drop, query without it, number of results then)."""
    return [(label(f, name, value), query, count) for name, value, query, count in suggestions]
