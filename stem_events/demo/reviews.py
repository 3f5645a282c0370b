"""Demo data for the coordinators' review: a published event of the demo organiser's academy,
approved ten days ago and edited since (summary and venue), so the queue lists it under
"changed after approval" and its review page marks what changed."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from stem_events.accounts.models import Membership, User
from stem_events.audit import services as audit
from stem_events.date_time import now_utc
from stem_events.events.models import Event, EventStatus
from stem_events.extensions import db


def build_review_demo() -> None:
    coordinator = db.session.scalar(
        sa.select(User).where(User.email == "coordinator@stem-events.example"))
    organiser = db.session.scalar(
        sa.select(User).where(User.email == "organisator@stem-events.example"))
    if coordinator is None or organiser is None:
        return
    own = sa.select(Membership.organisation_id).where(Membership.user_id == organiser.id)
    event = db.session.scalar(
        sa.select(Event).where(Event.organisation_id.in_(own),
                               Event.status == EventStatus.PUBLISHED,
                               Event.last_end > now_utc())
        .order_by(Event.id).limit(1))
    if event is None:
        return
    now = now_utc()
    approval = audit.record(coordinator, "approved", event=event, changes={
        "snapshot": {**audit.snapshot(event), "status": "published"}})
    approval.at = now - timedelta(days=10)
    before = audit.snapshot(event)
    event.summary = (event.summary or "").rstrip(".") + ". Nu ook met een extra groep."
    event.venue_name = f"{event.venue_name or 'Ons lokaal'} (grote zaal)"[:200]
    edit = audit.record(organiser, "edited", event=event,
                        changes=audit.diff(before, audit.snapshot(event)))
    edit.at = now - timedelta(days=2)
    db.session.flush()
