"""Coordinators' rules for award rounds: a round (in an edition or with an award event of its
own), its categories and their weighted criteria. Every check happens before anything
changes; services flush, the request commits."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from stem_events.awards.models import (
    DEFAULT_VALIDITY_YEARS,
    AwardCategory,
    AwardCriterion,
    AwardRound,
    Nomination,
    Phase,
)
from stem_events.database import MAX_ID, row_count
from stem_events.date_time import to_local
from stem_events.editions.models import Edition
from stem_events.errors import DomainError, FieldError, NotFound
from stem_events.events.models import Event
from stem_events.extensions import db
from stem_events.initiatives import labels
from stem_events.initiatives.models import Initiative
from stem_events.reference.models import EventKind

#: Events that may hold a round's ceremony.
CEREMONY_KINDS = (EventKind.AWARD_EVENT, EventKind.STATE_OF_THE_STEM)


class FieldConflict(FieldError):
    """Input that clashes with what is stored (a name twice): 409."""

    status = 409
    code = "conflict"


@contextmanager
def unique_or(conflict: Callable[[], DomainError]):
    """The block's writes in a savepoint, flushed: a unique constraint that a concurrent
    writer met first raises `conflict()` (Dutch, at its field) instead of a 500, and leaves
    nothing of the block behind."""
    try:
        with db.session.begin_nested():
            yield
            db.session.flush()
    except IntegrityError:
        raise conflict() from None


class CategoryHasNominations(DomainError):
    status = 409
    code = "category_has_nominations"


class RoundLocked(DomainError):
    """Na het sluiten van de nominaties veranderen de categorieën en criteria niet meer."""

    status = 409
    code = "round_locked"


# ----------------------------------------------------------------------------------- rounds
def get_round(round_id: int) -> AwardRound:
    found = db.session.get(AwardRound, round_id) if 0 < round_id <= MAX_ID else None
    if found is None:
        raise NotFound(_("Deze awardronde bestaat niet."))
    return found


def public_rounds() -> list[AwardRound]:
    return list(db.session.scalars(
        sa.select(AwardRound).order_by(AwardRound.nominations_open.desc(), AwardRound.id.desc())
        .options(selectinload(AwardRound.categories))))


def rounds_of_edition(edition_id: int) -> list[AwardRound]:
    return list(db.session.scalars(sa.select(AwardRound).where(
        AwardRound.edition_id == edition_id).order_by(AwardRound.id)))


def ceremony_events() -> list[Event]:
    return list(db.session.scalars(
        sa.select(Event).where(Event.kind.in_(CEREMONY_KINDS))
        .order_by(Event.first_start.desc(), Event.id.desc()).limit(200)))


def editions() -> list[Edition]:
    return list(db.session.scalars(sa.select(Edition).order_by(Edition.year.desc())))


def _check_dates(opens: datetime, closes: datetime, jury_closes: datetime) -> None:
    if closes <= opens:
        raise FieldError("nominations_close",
                         _("De nominaties sluiten na de opening van de nominaties."))
    if jury_closes <= closes:
        raise FieldError("jury_close",
                         _("De juryperiode sluit na het einde van de nominaties."))


def _ceremony(event_id: int | None) -> Event | None:
    if not event_id:
        return None
    event = db.session.get(Event, event_id) if 0 < event_id <= MAX_ID else None
    if event is None or event.kind not in CEREMONY_KINDS:
        raise FieldError("ceremony", _("Kies een award-event of een State-of-the-STEM."))
    return event


def _edition(edition_id: int | None) -> Edition | None:
    if not edition_id:
        return None
    edition = db.session.get(Edition, edition_id) if 0 < edition_id <= MAX_ID else None
    if edition is None:
        raise FieldError("edition", _("Deze editie bestaat niet."))
    return edition


def save_round(award_round: AwardRound | None, *, title: str, year: int, description: str,
               edition_id: int | None, ceremony_id: int | None, nominations_open: datetime,
               nominations_close: datetime, jury_close: datetime,
               validity_years: int | None) -> AwardRound:
    """Create (`award_round` None) or change a round. In an edition without its own ceremony
    event, the edition's umbrella event holds the ceremony."""
    _check_dates(nominations_open, nominations_close, jury_close)
    edition = _edition(edition_id)
    ceremony = _ceremony(ceremony_id) or (edition.event if edition else None)
    if award_round is None:
        award_round = AwardRound()
        db.session.add(award_round)
    award_round.title, award_round.year = title.strip(), year
    award_round.description = description.strip()
    award_round.edition, award_round.ceremony = edition, ceremony
    award_round.nominations_open, award_round.nominations_close = (nominations_open,
                                                                   nominations_close)
    award_round.jury_close = jury_close
    award_round.validity_years = validity_years or DEFAULT_VALIDITY_YEARS
    db.session.flush()
    return award_round


def snapshot(award_round: AwardRound) -> dict:
    """A round's settings as people read them in the form (for the audit log's diffs)."""
    return {
        "title": award_round.title, "year": award_round.year,
        "description": award_round.description,
        "edition": f"State-of-the-STEM {award_round.edition.year}" if award_round.edition
        else None,
        "ceremony": award_round.ceremony.title if award_round.ceremony else None,
        "nominations_open": f"{to_local(award_round.nominations_open):%d-%m-%Y}",
        "nominations_close": f"{award_round.nominations_last_day:%d-%m-%Y}",
        "jury_close": f"{award_round.jury_last_day:%d-%m-%Y}",
        "validity_years": award_round.validity_years,
    }


def criteria_editable(award_round: AwardRound) -> bool:
    """Categories, criteria and weights change only before the jury scores."""
    return award_round.phase() in (Phase.UPCOMING, Phase.NOMINATIONS)


def _editable(award_round: AwardRound) -> None:
    if not criteria_editable(award_round):
        raise RoundLocked()


# ------------------------------------------------------------------------------- categories
def get_category(award_round: AwardRound, category_id: int) -> AwardCategory:
    found = next((c for c in award_round.categories if c.id == category_id), None)
    if found is None:
        raise NotFound(_("Deze categorie hoort niet bij deze awardronde."))
    return found


def find_category(category_id: int) -> AwardCategory:
    found = db.session.get(AwardCategory, category_id) if 0 < category_id <= MAX_ID else None
    if found is None:
        raise NotFound(_("Deze awardcategorie bestaat niet."))
    return found


def _category_name(award_round: AwardRound, name: str,
                   category: AwardCategory | None = None) -> str:
    name = name.strip()
    if not name:
        raise FieldError("name", _("Geef een naam."))
    if any(c.name.lower() == name.lower() and c is not category for c in award_round.categories):
        raise _category_taken(name)
    return name


def _category_taken(name: str) -> FieldConflict:
    return FieldConflict("name", _("Deze ronde heeft al een categorie ‘%(name)s’.", name=name))


def add_category(award_round: AwardRound, name: str, description: str) -> AwardCategory:
    """A new category, last in the order, with one criterion to start from."""
    _editable(award_round)
    category = AwardCategory(
        name=_category_name(award_round, name), description=description.strip(),
        position=max((c.position for c in award_round.categories), default=-1) + 1)
    category.criteria.append(AwardCriterion(name=_("Algemene indruk"), weight=1))
    with unique_or(lambda: _category_taken(category.name)):  # a concurrent same name
        award_round.categories.append(category)
    return category


def _criterion_names(category: AwardCategory, names: dict[int, str]) -> dict[int, str]:
    """New names of the category's criteria by id (missing ids keep their name)."""
    found = {c.id: (names.get(c.id, c.name) or "").strip() for c in category.criteria}
    seen: set[str] = set()
    for criterion in category.criteria:
        name = found[criterion.id]
        if not name:
            raise FieldError(f"criterion-{criterion.id}", _("Geef het criterium een naam."))
        if name.lower() in seen:
            raise FieldConflict(f"criterion-{criterion.id}", _(
                "Deze categorie heeft al een criterium ‘%(name)s’.", name=name))
        seen.add(name.lower())
    return found


def _criterion_weights(category: AwardCategory, weights: dict[int, str | int]) -> dict[int, int]:
    """The criteria whose weight changes, by id → new weight (1 … 10). Weights are fixed once
    the jury scores: the ranking is computed with them."""
    changed = {}
    for criterion in category.criteria:
        if criterion.id not in weights:
            continue
        text = str(weights[criterion.id] if weights[criterion.id] is not None else "").strip()
        if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 10:
            raise FieldError(f"weight-{criterion.id}", _("Een gewicht van 1 tot 10."))
        if int(text) != criterion.weight:
            changed[criterion.id] = int(text)
    if changed and not criteria_editable(category.round):
        raise RoundLocked(_("De gewichten liggen vast zodra de jury beoordeelt: de rangschikking "
                            "is ermee berekend. Namen en volgorde kun je nog wijzigen."))
    return changed


def _place(award_round: AwardRound, position: str | int | None) -> int:
    """A place in the round's order as people count it (1 … the number of categories)."""
    count = len(award_round.categories)
    text = str(position if position is not None else "").strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= count:
        raise FieldError("position", _("Een plaats van 1 tot %(n)s.", n=count))
    return int(text)


def _put_at(category: AwardCategory, index: int) -> bool:
    """Move the category to `index` (0-based); positions become 0, 1, 2 … in the new order.
    Returns whether the order changed."""
    order = sorted(category.round.categories, key=lambda c: (c.position, c.id))
    before = [c.id for c in order]
    order.insert(min(max(index, 0), len(order) - 1), order.pop(order.index(category)))
    for position, row in enumerate(order):
        row.position = position
    category.round.categories.sort(key=lambda c: c.position)
    return [c.id for c in order] != before


def update_category(category: AwardCategory, name: str, description: str,
                    criteria: dict[int, str] | None = None,
                    position: str | int | None = None,
                    weights: dict[int, str | int] | None = None) -> dict:
    """Rename a category, its description and its criteria, and put it at a place (1-based)
    in the round's order; allowed in every phase (nothing is scored differently). Criteria's
    weights change only before the jury scores. Everything is checked first. Returns the
    changes {field: [before, after]} for the audit log."""
    award_round = category.round
    new_name = _category_name(award_round, name, category)
    names = _criterion_names(category, criteria or {})
    new_weights = _criterion_weights(category, weights or {})
    place = _place(award_round, position) if position is not None else None
    changes: dict = {}
    if new_name != category.name:
        changes["name"] = [category.name, new_name]
    if description.strip() != category.description:
        changes["description"] = [category.description, description.strip()]
    renamed = [c for c in category.criteria if names[c.id] != c.name]
    if renamed:
        changes["criteria"] = [[c.name for c in renamed], [names[c.id] for c in renamed]]
    reweighed = [c for c in category.criteria if c.id in new_weights]
    if reweighed:
        changes["weights"] = [[f"{names[c.id]} {c.weight}" for c in reweighed],
                              [f"{names[c.id]} {new_weights[c.id]}" for c in reweighed]]
    before = [c.name for c in award_round.categories]
    with unique_or(lambda: _category_taken(new_name)):  # a concurrent rename to that name
        for criterion in renamed:
            criterion.name = names[criterion.id]
        for criterion in reweighed:
            criterion.weight = new_weights[criterion.id]
        category.name, category.description = new_name, description.strip()
        if place is not None and _put_at(category, place - 1):
            changes["order"] = [before, [c.name for c in award_round.categories]]
    _relabel(award_round)
    return changes


def move_category(category: AwardCategory, step: int) -> bool:
    """One place up (-1) or down (+1), in every phase; at the top or the bottom nothing
    changes. Returns whether the order changed."""
    order = sorted(category.round.categories, key=lambda c: (c.position, c.id))
    moved = _put_at(category, order.index(category) + step)
    db.session.flush()
    _relabel(category.round)
    return moved


def _relabel(award_round: AwardRound) -> None:
    """The published labels of the round carry the categories' names and order."""
    if award_round.published_at is None:
        return
    for category in award_round.categories:
        labels.relabel([n.id for n in category.nominations], category.name, category.position)


def delete_category(category: AwardCategory, confirmed: bool) -> int:
    """Remove a category; its nominations go with it, but only when `confirmed`. Returns the
    number of nominations removed."""
    _editable(category.round)
    count = len(category.nominations)
    if count and not confirmed:
        raise CategoryHasNominations(_(
            "‘%(name)s’ heeft %(count)s nominatie(s). Vink aan dat je ze mee wilt verwijderen, "
            "of laat de categorie staan.", name=category.name, count=count))
    category.round.categories.remove(category)
    return count


# --------------------------------------------------------------------------------- criteria
def add_criterion(category: AwardCategory, name: str, weight: int) -> AwardCriterion:
    _editable(category.round)
    name = name.strip()
    if any(c.name.lower() == name.lower() for c in category.criteria):
        raise FieldConflict("name", _("Deze categorie heeft al een criterium ‘%(name)s’.",
                                      name=name))
    criterion = AwardCriterion(name=name, weight=weight, position=max(
        (c.position for c in category.criteria), default=-1) + 1)
    category.criteria.append(criterion)
    db.session.flush()
    return criterion


def remove_criterion(category: AwardCategory, criterion_id: int) -> None:
    _editable(category.round)
    criterion = next((c for c in category.criteria if c.id == criterion_id), None)
    if criterion is None:
        raise NotFound(_("Dit criterium hoort niet bij deze categorie."))
    if len(category.criteria) == 1:
        raise DomainError(_("Een categorie heeft minstens één criterium."))
    category.criteria.remove(criterion)


# ------------------------------------------------------------------------------ references
def initiative_references(initiative: Initiative) -> list[str]:
    """Why the awards keep an initiative: its nominations."""
    count = row_count(sa.select(Nomination.id).where(Nomination.initiative_id == initiative.id))
    return [_("het is %(n)s keer genomineerd voor een award", n=count)] if count else []
