"""Keeping a source's events in step with its feed: first a plan (read-only: also the preview),
then its application through the rules of an organiser's edit (SEQUENCE bumped, registrants
told of changes, an audit entry "import"). Services flush, never commit.

Identity: a source UID is one event; a one-off event's session is its UID, an occurrence of a
series is (UID, original start). When a whole series shifts in time, occurrences that lost
their key are matched by their Brussels date before anything counts as new or gone.
Sessions that have ended are history and never change. A session outside the window is not
gone; an occurrence gone from the feed or cancelled there is cancelled here, never deleted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from stem_events.audit import services as audit
from stem_events.date_time import feed_window, now_utc, to_local
from stem_events.events.management import (
    MAILED_TO_REGISTRANTS,
    SUBSCRIBER_VISIBLE,
    bump_sequence,
    tell_registrants,
)
from stem_events.events.models import (
    Event,
    EventSession,
    EventStatus,
    RegistrationMode,
    SessionStatus,
    slugify,
)
from stem_events.extensions import db
from stem_events.reference.models import Goal, Theme

from . import mapping
from .models import ImportItem, ImportOccurrence, ImportSource
from .parse import Feed, FeedEvent, Occurrence, Problem


@dataclass
class Known:
    """A source UID we imported before: its link row, our event (None when the organiser
    deleted it) and that event's sessions by id."""

    item: ImportItem
    event: Event | None
    sessions: dict[int, EventSession]


@dataclass
class SessionStep:
    action: str  # new | move | cancel | restore | rekey
    key: str
    occurrence: Occurrence | None = None
    session: EventSession | None = None


@dataclass
class Step:
    action: str  # create | update | unchanged | skip | gone
    feed_event: FeedEvent | None = None
    known: Known | None = None
    fields: dict = field(default_factory=dict)
    sessions: list[SessionStep] = field(default_factory=list)
    cancel_event: bool = False
    message: str = ""

    @property
    def title(self) -> str:
        if self.feed_event is not None:
            return self.feed_event.title
        event = self.known.event if self.known else None
        return event.title if event else ""


@dataclass
class Plan:
    steps: list[Step] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    upcoming: int = 0  # scheduled sessions of the source still to come, before this run

    @property
    def new_sessions(self) -> int:
        return sum(1 for step in self.steps for s in step.sessions if s.action == "new")

    @property
    def cancellations(self) -> int:
        return sum(1 for step in self.steps for s in step.sessions if s.action == "cancel")

    @property
    def too_many_cancellations(self) -> bool:
        """More than half of the upcoming sessions would go: the run waits for a person."""
        return self.cancellations >= 2 and self.cancellations * 2 > self.upcoming


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    cancelled: int = 0
    unchanged: int = 0
    skipped: int = 0


# --- planning (no writes) --------------------------------------------------------------------

def plan(source: ImportSource | None, feed: Feed, defaults: dict) -> Plan:
    """What applying `feed` would do. `source=None` (a preview before saving): all new."""
    now = now_utc()
    known = _known(source) if source is not None else {}
    result = Plan(skipped=list(feed.skipped), warnings=feed.warnings,
                  upcoming=_upcoming(known.values(), now))
    for feed_event in feed.events:
        result.steps.append(_step(known.pop(feed_event.uid, None), feed_event, defaults, now))
    for gone in known.values():
        result.steps.append(_gone(gone, now))
    result.skipped += [Problem(s.feed_event.uid, s.title, s.message)
                       for s in result.steps if s.action == "skip"]
    return result


def _known(source: ImportSource) -> dict[str, Known]:
    """The source's imported UIDs with their events and sessions, in three queries."""
    items = list(db.session.scalars(
        sa.select(ImportItem).where(ImportItem.source_id == source.id)
        .options(selectinload(ImportItem.occurrences))))
    events = {e.id: e for e in db.session.scalars(
        sa.select(Event).where(Event.id.in_([i.event_id for i in items if i.event_id]))
        .options(selectinload(Event.sessions)))}
    known = {}
    for item in items:
        event = events.get(item.event_id)
        sessions = {s.id: s for s in event.sessions} if event is not None else {}
        known[item.uid] = Known(item, event, sessions)
    return known


def _upcoming(known, now: datetime) -> int:
    return sum(1 for k in known for s in k.sessions.values()
               if s.starts_at > now and not s.cancelled)


def _step(known: Known | None, feed_event: FeedEvent, defaults: dict, now) -> Step:
    fields = mapping.source_fields(feed_event, defaults)
    if not mapping.has_place(fields):
        return Step("skip", feed_event, known, message=_(
            "Geen locatie in de feed en geen standaardlocatie of -gemeente bij de bron."))
    if known is None:
        return _create(feed_event, fields, now)
    if known.event is None:
        return Step("skip", feed_event, known,
                    message=_("Op het platform verwijderd; wordt niet opnieuw aangemaakt."))
    if known.item.fingerprint == feed_event.fingerprint:
        return Step("unchanged", feed_event, known)
    changed = {k: v for k, v in fields.items() if getattr(known.event, k) != v}
    step = Step("update", feed_event, known, fields=changed,
                sessions=_session_steps(known, feed_event, now))
    if not changed and all(s.action == "rekey" for s in step.sessions):
        step.action = "unchanged"  # rekeys are carried out; nobody sees them
    return step


def _create(feed_event: FeedEvent, fields: dict, now) -> Step:
    sessions = [SessionStep("new", o.key, o) for o in feed_event.occurrences
                if o.end > now and not o.cancelled]
    if not sessions:
        reason = (_("Alle datums zijn geannuleerd.") if feed_event.occurrences
                  else _("Geen datums binnen het venster (30 dagen terug tot 12 maanden "
                         "vooruit)."))
        if feed_event.occurrences and all(o.end <= now for o in feed_event.occurrences):
            reason = _("Alle datums liggen in het verleden.")
        return Step("skip", feed_event, message=reason)
    return Step("create", feed_event, fields=fields, sessions=sessions)


def _session_steps(known_item: Known, feed_event: FeedEvent, now) -> list[SessionStep]:
    sessions = known_item.sessions
    known = {o.key: sessions[o.session_id] for o in known_item.item.occurrences
             if o.session_id in sessions}
    wanted = {o.key: o for o in feed_event.occurrences}
    steps: list[SessionStep] = []
    unmatched_feed = [o for k, o in wanted.items() if k not in known]
    unmatched_ours = {k: s for k, s in known.items() if k not in wanted}
    for key in known.keys() & wanted.keys():
        steps += _compare(key, known[key], wanted[key], now)
    for occurrence in unmatched_feed:
        match = _same_day(occurrence, unmatched_ours)
        if match is not None:
            session = unmatched_ours.pop(match)
            steps.append(SessionStep("rekey", occurrence.key, occurrence, session))
            steps += _compare(occurrence.key, session, occurrence, now)
        elif occurrence.end > now and not occurrence.cancelled:
            steps.append(SessionStep("new", occurrence.key, occurrence))
    for key, session in unmatched_ours.items():
        if _gone_from_window(session, now) and not session.cancelled:
            steps.append(SessionStep("cancel", key, session=session))
    return steps


def _same_day(occurrence: Occurrence, candidates: dict[str, EventSession]) -> str | None:
    day = to_local(occurrence.start).date()
    found = [k for k, s in candidates.items() if to_local(s.starts_at).date() == day]
    return found[0] if len(found) == 1 else None


def _gone_from_window(session: EventSession, now) -> bool:
    """Still to come and inside the window the feed was read for: a session beyond the
    window is not in the feed's answer, so its absence says nothing."""
    start, end = feed_window()
    return session.starts_at > now and start <= session.starts_at < end


def _compare(key: str, session: EventSession, occurrence: Occurrence, now) -> list[SessionStep]:
    if session.ends_at <= now:
        return []  # history
    steps = []
    if occurrence.cancelled and not session.cancelled:
        steps.append(SessionStep("cancel", key, occurrence, session))
    elif not occurrence.cancelled and session.cancelled:
        steps.append(SessionStep("restore", key, occurrence, session))
    if ((session.starts_at, session.ends_at, session.all_day)
            != (occurrence.start, occurrence.end, occurrence.all_day)
            and not occurrence.cancelled and occurrence.end > now):
        steps.append(SessionStep("move", key, occurrence, session))
    return steps


def _gone(known: Known, now) -> Step:
    """A UID no longer in the feed: its upcoming sessions in the window are cancelled."""
    if known.event is None:
        return Step("unchanged", known=known)
    keys = {o.session_id: o.key for o in known.item.occurrences}
    steps = [SessionStep("cancel", keys.get(s.id, ""), session=s)
             for s in known.sessions.values() if not s.cancelled and _gone_from_window(s, now)]
    return Step("gone" if steps else "unchanged", known=known, sessions=steps,
                cancel_event=bool(steps))


# --- applying ------------------------------------------------------------------------------

def apply(source: ImportSource, the_plan: Plan, defaults: dict) -> Outcome:
    """Carry out a plan; registrants hear of changes once the caller's unit of work commits."""
    outcome = Outcome(skipped=len(the_plan.skipped))
    lookups = Lookups(
        organisation=source.organisation, published=_publishes_directly(source),
        themes=list(db.session.scalars(sa.select(Theme).order_by(Theme.position))),
        goals=list(db.session.scalars(sa.select(Goal).where(
            Goal.code.in_(defaults.get("goals") or [])))))
    created = []
    for step in the_plan.steps:
        if step.action == "create":  # no query in between: one flush inserts them all
            created.append(_apply_create(source, step, defaults, lookups))
            outcome.created += 1
        elif step.action in ("update", "gone"):
            _apply_update(source, step, outcome)
            outcome.updated += step.action == "update"
        elif step.action == "unchanged":
            for rekey in step.sessions:
                _apply_session(step.known.item, None, rekey, outcome)
            outcome.unchanged += 1
        if step.feed_event is not None and step.known is not None and step.action != "skip":
            step.known.item.fingerprint = step.feed_event.fingerprint
    db.session.flush()  # once for all new events: their sessions are inserted in batches
    for event in created:
        _record_created(source, event)
    return outcome


def _publishes_directly(source: ImportSource) -> bool:
    return source.trusted or source.organisation.trusted


@dataclass
class Lookups:
    """Loaded once per run, so that creating events runs no query (and no autoflush)."""

    organisation: object
    published: bool
    themes: list[Theme]
    goals: list[Goal]


def _apply_create(source: ImportSource, step: Step, defaults: dict, lookups: Lookups) -> Event:
    feed_event = step.feed_event
    status = EventStatus.PUBLISHED if lookups.published else EventStatus.IN_REVIEW
    event = Event(organisation=lookups.organisation, status=status, version=1,
                  summary="", **mapping.default_fields(defaults), **step.fields)
    event.slug = slugify(event.title)
    named = mapping.themes_for(feed_event.categories, lookups.themes)
    chosen = set(defaults.get("themes") or [])
    event.themes = [t for t in lookups.themes if t.slug in chosen or t in named]
    event.goals = list(lookups.goals)
    capacity = event.capacity if event.registration_mode == RegistrationMode.SESSIONS else None
    item = ImportItem(source_id=source.id, uid=feed_event.uid, event=event,
                      fingerprint=feed_event.fingerprint)
    for s in step.sessions:
        session = EventSession(starts_at=s.occurrence.start, ends_at=s.occurrence.end,
                               all_day=s.occurrence.all_day, capacity=capacity)
        event.sessions.append(session)
        item.occurrences.append(ImportOccurrence(key=s.key, session=session))
    db.session.add_all([event, item])
    return event


def _record_created(source: ImportSource, event: Event) -> None:
    snapshot = audit.snapshot(event)
    audit.record(None, "import", event=event, changes=audit.diff({}, snapshot),
                 note=_("nieuw uit de bron '%(name)s'", name=source.name))
    if event.status == EventStatus.PUBLISHED:
        audit.record(None, "published", event=event, changes={"snapshot": snapshot})


def _apply_update(source: ImportSource, step: Step, outcome: Outcome) -> None:
    event = step.known.event
    before = audit.snapshot(event)
    for name, value in step.fields.items():
        setattr(event, name, value)
    if "title" in step.fields:
        event.slug = slugify(event.title)
    if step.fields.keys() & SUBSCRIBER_VISIBLE:
        bump_sequence(event)
    if step.fields.keys() & MAILED_TO_REGISTRANTS:
        tell_registrants(event)
    for session_step in step.sessions:
        _apply_session(step.known.item, event, session_step, outcome)
    if step.cancel_event and event.status in (EventStatus.PUBLISHED, EventStatus.POSTPONED) \
            and all(s.cancelled for s in event.sessions if s.ends_at > now_utc()):
        event.status, event.status_reason = EventStatus.CANCELLED, _(
            "Niet meer in de agenda van de organisator.")
        bump_sequence(event)
        tell_registrants(event)
    event.version = (event.version or 0) + 1
    db.session.flush()
    changes = audit.diff(before, audit.snapshot(event))
    audit.record(None, "import", event=event, changes=changes,
                 note=_("bijgewerkt uit de bron '%(name)s'", name=source.name))


def _apply_session(item: ImportItem, event: Event | None, step: SessionStep,
                   outcome: Outcome) -> None:
    session = step.session
    if step.action == "new":
        capacity = (event.capacity if event.registration_mode == RegistrationMode.SESSIONS
                    else None)
        session = EventSession(starts_at=step.occurrence.start, ends_at=step.occurrence.end,
                               all_day=step.occurrence.all_day, capacity=capacity)
        event.sessions.append(session)
        item.occurrences.append(ImportOccurrence(key=step.key, session=session))
        bump_sequence(event, [session])
        if event.registration_mode != RegistrationMode.SESSIONS:
            tell_registrants(event)
        return
    if step.action == "rekey":
        occurrence = next(o for o in item.occurrences if o.session_id == session.id)
        occurrence.key = step.key
        return
    if step.action == "move":
        session.starts_at, session.ends_at = step.occurrence.start, step.occurrence.end
        session.all_day = step.occurrence.all_day
    elif step.action in ("cancel", "restore"):
        session.status = (SessionStatus.CANCELLED if step.action == "cancel"
                          else SessionStatus.SCHEDULED)
        outcome.cancelled += step.action == "cancel"
    bump_sequence(event, [session])
    tell_registrants(event, session.id)
