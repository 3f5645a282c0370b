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
from sqlalchemy.orm.attributes import set_committed_value

from stem_events.audiences import services as audiences
from stem_events.audit import services as audit
from stem_events.date_time import feed_window, format_range, now_utc, to_local
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
    new_uid,
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
    # new | move | cancel | restore | rekey; and two that nobody sees: note (remember what
    # the feed says now) and keep (the feed differs from a change made here, which stays)
    action: str
    key: str
    occurrence: Occurrence | None = None
    session: EventSession | None = None
    row: ImportOccurrence | None = None


SILENT = ("rekey", "note", "keep")


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
    result.warnings += [Problem(step.feed_event.uid, step.title, kept_message(s))
                        for step in result.steps for s in step.sessions if s.action == "keep"]
    return result


def kept_message(step: SessionStep) -> str:
    """Why the feed's version of one session was not taken over (Dutch)."""
    occurrence, session = step.occurrence, step.session
    if occurrence.cancelled != session.cancelled:
        said = _("geannuleerd") if occurrence.cancelled else _("gepland")
        return _("Sessie van %(day)s: op het platform %(ours)s; de feed zegt '%(feed)s'. De "
                 "aanpassing op het platform blijft.",
                 day=format_range(session.starts_at, session.ends_at),
                 ours=_("geannuleerd") if session.cancelled else _("opnieuw gepland"), feed=said)
    return _("Sessie van %(day)s: op het platform verplaatst; de feed zegt nu %(feed)s. De "
             "aanpassing op het platform blijft.",
             day=format_range(session.starts_at, session.ends_at),
             feed=format_range(occurrence.start, occurrence.end))


def feed_said(occurrence: Occurrence) -> dict:
    """The columns of ImportOccurrence that remember what the feed said last."""
    return {"feed_starts_at": occurrence.start, "feed_ends_at": occurrence.end,
            "feed_all_day": occurrence.all_day, "feed_cancelled": occurrence.cancelled}


def local_changes(row: ImportOccurrence, session: EventSession) -> dict:
    """What was changed here and differs from the feed: {"time": (ours, feed)} and/or
    {"status": (ours, feed)}; empty when the session says what the feed said."""
    found = {}
    if row.feed_starts_at is not None and (session.starts_at, session.ends_at) != (
            row.feed_starts_at, row.feed_ends_at):
        found["time"] = ((session.starts_at, session.ends_at),
                         (row.feed_starts_at, row.feed_ends_at))
    if row.feed_cancelled is not None and session.cancelled != row.feed_cancelled:
        found["status"] = (session.cancelled, row.feed_cancelled)
    return found


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
    if not changed and known.item.gone_at is None and all(
            s.action in SILENT for s in step.sessions):
        step.action = "unchanged"  # silent steps are carried out; nobody sees them
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
    rows = {o.key: o for o in known_item.item.occurrences if o.session_id in sessions}
    known = {key: sessions[row.session_id] for key, row in rows.items()}
    wanted = {o.key: o for o in feed_event.occurrences}
    steps: list[SessionStep] = []
    unmatched_feed = [o for k, o in wanted.items() if k not in known]
    unmatched_ours = {k: s for k, s in known.items() if k not in wanted}
    for key in known.keys() & wanted.keys():
        steps += _compare(key, known[key], wanted[key], rows[key], now)
    for occurrence in unmatched_feed:
        match = _same_day(occurrence, unmatched_ours)
        if match is not None:
            session = unmatched_ours.pop(match)
            steps.append(SessionStep("rekey", occurrence.key, occurrence, session, rows[match]))
            steps += _compare(occurrence.key, session, occurrence, rows[match], now)
        elif occurrence.end > now and not occurrence.cancelled:
            steps.append(SessionStep("new", occurrence.key, occurrence))
    for key, session in unmatched_ours.items():
        if _gone_from_window(session, now) and not session.cancelled:
            steps.append(SessionStep("cancel", key, session=session, row=rows[key]))
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


def _compare(key: str, session: EventSession, occurrence: Occurrence,
             row: ImportOccurrence, now) -> list[SessionStep]:
    """Three-way: what the feed said last (`row`), what we have, what the feed says now. A
    session changed here (ours ≠ what the feed said) keeps the change; otherwise it follows
    the feed. Sessions that have ended never change."""
    def step(action: str) -> SessionStep:
        return SessionStep(action, key, occurrence, session, row)

    said = feed_said(occurrence)
    remembered = {name: getattr(row, name) for name in said}
    steps = [step("note")] if said != remembered else []
    if session.ends_at <= now:
        return steps  # history
    changed_here = local_changes(row, session)
    if "status" in changed_here:
        if occurrence.cancelled != session.cancelled:
            steps.append(step("keep"))
    elif occurrence.cancelled and not session.cancelled:
        steps.append(step("cancel"))
    elif not occurrence.cancelled and session.cancelled:
        steps.append(step("restore"))
    ours = (session.starts_at, session.ends_at, session.all_day)
    theirs = (occurrence.start, occurrence.end, occurrence.all_day)
    if ours == theirs or occurrence.cancelled:
        return steps
    if "time" in changed_here:
        if not any(s.action == "keep" for s in steps):
            steps.append(step("keep"))
    elif occurrence.end > now:
        steps.append(step("move"))
    return steps


def _gone(known: Known, now) -> Step:
    """A UID no longer in the feed: its imported upcoming sessions in the window are
    cancelled (sessions an organiser added here are theirs and stay)."""
    if known.event is None:
        return Step("unchanged", known=known)
    rows = {o.session_id: o for o in known.item.occurrences}
    steps = [SessionStep("cancel", rows[s.id].key, session=s, row=rows[s.id])
             for s in known.sessions.values()
             if s.id in rows and not s.cancelled and _gone_from_window(s, now)]
    return Step("gone" if steps else "unchanged", known=known, sessions=steps,
                cancel_event=bool(steps))


# --- applying ------------------------------------------------------------------------------

def apply(source: ImportSource, the_plan: Plan, defaults: dict) -> Outcome:
    """Carry out a plan; registrants hear of changes once the caller's unit of work commits."""
    outcome = Outcome(skipped=len(the_plan.skipped))
    for step in the_plan.steps:
        if step.action in ("update", "gone"):
            _apply_update(source, step, outcome)
            outcome.updated += step.action == "update"
        elif step.action == "unchanged":
            for rekey in step.sessions:
                _apply_session(step.known.item, None, rekey, outcome)
            outcome.unchanged += 1
        if step.feed_event is not None and step.known is not None and step.action != "skip":
            step.known.item.fingerprint = step.feed_event.fingerprint
    creations = [step for step in the_plan.steps if step.action == "create"]
    if creations:
        lookups = Lookups(
            organisation=source.organisation, published=_publishes_directly(source),
            themes=list(db.session.scalars(sa.select(Theme).order_by(Theme.position))),
            goals=list(db.session.scalars(sa.select(Goal).where(
                Goal.code.in_(defaults.get("goals") or [])))),
            category_themes=mapping.category_themes(),
            audiences=audiences.with_kind_audiences(
                defaults.get("kind"),
                list(audiences.names_by_slug(defaults.get("audiences") or []).values())))
        _create_all(source, creations, defaults, lookups)
        outcome.created = len(creations)
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
    category_themes: dict[str, str] = field(default_factory=dict)
    audiences: list = field(default_factory=list)


def _create_all(source: ImportSource, steps: list[Step], defaults: dict,
                lookups: Lookups) -> None:
    """New events through the ORM (one flush), their sessions and occurrence links as two
    bulk INSERTs: a feed of thousands of occurrences must not cost a unit-of-work object
    each (bench/imports.py). The events' span is set, and their sessions loaded, by hand."""
    status = EventStatus.PUBLISHED if lookups.published else EventStatus.IN_REVIEW
    chosen = set(defaults.get("themes") or [])
    created: list[tuple[Event, ImportItem, Step]] = []
    for step in steps:
        feed_event = step.feed_event
        event = Event(organisation=lookups.organisation, status=status, version=1,
                      summary="", co_organisations=[], initiatives=[],
                      **mapping.default_fields(defaults), **step.fields)
        event.slug = slugify(event.title)
        named = mapping.themes_for(feed_event.categories, lookups.themes,
                                   lookups.category_themes)
        event.themes = [t for t in lookups.themes if t.slug in chosen or t in named]
        event.goals = list(lookups.goals)
        event.audiences = list(lookups.audiences)
        item = ImportItem(source_id=source.id, uid=feed_event.uid, event=event,
                          fingerprint=feed_event.fingerprint)
        db.session.add_all([event, item])
        created.append((event, item, step))
    db.session.flush()
    now = now_utc()
    rows, links = [], []
    for event, item, step in created:
        capacity = (event.capacity if event.registration_mode == RegistrationMode.SESSIONS
                    else None)
        for s in step.sessions:
            rows.append({"event_id": event.id, "starts_at": s.occurrence.start,
                         "ends_at": s.occurrence.end, "all_day": s.occurrence.all_day,
                         "status": SessionStatus.SCHEDULED, "capacity": capacity,
                         "uid": new_uid(), "sequence": 0, "created_at": now,
                         "updated_at": now})
            links.append((item.id, s))
    # Plain executemany; the new ids are read back by our own UIDs (RETURNING in parameter
    # order would insert row by row on SQLite).
    db.session.execute(EventSession.__table__.insert(), rows)
    ids = dict(db.session.execute(sa.select(EventSession.uid, EventSession.id).where(
        EventSession.event_id.in_([event.id for event, _item, _step in created]))).all())
    db.session.execute(ImportOccurrence.__table__.insert(), [
        {"item_id": item_id, "session_id": ids[row["uid"]], "key": s.key,
         **feed_said(s.occurrence)}
        for (item_id, s), row in zip(links, rows, strict=True)])
    spans = [{"id": event.id, "first_start": min(s.occurrence.start for s in step.sessions),
              "last_end": max(s.occurrence.end for s in step.sessions)}
             for event, _item, step in created]
    db.session.execute(sa.update(Event), spans)
    for (event, item, step), span in zip(created, spans, strict=True):
        set_committed_value(event, "first_start", span["first_start"])
        set_committed_value(event, "last_end", span["last_end"])
        # The audit entry describes the sessions from the plan: loading thousands of rows
        # back as ORM objects would cost more than inserting them did.
        set_committed_value(event, "sessions", [])
        snapshot = audit.snapshot(event)
        snapshot["sessions"] = [f"{s.occurrence.start.isoformat()}/{s.occurrence.end.isoformat()}"
                                for s in sorted(step.sessions, key=lambda s: s.occurrence.start)]
        db.session.expire(event, ["sessions"])
        db.session.expire(item, ["occurrences"])
        _record_created(source, event, snapshot)


def _record_created(source: ImportSource, event: Event, snapshot: dict) -> None:
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
    item = step.known.item
    for session_step in step.sessions:
        _apply_session(item, event, session_step, outcome)
    if step.action == "gone":
        item.gone_at, item.fingerprint = item.gone_at or now_utc(), ""
    if step.cancel_event and event.status in (EventStatus.PUBLISHED, EventStatus.POSTPONED) \
            and all(s.cancelled for s in event.sessions if s.ends_at > now_utc()):
        item.status_before_gone = event.status.value
        event.status, event.status_reason = EventStatus.CANCELLED, _(
            "Niet meer in de agenda van de organisator.")
        bump_sequence(event)
        tell_registrants(event)
    if step.action == "update" and item.gone_at is not None:
        _reinstate(item, event)
    event.version = (event.version or 0) + 1
    db.session.flush()
    changes = audit.diff(before, audit.snapshot(event))
    audit.record(None, "import", event=event, changes=changes,
                 note=_("bijgewerkt uit de bron '%(name)s'", name=source.name))


def _reinstate(item: ImportItem, event: Event) -> None:
    """The UID is back in the feed: the event the import cancelled is what it was before
    (its sessions were restored by their own steps), with a higher SEQUENCE."""
    if item.status_before_gone and event.status == EventStatus.CANCELLED:
        event.status, event.status_reason = EventStatus(item.status_before_gone), ""
        bump_sequence(event)
        tell_registrants(event)
    item.gone_at, item.status_before_gone = None, ""


def _apply_session(item: ImportItem, event: Event | None, step: SessionStep,
                   outcome: Outcome) -> None:
    session = step.session
    if step.action in ("note", "keep"):
        if step.action == "note":
            for name, value in feed_said(step.occurrence).items():
                setattr(step.row, name, value)
        return
    if step.action == "new":
        capacity = (event.capacity if event.registration_mode == RegistrationMode.SESSIONS
                    else None)
        session = EventSession(starts_at=step.occurrence.start, ends_at=step.occurrence.end,
                               all_day=step.occurrence.all_day, capacity=capacity)
        event.sessions.append(session)
        item.occurrences.append(ImportOccurrence(key=step.key, session=session,
                                                 **feed_said(step.occurrence)))
        bump_sequence(event, [session])
        if event.registration_mode != RegistrationMode.SESSIONS:
            tell_registrants(event)
        return
    if step.action == "rekey":
        step.row.key = step.key
        return
    if step.action == "move":
        session.starts_at, session.ends_at = step.occurrence.start, step.occurrence.end
        session.all_day = step.occurrence.all_day
    elif step.action in ("cancel", "restore"):
        session.status = (SessionStatus.CANCELLED if step.action == "cancel"
                          else SessionStatus.SCHEDULED)
        outcome.cancelled += step.action == "cancel"
        if step.occurrence is None and step.row is not None:  # gone from the feed
            step.row.feed_cancelled = True
    bump_sequence(event, [session])
    tell_registrants(event, session.id)
