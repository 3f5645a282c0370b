"""Role models in the report: the public role models shown in a fixed
period and where — events, network moments and State-of-the-STEM programme items. These are
the sections of `reach.ROLE_MODEL_SECTIONS` (reports sit above rolemodels in the layers, so
they ask the role-model tables directly; no signal is needed). Role models are public
profiles shown with their own consent, not people counted, so no small-cell rule applies."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from stem_events.date_time import local_day_bounds
from stem_events.editions.models import Edition, ProgrammeItem
from stem_events.events.models import PUBLIC_STATUSES, Event, EventSession, SessionStatus
from stem_events.extensions import db
from stem_events.reference.models import EventKind
from stem_events.rolemodels.models import (
    PUBLIC,
    RoleModel,
    role_model_events,
    role_model_programme_items,
)


def _events(period, network_moments: bool) -> list[tuple[str, str]]:
    start, end = local_day_bounds(period.first, period.last)
    in_period = sa.select(EventSession.event_id).where(
        EventSession.status == SessionStatus.SCHEDULED,
        EventSession.starts_at >= start, EventSession.starts_at < end)
    kind = (Event.kind == EventKind.NETWORK_MOMENT if network_moments
            else Event.kind != EventKind.NETWORK_MOMENT)
    label = _("netwerkmoment") if network_moments else _("activiteit")
    rows = db.session.execute(
        sa.select(RoleModel.name, Event.title)
        .join(role_model_events, role_model_events.c.role_model_id == RoleModel.id)
        .join(Event, Event.id == role_model_events.c.event_id)
        .where(PUBLIC, Event.status.in_(PUBLIC_STATUSES), kind, Event.id.in_(in_period))
        .order_by(RoleModel.name, Event.title)).all()
    return [(name, f"{label}: {title}") for name, title in rows]


def events(period) -> list[tuple[str, str]]:
    """Public activities (not network moments) with a session in the period."""
    return _events(period, network_moments=False)


def network_moments(period) -> list[tuple[str, str]]:
    return _events(period, network_moments=True)


def programme_items(period) -> list[tuple[str, str]]:
    """Programme items of a public State-of-the-STEM that start in the period."""
    start, end = local_day_bounds(period.first, period.last)
    rows = db.session.execute(
        sa.select(RoleModel.name, Edition.year, ProgrammeItem.title)
        .join(role_model_programme_items,
              role_model_programme_items.c.role_model_id == RoleModel.id)
        .join(ProgrammeItem, ProgrammeItem.id == role_model_programme_items.c.programme_item_id)
        .join(Edition, Edition.id == ProgrammeItem.edition_id)
        .join(Event, Event.id == Edition.event_id)
        .where(PUBLIC, Event.status.in_(PUBLIC_STATUSES), ProgrammeItem.cancelled.is_(False),
               ProgrammeItem.starts_at >= start, ProgrammeItem.starts_at < end)
        .order_by(RoleModel.name, ProgrammeItem.starts_at)).all()
    return [(name, _("State-of-the-STEM %(year)s: %(title)s", year=year, title=title))
            for name, year, title in rows]


SECTIONS = [events, network_moments, programme_items]
