"""What a change changed, in words, for the registrants' change mail: old → new for date, time,
place and status.

Every flush notes the values that events and sessions had when the transaction first changed
them (SQLAlchemy's attribute history, before it is flushed away). The change mail is queued just
before the change commits (`transaction.before_commit`), so it compares those values with the
new ones and stores the result in its snapshot: the mail stays true whatever happens later.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Session, SessionTransaction

from stem_events import date_time
from stem_events.events.models import Event, EventSession, EventStatus, SessionStatus
from stem_events.extensions import db
from stem_events.reference.models import Municipality

ORIGINALS = "change_notes.originals"  # {(class name, id): {field: value before}}
TRACKED = {
    Event: ("title", "venue_name", "street", "postcode", "municipality_nis", "online_url",
            "status"),
    EventSession: ("starts_at", "ends_at", "status"),
}


def note_originals(session: Session, flush_context, instances) -> None:
    originals = session.info.setdefault(ORIGINALS, {})
    for row in session.dirty:
        fields = TRACKED.get(type(row))
        if not fields or row.id is None:
            continue
        noted = originals.setdefault((type(row).__name__, row.id), {})
        state = sa.inspect(row)
        for name in fields:
            history = state.attrs[name].history
            if name not in noted and history.deleted:
                noted[name] = history.deleted[0]


def forget_originals(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(ORIGINALS, None)


def _before(row, name: str):
    noted = db.session.info.get(ORIGINALS, {}).get((type(row).__name__, row.id), {})
    return noted.get(name, getattr(row, name))


@dataclass(frozen=True)
class Line:
    label: str
    old: str
    new: str

    def as_dict(self) -> dict:
        return {"label": self.label, "old": self.old, "new": self.new}


def _line(label: str, old: str, new: str) -> list[Line]:
    return [Line(label, old or "—", new or "—")] if old != new else []


def _place(event: Event, values: dict) -> str:
    nis = values["municipality_nis"]
    town = db.session.get(Municipality, nis).name if nis else ""
    place = ", ".join(p for p in (values["venue_name"], values["street"]) if p)
    parts = [p for p in (place, " ".join(p for p in (values["postcode"], town) if p)) if p]
    if values["online_url"]:
        parts.append(values["online_url"])
    return ", ".join(parts)


def _session_lines(session: EventSession, several: bool) -> list[Line]:
    old_start, old_end = _before(session, "starts_at"), _before(session, "ends_at")
    suffix = f" ({date_time.format_date(old_start)})" if several else ""
    old_time, new_time = _hours(old_start, old_end), _hours(session.starts_at, session.ends_at)
    old_status = SessionStatus(_before(session, "status"))
    return (_line(_("Datum") + suffix, date_time.format_date(old_start),
                  date_time.format_date(session.starts_at))
            + _line(_("Uur") + suffix, old_time, new_time)
            + _line(_("Status") + suffix, session_label(old_status),
                    session_label(session.status)))


def _hours(start, end) -> str:
    return f"{date_time.format_time(start)}–{date_time.format_time(end)}"


def session_label(status: SessionStatus) -> str:
    return _("geannuleerd") if status == SessionStatus.CANCELLED else _("gaat door")


def what_changed(event: Event, sessions: list[EventSession]) -> list[Line]:
    """Old → new for the event's title, place and status and the sessions' date, time and
    status, for what changed in the open transaction (nothing when nothing did)."""
    old = {name: _before(event, name) for name in TRACKED[Event]}
    new = {name: getattr(event, name) for name in TRACKED[Event]}
    lines = _line(_("Titel"), old["title"], new["title"])
    lines += _line(_("Plaats"), _place(event, old), _place(event, new))
    lines += _line(_("Status"), EventStatus(old["status"]).label,
                   EventStatus(new["status"]).label)
    for session in sorted(sessions, key=lambda s: (_before(s, "starts_at"), s.id)):
        lines += _session_lines(session, several=len(sessions) > 1)
    return lines
