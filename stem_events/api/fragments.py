"""The items of `/api/v1/events`, rendered once per event and stored in `api_event_fragments`.

An item's JSON is stored as text with a marker where each per-request member goes (the
session shown and the series' size depend on the selection, seats and registration on the
moment, role models on other domains); a page joins the stored texts with those members
filled in, without parsing or re-serialising what is stored. The text is what
`serializers.event_json` gives, serialised as `jsonify` does, so the page is the one the
serializer would give.

A stored item is valid while its render key (RENDER_VERSION and the absolute URL root of its
links) matches and its stamp equals the event's counter in `card_stamps`, the one the agenda's
cards use, raised by database triggers on every change the item shows (migrations 0025 and
0031), whoever writes. A page the agenda's index found reads its events' stamps with its
seats and takes the items this process keeps at those stamps (`events.kept`); the others
are fetched in one query that checks the stamps in SQL, and kept. Missing or outdated ones
are rendered in a short session of their own (`separate_session`), never in the request's
transaction, and kept.
"""

from __future__ import annotations

import hashlib
import inspect
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache

import sqlalchemy as sa
from flask import current_app, url_for
from sqlalchemy.orm import selectinload

from stem_events.api import serializers
from stem_events.api.models import ApiEventFragment
from stem_events.database import one_of, upsert
from stem_events.date_time import isoformat_local, now_utc
from stem_events.events import kept
from stem_events.events.models import (
    CardStamp,
    Event,
    EventStatus,
    RegistrationMode,
)
from stem_events.events.services import StoredParts
from stem_events.extensions import db
from stem_events.registrations.models import EventGroupSettings
from stem_events.transaction import separate_session

#: Bump when what the items show changes outside `api/serializers.py` (e.g. the audiences an
#: event kind implies): every stored item is then rendered again. A change of the serializers
#: module itself renders them again by itself (SERIALIZERS below).
RENDER_VERSION = "1"
SERIALIZERS = hashlib.sha1(inspect.getsource(serializers).encode(),
                           usedforsecurity=False).hexdigest()

#: The members of an item that are filled in per request.
PER_REQUEST = frozenset(("end", "registration_open", "role_models", "seats_left", "sessions",
                         "start"))

#: Marks a per-request member in a stored text: JSON escapes every control character inside
#: strings, so the marker never occurs in serialised data.
MARK = "\x1f"


@dataclass(frozen=True)
class Fragment:
    """A stored item: `parts` alternates stored text and the name of a per-request member,
    beginning and ending with stored text."""

    parts: tuple[str, ...]
    open_from: datetime | None
    open_until: datetime | None

    def registration_open(self, now: datetime) -> bool:
        """`services.registration_open` from what was stored: the event takes registrations,
        its registration period has begun, and neither the period nor its last session that
        is not cancelled has ended."""
        return (self.open_until is not None and now < self.open_until
                and (self.open_from is None or now >= self.open_from))

    def fill(self, members: dict[str, str]) -> str:
        """The item's JSON text, with `members` (name → JSON text) in their places."""
        parts = list(self.parts)
        for i in range(1, len(parts), 2):
            name = parts[i]
            parts[i] = f'"{name}":{members[name]}'
        return "".join(parts)


def render_key() -> str:
    raw = f"{RENDER_VERSION}|{SERIALIZERS}|{url_for('api.events', _external=True)}"
    return hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()


def dumps() -> Callable[[object], str]:
    """JSON as `jsonify` writes it in production (compact, the app's key order and ASCII)."""
    provider = current_app.json
    options = {"ensure_ascii": getattr(provider, "ensure_ascii", True),
               "sort_keys": getattr(provider, "sort_keys", True),
               "default": getattr(provider, "default", None), "separators": (",", ":")}
    return lambda value: json.dumps(value, **options)


def stored_items() -> StoredParts:
    """What `upcoming_events` takes from the items kept for `items_json`."""
    return StoredParts(_store(render_key()))


def _store(key: str) -> kept.Key:
    return ("item", key)


def items_json(listings: Sequence, seats: dict[int, int | None]) -> str:
    """The page's items (`events.services.Listing`s) as JSON text, comma-separated: the
    stored items with the per-request members filled in (those kept at the stamps read with
    the page's sessions, `stored_items`, then the others)."""
    stored = {item.event.id: item.card for item in listings if item.card is not None}
    stored.update(fragments_for([item.event.id for item in listings
                                 if item.event.id not in stored]))
    encode, now = dumps(), now_utc()
    return ",".join(
        stored[item.event.id].fill({
            "start": encode(isoformat_local(item.next_session.starts_at)),
            "end": encode(isoformat_local(item.next_session.ends_at)),
            "registration_open": "true" if stored[item.event.id].registration_open(now)
            else "false",
            "role_models": encode(serializers.role_model_refs(item.role_models))
            if item.role_models else "[]",
            "seats_left": "null" if seats[item.event.id] is None else str(seats[item.event.id]),
            "sessions": str(item.session_count),
        })
        for item in listings if item.event.id in stored)  # one deleted meanwhile: left out


def fragments_for(event_ids: Sequence[int]) -> dict[int, Fragment]:
    """The stored item of each event by id, in one query (then kept); the missing or outdated
    ones are rendered and stored."""
    if not event_ids:
        return {}
    key = render_key()
    rows = db.session.execute(_valid_items(db.session.get_bind().dialect.name),
                              {"event_ids": list(event_ids), "render_key": key}).all()
    found = {}
    for event_id, stamp, body, open_from, open_until in rows:
        found[event_id] = Fragment(tuple(body.split(MARK)), open_from, open_until)
        kept.keep(_store(key), event_id, stamp, found[event_id])
    missing = sorted(set(event_ids) - set(found))
    if missing:
        found.update(render_fragments(missing, key))
    return found


@cache
def _valid_items(dialect: str):
    """The stored items of some events still valid (render key, stamp): built once per
    dialect, with bound parameters, instead of on every page."""
    F = ApiEventFragment
    return (sa.select(F.event_id, F.stamp, F.body, F.open_from, F.open_until)
            .outerjoin(CardStamp, CardStamp.event_id == F.event_id)
            .where(one_of(F.event_id, "event_ids", dialect),
                   F.render_key == sa.bindparam("render_key"),
                   F.stamp == sa.func.coalesce(CardStamp.stamp, 0)))


def render_fragments(event_ids: Sequence[int], key: str) -> dict[int, Fragment]:
    """Render, store and keep the items of these events. The stamps are read before the
    rows: a change committed in between leaves an older stamp on the item, which is then
    rendered again on the next request."""
    rendered: dict[int, Fragment] = {}
    encode = dumps()
    with separate_session() as work:
        stamps = dict(work.execute(
            sa.select(CardStamp.event_id, CardStamp.stamp)
            .where(CardStamp.event_id.in_(event_ids))).all())
        events = work.scalars(sa.select(Event).where(Event.id.in_(event_ids)).options(
            selectinload(Event.organisation), selectinload(Event.co_organisations),
            selectinload(Event.municipality), selectinload(Event.themes),
            selectinload(Event.goals), selectinload(Event.audiences),
            selectinload(Event.sessions))).all()
        groups = {g.event_id: g for g in work.scalars(
            sa.select(EventGroupSettings).where(EventGroupSettings.event_id.in_(event_ids)))}
        values, now = [], now_utc()
        for event in events:
            body = _stored_text(event, groups.get(event.id), encode)
            open_from, open_until = _registration_period(event)
            rendered[event.id] = Fragment(tuple(body.split(MARK)), open_from, open_until)
            values.append({"event_id": event.id, "render_key": key,
                           "stamp": stamps.get(event.id, 0), "body": body,
                           "open_from": open_from, "open_until": open_until,
                           "rendered_at": now})
        if values:
            upsert(work, ApiEventFragment.__table__, ("event_id",), values)
    for value in values:  # once stored: what the next page reads is what it would fetch
        kept.keep(_store(key), value["event_id"], value["stamp"], rendered[value["event_id"]])
    return rendered


def _stored_text(event: Event, group_settings, encode: Callable[[object], str]) -> str:
    """The serializer's item with a marker in place of each per-request member, in the order
    `jsonify` writes the members."""
    data = serializers.event_json(event, None, 0, None)
    data["groups"] = serializers.groups_json(event, group_settings)
    names = sorted(data) if getattr(current_app.json, "sort_keys", True) else list(data)
    return "{" + ",".join(
        f"{MARK}{name}{MARK}" if name in PER_REQUEST else f"{encode(name)}:{encode(data[name])}"
        for name in names) + "}"


def _registration_period(event: Event) -> tuple[datetime | None, datetime | None]:
    """(from, until) of `services.registration_open`: open when from <= now < until."""
    if event.registration_mode == RegistrationMode.NONE or event.status != EventStatus.PUBLISHED:
        return None, None
    ends = [s.ends_at for s in event.sessions if not s.cancelled]
    if not ends:
        return None, None
    until = max(ends)
    if event.registration_closes_at is not None:
        until = min(until, event.registration_closes_at)
    return event.registration_opens_at, until

