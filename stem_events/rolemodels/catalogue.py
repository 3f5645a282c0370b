"""What the public sees of role models: approved profiles only, and where they take part
(public events, programme items of a public edition, published initiatives). Also the answers
to the events domain's questions (the agenda filter, the cards' mark, the event page)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from stem_events.database import MAX_ID
from stem_events.date_time import now_utc
from stem_events.editions.models import Edition, ProgrammeItem
from stem_events.errors import NotFound
from stem_events.events.models import PUBLIC_STATUSES, Event
from stem_events.extensions import db
from stem_events.initiatives.models import Initiative, InitiativeStatus, event_initiatives
from stem_events.pagination import Page
from stem_events.rolemodels.models import (
    PUBLIC,
    RoleModel,
    role_model_events,
    role_model_initiatives,
    role_model_programme_items,
)


def _not_found() -> NotFound:
    return NotFound(_("Dit rolmodel bestaat niet of is niet (meer) openbaar."))


def public_role_models(page: int, per_page: int) -> Page:
    total = db.session.scalar(sa.select(sa.func.count()).select_from(RoleModel)
                              .where(PUBLIC)) or 0
    items = list(db.session.scalars(
        sa.select(RoleModel).where(PUBLIC).order_by(RoleModel.name, RoleModel.id)
        .limit(per_page).offset((page - 1) * per_page)
        .options(selectinload(RoleModel.themes), selectinload(RoleModel.consents),
                 selectinload(RoleModel.employer_organisation))))
    return Page(items=items, page=page, per_page=per_page, total=total)


def get_public_role_model(role_model_id: int) -> RoleModel:
    found = db.session.scalar(
        sa.select(RoleModel).where(RoleModel.id == role_model_id, PUBLIC)
        .options(selectinload(RoleModel.themes), selectinload(RoleModel.consents))
    ) if 0 < role_model_id <= MAX_ID else None
    if found is None:
        raise _not_found()
    return found


@dataclass(frozen=True)
class Appearance:
    """One place where a role model takes part, for their page."""

    kind: str  # "event", "programme", "initiative"
    title: str
    url: str
    when: datetime | None
    detail: str
    is_past: bool


def appearances(role_model: RoleModel) -> list[Appearance]:
    """Public events (network moments among them), programme items of a public
    State-of-the-STEM and published initiatives; dated ones first, soonest first."""
    now = now_utc()
    found: list[Appearance] = []
    events = db.session.scalars(
        sa.select(Event).join(role_model_events, role_model_events.c.event_id == Event.id)
        .where(role_model_events.c.role_model_id == role_model.id,
               Event.status.in_(PUBLIC_STATUSES))
        .options(selectinload(Event.municipality)))
    for event in events:
        found.append(Appearance(
            "event", event.title,
            url_for("events.detail", event_id=event.id, slug=event.slug), event.first_start,
            " · ".join(p for p in (event.kind.label, event.municipality.name
                                   if event.municipality else "") if p),
            bool(event.last_end and event.last_end < now)))
    items = db.session.execute(
        sa.select(ProgrammeItem, Edition.year)
        .join(role_model_programme_items,
              role_model_programme_items.c.programme_item_id == ProgrammeItem.id)
        .join(Edition, Edition.id == ProgrammeItem.edition_id)
        .join(Event, Event.id == Edition.event_id)
        .where(role_model_programme_items.c.role_model_id == role_model.id,
               Event.status.in_(PUBLIC_STATUSES), ProgrammeItem.cancelled.is_(False)))
    for item, year in items:
        found.append(Appearance(
            "programme", item.title, url_for("editions.edition", year=year), item.starts_at,
            _("State-of-the-STEM %(year)s", year=year), item.ends_at < now))
    initiatives = db.session.scalars(
        sa.select(Initiative)
        .join(role_model_initiatives, role_model_initiatives.c.initiative_id == Initiative.id)
        .where(role_model_initiatives.c.role_model_id == role_model.id,
               Initiative.status == InitiativeStatus.PUBLISHED))
    for initiative in initiatives:
        found.append(Appearance(
            "initiative", initiative.name,
            url_for("initiatives.detail", initiative_id=initiative.id, slug=initiative.slug),
            None, _("STEM-initiatief"), False))
    dated = sorted((a for a in found if a.when), key=lambda a: (a.is_past, a.when))
    return dated + [a for a in found if a.when is None]


# ------------------------------------------------ answers to the events domain's questions
def _speakers(event_ids=None):
    """(event id, role model id, name, job) of the public role models speaking in a
    programme item (not cancelled) of a State-of-the-STEM edition: they take part in its
    umbrella event."""
    query = (sa.select(Edition.event_id, RoleModel.id, RoleModel.name, RoleModel.job)
             .join(ProgrammeItem, ProgrammeItem.edition_id == Edition.id)
             .join(role_model_programme_items,
                   role_model_programme_items.c.programme_item_id == ProgrammeItem.id)
             .join(RoleModel, RoleModel.id == role_model_programme_items.c.role_model_id)
             .where(PUBLIC, ProgrammeItem.cancelled.is_(False)))
    return query if event_ids is None else query.where(Edition.event_id.in_(event_ids))


def events_with_role_model(_sender=None):
    """The ids of events where a public role model takes part (`role_model=1`, and the mark
    a page of cards reads with its sessions): linked to the event, or speaking in the
    programme of a State-of-the-STEM edition."""
    return _with_role_model()


@cache
def _with_role_model():
    """A SELECT holds no data: built once instead of on every page."""
    return sa.union(
        sa.select(role_model_events.c.event_id)
        .join(RoleModel, RoleModel.id == role_model_events.c.role_model_id).where(PUBLIC),
        sa.select(_speakers().subquery().c.event_id))


def _card(role_model_id: int, name: str, job: str) -> dict:
    return {"id": role_model_id, "name": name, "job": job,
            "url": url_for("rolemodels.detail", role_model_id=role_model_id, _external=True)}


def role_models_by_event(event_ids) -> dict[int, list[dict]]:
    """{event id: [{id, name, job, url}]} of the public role models taking part (linked to
    the event, or speaking in its State-of-the-STEM programme), by name."""
    ids = list(event_ids or [])
    if not ids:
        return {}
    linked = (sa.select(role_model_events.c.event_id, RoleModel.id, RoleModel.name,
                        RoleModel.job)
              .join(RoleModel, RoleModel.id == role_model_events.c.role_model_id)
              .where(PUBLIC, role_model_events.c.event_id.in_(ids)))
    # One round trip for both ways of taking part (asked for every page of the agenda and API)
    rows = db.session.execute(sa.union_all(linked, _speakers(ids))).all()
    found: dict[int, dict[int, dict]] = {}
    for event_id, role_model_id, name, job in sorted(rows, key=lambda r: (r[2], r[1])):
        found.setdefault(event_id, {}).setdefault(role_model_id,
                                                  _card(role_model_id, name, job))
    return {event_id: list(cards.values()) for event_id, cards in found.items()}


# ------------------------------------------- what other domains' pages show (hooks.gather)
def programme_role_models(edition) -> dict:
    """An edition's page: {programme item id: [the public role models among its speakers]},
    one query for the whole programme."""
    rows = db.session.execute(
        sa.select(role_model_programme_items.c.programme_item_id, RoleModel.id,
                  RoleModel.name, RoleModel.job)
        .join(RoleModel, RoleModel.id == role_model_programme_items.c.role_model_id)
        .join(ProgrammeItem,
              ProgrammeItem.id == role_model_programme_items.c.programme_item_id)
        .where(PUBLIC, ProgrammeItem.edition_id == edition.id)
        .order_by(RoleModel.name, RoleModel.id)).all()
    found: dict[int, list[dict]] = {}
    for item_id, role_model_id, name, job in rows:
        found.setdefault(item_id, []).append(_card(role_model_id, name, job))
    return {"programme_role_models": found}


def initiative_role_models(initiative) -> dict:
    """An initiative's page: the public role models linked to the initiative itself or taking
    part in a public event that presents it, each with the titles of those events."""
    presenting = (sa.select(event_initiatives.c.event_id)
                  .where(event_initiatives.c.initiative_id == initiative.id))
    own = db.session.execute(
        sa.select(RoleModel.id, RoleModel.name, RoleModel.job)
        .join(role_model_initiatives, role_model_initiatives.c.role_model_id == RoleModel.id)
        .where(PUBLIC, role_model_initiatives.c.initiative_id == initiative.id)).all()
    at_events = db.session.execute(
        sa.select(RoleModel.id, RoleModel.name, RoleModel.job, Event.title)
        .join(role_model_events, role_model_events.c.role_model_id == RoleModel.id)
        .join(Event, Event.id == role_model_events.c.event_id)
        .where(PUBLIC, Event.status.in_(PUBLIC_STATUSES), Event.id.in_(presenting))
        .order_by(Event.first_start, Event.id)).all()
    found: dict[int, dict] = {}
    for role_model_id, name, job in own:
        found.setdefault(role_model_id, {**_card(role_model_id, name, job), "events": []})
    for role_model_id, name, job, title in at_events:
        found.setdefault(role_model_id, {**_card(role_model_id, name, job), "events": []})
        found[role_model_id]["events"].append(title)
    return {"initiative_role_models": sorted(found.values(),
                                             key=lambda r: (r["name"], r["id"]))}
