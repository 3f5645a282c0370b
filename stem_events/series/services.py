"""The rules of an event's sessions: add a series of dates, move a session (and, in
open-sessions mode, change its capacity), cancel or restore one. Every change goes through
`events.management.bump_sequence` and tells the registrants (`follow_up`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import gettext as _

from stem_events.accounts import policies
from stem_events.accounts.models import User
from stem_events.audit import services as audit
from stem_events.date_time import local, now_utc, to_local
from stem_events.errors import FieldError
from stem_events.events import management
from stem_events.events.models import (
    Event,
    EventSession,
    EventStatus,
    RegistrationMode,
    SessionStatus,
)
from stem_events.extensions import db
from stem_events.reference.holiday_overrides import holidays_between
from stem_events.workflow import WrongStatus, claim_version

from .schedule import Schedule, skip_reason


def _session_change(user: User, event: Event, seen_version: int | None) -> None:
    policies.require(policies.can_edit(user, event))
    if event.status == EventStatus.CANCELLED:
        raise WrongStatus(_("Deze activiteit is geannuleerd; haar sessies liggen vast."))
    claim_version(event, seen_version)


def add_sessions(user: User, event: Event, schedule: Schedule,
                 seen_version: int | None = None) -> list[EventSession]:
    _session_change(user, event, seen_version)
    taken = {s.starts_at for s in event.sessions}
    new = [s for s in management.new_sessions(event, schedule) if s.starts_at not in taken]
    if not new:
        raise FieldError("first_day", _("Deze sessies bestaan al."))
    event.sessions.extend(new)
    db.session.flush()
    management.bump_sequence(event, new)
    if event.registration_mode != RegistrationMode.SESSIONS:  # registered for the whole series
        management.follow_up("changed", event)
    audit.record(user, "sessions_added", event=event,
                 changes={"sessions": [None, [s.starts_at.isoformat() for s in new]]})
    return new


def move_session(user: User, event: Event, session: EventSession, start: datetime,
                 end: datetime, seen_version: int | None = None,
                 capacity: int | None = None) -> None:
    """A new date or time (the same UID, a higher SEQUENCE) and, in open-sessions mode, the
    session's own capacity (never below its confirmed registrations)."""
    _session_change(user, event, seen_version)
    changes = {}
    if (start, end) != (session.starts_at, session.ends_at):
        if start < now_utc():
            raise FieldError("day", _("Een sessie kan niet naar het verleden verplaatst worden."))
        changes["sessions"] = [f"{session.starts_at.isoformat()}/{session.ends_at.isoformat()}",
                               f"{start.isoformat()}/{end.isoformat()}"]
        session.starts_at, session.ends_at = start, end
        management.bump_sequence(event, [session])
        management.follow_up("changed", event, session.id)
    if event.registration_mode == RegistrationMode.SESSIONS and capacity != session.capacity:
        management.lock_seats(event)
        taken = management.registered_count(event, session)
        if capacity is not None and capacity < taken:
            raise FieldError("capacity", _("Er zijn al %(taken)s inschrijvingen voor deze "
                                           "sessie; de capaciteit kan niet lager zijn.",
                                           taken=taken))
        changes["capacity"] = [session.capacity, capacity]
        inherited = event.capacity  # a session without its own capacity has the event's
        if management.raised(inherited if session.capacity is None else session.capacity,
                   inherited if capacity is None else capacity):
            management.follow_up("capacity", event)
        session.capacity = capacity
    if changes:
        audit.record(user, "session_moved", event=event, changes=changes)


@dataclass
class SeriesEdit:
    """What an organiser asks of a series: a shift in minutes, another weekday, more weeks."""

    minutes: int = 0
    weekday: int | None = None
    only_future: bool = True
    extra_weeks: int = 0
    skip_holidays: bool = True

    @property
    def changes_nothing(self) -> bool:
        return not self.minutes and self.weekday is None and not self.extra_weeks


@dataclass
class SeriesPlan:
    moves: list[tuple[EventSession, datetime, datetime]] = field(default_factory=list)
    added: list[tuple[datetime, datetime]] = field(default_factory=list)
    skipped: list[tuple[date, str]] = field(default_factory=list)


def _moved(session: EventSession, edit: SeriesEdit) -> tuple[datetime, datetime]:
    """The session's start and end after the edit, on the Brussels clock (a 14:00 session
    stays 14:00-based across a change of daylight saving time)."""
    delta = timedelta(minutes=edit.minutes)
    start = to_local(session.starts_at).replace(tzinfo=None) + delta
    end = to_local(session.ends_at).replace(tzinfo=None) + delta
    if edit.weekday is not None:
        days = timedelta(days=edit.weekday - start.weekday())
        start, end = start + days, end + days
    return local(start.date(), start.time()), local(end.date(), end.time())


def _rhythm(days: list[date]) -> int:
    """Weeks between the last two sessions (1 or 2, as the series form offers), else 1."""
    if len(days) > 1 and (days[-1] - days[-2]).days in (7, 14):
        return (days[-1] - days[-2]).days // 7
    return 1


def edit_plan(event: Event, edit: SeriesEdit) -> SeriesPlan:
    """The resulting dates: every (or every future) session that goes on and changes, and
    `extra_weeks` sessions after the last one in the series' rhythm, skipping school holidays
    when asked (the skipped dates named with their holiday)."""
    now = now_utc()
    plan = SeriesPlan()
    ongoing = sorted((s for s in event.sessions if not s.cancelled), key=lambda s: s.starts_at)
    times = {}
    for session in ongoing:
        if edit.only_future and session.starts_at < now:
            times[session] = (session.starts_at, session.ends_at)
            continue
        times[session] = _moved(session, edit)
        if times[session] != (session.starts_at, session.ends_at):
            plan.moves.append((session, *times[session]))
    if edit.extra_weeks and ongoing:
        plan.added, plan.skipped = _extra_weeks(sorted(times.values()), edit)
    return plan


def _extra_weeks(times: list[tuple[datetime, datetime]], edit: SeriesEdit
                 ) -> tuple[list[tuple[datetime, datetime]], list[tuple[date, str]]]:
    last_start, last_end = (to_local(t).replace(tzinfo=None) for t in times[-1])
    step = timedelta(weeks=_rhythm([to_local(s).date() for s, _e in times]))
    day = last_start.date() + step
    holidays = (holidays_between(day, day + step * (edit.extra_weeks + 20))
                if edit.skip_holidays else [])
    added, skipped = [], []
    while len(added) < edit.extra_weeks:
        reason = skip_reason(day, set(), holidays)
        if reason:
            skipped.append((day, reason))
        else:
            added.append((local(day, last_start.time()),
                          local(day + (last_end.date() - last_start.date()), last_end.time())))
        day += step
    return added, skipped


def edit_series(user: User, event: Event, edit: SeriesEdit,
                seen_version: int | None = None) -> SeriesPlan:
    """Carry out `edit_plan` in one change: one SEQUENCE step per session, the registrants
    told once, one audit entry for the moves and one for the added weeks."""
    _session_change(user, event, seen_version)
    plan = edit_plan(event, edit)
    if not plan.moves and not plan.added:
        raise FieldError("minutes", _("Er is geen sessie om te verschuiven."))
    if any(start < now_utc() for _session, start, _end in plan.moves):
        raise FieldError("minutes", _("Een sessie kan niet naar het verleden verschoven "
                                      "worden; kies enkel de komende sessies."))
    before = [f"{s.starts_at.isoformat()}/{s.ends_at.isoformat()}" for s, _a, _b in plan.moves]
    for session, start, end in plan.moves:
        session.starts_at, session.ends_at = start, end
        management.follow_up("changed", event, session.id)
    capacity = event.capacity if event.registration_mode == RegistrationMode.SESSIONS else None
    new = [EventSession(starts_at=start, ends_at=end, capacity=capacity)
           for start, end in plan.added]
    event.sessions.extend(new)
    db.session.flush()
    management.bump_sequence(event, [s for s, _a, _b in plan.moves] + new)
    if new and event.registration_mode != RegistrationMode.SESSIONS:
        management.follow_up("changed", event)
    if plan.moves:
        audit.record(user, "session_moved", event=event, changes={"sessions": [before, [
            f"{s.starts_at.isoformat()}/{s.ends_at.isoformat()}" for s, _a, _b in plan.moves]]})
    if new:
        audit.record(user, "sessions_added", event=event,
                     changes={"sessions": [None, [s.starts_at.isoformat() for s in new]]})
    return plan


def set_session_cancelled(user: User, event: Event, session: EventSession,
                          cancelled: bool) -> None:
    _session_change(user, event, None)
    status = SessionStatus.CANCELLED if cancelled else SessionStatus.SCHEDULED
    if session.status == status:
        return
    if cancelled and all(s.cancelled for s in event.sessions if s is not session):
        raise WrongStatus(_("Dit is de laatste sessie: annuleer dan de hele activiteit."))
    session.status = status
    management.bump_sequence(event, [session])
    management.follow_up("changed", event, session.id)
    audit.record(user, "session_cancelled" if cancelled else "session_restored", event=event,
                 changes={"sessions": [session.starts_at.isoformat(), status.value]})
