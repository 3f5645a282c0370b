"""A State-of-the-STEM edition as its pages show it: programme by time slot, stands,
and the road of network moments towards it (its award rounds: `stem_events/awards/`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from stem_events.date_time import now_utc
from stem_events.editions.models import (
    Edition,
    MarketStand,
    ProgrammeItem,
)
from stem_events.errors import NotFound
from stem_events.events.models import PUBLIC_STATUSES, Event, EventSession
from stem_events.extensions import db
from stem_events.initiatives.catalogue import PresentingEvent
from stem_events.reference.models import EventKind

# ------------------------------------------------------------------ State-of-the-STEM
ROAD_YEARS = 2


@dataclass(frozen=True)
class TimeSlot:
    starts_at: datetime
    items: list[ProgrammeItem]


@dataclass(frozen=True)
class EditionPage:
    edition: Edition
    slots: list[TimeSlot]
    tracks: list[str]
    stands: list[MarketStand]
    road: list[PresentingEvent]


def public_editions() -> list[Edition]:
    """The editions whose umbrella event is public, newest first (/state-of-the-stem/)."""
    return [e for e in db.session.scalars(sa.select(Edition).order_by(Edition.year.desc()))
            if e.event is not None and e.event.is_public]


def get_public_edition(year: int) -> Edition:
    edition = db.session.scalar(sa.select(Edition).where(Edition.year == year)) \
        if 2000 <= year <= 2100 else None
    if edition is None or edition.event is None or not edition.event.is_public:
        raise NotFound(_("Deze editie van State-of-the-STEM bestaat niet of is nog niet "
                         "openbaar."))
    return edition


def edition_start(edition: Edition) -> datetime:
    starts = [s.starts_at for s in edition.event.sessions] + [
        p.starts_at for p in edition.programme]
    return min(starts) if starts else now_utc()


def road_to(edition: Edition) -> list[PresentingEvent]:
    """The public network moments of the two years before the edition."""
    end = edition_start(edition)
    start = end.replace(year=end.year - ROAD_YEARS)
    span = (
        sa.select(EventSession.event_id, sa.func.min(EventSession.starts_at).label("first"),
                  sa.func.max(EventSession.ends_at).label("last"))
        .group_by(EventSession.event_id).subquery()
    )
    rows = db.session.execute(
        sa.select(Event, span.c.first, span.c.last).join(span, span.c.event_id == Event.id)
        .where(Event.kind == EventKind.NETWORK_MOMENT, Event.status.in_(PUBLIC_STATUSES),
               span.c.first >= start, span.c.first < end)
        .order_by(span.c.first, Event.id).options(selectinload(Event.municipality))
    ).all()
    return [PresentingEvent(event, first, last) for event, first, last in rows]


def edition_page(edition: Edition) -> EditionPage:
    slots: dict[datetime, list[ProgrammeItem]] = {}
    for item in edition.programme:
        slots.setdefault(item.starts_at, []).append(item)
    tracks = sorted({i.track for i in edition.programme if i.track})
    stands = [s for s in edition.stands if s.initiative.is_public]
    return EditionPage(edition, [TimeSlot(t, sorted(items, key=lambda i: (i.track, i.room)))
                                 for t, items in sorted(slots.items())],
                       tracks, stands, road_to(edition))


def get_edition(year: int) -> Edition:
    """An edition in any state (coordinators)."""
    edition = db.session.scalar(sa.select(Edition).where(Edition.year == year)) \
        if 2000 <= year <= 2100 else None
    if edition is None:
        raise NotFound(_("Deze editie van State-of-the-STEM bestaat niet."))
    return edition
