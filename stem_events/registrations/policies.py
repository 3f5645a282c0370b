"""Who may see and change the registrations of an event (to be pointed at the shared policy)."""

from __future__ import annotations

import sqlalchemy as sa

from stem_events.accounts.models import Membership
from stem_events.events.models import Event, event_organisations
from stem_events.extensions import db


def can_manage_registrations(user, event: Event) -> bool:
    """Coordinators, and members of the event's organisation or a co-organiser."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_admin:
        return True
    co_organisers = sa.select(event_organisations.c.organisation_id).where(
        event_organisations.c.event_id == event.id)
    member = db.session.scalar(sa.select(sa.func.count()).select_from(Membership).where(
        Membership.user_id == user.id,
        sa.or_(Membership.organisation_id == event.organisation_id,
               Membership.organisation_id.in_(co_organisers)),
    ))
    return bool(member)
