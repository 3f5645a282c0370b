"""What the agenda's filter form offers to choose from: the `choices` of the controls in
`events.filters.FILTERS`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from stem_events.audiences.models import Audience
from stem_events.extensions import db
from stem_events.reference.models import EventKind, Goal, Province, Theme, reference_label


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class ProvinceOption:
    nis: str
    short_name: Any  # lazy: read in the request's language
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
        found = db.session.scalars(
            sa.select(Province).order_by(Province.name)
            .options(selectinload(Province.municipalities))).all()
        _static["provinces"] = tuple(
            ProvinceOption(p.nis, p.label,
                           tuple(Option(m.nis, m.name) for m in p.municipalities))
            for p in found)
        _static["province"] = {p.nis: p for p in _static["provinces"]}
        _static["municipality"] = {m.value: (m, p.nis) for p in _static["provinces"]
                                   for m in p.municipalities}
        _static["goals"] = tuple(
            GoalOption(g.code, g.label, g.level.value, g.title)
            for g in db.session.scalars(sa.select(Goal).order_by(Goal.position)))
    return _static


def kinds() -> list[tuple[str, str]]:
    return [(k.value, k.label) for k in EventKind]


def provinces() -> tuple[ProvinceOption, ...]:
    """Each province with its municipalities (the municipality list is grouped by province)."""
    return _static_choices()["provinces"]


def province(nis: str) -> ProvinceOption | None:
    return _static_choices()["province"].get(nis)


def municipality(nis: str) -> tuple[Option, str] | None:
    """The municipality and the code of its province."""
    return _static_choices()["municipality"].get(nis)


def goals() -> tuple[GoalOption, ...]:
    return _static_choices()["goals"]


def themes() -> list[tuple[str, str]]:
    """(slug, name) in the themes' own order."""
    return [(slug, reference_label(name)) for slug, name in
            db.session.execute(sa.select(Theme.slug, Theme.name).order_by(Theme.position))]


def audiences() -> list[tuple[str, str]]:
    """(slug, name) in the audiences' own order."""
    return db.session.execute(sa.select(Audience.slug, Audience.name)
                              .order_by(Audience.position, Audience.id)).all()
