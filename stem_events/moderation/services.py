"""Coordinators' review of events: the queue, what changed since the last approval, and the
decision (approve or reject), mailed to the organisation. Organisers submit through
`events.management.submit_for_review`; initiatives have their own rules in
`initiatives/services.py`."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from stem_events.accounts import policies
from stem_events.accounts.models import User
from stem_events.audit import services as audit
from stem_events.date_time import now_utc
from stem_events.errors import FieldError
from stem_events.events import management
from stem_events.events.models import Event, EventStatus
from stem_events.extensions import db
from stem_events.links import absolute_link
from stem_events.mail.notify import notify
from stem_events.workflow import require_status


def _mail_organisation(event: Event, subject: str, text: str) -> None:
    for membership in event.organisation.memberships:
        notify(membership.user.email, subject, text)


def approve(user: User, event: Event) -> None:
    policies.require(policies.can_moderate(user))
    require_status(event, EventStatus.IN_REVIEW,
                    message=_("Deze activiteit wacht niet op goedkeuring."))
    management.set_status(user, event, EventStatus.PUBLISHED, "approved",
                          extra={"snapshot": {**audit.snapshot(event), "status": "published"}})
    _mail_organisation(event, _("Goedgekeurd: %(title)s", title=event.title),
                       _("Je activiteit staat nu in de agenda: %(link)s",
                         link=absolute_link('events.detail', event_id=event.id, slug=event.slug)))


def reject(user: User, event: Event, reason: str) -> None:
    policies.require(policies.can_moderate(user))
    require_status(event, EventStatus.IN_REVIEW,
                    message=_("Deze activiteit wacht niet op goedkeuring."))
    if not reason.strip():
        raise FieldError("reason", _("Geef een reden; ze wordt naar de organisator gemaild."))
    management.set_status(user, event, EventStatus.REJECTED, "rejected", reason.strip(),
                          visible=False)
    _mail_organisation(event, _("Niet goedgekeurd: %(title)s", title=event.title),
                       _("De coördinatoren keurden je activiteit niet goed, met deze "
                         "reden:\n\n%(reason)s\n\nPas ze aan en dien ze opnieuw in: "
                         "%(link)s",
                         reason=reason.strip(),
                         link=absolute_link('manage.event', event_id=event.id)))


def review_queue() -> list[Event]:
    """Most urgent first: the first session soonest (a passed one first of all, flagged by the
    page), events without a date last; equal dates: the longest waiting first."""
    events = db.session.scalars(
        sa.select(Event).where(Event.status == EventStatus.IN_REVIEW)
        .options(selectinload(Event.organisation), selectinload(Event.sessions))
        .order_by(Event.updated_at))
    return sorted(events, key=lambda e: (e.first_start is None, e.first_start or 0))


def waiting_days(event: Event) -> int:
    """Whole days since the event was submitted or last changed while in review."""
    return max(0, (now_utc() - event.updated_at).days)


def changes_since_approval(event: Event) -> dict | None:
    """The diff against the last approved state, or None when it was never approved."""
    approved = audit.last_approved_snapshot(event_id=event.id)
    if approved is None:
        return None
    current = audit.snapshot(event)
    return {k: v for k, v in audit.diff(approved, current).items() if k != "status"}


def changed_after_approval(limit: int = 50) -> list[tuple[Event, dict]]:
    """Published or postponed events edited after their last approval, with what changed."""
    return audit.edited_after_approval(Event, (EventStatus.PUBLISHED, EventStatus.POSTPONED),
                                       changes_since_approval, limit)
