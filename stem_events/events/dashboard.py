"""What an organiser steers by at /manage: one row per event of their organisations (every
event for coordinators) with its next session, status, registrations / capacity and waiting
list; upcoming first, past events apart; filtered by status, organisation and a search."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from stem_events.accounts import policies
from stem_events.accounts.models import Organisation, User
from stem_events.date_time import now_utc
from stem_events.events import signals
from stem_events.events.models import Event, EventSession, EventStatus
from stem_events.extensions import db
from stem_events.hooks import answer

SORTS = {"date": _l("Volgende sessie"), "title": _l("Titel"), "status": _l("Status"),
         "registrations": _l("Inschrijvingen")}
MAX_QUERY = 200


@dataclass
class Row:
    event: Event
    next_session: EventSession | None
    confirmed: int
    waiting: int

    @property
    def capacity(self) -> int | None:
        return self.event.capacity


@dataclass
class Filter:
    status: EventStatus | None = None
    organisation_id: int | None = None
    q: str = ""
    sort: str = "date"  # a leading "-" sorts descending


def organisations_of(user: User) -> list[Organisation]:
    """What the organisation filter offers: the user's organisations (all for coordinators)."""
    if policies.is_coordinator(user):
        return list(db.session.scalars(sa.select(Organisation).order_by(Organisation.name)))
    return sorted((m.organisation for m in user.memberships), key=lambda o: o.name.lower())


def rows_for(user: User, chosen: Filter) -> tuple[list[Row], list[Row]]:
    """(upcoming, past): upcoming soonest first unless another sort is chosen, past most
    recent first."""
    query = sa.select(Event).options(selectinload(Event.sessions),
                                     selectinload(Event.organisation))
    if not policies.is_coordinator(user):
        query = query.where(Event.organisation_id.in_(
            [m.organisation_id for m in user.memberships]))
    if chosen.status is not None:
        query = query.where(Event.status == chosen.status)
    if chosen.organisation_id is not None:
        query = query.where(Event.organisation_id == chosen.organisation_id)
    if chosen.q:
        query = query.where(Event.title.ilike(f"%{_escape(chosen.q)}%", escape="\\"))
    events = list(db.session.scalars(query))
    totals = answer(signals.registration_totals, [e.id for e in events]) if events else {}
    now = now_utc()
    upcoming, past = [], []
    for event in events:
        confirmed, waiting = totals.get(event.id, (0, 0))
        ahead = [s for s in event.sessions if s.ends_at >= now and not s.cancelled]
        row = Row(event, min(ahead, key=lambda s: s.starts_at, default=None), confirmed,
                  waiting)
        is_past = event.last_end is not None and event.last_end < now
        (past if is_past else upcoming).append(row)
    past.sort(key=lambda r: r.event.last_end, reverse=True)
    return _sorted(upcoming, chosen.sort), past


def _sorted(rows: list[Row], sort: str) -> list[Row]:
    key = sort.lstrip("-")
    far = datetime.max.replace(tzinfo=now_utc().tzinfo)
    keys = {
        "date": lambda r: r.next_session.starts_at if r.next_session else far,
        "title": lambda r: r.event.title.lower(),
        "status": lambda r: (list(EventStatus).index(r.event.status),
                             r.next_session.starts_at if r.next_session else far),
        "registrations": lambda r: (r.confirmed, r.waiting),
    }
    return sorted(rows, key=keys[key], reverse=sort.startswith("-"))


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
