"""Coordinators' rules for State-of-the-STEM editions: an edition around its umbrella event,
its venue and the market stands (award rounds: `stem_events/awards/`).

Every check happens before anything changes; the request commits (the programme items, whose
capacity is shared with the participants' choices, are in `programme.py`).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from stem_events.database import MAX_ID, row_count
from stem_events.editions.models import (
    Edition,
    MarketStand,
    ProgrammeItem,
)
from stem_events.errors import FieldError, NotFound
from stem_events.events.models import Event
from stem_events.extensions import db
from stem_events.initiatives.models import Initiative
from stem_events.reference.models import EventKind
from stem_events.registrations.models import Registration, RegistrationStatus

YEARS = (2000, 2100)


class FieldConflict(FieldError):
    """Input that clashes with what is already stored (a year, a stand number): 409."""

    status = 409
    code = "conflict"


# ---------------------------------------------------------------------------- editions
@dataclass(frozen=True)
class EditionRow:
    edition: Edition
    items: int
    stands: int
    registrations: int  # confirmed registrations for the umbrella event


def initiative_references(initiative: Initiative) -> list[str]:
    """Why State-of-the-STEM keeps an initiative: its market stands."""
    reasons = []
    stands = row_count(sa.select(MarketStand.id).where(MarketStand.initiative_id == initiative.id))
    if stands:
        reasons.append(_("het heeft %(n)s stand(en) op de markt van State-of-the-STEM",
                         n=stands))
    return reasons


def _counts(column, *where) -> dict[int, int]:
    return dict(db.session.execute(
        sa.select(column, sa.func.count()).where(*where).group_by(column)).all())


def edition_rows() -> list[EditionRow]:
    """Every edition, newest first, with its counts (four queries, whatever the number)."""
    items = _counts(ProgrammeItem.edition_id)
    stands = _counts(MarketStand.edition_id)
    registrations = _counts(Registration.event_id,
                            Registration.status == RegistrationStatus.CONFIRMED)
    editions = db.session.scalars(
        sa.select(Edition).order_by(Edition.year.desc()).options(selectinload(Edition.event)))
    return [EditionRow(e, items.get(e.id, 0), stands.get(e.id, 0),
                       registrations.get(e.event_id, 0) if e.event_id else 0) for e in editions]


def free_umbrella_events() -> list[Event]:
    """Events of kind State-of-the-STEM, in any status, not linked to an edition yet."""
    linked = sa.select(Edition.event_id).where(Edition.event_id.is_not(None))
    return list(db.session.scalars(
        sa.select(Event).where(Event.kind == EventKind.STATE_OF_THE_STEM,
                               Event.id.not_in(linked))
        .order_by(Event.first_start.desc().nulls_last(), Event.id)))


def create_edition(year: int, event_id: int | None, venue: str) -> Edition:
    """A new edition around an umbrella event. The event's `edition_year` (which its public
    page links to) must be empty or this year; an empty one is set to it. An empty venue
    takes the event's venue."""
    if not YEARS[0] <= year <= YEARS[1]:
        raise FieldError("year", _("Een jaar tussen 2000 en 2100."))
    if db.session.scalar(sa.select(Edition.id).where(Edition.year == year)) is not None:
        raise FieldConflict("year", _("Er bestaat al een editie %(year)s.", year=year))
    event = _umbrella_event(year, event_id)
    edition = Edition(year=year, event=event, venue=(venue.strip() or event.venue_name or ""))
    db.session.add(edition)
    return edition


def link_umbrella_event(edition: Edition, event_id: int | None) -> None:
    """Give an edition whose umbrella event is gone (a deleted draft) a new one, with the
    same rules as at creation. An edition keeps the event it has: its participants registered
    for that one."""
    if edition.event_id is not None:
        raise FieldConflict("event", _(
            "Deze editie hoort al bij een activiteit; haar deelnemers schreven zich daarvoor "
            "in."))
    edition.event = _umbrella_event(edition.year, event_id)
    edition.venue = edition.venue or edition.event.venue_name or ""


def _umbrella_event(year: int, event_id: int | None) -> Event:
    """The event of kind State-of-the-STEM for edition `year`; its `edition_year` (which its
    public page links to) must be empty or this year, and an empty one is set to it."""
    event = db.session.get(Event, event_id) if event_id and 0 < event_id <= MAX_ID else None
    if event is None or event.kind != EventKind.STATE_OF_THE_STEM:
        raise FieldError("event", _("Kies een activiteit van het soort State-of-the-STEM."))
    other = db.session.scalar(sa.select(Edition).where(Edition.event_id == event.id))
    if other is not None:
        raise FieldConflict("event", _("Deze activiteit hoort al bij editie %(year)s.",
                                       year=other.year))
    if event.edition_year not in (None, year):
        raise FieldError("event", _(
            "Deze activiteit is ingesteld als editie %(other)s, niet %(year)s. Kies het jaar "
            "%(other)s of pas eerst de activiteit aan.", other=event.edition_year, year=year))
    if event.edition_year is None:
        event.edition_year = year
        event.version = (event.version or 0) + 1  # an organiser's open form is now stale
    return event


# ------------------------------------------------------------------------------- stands
def get_stand(edition: Edition, stand_id: int) -> MarketStand:
    found = next((s for s in edition.stands if s.id == stand_id), None)
    if found is None:
        raise NotFound(_("Deze stand hoort niet bij deze editie."))
    return found


def _stand_number(edition: Edition, number: str, stand: MarketStand | None = None) -> str:
    number = number.strip()
    if not number:
        raise FieldError("stand_number", _("Vul een standnummer in."))
    taken = next((s for s in edition.stands if s.stand_number.lower() == number.lower()
                  and s is not stand), None)
    if taken is not None:
        raise FieldConflict("stand_number", _(
            "Stand %(number)s is al toegekend aan ‘%(name)s’.", number=taken.stand_number,
            name=taken.initiative.name))
    return number


def add_stand(edition: Edition, initiative_id: int | None, number: str) -> MarketStand:
    """A stand for a published initiative of the registry, once per edition."""
    initiative = db.session.get(Initiative, initiative_id) \
        if initiative_id and 0 < initiative_id <= MAX_ID else None
    if initiative is None:
        raise FieldError("initiative", _("Kies een initiatief uit het register."))
    if not initiative.is_public:
        raise FieldError("initiative", _(
            "‘%(name)s’ is (nog) niet gepubliceerd in het register en kan geen stand krijgen.",
            name=initiative.name))
    present = next((s for s in edition.stands if s.initiative_id == initiative.id), None)
    if present is not None:
        raise FieldConflict("initiative", _(
            "‘%(name)s’ heeft al stand %(number)s op deze editie.", name=initiative.name,
            number=present.stand_number))
    stand = MarketStand(initiative=initiative, stand_number=_stand_number(edition, number))
    edition.stands.append(stand)
    return stand


def renumber_stand(edition: Edition, stand: MarketStand, number: str) -> None:
    stand.stand_number = _stand_number(edition, number, stand)


def renumber_stands(edition: Edition, numbers: dict[int, str], removed: set[int]) -> int:
    """The whole market in one change: new numbers for the stands that stay (two may swap),
    the `removed` ones taken away; nothing changes when one number is empty or doubled
    (FieldError on `number-<id>`). Returns how many stands changed."""
    kept = [s for s in edition.stands if s.id not in removed]
    seen: set[str] = set()
    wanted = {}
    for stand in kept:
        number = (numbers.get(stand.id) or "").strip()
        if not number:
            raise FieldError(f"number-{stand.id}", _("Vul een standnummer in."))
        if number.lower() in seen:
            raise FieldError(f"number-{stand.id}", _("Stand %(number)s komt twee keer voor.",
                                                      number=number))
        seen.add(number.lower())
        wanted[stand] = number
    changed = [s for s in kept if wanted[s] != s.stand_number]
    gone = [s for s in edition.stands if s.id in removed]
    for stand in gone:
        edition.stands.remove(stand)
    for stand in changed:  # first out of each other's way: the numbers are unique per edition
        stand.stand_number = f"~{stand.id}"
    db.session.flush()
    for stand in changed:
        stand.stand_number = wanted[stand]
    return len(changed) + len(gone)


def remove_stand(edition: Edition, stand: MarketStand) -> None:
    edition.stands.remove(stand)
