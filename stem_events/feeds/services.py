"""Feeds: which sessions a feed holds, their stored fragments, the cached assembled bytes,
and personal feed tokens.

Cost model:
- a session's VEVENT is rendered once per change and kept in `feed_fragments`; whether a
  stored fragment is still valid is decided in SQL (render key, SEQUENCE, both updated_at);
- a feed is head + stored fragments + tail, joined as bytes (no icalendar object tree);
- the assembled bytes are cached under (feed key, normalised filter, Brussels date, data
  version, render key); the data version lives in the database, so every worker on every
  host agrees on what is current.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import Session, joinedload, selectinload

from stem_events.data_version import Version, data_version
from stem_events.database import upsert
from stem_events.date_time import feed_window, local, now_utc, today_local
from stem_events.errors import NotFound
from stem_events.events import agenda_index
from stem_events.events.filters import (
    AgendaFilter,
    event_conditions,
    matching_event_ids,
    session_window,
)
from stem_events.events.models import (
    PUBLIC_STATUSES,
    CardStamp,
    Event,
    EventSession,
    SessionStatus,
)
from stem_events.extensions import db
from stem_events.hooks import collect
from stem_events.links import base_url
from stem_events.observability import cache_lookup
from stem_events.transaction import separate_session

from . import signals
from .cache import FeedMeta, cache_for
from .ical import CALENDAR_TAIL, CalendarMeta, SessionRow, calendar_head, render_vevent
from .models import FeedFragment, FeedToken, feed_token_events, new_token

#: Bump when the rendering changes: every stored fragment is then rendered again.
RENDER_VERSION = "1"
RENDER_BATCH = 500
STREAM_BATCH = 2000
#: Sessions per assembly chunk on average (a chunk ends at a session whose id hashes to 0
#: modulo this; at most STREAM_BATCH sessions).
CHUNK_SPREAD = 128
#: Bytes of a VEVENT on average, to estimate the size of a feed not assembled yet.
ESTIMATED_SESSION_BYTES = 1200
GOOGLE_LIMIT_BYTES = 1024 * 1024
FEED_NAME = "STEM-agenda"


def render_key() -> str:
    raw = f"{RENDER_VERSION}|{base_url()}"
    return hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()


def refresh_seconds() -> int:
    return int(current_app.config.get("FEED_REFRESH_SECONDS", 3 * 3600))


# --- rows for the builder ---------------------------------------------------------------------

def event_url(event: Event) -> str:
    return f"{base_url()}/events/{event.id}-{event.slug}"


def _location(event: Event) -> str:
    town = " ".join(p for p in (event.postcode, event.municipality.name if event.municipality
                                else "") if p)
    parts = [p for p in (event.venue_name, event.street, town) if p]
    if event.online_url:
        parts.append(f"online: {event.online_url}")
    return ", ".join(parts)


def session_row(session: EventSession) -> SessionRow:
    event = session.event
    with force_locale("nl"):  # feeds are Dutch for everyone: the bytes are shared
        kind = str(event.kind.label)
    geo = (event.latitude, event.longitude)
    return SessionRow(
        uid=session.uid,
        sequence=session.sequence,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        all_day=session.all_day,
        session_cancelled=session.status == SessionStatus.CANCELLED,
        event_status=str(event.status),
        title=event.title,
        url=event_url(event),
        last_modified=max(session.updated_at, event.updated_at),
        summary=event.summary,
        description=event.description,
        status_reason=event.status_reason,
        location=_location(event),
        geo=geo if None not in geo else None,
        categories=(kind, *(t.name for t in event.themes)),
        organisers=tuple(o.name for o in event.organisers),
    )


def _load_sessions(loader: Session, session_ids: Sequence[int]) -> list[EventSession]:
    return list(loader.scalars(
        sa.select(EventSession).where(EventSession.id.in_(session_ids)).options(
            joinedload(EventSession.event).options(
                joinedload(Event.organisation), joinedload(Event.municipality),
                selectinload(Event.themes), selectinload(Event.co_organisations),
            )
        )
    ).unique())


# --- fragments --------------------------------------------------------------------------------


def render_fragments(session_ids: Sequence[int]) -> dict[int, bytes]:
    """Render these sessions now and store their fragments.

    Works in its own short-lived database session: the caller's session (and a feed being
    streamed from it) is untouched, and the loaded rows are let go after each batch, so memory
    stays flat even for the one-time fill of an empty cache."""
    key, now, rendered = render_key(), now_utc(), {}
    for i in range(0, len(session_ids), RENDER_BATCH):
        batch = session_ids[i:i + RENDER_BATCH]
        with separate_session() as work:
            # the events' card stamps before the rows: a write landing in between leaves the
            # fragment with an older stamp, rendered again next time, never served stale
            card_stamps = dict(work.execute(
                sa.select(EventSession.id, sa.func.coalesce(CardStamp.stamp, 0))
                .outerjoin(CardStamp, CardStamp.event_id == EventSession.event_id)
                .where(EventSession.id.in_(batch))).all())
            values = []
            for session in _load_sessions(work, batch):
                row = session_row(session)
                body = render_vevent(row)
                rendered[session.id] = body
                values.append({
                    "session_id": session.id, "render_key": key, "sequence": session.sequence,
                    "session_updated_at": session.updated_at,
                    "event_updated_at": session.event.updated_at,
                    "card_stamp": card_stamps.get(session.id, 0),
                    "last_modified": row.last_modified, "body": body, "rendered_at": now,
                })
            if values:
                upsert(work, FeedFragment.__table__, ("session_id",), values)
    return rendered


def _feed_order(where: list, walk: bool = False) -> list[tuple]:
    """(session id, event id, the session's stamp, its UID's token) in feed order; the stamp
    is made in SQL of what decides whether a stored fragment is valid (SEQUENCE, both
    updated_at and the event's card stamp: `fragment_stamp`). No bodies here (sorting rows
    with large bodies would cost a temporary B-tree) and no fragments: whether a stored
    fragment is valid is asked only for the chunks that must be built (`_valid_stored`). The
    rows are read from the driver's cursor as plain tuples: for tens of thousands of rows,
    result rows cost more than the query. `walk`: see `feed_order_query`."""
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":  # sort the rows in memory, not on disk
        connection.exec_driver_sql("SET LOCAL work_mem = '32MB'")
    return _fetch(feed_order_query(where, walk))


def fragment_stamp(dialect_name: str, sequence, session_updated_at, event_updated_at,
                   card_stamp):
    """What a stored fragment was rendered at, as SQL, the same for the sessions' columns and
    for a fragment's copies of them (compared for equality): SEQUENCE and both updated_at
    (moved by the ORM, `tracking.py`) and the event's card stamp (raised by database triggers
    on every change of the event, its sessions' times and status, its organisers' names, its
    themes, whoever writes: `events.cards`), so a raw SQL edit that leaves updated_at alone
    is not served stale either. On PostgreSQL a 64-bit hash chained over them (timestamps in
    UTC): formatting two timestamps as text for every session of a feed cost more than the
    rest of its order (~10 ms for 15,000 rows); on SQLite, where they are stored as text, the
    text itself."""
    if dialect_name == "postgresql":  # constants in the SQL: `_stored_query` sends it as text
        f, utc, zero = sa.func, sa.literal_column("'UTC'"), sa.literal_column("0")
        return f.hashint8extended(card_stamp, f.timestamp_hash_extended(
            f.timezone(utc, session_updated_at), f.timestamp_hash_extended(
                f.timezone(utc, event_updated_at), f.hashint4extended(sequence, zero))))
    comma = sa.literal_column("','", sa.String)
    return (sa.cast(sequence, sa.String) + comma + sa.cast(session_updated_at, sa.String)
            + comma + sa.cast(event_updated_at, sa.String) + comma
            + sa.cast(card_stamp, sa.String))


def feed_order_query(where: list, walk: bool = False) -> sa.Select:
    """The order rows of `_feed_order`. `walk`: `where` finds the sessions by the window or by
    the events' own indexes (the agenda without days): SQLite then reads the sessions from the
    window index alone (`ix_event_sessions_window`, by end), or those of the events its
    indexes find, and sorts them; to spare that sort it would otherwise walk the start-time
    index from the oldest session on, reading every past session's row (a filter on the age:
    ~120 → ~75 ms on 10,000 events). The sort key written `+starts_at` (the same order) is
    what keeps it from that index. The UID (random, new when a session is made again under
    an old id) goes into the chunk keys only: on PostgreSQL as its 64-bit hash."""
    dialect = db.session.get_bind().dialect.name
    stamp = fragment_stamp(dialect, EventSession.sequence, EventSession.updated_at,
                           Event.updated_at, sa.func.coalesce(CardStamp.stamp, 0))
    uid = (sa.func.hashtextextended(EventSession.uid, sa.literal_column("0"))
           if dialect == "postgresql"
           else EventSession.uid)
    starts_at = EventSession.starts_at
    if walk and dialect == "sqlite":
        starts_at = sa.literal_column(f"+{EventSession.__tablename__}.starts_at")
    return (
        sa.select(EventSession.id, EventSession.event_id, stamp.label("stamp"), uid.label("uid"))
        .join(Event, Event.id == EventSession.event_id)
        .outerjoin(CardStamp, CardStamp.event_id == Event.id)
        .where(Event.status.in_(PUBLIC_STATUSES), *where)
        .order_by(starts_at, EventSession.id)
    )


def _valid_stored(rows: list) -> dict[int, bytes]:
    """The stored fragments of these order rows (`_feed_order`) that are still valid: the
    render key matches, and their stamp (`fragment_stamp` of their copies of SEQUENCE, both
    updated_at and the card stamp) is the row's. The fragments are fetched by primary key
    alone and the stamps compared here: no join to the sessions and events again, and on
    PostgreSQL the bodies come in binary (not as hexadecimal text), by a statement compiled once
    (`_stored_query`)."""
    if not rows:
        return {}
    stamps = {row[0]: row[2] for row in rows}
    connection = db.session.connection()
    stmt, sql = _stored_query(connection.dialect)
    params = {"ids": _ids(list(stamps)), "key": render_key()}
    if connection.dialect.driver == "psycopg":
        with connection.connection.driver_connection.cursor(binary=True) as cursor:
            found = cursor.execute(sql, params).fetchall()
    else:
        found = _fetch(stmt, params)
    return {sid: bytes(body) for sid, stamp, body in found if stamps[sid] == stamp}


_STORED: dict[str, tuple[sa.Select, str]] = {}


def _stored_query(dialect) -> tuple[sa.Select, str]:
    """`_valid_stored`'s statement (parameters `ids` and `key`) and its SQL, made once per
    database kind: building and compiling it cost more than sending it (a filter of ~17 MB
    on PostgreSQL: ~6 of ~130 ms)."""
    made = _STORED.get(dialect.name)
    if made is None:
        F = FeedFragment
        stamp = fragment_stamp(dialect.name, F.sequence, F.session_updated_at,
                               F.event_updated_at, F.card_stamp)
        stmt = sa.select(F.session_id, stamp, F.body).where(
            _id_in(F.session_id), F.render_key == sa.bindparam("key", type_=sa.String))
        made = _STORED[dialect.name] = (stmt, str(stmt.compile(dialect=dialect)))
    return made


def _fetch(stmt: sa.Select, params: dict | None = None) -> list[tuple]:
    """All rows of a statement as plain tuples from the driver's cursor."""
    result = db.session.connection().execute(stmt, params)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def _valid_query(session_ids: list[int], *columns) -> sa.Select:
    F = FeedFragment
    return (
        sa.select(F.session_id, *columns)
        .join(EventSession, EventSession.id == F.session_id)
        .join(Event, Event.id == EventSession.event_id)
        .outerjoin(CardStamp, CardStamp.event_id == Event.id)
        .where(_id_in(F.session_id, session_ids), F.render_key == render_key(),
               F.sequence == EventSession.sequence,
               F.session_updated_at == EventSession.updated_at,
               F.event_updated_at == Event.updated_at,
               F.card_stamp == sa.func.coalesce(CardStamp.stamp, 0))
    )


def _id_in(column, ids: list[int] | None = None):
    """`column IN ids` as one bound parameter (an array on PostgreSQL, JSON on SQLite), not a
    thousand: compiling and binding long IN lists costs more than the lookups. The array is
    sent as its text (`{1,2,3}`, cast in SQL): the driver's array adapter costs more per id.
    Without `ids`, the parameter `ids` is given when the statement runs (`_ids`)."""
    value = None if ids is None else _ids(ids)
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import ARRAY

        return column == sa.any_(sa.cast(sa.bindparam("ids", value, type_=sa.String),
                                         ARRAY(sa.Integer)))
    values = sa.func.json_each(sa.bindparam("ids", value, type_=sa.String)).table_valued("value")
    return column.in_(sa.select(values.c.value))


def _ids(ids: list[int]) -> str:
    """The value of `_id_in`'s parameter."""
    if db.session.get_bind().dialect.name == "postgresql":
        return "{" + ",".join(map(str, map(int, ids))) + "}"
    return json.dumps(ids)


# --- assembly chunks ----------------------------------------------------------------------------

def _split(order: list) -> Iterator[list]:
    """Content-defined chunk boundaries: a chunk ends after a session whose id hashes to 0
    modulo CHUNK_SPREAD (or at STREAM_BATCH sessions), so adding, removing or moving one
    session moves no other boundary and changes one or two chunks, not every chunk after
    it."""
    chunk: list = []
    spread, batch = CHUNK_SPREAD, STREAM_BATCH
    for row in order:
        chunk.append(row)
        if ((row[0] * 0x9E3779B1) >> 12) % spread == 0 or len(chunk) >= batch:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _chunk_key(rows: list, key: str) -> str:
    """The chunk's stamp: `key` (render key and the data version's epoch, new whenever the
    database is emptied) and, per session in order, what decides whether a stored fragment is
    valid (its order row: id, event, `fragment_stamp`) plus its random UID's token, so that a
    row deleted and created again under the same id never matches an old chunk."""
    # marshal's format 2 (no references: the same bytes in every process) of ints and text
    return "chunk|" + key + "|" + hashlib.sha256(marshal.dumps(rows, 2)).hexdigest()


@dataclass
class Assembly:
    """What `assemble` wrote, and what it cost (the chunk counts show an edit's reach).
    `parts` (with a chunk store): the feed as ("c", chunk stamp) and ("d", inline text)."""

    etag: str
    size: int
    events: int
    sessions: int
    chunks_reused: int = 0
    chunks_built: int = 0
    rendered: int = 0
    parts: list[tuple[str, str]] | None = None


class _Etag:
    """The ETag of a feed from what determines its bytes: a stored chunk by its stamp (the
    stamp decides the chunk's bytes, as it decides whether the chunk is reused), anything else
    by its bytes; so no byte of a large feed is hashed, and the same bytes give the same ETag
    whether their chunks were stored or built just now."""

    def __init__(self):
        self.digest = hashlib.sha256()

    def stamp(self, stamp: str) -> None:
        self.digest.update(b"c%d:%s" % (len(stamp), stamp.encode()))

    def data(self, data: bytes) -> None:
        self.digest.update(b"d%d:" % len(data))
        self.digest.update(data)

    def value(self) -> str:
        return self.digest.hexdigest()[:32]


def _bodies(rows: list, ready: dict[int, bytes]) -> tuple[dict[int, bytes], int]:
    """The fragments of these sessions: valid stored ones, those in `ready` (rendered just
    now), and the others rendered now (and stored); (bodies, number rendered now)."""
    bodies = _valid_stored([row for row in rows if row[0] not in ready])
    bodies.update((row[0], ready[row[0]]) for row in rows if row[0] in ready)
    stale = [row[0] for row in rows if row[0] not in bodies]
    if stale:
        bodies.update(render_fragments(stale))
    return bodies, len(stale)


def assemble(where: list, meta: CalendarMeta, sink, extra: Sequence[bytes] = (),
             chunks=None, version: Version | None = None, walk: bool = False) -> Assembly:
    """Write the feed to `sink` (None: only list its parts): head, the sessions' fragments,
    tail; return the ETag (`_Etag`), the size, the numbers of events and sessions, and with
    a chunk store the feed's parts.

    The sessions are cut into chunks (`_split`); with a chunk store (`chunks`: the feed
    cache; `version`: the data version read by the caller, else read here), a chunk whose
    stamp is stored is reused as it is (and not even read without a sink), so after an edit
    only the chunks holding the changed sessions are built again. The fragments of the
    missing chunks are fetched (the outdated ones rendered) in one pass when they are few (an
    edit, whose sessions may lie in several chunks), else group by group; missing chunks are
    built in groups of up to STREAM_BATCH sessions (the valid fragments fetched by primary
    key) and stored. Nothing builds a big object tree or holds the whole feed."""
    etag, out = _Etag(), Assembly("", 0, 0, 0, parts=[] if chunks is not None else None)

    def write(data: bytes, stamp: str | None = None) -> None:
        out.size += len(data)
        if sink is not None:
            sink.write(data)
        if stamp is None:
            etag.data(data)
        else:
            etag.stamp(stamp)
        if out.parts is not None:
            out.parts.append(("d", data.decode()) if stamp is None else ("c", stamp))

    def build(group: list[tuple[str | None, list]]) -> None:
        bodies, rendered = _bodies([row for _, rows in group for row in rows], ready)
        out.rendered += rendered
        for stamp, rows in group:
            found = [body for body in map(bodies.get, [row[0] for row in rows])
                     if body is not None]
            data, complete = b"".join(found), len(found) == len(rows)
            if stamp is not None and complete:
                chunks.put_chunk(stamp, data)  # complete: it matches its stamp
            write(data, stamp if complete else None)
            out.sessions += len(found)
            out.chunks_built += 1

    write(calendar_head(meta))
    order = _feed_order(where, walk)
    out.events = len({row[1] for row in order})
    plan = _plan(order, chunks, version)
    ready: dict[int, bytes] = {}
    missing = [row for _stamp, rows, size in plan if size is None for row in rows]
    if 0 < len(missing) <= 2 * STREAM_BATCH:  # an edit: one pass for all its chunks
        ready = _valid_stored(missing)
        stale = [row[0] for row in missing if row[0] not in ready]
        ready.update(render_fragments(stale))
        out.rendered += len(stale)
    group, pending = [], 0
    for stamp, rows, size in plan:
        stored = None
        if size is not None:
            stored = chunks.get_chunk(stamp) if sink is not None else b""
        if stored is None:  # (or pruned since the plan was made)
            group.append((stamp, rows))
            pending += len(rows)
            if pending >= STREAM_BATCH:
                build(group)
                group, pending = [], 0
            continue
        if group:
            build(group)
            group, pending = [], 0
        if sink is not None:
            sink.write(stored)
            size = len(stored)
        out.size += size
        etag.stamp(stamp)
        out.parts.append(("c", stamp))
        out.sessions += len(rows)
        out.chunks_reused += 1
    if group:
        build(group)
    for fragment in extra:  # VEVENTs that are not sessions (e.g. chosen programme items)
        write(fragment)
    write(CALENDAR_TAIL)
    out.etag = etag.value()
    return out


def _plan(order: list, chunks,
          version: Version | None) -> list[tuple[str | None, list, int | None]]:
    """The chunks of a feed: (stamp, rows, size when stored already); no stamps without a
    store."""
    if chunks is None:
        return [(None, rows, None) for rows in _split(order)]
    version = version or data_version()
    key = f"{render_key()}|{version.token.split('.')[0] if version else '-'}"
    split = [(_chunk_key(rows, key), rows) for rows in _split(order)]
    sizes = chunks.chunk_sizes([stamp for stamp, _rows in split])
    return [(stamp, rows, size) for (stamp, rows), size in zip(split, sizes, strict=True)]


def warm_fragments() -> tuple[int, int]:
    """Render every missing or outdated fragment of the public feed window; (rendered, total)."""
    start, end = feed_window()
    order = _feed_order(_window_where(start, end), walk=True)
    rendered = 0
    for i in range(0, len(order), STREAM_BATCH):
        ids = [row[0] for row in order[i:i + STREAM_BATCH]]
        valid = set(db.session.scalars(_valid_query(ids)))
        stale = [sid for sid in ids if sid not in valid]
        render_fragments(stale)
        rendered += len(stale)
    return rendered, len(order)


# --- cached feeds -----------------------------------------------------------------------------

@dataclass
class Feed:
    meta: FeedMeta
    filename: str
    private: bool
    load: Callable[[], bytes | Path | Iterator[bytes]]

    @property
    def last_modified(self) -> datetime:
        return datetime.fromtimestamp(self.meta.last_modified, UTC)


class _Buffer:
    def __init__(self):
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.parts.append(data)


def _cache():
    app = current_app._get_current_object()
    if "feed_cache" not in app.extensions:
        app.extensions["feed_cache"] = cache_for(app.config, app.instance_path)
    return app.extensions["feed_cache"]


def _build(spec: FeedSpec, last_modified: datetime, sink,
           version: Version | None = None) -> tuple[FeedMeta, Assembly]:
    done = assemble(list(spec.conditions()), spec.meta, sink, spec.extra,
                    _cache() if spec.key is not None else None, version, spec.walk)
    meta = FeedMeta(done.etag, int(last_modified.timestamp()), done.events, done.sessions,
                    done.size)
    return meta, done


@dataclass(frozen=True)
class FeedSpec:
    """What a feed holds: its cache key (None: not cached as bytes), the sessions (`where`:
    their conditions, or what makes them when the feed must be assembled: a feed served from
    the cache builds no SQL expression), its calendar properties and file name. `floor` is
    the earliest Last-Modified."""

    key: str | None
    where: tuple | Callable[[], tuple]
    meta: CalendarMeta
    filename: str
    floor: datetime
    private: bool = False
    extra: tuple[bytes, ...] = ()  # rendered VEVENTs added after the sessions
    walk: bool = False  # never by the start-time index (`feed_order_query`)

    def conditions(self) -> tuple:
        return self.where() if callable(self.where) else self.where


def _full_key(key: str | None, version: Version | None) -> str | None:
    if key is None or version is None:
        return None
    return f"{key}|{version.token}|{render_key()}"


def get_feed(spec: FeedSpec) -> Feed:
    """A feed from the cache when current, else assembled now (and cached).

    Last-Modified is the time of the last change in the database (never earlier than
    `spec.floor`, the start of the day for windowed feeds), so that a client that only sends
    If-Modified-Since still sees removals; the ETag follows the content (`_Etag`).

    A feed assembled now is cached as its parts and meta, and this response streams its
    chunks: after an edit, no byte of the unchanged chunks is copied before it is sent. The
    next request that finds no whole body streams the chunks too and writes the body on the
    way, for the requests after it."""
    version = data_version()  # read before the rows: a later change can only make a new key
    last_modified = max(version.changed_at if version else spec.floor, spec.floor)
    full_key = _full_key(spec.key, version)
    if full_key is None:
        buffer = _Buffer()
        meta, _done = _build(spec, last_modified, buffer)
        return Feed(meta, spec.filename, spec.private, lambda: b"".join(buffer.parts))
    cache = _cache()
    meta = cache.meta(full_key)
    cache_lookup("feed", meta is not None)
    built = None
    if meta is None:
        meta, built = _build(spec, last_modified, None, version)
        cache.put_json("parts", full_key, {"parts": built.parts})
        cache.put_meta(full_key, meta)  # after its parts: a reader never sees meta alone

    def load() -> bytes | Path | Iterator[bytes]:
        if built is not None:  # its chunks were stored or found just now: not asked again
            return _stream(cache, built.parts, None)
        body = cache.body(full_key)
        if body is not None:
            return body
        parts = (cache.get_json("parts", full_key) or {}).get("parts")
        if parts is not None and None not in cache.chunk_sizes(
                [value for kind, value in parts if kind == "c"]):
            return _stream(cache, parts, (full_key, meta))
        # expired or pruned between the meta and now: assemble once more, uncached
        buffer = _Buffer()
        _build(spec, last_modified, buffer, version)
        return b"".join(buffer.parts)
    return Feed(meta, spec.filename, spec.private, load)


def _stream(cache, parts: list, keep: tuple[str, FeedMeta] | None) -> Iterator[bytes]:
    """The bytes of a feed's parts, chunk by chunk; with `keep` (key, meta) also written to
    the cache as the feed's whole body, published when the last byte is sent."""
    sink = cache.sink(keep[0]) if keep is not None else None
    try:
        for kind, value in parts:
            data = value.encode() if kind == "d" else cache.get_chunk(value)
            if data is None:  # pruned since the check: the response is cut short
                raise LookupError(f"feed chunk gone: {value}")
            if sink is not None:
                sink.write(data)
            yield data
    except BaseException:  # (also GeneratorExit: the client went away)
        if sink is not None:
            sink.abort()
        raise
    if sink is not None:
        sink.publish(keep[1])


@dataclass(frozen=True)
class Stats:
    events: int
    sessions: int
    size: int  # bytes, exact when the feed was assembled, else estimated


#: Figures counted in this process, by the feed's full key (its filter, day, data version and
#: render key): the pages of one selection, and its other language, count once.
_STATS: dict[str, Stats] = {}
STATS_ENTRIES = 4096


def feed_stats(key: str | None, count_where: Callable[[], Sequence],
               counted: Callable[[], tuple[int, int] | None] | None = None) -> Stats:
    """How big the feed of `key` is now, for the subscribe dialog, without rendering anything:
    exact from the assembled feed's meta when it is cached, else counted in SQL (sizes
    estimated) and kept under the same key in the process, so a page view pays the count once
    per data version. `count_where` gives the feed's sessions, asked only for that count: most
    page views find the figures under the key and build no statement. `counted` answers
    from the agenda's index instead when it can (`events.agenda_index`; None: count in SQL).

    The count is not kept in the feed store: a new selection paid a file write (or a Redis
    round trip) there, plus a read on every miss, about as much as the count it could spare
    another worker once per data version (a page that worker renders again within it finds
    its own memo; with Redis the page cache shares the page itself)."""
    full_key = _full_key(key, data_version())
    cache = _cache() if full_key else None
    if cache is not None:
        meta = cache.meta(full_key)
        if meta is not None:  # exact once the feed was assembled: asked before the estimate
            return Stats(meta.events, meta.sessions, meta.size)
    known = _STATS.get(full_key) if full_key else None
    if known is not None:
        return known
    found = counted() if counted is not None else None
    if found is None:
        f = sa.func
        found = db.session.execute(
            sa.select(f.count(sa.distinct(EventSession.event_id)), f.count())
            .join(Event, Event.id == EventSession.event_id)
            .where(Event.status.in_(PUBLIC_STATUSES), *count_where())
        ).one()
    events, sessions = found
    stats = Stats(events, sessions, 2000 + sessions * ESTIMATED_SESSION_BYTES)
    return _remember_stats(full_key, stats) if full_key else stats


def _remember_stats(full_key: str, stats: Stats) -> Stats:
    if len(_STATS) >= STATS_ENTRIES:
        _STATS.clear()
    _STATS[full_key] = stats
    return stats


def _window_where(start: datetime, end: datetime | None) -> list:
    where = [EventSession.ends_at > start]
    if end is not None:
        where.append(EventSession.starts_at < end)
    return where


def agenda_name(f: AgendaFilter) -> str:
    return f"{FEED_NAME} — {f.describe() or 'alle activiteiten'}"


def _agenda_key(f: AgendaFilter, today: date) -> str:
    return f"agenda|{f.cache_key()}|{today.isoformat()}"


def _agenda_where(f: AgendaFilter, start: datetime, end: datetime,
                  count: bool = False) -> tuple:
    """The sessions of the agenda feed of `f` in the window [start, end); `count`: in the form
    that suits a count (`feed_stats`), where the feed's form is shaped for its order.

    With days (`from`, `to`, `when`) an event qualifies by a session on those days, and the
    feed then holds all its sessions in the window. Otherwise any session in the window
    qualifies its event: a filter on the events is a condition on the joined event, and
    `last_end` (the end of its last session) lets the agenda's indexes (a kind, a
    municipality, then `last_end`) read the events still in the window alone, never the rows
    of past events (a count with a kind: 9.5 → 1.1 ms on 10,000 events; the feed's order with
    an age on PostgreSQL ~70 → ~42 ms against listing the events of every session in the
    window first)."""
    if not any(f.day_range()):
        conditions = event_conditions(f)
        if len(conditions) > 1:
            return (*conditions, Event.last_end > start, *_window_where(start, end))
        return (*conditions, *_window_where(start, end))  # no filter: a plainer plan
    if not count:
        return (EventSession.event_id.in_(matching_event_ids(f, start, end)),
                *_window_where(start, end))
    on_the_days = (sa.select(EventSession.id).where(
        EventSession.event_id == Event.id, *session_window(f, start, end))
        .correlate(Event).exists())
    return (*event_conditions(f), Event.last_end > start, *_window_where(start, end),
            on_the_days)


def agenda_spec(f: AgendaFilter) -> FeedSpec:
    """`/agenda.ics`: the events of the agenda filter, 30 days back to 12 months ahead."""
    today = today_local()
    start, end = feed_window(today)
    description = (
        "Activiteiten van de STEM-agenda Vlaanderen"
        + (f" ({f.describe()})" if f.describe() else "")
        + ", van 30 dagen geleden tot 12 maanden vooruit."
    )
    meta = CalendarMeta(agenda_name(f), description, _refresh())
    return FeedSpec(_agenda_key(f, today), lambda: _agenda_where(f, start, end), meta,
                    "stem-agenda.ics", local(today, time.min), walk=not any(f.day_range()))


def agenda_stats(f: AgendaFilter) -> Stats:
    """The subscribe dialog's figures of the agenda feed of `f`: only its key is made unless
    they must be counted (`feed_stats`); no feed spec, name or description."""
    today = today_local()
    return feed_stats(_agenda_key(f, today),
                      lambda: _agenda_where(f, *feed_window(today), count=True),
                      lambda: agenda_index.feed_counts(f, *feed_window(today)))


def agenda_feed(f: AgendaFilter) -> Feed:
    return get_feed(agenda_spec(f))


def event_spec(event_id: int) -> FeedSpec:
    """`/events/<id>.ics`: every session of one public event."""
    event = db.session.scalar(
        sa.select(Event).where(Event.id == event_id, Event.status.in_(PUBLIC_STATUSES))
    )
    if event is None:
        raise NotFound(_("Deze activiteit bestaat niet of is niet (meer) openbaar."))
    meta = CalendarMeta(f"{FEED_NAME} — {event.title}",
                        f"{event.title}: alle sessies. {event_url(event)}", _refresh())
    return FeedSpec(f"event|{event.id}", (EventSession.event_id == event.id,), meta,
                    f"{event.slug}.ics", event.updated_at)


def event_feed(event_id: int) -> Feed:
    return get_feed(event_spec(event_id))


def event_stats(event_id: int) -> Stats:
    spec = event_spec(event_id)
    return feed_stats(spec.key, spec.conditions)


def _refresh() -> timedelta:
    return timedelta(seconds=refresh_seconds())


# --- personal feeds -----------------------------------------------------------------------------

@dataclass(frozen=True)
class PersonalPlace:
    """The feed owner's place at one session (CONTRACT.md, personal feed): `status` is
    confirmed, waitlisted or cancelled; `counter` is added to the session's SEQUENCE (it grows
    with every change of the owner's registrations, so a promotion reaches calendars)."""

    status: str
    counter: int
    position: int | None = None


def owner_key(email: str) -> str:
    """What a token belongs to: a hash of the normalised e-mail (the address is not stored)."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,64}")


def _active_token(token: str) -> FeedToken:
    row = None
    if TOKEN_SHAPE.fullmatch(token):
        row = db.session.scalar(sa.select(FeedToken).where(FeedToken.token == token))
    if row is None or not row.active:
        raise NotFound(_("Deze persoonlijke kalender bestaat niet (meer). Gebruik de link uit "
                         "je laatste e-mail."))
    return row


def token_for(email: str) -> str:
    """The active personal feed token of an e-mail address, created on first use in the
    caller's transaction (e.g. a registration's)."""
    key = owner_key(email)
    row = db.session.scalar(
        sa.select(FeedToken).where(FeedToken.owner_key == key, FeedToken.revoked_at.is_(None))
        .order_by(FeedToken.id.desc())
    )
    if row is None:
        row = FeedToken(owner_key=key, token=new_token())
        db.session.add(row)
        db.session.flush()
    return row.token


def renew_token(token: str) -> str:
    """A new token for the same owner; the old one answers 404 from now on."""
    old = _active_token(token)
    new = FeedToken(owner_key=old.owner_key, token=new_token())
    db.session.add(new)
    db.session.flush()
    old.revoked_at, old.replaced_by_id = now_utc(), new.id
    db.session.flush()
    return new.token


def link_events(email: str, event_ids: Iterable[int]) -> None:
    """Add events to the personal feed of an e-mail address (the built-in source)."""
    key = owner_key(email)
    existing = set(db.session.scalars(
        sa.select(feed_token_events.c.event_id).where(feed_token_events.c.owner_key == key)
    ))
    new = [{"owner_key": key, "event_id": i} for i in set(event_ids) - existing]
    if new:
        db.session.execute(feed_token_events.insert(), new)


def events_for_token(token: str) -> set[int]:
    """The event ids of a personal feed; 404 for an unknown or revoked token."""
    key = _active_token(token).owner_key
    ids = set(db.session.scalars(
        sa.select(feed_token_events.c.event_id).where(feed_token_events.c.owner_key == key)
    ))
    for more in collect(signals.personal_event_ids, key):
        ids.update(more)
    return ids


def personal_feed(token: str) -> Feed:
    """`/feeds/<token>.ics`: the owner's events from 30 days back; not cached as bytes (the
    set changes with registrations), but assembled from the shared fragments."""
    ids = events_for_token(token)
    key = _active_token(token).owner_key
    places: dict[int, PersonalPlace] = {}
    for more in collect(signals.personal_places, key):
        places.update(more)
    start, _ = feed_window()
    extra = (*_personal_fragments(places, start),
             *(fragment for more in collect(signals.personal_fragments, key)
               for fragment in more))
    meta = CalendarMeta(f"{FEED_NAME} — mijn inschrijvingen",
                        "De activiteiten waarvoor je je inschreef op de STEM-agenda Vlaanderen.",
                        _refresh())
    where = (EventSession.event_id.in_(ids) if ids else sa.false(),
             EventSession.id.not_in(list(places)) if places else sa.true(),
             *_window_where(start, None))
    # Registrations do not move the data version: Last-Modified is "now", the ETag decides.
    return get_feed(FeedSpec(None, where, meta, "mijn-stem-agenda.ics", now_utc(), True,
                             extra))


def _personal_fragments(places: dict[int, PersonalPlace], start: datetime) -> list[bytes]:
    """The owner's sessions rendered for the owner (not stored: a place is personal). A
    cancelled registration stays as STATUS:CANCELLED until the event is past."""
    if not places:
        return []
    now = now_utc()
    sessions = sorted(_load_sessions(db.session, list(places)),
                      key=lambda s: (s.starts_at, s.id))
    fragments = []
    for session in sessions:
        place = places[session.id]
        if session.event.status not in PUBLIC_STATUSES or session.ends_at <= start:
            continue
        if place.status == "cancelled" and (session.event.last_end or session.ends_at) <= now:
            continue
        row = session_row(session)
        fragments.append(render_vevent(replace(
            row, sequence=row.sequence + place.counter, personal=place.status,
            waitlist_position=place.position)))
    return fragments
