"""Organisers' and coordinators' rules for import sources: add with defaults, preview without
saving, pause, trust, confirm a held run. Services flush; the caller commits."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from stem_events.accounts import policies
from stem_events.accounts.models import Organisation
from stem_events.audiences import services as audiences
from stem_events.date_time import feed_window, now_utc
from stem_events.errors import FieldError, NotFound
from stem_events.events.models import Event, EventSession, PriceKind, SessionStatus
from stem_events.extensions import db
from stem_events.reference.models import EventKind
from stem_events.series import services as series_services

from . import fetch, mapping, parse, sync
from .models import ImportItem, ImportOccurrence, ImportRun, ImportSource

DEFAULT_KEYS = ("kind", "themes", "audiences", "goals", "age_min", "age_max", "price_kind",
                "price_cents", "venue_name", "municipality_nis", "registration", "booking_url",
                "capacity")


def check_defaults(defaults: dict) -> dict:
    """Only known keys, with values the event model accepts (FieldError in Dutch)."""
    clean = {k: defaults[k] for k in DEFAULT_KEYS if defaults.get(k) not in (None, "", [])}
    if "kind" in clean and clean["kind"] not in {k.value for k in EventKind}:
        raise FieldError("kind", _("Kies een soort activiteit uit de lijst."))
    wanted = clean.get("audiences") or []
    if len(audiences.names_by_slug(wanted)) != len(set(wanted)):
        raise FieldError("audiences", _("Kies doelgroepen uit de lijst."))
    if clean.get("registration", "external") not in mapping.REGISTRATION_CHOICES:
        raise FieldError("registration", _("Kies hoe mensen inschrijven."))
    if clean.get("price_kind", "free") not in {p.value for p in PriceKind}:
        raise FieldError("price_kind", _("Kies een prijs uit de lijst."))
    if clean.get("price_kind") == PriceKind.AMOUNT and not clean.get("price_cents"):
        raise FieldError("price_cents", _("Vul het bedrag in."))
    low, high = clean.get("age_min"), clean.get("age_max")
    if low is not None and high is not None and low > high:
        raise FieldError("age_max", _("De maximumleeftijd is lager dan de minimumleeftijd."))
    return clean


def add_source(user, organisation: Organisation, url: str, name: str = "",
               defaults: dict | None = None, trusted: bool = False) -> ImportSource:
    """A new source, due at once. Only coordinators mark a source trusted."""
    policies.require(policies.can_create_event(user, organisation),
                     _("Je kunt geen bronnen toevoegen voor deze organisatie."))
    try:
        url = fetch.normalise_url(url)
    except fetch.FetchFailed as error:
        raise FieldError("url", error.message) from None
    if len(url) > 2000:
        raise FieldError("url", _("Dit adres is te lang."))
    source = ImportSource(organisation=organisation, organisation_id=organisation.id, url=url,
                          name=" ".join((name or "").split())[:200] or url[:200],
                          defaults=check_defaults(defaults or {}),
                          trusted=trusted and policies.can_moderate(user), interval_minutes=60)
    db.session.add(source)
    db.session.flush()
    return source


def add_source_cli(organisation_id: int, url: str, trusted: bool) -> ImportSource:
    """`flask imports add`: the operator acts for the organisation, with its home municipality
    as the fallback place."""
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound(_("Organisatie %(id)s bestaat niet.", id=organisation_id))
    source = ImportSource(organisation=organisation, organisation_id=organisation.id,
                          url=fetch.normalise_url(url), name=url[:200], trusted=trusted,
                          defaults={"municipality_nis": organisation.municipality_nis},
                          interval_minutes=60)
    db.session.add(source)
    db.session.flush()
    return source


def sources_for(user) -> list[ImportSource]:
    """The sources of the user's organisations (coordinators: all)."""
    query = sa.select(ImportSource).options(selectinload(ImportSource.organisation))
    if not policies.is_coordinator(user):
        query = query.where(ImportSource.organisation_id.in_(
            [m.organisation_id for m in user.memberships]))
    return list(db.session.scalars(query.order_by(ImportSource.name, ImportSource.id)))


def get_source(user, source_id: int) -> ImportSource:
    source = db.session.get(ImportSource, source_id)
    if source is None:
        raise NotFound(_("Deze bron bestaat niet."))
    policies.require(policies.can_manage_organisation(user, source.organisation))
    return source


def source_of(event_id: int) -> ImportSource | None:
    return db.session.scalar(sa.select(ImportSource).join(
        ImportItem, ImportItem.source_id == ImportSource.id).where(ImportItem.event_id == event_id))


def locked_fields(event) -> tuple[str, ...]:
    """The fields of an imported event that follow its feed (read-only here)."""
    return mapping.SOURCE_FIELDS if source_of(event.id) is not None else ()


def recent_runs(source: ImportSource, limit: int = 10) -> list[ImportRun]:
    return list(db.session.scalars(
        sa.select(ImportRun).where(ImportRun.source_id == source.id)
        .order_by(ImportRun.started_at.desc(), ImportRun.id.desc()).limit(limit)))


def set_paused(user, source: ImportSource, paused: bool) -> None:
    policies.require(policies.can_moderate(user), _("Alleen coördinatoren pauzeren een bron."))
    source.paused = paused


def set_trusted(user, source: ImportSource, trusted: bool) -> None:
    policies.require(policies.can_moderate(user),
                     _("Alleen coördinatoren maken een bron vertrouwd."))
    source.trusted = trusted


def confirm_cancellations(user, source: ImportSource) -> None:
    """The organiser agrees with a held run: the next run applies it (and runs soon)."""
    policies.require(policies.can_manage_organisation(user, source.organisation))
    source.cancellations_confirmed = True
    source.next_run_at = now_utc()


def run_soon(user, source: ImportSource) -> None:
    policies.require(policies.can_manage_organisation(user, source.organisation))
    source.next_run_at = now_utc()


def preview(user, organisation: Organisation, url: str, defaults: dict) -> sync.Plan:
    """What a first import would create, without saving anything."""
    policies.require(policies.can_create_event(user, organisation),
                     _("Je kunt geen bronnen toevoegen voor deze organisatie."))
    try:
        fetched = fetch.fetch(url, **fetch.settings(current_app.config))
    except fetch.FetchFailed as error:
        raise FieldError("url", error.message) from None
    try:
        feed = parse.parse_feed(fetched.body, feed_window())
    except parse.FeedUnreadable as error:
        raise FieldError("url", error.message) from None
    return sync.plan(None, feed, check_defaults(defaults))


@dataclass
class Difference:
    """An upcoming imported session that was changed here and differs from its feed."""

    occurrence: ImportOccurrence
    event: Event
    session: EventSession
    changes: dict  # sync.local_changes: {"time": (ours, feed), "status": (ours, feed)}


def local_differences(source: ImportSource) -> list[Difference]:
    """What organisers changed here and the feed does not say (kept by every run), soonest
    first, for the source page."""
    cancelled = EventSession.status == SessionStatus.CANCELLED
    rows = db.session.execute(
        sa.select(ImportOccurrence, EventSession, Event)
        .join(ImportItem, ImportItem.id == ImportOccurrence.item_id)
        .join(EventSession, EventSession.id == ImportOccurrence.session_id)
        .join(Event, Event.id == EventSession.event_id)
        .where(ImportItem.source_id == source.id, EventSession.ends_at > now_utc(),
               ImportOccurrence.feed_starts_at.is_not(None),
               sa.or_(EventSession.starts_at != ImportOccurrence.feed_starts_at,
                      EventSession.ends_at != ImportOccurrence.feed_ends_at,
                      sa.and_(cancelled, ImportOccurrence.feed_cancelled.is_(False)),
                      sa.and_(~cancelled, ImportOccurrence.feed_cancelled.is_(True))))
        .order_by(EventSession.starts_at)).all()
    found = [Difference(o, e, s, sync.local_changes(o, s)) for o, s, e in rows]
    return [d for d in found if d.changes]


def follow_feed(user, source: ImportSource, occurrence_id: int) -> None:
    """The organiser takes the feed's version of one session back, through the organisers'
    own session rules (SEQUENCE, change mails, audit)."""
    occurrence = db.session.get(ImportOccurrence, occurrence_id)
    if occurrence is None or occurrence.item.source_id != source.id:
        raise NotFound(_("Deze sessie hoort niet bij deze bron."))
    session = occurrence.session
    event = session.event
    changes = sync.local_changes(occurrence, session)
    if "time" in changes and not occurrence.feed_cancelled:
        series_services.move_session(user, event, session, occurrence.feed_starts_at,
                                occurrence.feed_ends_at, capacity=session.capacity)
    if "status" in changes:
        series_services.set_session_cancelled(user, event, session, bool(occurrence.feed_cancelled))
