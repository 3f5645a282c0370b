"""The agenda's event cards, rendered once and stored in `card_fragments`.

A card is stored per (event, the session it shows, language) as the markup before and after
what changes per request (seats left, the role-model badge). It is valid while its render key
(RENDER_VERSION and the app's script root) and its stamp match: the stamp is `card_stamps`'s
counter for the event, raised by database triggers on every change a card shows (migration
0025), so an edit by any writer on any host shows at once. Validity is decided in SQL, in
the one query that fetches the page's cards. Missing or outdated cards are rendered in a short
session of their own (`separate_session`), never in the request's transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import cache

import sqlalchemy as sa
from flask import get_template_attribute, request
from markupsafe import Markup
from sqlalchemy.orm import selectinload

from stem_events.database import one_of, upsert
from stem_events.date_time import now_utc
from stem_events.events.models import CardFragment, CardStamp, Event
from stem_events.extensions import db
from stem_events.i18n import current_language, kept_macro
from stem_events.transaction import separate_session

#: Bump when `event_card_head`/`event_card_tail` (templates/macros/events.html) or what they
#: show (a reference name, a label) change: every stored card is then rendered again.
RENDER_VERSION = "1"
LEVEL = 3  # the agenda's cards are headed h3
MACROS = "macros/events.html"

Card = tuple[Markup, Markup]


def render_key() -> str:
    raw = f"{RENDER_VERSION}|{LEVEL}|{request.script_root}"
    return hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()


def cards_for(listings: Sequence) -> dict[int, Card]:
    """(head, tail) of each listing's card by event id: the stored ones in one query, the
    missing or outdated ones rendered and stored."""
    if not listings:
        return {}
    wanted = {(item.event.id, item.next_session.id) for item in listings}
    language, key = current_language(), render_key()
    rows = db.session.execute(_valid_cards(db.session.get_bind().dialect.name), {
        "event_ids": [event_id for event_id, _ in wanted], "language": language,
        "render_key": key}).all()
    found = {row.event_id: (Markup(row.head), Markup(row.tail))  # noqa: S704 (our own render)
             for row in rows if (row.event_id, row.session_id) in wanted}
    missing = sorted(pair for pair in wanted if pair[0] not in found)
    if missing:
        found.update(render_cards(missing, language, key))
    return found


@cache
def _valid_cards(dialect: str):
    """The stored cards of some events in a language still valid (render key, stamp): built
    once per dialect, with bound parameters, instead of on every page."""
    F = CardFragment
    return (sa.select(F.event_id, F.session_id, F.head, F.tail)
            .outerjoin(CardStamp, CardStamp.event_id == F.event_id)
            .where(one_of(F.event_id, "event_ids", dialect),
                   F.language == sa.bindparam("language"),
                   F.render_key == sa.bindparam("render_key"),
                   F.stamp == sa.func.coalesce(CardStamp.stamp, 0)))


def render_cards(pairs: Sequence[tuple[int, int]], language: str, key: str) -> dict[int, Card]:
    """Render and store the cards of these (event, session) pairs in the current language.
    The stamps are read before the rows: a change committed in between leaves an older stamp
    on the card, which is then rendered again on the next request."""
    from stem_events.events.services import Listing

    head_macro = get_template_attribute(MACROS, "event_card_head")
    tail_macro = get_template_attribute(MACROS, "event_card_tail")
    ids = sorted({event_id for event_id, _ in pairs})
    rendered: dict[int, Card] = {}
    with separate_session() as work:
        stamps = dict(work.execute(
            sa.select(CardStamp.event_id, CardStamp.stamp).where(CardStamp.event_id.in_(ids))
        ).all())
        events = {e.id: e for e in work.scalars(
            sa.select(Event).where(Event.id.in_(ids)).options(
                selectinload(Event.organisation), selectinload(Event.municipality),
                selectinload(Event.sessions), selectinload(Event.audiences)))}
        values, now = [], now_utc()
        for event_id, session_id in pairs:
            event = events.get(event_id)
            shown = next((s for s in event.sessions if s.id == session_id), None) if event else None
            if shown is None:
                continue  # removed meanwhile: the page shows it without a card
            listing = Listing(event, shown, len(event.sessions))
            card = (Markup(head_macro(listing, LEVEL)), Markup(tail_macro(listing)))  # noqa: S704
            rendered[event_id] = card
            values.append({"event_id": event_id, "session_id": session_id,
                           "language": language, "render_key": key,
                           "stamp": stamps.get(event_id, 0), "head": str(card[0]),
                           "tail": str(card[1]), "rendered_at": now})
        if values:
            upsert(work, CardFragment.__table__, ("event_id", "session_id", "language"), values)
    return rendered


def between(event, availability) -> Markup:
    """What goes between a stored card's head and tail: the seats left (`card_availability`),
    rendered once per language and state (the event's status, the seats)."""
    return kept_macro(MACROS, "card_availability", (event.status, availability),
                      event, availability)


def end(listing) -> Markup:
    """A stored card's end (`card_end`: the role-model badge), once per language and state."""
    return kept_macro(MACROS, "card_end", (bool(listing.role_models),), listing)
