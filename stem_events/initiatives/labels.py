"""The STEM-label on initiatives: which labels are valid today, for pages, cards, the API and
the registry's `label=1` filter. The awards domain grants and withdraws them (`grant`,
`withdraw`) when a round's results are published or taken back; this module knows no rounds."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from stem_events.date_time import today_local
from stem_events.extensions import db
from stem_events.initiatives.models import (
    Initiative,
    InitiativeLabel,
    InitiativeStatus,
    initiative_organisations,
)


@dataclass(frozen=True)
class Label:
    year: int
    category: str
    valid_until: date

    def as_json(self) -> dict:
        return {"year": self.year, "category": self.category,
                "valid_until": self.valid_until.isoformat()}


def valid_condition(today: date | None = None):
    """SQL: the initiative holds a valid STEM-label (the registry's `label=1`)."""
    return Initiative.id.in_(sa.select(InitiativeLabel.initiative_id).where(
        InitiativeLabel.valid_until >= (today or today_local())))


def valid_labels(initiatives: Iterable[Initiative | int]) -> dict[int, list[Label]]:
    """The valid labels per initiative id, newest first (within a round in the order of its
    categories), in one query. A later win in the same
    category renews the label: only the newest of a category is shown."""
    ids = {i if isinstance(i, int) else i.id for i in initiatives}
    found: dict[int, list[Label]] = {i: [] for i in ids}
    if not ids:
        return found
    rows = db.session.scalars(
        sa.select(InitiativeLabel)
        .where(InitiativeLabel.initiative_id.in_(ids),
               InitiativeLabel.valid_until >= today_local())
        .order_by(InitiativeLabel.year.desc(), InitiativeLabel.valid_until.desc(),
                  InitiativeLabel.position, InitiativeLabel.category, InitiativeLabel.id))
    for row in rows:
        labels = found[row.initiative_id]
        if all(label.category.lower() != row.category.lower() for label in labels):
            labels.append(Label(row.year, row.category, row.valid_until))
    return found


def labels_of(initiative: Initiative) -> list[Label]:
    return valid_labels([initiative])[initiative.id]


def grant(initiative: Initiative, nomination_id: int, year: int, category: str,
          valid_until: date, position: int = 0) -> None:
    """The label for a won nomination (again: the stored one is brought up to date)."""
    label = db.session.scalar(sa.select(InitiativeLabel).where(
        InitiativeLabel.nomination_id == nomination_id))
    if label is None:
        label = InitiativeLabel(initiative_id=initiative.id, nomination_id=nomination_id)
        db.session.add(label)
    label.year, label.category, label.valid_until = year, category, valid_until
    label.position = position
    db.session.flush()


def relabel(nomination_ids: Iterable[int], category: str, position: int) -> None:
    """A category renamed or moved after its round was published: its labels follow."""
    ids = list(nomination_ids)
    if ids:
        db.session.execute(sa.update(InitiativeLabel).where(
            InitiativeLabel.nomination_id.in_(ids)).values(category=category, position=position))


def withdraw(nomination_ids: Iterable[int]) -> None:
    ids = list(nomination_ids)
    if ids:
        db.session.execute(sa.delete(InitiativeLabel).where(
            InitiativeLabel.nomination_id.in_(ids)))


def organisation_labels(organisation_id: int) -> list[tuple[Initiative, list[Label]]]:
    """The organisation's published initiatives that hold a valid label (its public page)."""
    from_org = sa.select(initiative_organisations.c.initiative_id).where(
        initiative_organisations.c.organisation_id == organisation_id)
    found = list(db.session.scalars(sa.select(Initiative).where(
        Initiative.id.in_(from_org), Initiative.status == InitiativeStatus.PUBLISHED,
        valid_condition()).order_by(Initiative.name)))
    by_id = valid_labels(found)
    return [(i, by_id[i.id]) for i in found]
