"""The public initiatives catalogue: filters, listing, an initiative's page and the events
that present initiatives."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import MultiDict

from stem_events.audiences.models import Audience, initiative_audiences
from stem_events.database import MAX_ID
from stem_events.date_time import now_utc
from stem_events.errors import InvalidInput, NotFound
from stem_events.events.filters import AgendaFilter, InvalidFilter, goal_codes, parse_filters
from stem_events.events.models import PUBLIC_STATUSES, Event, EventSession, slugify
from stem_events.extensions import db
from stem_events.initiatives import labels
from stem_events.initiatives.models import (
    Initiative,
    InitiativeStatus,
    event_initiatives,
    initiative_goals,
    initiative_municipalities,
    initiative_organisations,
    initiative_themes,
)
from stem_events.initiatives.search import search_condition
from stem_events.pagination import Page
from stem_events.reference.models import Municipality, Theme

#: The agenda filters that make sense for lasting initiatives (no dates, kinds or prices).
INITIATIVE_FILTERS = ("province", "municipality", "theme", "goal", "age", "q", "organisation",
                      "audience")


class InitiativeNotPublished(InvalidInput):
    """Alleen gepubliceerde initiatieven kunnen genomineerd worden."""


# ---------------------------------------------------------------------------- initiatives
def parse_initiative_filters(args: MultiDict) -> AgendaFilter:
    """The agenda's parser and Dutch messages (a NUL included), for the parameters
    initiatives have."""
    kept = MultiDict([(k, v) for k, v in args.items(multi=True) if k in INITIATIVE_FILTERS])
    return parse_filters(kept)


def parse_label_filter(args: MultiDict) -> bool:
    """The registry's own `label=1`: only initiatives holding a valid STEM-label."""
    values = {v.strip() for v in args.getlist("label") if v.strip()}
    if not values:
        return False
    if len(values) > 1 or not values <= {"0", "1", "true", "on"}:
        raise InvalidFilter("label", _("‘%(name)s’ moet 1 zijn.", name="label"))
    return values != {"0"}


def initiative_conditions(f: AgendaFilter) -> list:
    conditions: list = [Initiative.status == InitiativeStatus.PUBLISHED]
    served = sa.select(initiative_municipalities.c.initiative_id)
    if f.municipality:
        conditions.append(Initiative.id.in_(
            served.where(initiative_municipalities.c.municipality_nis == f.municipality)))
    elif f.province:
        conditions.append(Initiative.id.in_(
            served.join(Municipality,
                        Municipality.nis == initiative_municipalities.c.municipality_nis)
            .where(Municipality.province_nis == f.province)))
    if f.themes:
        conditions.append(Initiative.id.in_(
            sa.select(initiative_themes.c.initiative_id)
            .join(Theme, Theme.id == initiative_themes.c.theme_id)
            .where(Theme.slug.in_(f.themes))))
    if f.goal:
        conditions.append(Initiative.id.in_(
            sa.select(initiative_goals.c.initiative_id)
            .where(initiative_goals.c.goal_code.in_(goal_codes(f.goal)))))
    if f.age is not None:
        conditions.append(sa.or_(Initiative.age_min.is_(None), Initiative.age_min <= f.age))
        conditions.append(sa.or_(Initiative.age_max.is_(None), Initiative.age_max >= f.age))
    if f.organisation is not None:
        conditions.append(Initiative.id.in_(
            sa.select(initiative_organisations.c.initiative_id)
            .where(initiative_organisations.c.organisation_id == f.organisation)))
    if f.q:
        conditions.append(search_condition(f.q))
    if f.audiences:
        conditions.append(Initiative.id.in_(
            sa.select(initiative_audiences.c.initiative_id)
            .join(Audience, Audience.id == initiative_audiences.c.audience_id)
            .where(Audience.slug.in_(f.audiences))))
    return conditions


def published_initiatives(f: AgendaFilter, page: int = 1, per_page: int = 25,
                          labelled: bool = False) -> Page:
    """Published initiatives matching the filter, by name; `labelled`: with a valid label."""
    conditions = initiative_conditions(f)
    if labelled:
        conditions.append(labels.valid_condition())
    total = db.session.scalar(sa.select(sa.func.count(Initiative.id)).where(*conditions))
    items = db.session.scalars(
        sa.select(Initiative).where(*conditions).order_by(Initiative.name, Initiative.id)
        .limit(per_page).offset((page - 1) * per_page)
        .options(selectinload(Initiative.organisations), selectinload(Initiative.themes),
                 selectinload(Initiative.goals), selectinload(Initiative.municipalities),
                 selectinload(Initiative.audiences))
    ).all()
    return Page(items=list(items), page=page, per_page=per_page, total=total or 0)


def get_public_initiative(initiative_id: int) -> Initiative:
    found = db.session.get(Initiative, initiative_id) if 0 < initiative_id <= MAX_ID else None
    if found is None or not found.is_public:
        raise NotFound(_("Dit initiatief bestaat niet of is (nog) niet openbaar."))
    return found


@dataclass(frozen=True)
class PresentingEvent:
    event: Event
    first_start: datetime
    last_end: datetime

    @property
    def is_past(self) -> bool:
        return self.last_end < now_utc()


def events_presenting(initiative_ids: list[int] | int) -> list[PresentingEvent]:
    """Public events that present the initiative(s), soonest first."""
    ids = [initiative_ids] if isinstance(initiative_ids, int) else initiative_ids
    span = (
        sa.select(EventSession.event_id, sa.func.min(EventSession.starts_at).label("first"),
                  sa.func.max(EventSession.ends_at).label("last"))
        .group_by(EventSession.event_id).subquery()
    )
    rows = db.session.execute(
        sa.select(Event, span.c.first, span.c.last).join(span, span.c.event_id == Event.id)
        .where(Event.status.in_(PUBLIC_STATUSES), Event.id.in_(
            sa.select(event_initiatives.c.event_id)
            .where(event_initiatives.c.initiative_id.in_(ids))))
        .order_by(span.c.first, Event.id)
        .options(selectinload(Event.municipality), selectinload(Event.organisation))
    ).all()
    return [PresentingEvent(event, first, last) for event, first, last in rows]


def initiatives_presented_at(event_id: int) -> list[Initiative]:
    """Published initiatives an event presents (the public never sees the others)."""
    return list(db.session.scalars(
        sa.select(Initiative).join(event_initiatives,
                                   event_initiatives.c.initiative_id == Initiative.id)
        .where(event_initiatives.c.event_id == event_id,
               Initiative.status == InitiativeStatus.PUBLISHED)
        .order_by(Initiative.name).options(selectinload(Initiative.organisations))
    ).all())


def new_initiative(name: str, **values) -> Initiative:
    """An initiative with its slug; the caller adds and commits."""
    return Initiative(name=name, slug=slugify(name), **values)


def upcoming_window() -> tuple[datetime, datetime]:
    now = now_utc()
    return now, now + timedelta(days=365)


def initiatives_serving(nis: str) -> list[Initiative]:
    return list(db.session.scalars(
        sa.select(Initiative).where(*initiative_conditions(AgendaFilter(municipality=nis)))
        .order_by(Initiative.name).options(selectinload(Initiative.organisations))).all())


def get_initiative(initiative_id: int) -> Initiative:
    found = db.session.get(Initiative, initiative_id) if 0 < initiative_id <= MAX_ID else None
    if found is None:
        raise InvalidInput(_("Kies een initiatief uit het register."))
    return found
