"""The agenda's event cards, rendered once and stored in `card_fragments`.

A card is stored per (event, language) as the markup around what changes per request (the time
of the session shown, seats left, the role-model badge), whatever session a selection shows:
a selection with a date shows a later session of a series with the same stored card. It is
valid while its render key (RENDER_VERSION and the app's script root) and its stamp match: the
stamp is `card_stamps`'s counter for the event, raised by database triggers on every change a
card shows (migration 0025), so an edit by any writer on any host shows at once. Validity is
decided by the stamps: a page the agenda's index found reads its events' stamps with its
seats and takes the cards this process keeps at those stamps (`events.kept`); the others are
fetched in one query that checks the stamps in SQL, and kept. Missing or outdated cards are
rendered in a short session of their own (`separate_session`), never in the request's
transaction, and kept.
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
from stem_events.events import kept
from stem_events.events.models import CardFragment, CardStamp, Event
from stem_events.extensions import db
from stem_events.i18n import current_language, kept_macro
from stem_events.transaction import separate_session

#: Bump when `event_card_head`/`event_card_tail` (templates/macros/events.html) or what they
#: show (a reference name, a label) change: every stored card is then rendered again.
RENDER_VERSION = "2"
LEVEL = 3  # the agenda's cards are headed h3
MACROS = "macros/events.html"
#: Where the session's time goes in a stored head (a control character: never in our markup;
#: the head is split at the last one, after the title).
WHEN = "\x1e"
#: How many rendered session times (`card_when`, ~100 bytes each) a process keeps.
WHEN_ENTRIES = 20_000

Card = tuple[Markup, Markup]
_when: dict[tuple, Markup] = {}


def render_key() -> str:
    raw = f"{RENDER_VERSION}|{LEVEL}|{request.script_root}"
    return hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()


def store_key() -> tuple[str, str]:
    """(language, render key): which stored cards this request shows."""
    return current_language(), render_key()


def cards_for(listings: Sequence) -> dict[int, Card]:
    """(head, tail) of each listing's card by event id, the head with the time of the
    listing's session: those kept at the stamps read with the page (`Listing.card`, through
    `services.stored_cards`), the other stored ones in one query (then kept), the missing or
    outdated ones rendered and stored."""
    if not listings:
        return {}
    stored = {item.event.id: item.card for item in listings if item.card is not None}
    wanted = {item.event.id for item in listings} - set(stored)
    language, key = store_key()
    if wanted:
        rows = db.session.connection().execute(
            _valid_cards(db.session.get_bind().dialect.name),
            {"event_ids": list(wanted), "language": language, "render_key": key}).all()
        for event_id, stamp, head, tail in rows:
            stored[event_id] = (head, tail)
            kept.keep(("card", language, key), event_id, stamp, stored[event_id])
    missing = sorted(wanted - set(stored))
    if missing:
        stored.update(render_cards(missing, language, key))
    found = {}
    for item in listings:
        parts = stored.get(item.event.id)
        if parts is not None:
            before, _, after = parts[0].rpartition(WHEN)
            found[item.event.id] = (Markup(f"{before}{when(item.next_session)}{after}"),  # noqa: S704 (our own render)
                                    Markup(parts[1]))  # noqa: S704
    return found


def when(session) -> Markup:
    """The session's time as a card shows it (`card_when`), rendered once per language and
    (start, end, all day) in the process."""
    key = (current_language(), session.starts_at, session.ends_at, session.all_day)
    found = _when.get(key)
    if found is None:
        found = Markup(get_template_attribute(MACROS, "card_when")(session))  # noqa: S704 (a macro's output)
        if len(_when) >= WHEN_ENTRIES:
            _when.clear()
        _when[key] = found
    return found


@cache
def _valid_cards(dialect: str):
    """The stored cards of some events in a language still valid (render key, stamp): built
    once per dialect, with bound parameters, instead of on every page."""
    F = CardFragment
    return (sa.select(F.event_id, F.stamp, F.head, F.tail)
            .outerjoin(CardStamp, CardStamp.event_id == F.event_id)
            .where(one_of(F.event_id, "event_ids", dialect),
                   F.language == sa.bindparam("language"),
                   F.render_key == sa.bindparam("render_key"),
                   F.stamp == sa.func.coalesce(CardStamp.stamp, 0)))


def render_cards(event_ids: Sequence[int], language: str, key: str
                 ) -> dict[int, tuple[str, str]]:
    """Render, store and keep the cards of these events in the current language: (head with
    `WHEN` where the session's time goes, tail). The stamps are read before the rows: a
    change committed in between leaves an older stamp on the card, which is then rendered
    again on the next request."""
    from stem_events.events.services import Listing

    head_macro = get_template_attribute(MACROS, "event_card_head")
    tail_macro = get_template_attribute(MACROS, "event_card_tail")
    ids = sorted(set(event_ids))
    rendered: dict[int, tuple[str, str]] = {}
    with separate_session() as work:
        stamps = dict(work.execute(
            sa.select(CardStamp.event_id, CardStamp.stamp).where(CardStamp.event_id.in_(ids))
        ).all())
        events = work.scalars(
            sa.select(Event).where(Event.id.in_(ids)).options(
                selectinload(Event.organisation), selectinload(Event.municipality),
                selectinload(Event.sessions), selectinload(Event.audiences))).all()
        values, now = [], now_utc()
        for event in events:  # one removed meanwhile: the page shows it without a card
            listing = Listing(event, None, len(event.sessions))
            card = rendered[event.id] = (str(head_macro(listing, LEVEL, Markup(WHEN))),  # noqa: S704
                                         str(tail_macro(listing)))
            values.append({"event_id": event.id, "language": language, "render_key": key,
                           "stamp": stamps.get(event.id, 0), "head": card[0], "tail": card[1],
                           "rendered_at": now})
        if values:
            upsert(work, CardFragment.__table__, ("event_id", "language"), values)
    for value in values:  # once stored: what the next page reads is what it would fetch
        kept.keep(("card", language, key), value["event_id"], value["stamp"],
                  rendered[value["event_id"]])
    return rendered


def card_list(listings: Sequence, stored: dict[int, Card], availability: dict) -> Markup:
    """The page's cards in order, as the agenda shows them: a stored card (`cards_for`, with
    its session's time) with the seats left and the role-model badge between and after its
    parts; an event without one (removed meanwhile) rendered whole when its columns are loaded,
    else left out. One call per page instead of four per card from the template, each
    per-request part looked up once per state."""
    parts: list[str] = []
    betweens: dict[tuple, Markup] = {}
    ends: dict[bool, Markup] = {}
    whole = None
    for listing in listings:
        event = listing.event
        seats = availability.get(event.id)
        card = stored.get(event.id)
        if card:
            state = (event.status, seats)
            middle = betweens.get(state)
            if middle is None:
                middle = betweens[state] = between(event, seats)
            badge = bool(listing.role_models)
            last = ends.get(badge)
            if last is None:
                last = ends[badge] = end(listing)
            parts += (card[0], middle, card[1], last)
        elif hasattr(event, "title"):  # an ORM event: its card rendered whole
            whole = whole or get_template_attribute(MACROS, "event_card")
            parts.append(whole(listing, LEVEL, seats))
    return Markup("".join(parts))  # noqa: S704 (our own renders)


def between(event, availability) -> Markup:
    """What goes between a stored card's head and tail: the seats left (`card_availability`),
    rendered once per language and state (the event's status, the seats)."""
    return kept_macro(MACROS, "card_availability", (event.status, availability),
                      event, availability)


def end(listing) -> Markup:
    """A stored card's end (`card_end`: the role-model badge), once per language and state."""
    return kept_macro(MACROS, "card_end", (bool(listing.role_models),), listing)
