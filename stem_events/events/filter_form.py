"""What the agenda's filter form needs: choices, active-filter chips, ways to widen."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import sqlalchemy as sa
from flask_babel import gettext as _

from stem_events.events.filters import WHEN_LABELS, AgendaFilter
from stem_events.extensions import db
from stem_events.reference.models import EventKind, Goal, Province, Theme


@dataclass(frozen=True)
class Chip:
    label: str
    remove_query: str


def choices() -> dict:
    provinces = db.session.scalars(sa.select(Province).order_by(Province.name)).all()
    return {
        "kinds": [(k.value, k.label) for k in EventKind],
        "provinces": provinces,
        "themes": db.session.scalars(sa.select(Theme).order_by(Theme.position)).all(),
        "goals": db.session.scalars(sa.select(Goal).order_by(Goal.position)).all(),
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
