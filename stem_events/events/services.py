"""Queries and rules about events: what the public sees, and in which order."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import cache

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import aliased, selectinload

from stem_events.accounts.models import Organisation
from stem_events.data_version import DataVersion, data_version, observe
from stem_events.database import MAX_ID, one_of
from stem_events.date_time import now_utc
from stem_events.errors import NotFound
from stem_events.events import agenda_index, kept, signals
from stem_events.events.filters import AgendaFilter, event_conditions, session_window
from stem_events.events.models import (
    PUBLIC_STATUSES,
    CardStamp,
    Event,
    EventSession,
    EventStatus,
    RegistrationMode,
    event_themes,
)
from stem_events.events.search import has_words, place_condition, ranked_matches, split_postcodes
from stem_events.extensions import db
from stem_events.hooks import answer
from stem_events.pagination import Page
from stem_events.reference.models import Municipality


@dataclass(frozen=True)
class Listing:
    """An event on the agenda with its next session and the size of its series."""

    event: Event | ShownEvent
    next_session: EventSession | ShownSession
    session_count: int
    role_models: tuple = ()  # the public role models taking part ({id, name, job, url})
    # what is stored for it (its card's parts, its API item), when kept at the stamp read
    # with the page (`StoredParts`)
    card: object | None = None


@dataclass(frozen=True, slots=True)
class ShownEvent:
    """What a page of stored cards or API items reads of an event per request (its seats
    left, its status): plain columns, no ORM object to build for each event shown."""

    id: int
    status: EventStatus
    registration_mode: RegistrationMode
    capacity: int | None
    waitlist_enabled: bool
    # the seats held in its registration scope, when read with the page (`_sessions_by_id`):
    # the seats left then need no query of their own; None: not read (or no registration)
    seats_held: int | None = None


@dataclass(frozen=True, slots=True)
class ShownSession:
    """What a page of stored cards or API items reads of the session shown."""

    id: int
    event_id: int
    starts_at: datetime
    ends_at: datetime
    capacity: int | None
    all_day: bool  # with the times, what a stored card shows of it (`cards.when`)


# With a bare `event_id IN (…)` SQLite probes sessions by event instead of walking them in start
# order; the unary plus (valid on both databases) keeps it on the starts_at index.
_UNINDEXED_EVENT_ID = sa.literal_column("+event_sessions.event_id", sa.Integer)


def _matching_ids(f: AgendaFilter, now: datetime):
    return sa.select(Event.id).where(*_upcoming_conditions(f, now))


def _upcoming_conditions(f: AgendaFilter, now: datetime) -> list:
    """The filter's conditions on events that have not ended. With a long history on SQLite
    the upcoming events' ids (a scan of the (status, last_end) index alone) are checked before
    an event's row is read: the index SQLite picks for a filter (municipality, kind) also
    holds every past event, whose rows it would otherwise read one by one."""
    conditions = [*event_conditions(f), Event.last_end > now]
    if len(conditions) > 2 and _much_history(now):
        later = aliased(Event)
        conditions.append(_UNINDEXED_ID.in_(
            sa.select(later.id).where(later.status.in_(PUBLIC_STATUSES), later.last_end > now)))
    return conditions


#: Past events outnumber upcoming ones this many times before `_upcoming_conditions` checks
#: the upcoming ids first (below it, reading the few past rows costs less than the list).
HISTORY_FACTOR = 3
#: data version token → whether the history is that long (SQLite only).
_MUCH_HISTORY: dict[str, bool] = {}
# Not usable as the index to start from (unary plus), so SQLite keeps the filter's index and
# tests the id against the upcoming list before reading the row.
_UNINDEXED_ID = sa.literal_column("+events.id", sa.Integer)


def _much_history(now: datetime) -> bool:
    if db.session.get_bind().dialect.name != "sqlite":
        return False  # PostgreSQL combines the indexes itself (bitmap scans)
    version = data_version()
    known = _MUCH_HISTORY.get(version.token) if version is not None else None
    if known is not None:
        return known
    public = Event.status.in_(PUBLIC_STATUSES)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Event).where(public))
    upcoming = db.session.scalar(sa.select(sa.func.count()).select_from(Event)
                                 .where(public, Event.last_end > now))
    much = (total or 0) > HISTORY_FACTOR * max(upcoming or 0, 1)
    if version is not None:
        if len(_MUCH_HISTORY) > 64:
            _MUCH_HISTORY.clear()
        _MUCH_HISTORY[version.token] = much
    return much


#: How long a count of upcoming events may be reused within one data version: events that end
#: meanwhile leave it a little later (an edit, a new event: a new data version, a new count).
COUNT_SECONDS = 60
COUNT_ENTRIES = 4096
#: (data version, filter, its days, time bucket) → the number of upcoming events. An empty
#: result's "widen" links show the counts of the neighbouring selections (each filter left out
#: in turn), which visitors of nearby selections ask for again and again.
_COUNTS: dict[tuple, int] = {}


def _count_key(f: AgendaFilter, now: datetime) -> tuple | None:
    version = data_version()
    if version is None:
        return None
    return (version.token, f.cache_key(), f.day_range(),
            int(now.timestamp()) // COUNT_SECONDS)


def _remember_count(key: tuple | None, count: int) -> None:
    if key is not None:
        if len(_COUNTS) >= COUNT_ENTRIES:
            _COUNTS.clear()
        _COUNTS[key] = count


def count_upcoming(f: AgendaFilter, now: datetime) -> int:
    key = _count_key(f, now)
    known = _COUNTS.get(key) if key is not None else None
    if known is None:
        known = _count_upcoming_now(f, now)
        _remember_count(key, known)
    return known


def _count_upcoming_now(f: AgendaFilter, now: datetime) -> int:
    indexed = agenda_index.count(f, now)
    if indexed is not None:
        return indexed
    if any(f.day_range()):  # only then look at the sessions: those of the matching events
        stmt = (sa.select(sa.func.count(sa.distinct(EventSession.event_id)))
                .where(EventSession.event_id.in_(_matching_ids(f, now)),
                       *session_window(f, now, None)))
    else:
        stmt = (sa.select(sa.func.count()).select_from(Event)
                .where(*_upcoming_conditions(f, now)))
    return db.session.scalar(stmt) or 0


#: data version token → (the moment it was computed, the earliest start of a session still
#: running then). Time only moves forward, so a bound computed earlier stays a lower bound.
_EARLIEST_RUNNING: dict[str, tuple[datetime, datetime | None]] = {}


def earliest_running_start(now: datetime) -> datetime | None:
    """The earliest start of a session that has not ended at `now`: the lower bound of the
    walk in start order, so that history (sessions long over) is never read. One scan per data
    version and process (a session's times move the version: triggers of migration 0004)."""
    version = data_version()
    known = _EARLIEST_RUNNING.get(version.token) if version is not None else None
    if known is not None and known[0] <= now:
        return known[1]
    earliest = db.session.scalar(sa.select(sa.func.min(EventSession.starts_at))
                                 .where(EventSession.ends_at > now))
    if version is not None:
        if len(_EARLIEST_RUNNING) > 64:
            _EARLIEST_RUNNING.clear()
        _EARLIEST_RUNNING[version.token] = (now, earliest)
    return earliest


def _ids_by_date(f: AgendaFilter, now: datetime, offset: int, limit: int):
    """Walk the sessions in start order: an event's first session in the window is its next
    one, so the page is known after reading a few rows instead of grouping every session.
    The walk starts at the earliest session still running (`earliest_running_start`)."""
    earliest = earliest_running_start(now)
    if earliest is None:
        return []
    stmt = (
        sa.select(EventSession.event_id, EventSession.starts_at)
        .where(EventSession.starts_at >= earliest, *session_window(f, now, None),
               _UNINDEXED_EVENT_ID.in_(_matching_ids(f, now)))
        .order_by(EventSession.starts_at, EventSession.event_id)
    )
    found: dict[int, datetime] = {}
    with _cursor_allowed():
        result = db.session.execute(stmt.execution_options(yield_per=256))
        try:
            for event_id, start in result:
                if event_id not in found:
                    found[event_id] = start
                    if len(found) >= offset + limit:
                        break
        finally:
            result.close()
    return list(found.items())[offset:]


@contextmanager
def _cursor_allowed():
    """The walk streams its rows through a server-side cursor on PostgreSQL, which is planned
    to give its first rows fast (an ordered index walk, where a LIMIT misled the planner into
    reading and sorting every upcoming session at 100,000 events: 8 → 27 ms). A cursor needs
    a transaction block: a view that reads in autocommit (`transaction.reads_only`) opens one
    around the walk."""
    connection = db.session.connection()
    dbapi = connection.connection.dbapi_connection
    manual = connection.dialect.name == "postgresql" and getattr(dbapi, "autocommit", False)
    if manual:
        connection.exec_driver_sql("BEGIN")
    try:
        yield
    finally:
        if manual:
            connection.exec_driver_sql("COMMIT")


def _ids_by_relevance(f: AgendaFilter, now: datetime, offset: int, limit: int):
    """Search results: best match first, then the next session."""
    ranked = ranked_matches(f.q)
    codes = split_postcodes(f.q)[0]
    in_window = sa.and_(*session_window(f, now, None))
    next_start = sa.func.min(sa.case((in_window, EventSession.starts_at))).label("next_start")
    rows = db.session.execute(
        sa.select(Event.id, next_start)
        .select_from(ranked)
        .join(Event, Event.id == ranked.c.event_id)
        .join(EventSession, EventSession.event_id == Event.id)
        .where(*event_conditions(f.without("q")), Event.last_end > now,
               *([place_condition(codes)] if codes else []))
        .group_by(Event.id, ranked.c.score)
        .having(next_start.is_not(None))
        .order_by(ranked.c.score, next_start, Event.id)
        .limit(limit).offset(offset)
    ).all()
    return [(event_id, start) for event_id, start in rows]


@dataclass(frozen=True)
class StoredParts:
    """What is stored per event for a page (the agenda's cards in a language, the API's
    items), kept in the process by stamp (`events.kept`): a page the agenda's index found takes
    those kept at the stamps read with its seats, no statement of their own; `key` names the
    store."""

    key: kept.Key


def stored_cards(language: str, render_key: str) -> StoredParts:
    return StoredParts(("card", language, render_key))


def upcoming_events(f: AgendaFilter | None = None, page: int = 1, per_page: int = 25,
                    load: tuple = (), cards: bool = False,
                    parts: StoredParts | None = None) -> Page:
    """Public events matching the filter with a session still to come, soonest first (best
    match first when searching). A constant number of queries whatever the page size;
    `load` names further relationships the caller reads (e.g. the API's goals); `cards`: the
    caller shows stored cards (`events.cards`) or items, so only the sessions are loaded;
    `parts`: what is stored per event (`stored_cards`, the API's items), taken from what the
    process keeps at the stamps read with the sessions when the agenda's index found the page
    (`Listing.card`; the caller reads the others)."""
    f = f or AgendaFilter()
    now = now_utc()
    offset = (page - 1) * per_page
    stored: dict[int, object] = {}
    if cards and not load:  # the sessions shown bring their events' columns
        found, total = _shown_page(f, now, offset, per_page, parts, stored)
        ids = list(found)
        events = {i: event for i, (_, _, event, _) in found.items()}
        shown = {i: (session, n) for i, (session, n, _, _) in found.items()}
        with_role_models = [i for i, (*_, has_role_model) in found.items() if has_role_model]
    else:
        pairs, total = _page_ids(f, now, offset, per_page)
        ids = [i for i, _ in pairs]
        relations = (Event.sessions,) if cards else (
            Event.organisation, Event.municipality, Event.themes, Event.sessions,
            Event.audiences)
        events = {} if not ids else {
            e.id: e for e in db.session.scalars(
                sa.select(Event).where(Event.id.in_(ids)).options(
                    *(selectinload(relationship) for relationship in (*relations, *load)))
            )
        }
        shown = {i: (_session_at(events[i], start), len(events[i].sessions))
                 for i, start in pairs}
        with_role_models = list(events)
    role_models = answer(signals.role_models, with_role_models) if with_role_models else {}
    items = [Listing(events[i], *shown[i], tuple(role_models.get(i, ())), stored.get(i))
             for i in ids]
    return Page(items=items, page=page, per_page=per_page,
                total=count_upcoming(f, now) if total is None else total)


def _page_ids(f: AgendaFilter, now: datetime, offset: int, limit: int):
    """(event id, next start) of the page, and the total when the query gave it. The walk in
    start order suits the whole agenda (the first rows fill the page); a filter on the events
    starts from the matching events instead (`_ids_grouped`)."""
    if _searching(f):
        return _ids_by_relevance(f, now, offset, limit), None
    indexed = agenda_index.page(f, now, offset, limit)
    if indexed is not None:
        return [(shown.event_id, shown.starts_at) for shown in indexed[0]], indexed[1]
    if _narrows(f):
        return _ids_grouped(f, now, offset, limit)
    return _ids_by_date(f, now, offset, limit), None


def _searching(f: AgendaFilter) -> bool:
    return bool(f.q) and has_words(f.q)


def _narrows(f: AgendaFilter) -> bool:
    """Whether the filter narrows the events or their days (`event_conditions` holds more
    than the public statuses), asked without building the conditions."""
    return any(entry.condition for entry, _ in f.given()) or any(f.day_range())


def _grouped_page(f: AgendaFilter, now: datetime, offset: int, limit: int):
    """(event id, first start, total) of a page of the matching events, by next session."""
    first = sa.func.min(EventSession.starts_at).label("first_start")
    return (
        sa.select(EventSession.event_id, first, sa.func.count().over().label("total"))
        .where(EventSession.event_id.in_(_matching_ids(f, now)),
               *session_window(f, now, None))
        .group_by(EventSession.event_id)
        .order_by(first, EventSession.event_id)
        .limit(limit).offset(offset)
    )


def _ids_grouped(f: AgendaFilter, now: datetime, offset: int, limit: int):
    """A filter that narrows the events: start from the matching events (their indexes) and
    take each one's next session, with the number of such events in the same query (a window
    count). Reads only the matching events' sessions, however long the history, where the walk
    in start order would read every session to find a few matching ones. Returns the page and
    the total (None when the page is beyond the last one: no row carries it; none on the first
    page is none at all)."""
    rows = db.session.execute(_grouped_page(f, now, offset, limit)).all()
    total = _grouped_total(f, now, offset, rows[0].total if rows else None)
    return [(event_id, start) for event_id, start, _ in rows], total


def _grouped_total(f: AgendaFilter, now: datetime, offset: int, first_row_total: int | None):
    total = first_row_total if first_row_total is not None else (0 if offset == 0 else None)
    if total is not None:
        _remember_count(_count_key(f, now), total)
    return total


Shown = tuple[ShownSession, int, ShownEvent, bool]


def _shown_page(f: AgendaFilter, now: datetime, offset: int, limit: int,
                parts: StoredParts | None = None, stored: dict[int, object] | None = None
                ) -> tuple[dict[int, Shown], int | None]:
    """The page for stored cards: per event in page order the session shown, the size of its
    series, the event's columns and whether a public role model takes part, and the total
    when known. A filter on the events gets all of it in one statement (the grouped page
    joined to its sessions) unless the agenda's index knows the page (`agenda_index`); the
    walk and search find the ids first."""
    indexed = None if _searching(f) else agenda_index.page(f, now, offset, limit)
    if indexed is not None:
        shown = _shown_indexed(indexed[0], now, parts, stored)
        if shown is not None:
            return shown, indexed[1]
        # (None: a change committed since the index answered: all of it by SQL below)
    if _searching(f):
        return _shown_sessions(_ids_by_relevance(f, now, offset, limit)), None
    if not _narrows(f):  # the index declined (the whole agenda) or is behind: SQL alone
        return _shown_sessions(_ids_by_date(f, now, offset, limit)), None
    page = _grouped_page(f, now, offset, limit).subquery()
    S = EventSession
    rows = db.session.execute(
        sa.select(*_shown_columns(page.c.event_id), page.c.total)
        .select_from(page)
        .join(S, sa.and_(S.event_id == page.c.event_id, S.starts_at == page.c.first_start))
        .join(Event, Event.id == page.c.event_id)
        .order_by(page.c.first_start, page.c.event_id, S.id)
    ).all()
    return _first_per_event(rows), _grouped_total(f, now, offset,
                                                  rows[0].total if rows else None)


# The sessions counted for a series' size (Core: cheaper to build per request than the ORM's)
_COUNTED = EventSession.__table__.alias("counted")


def _shown_columns(event_id) -> tuple:
    """The columns of `_first_per_event`'s rows; `event_id`: the page's event ids."""
    S = EventSession
    series_size = (sa.select(sa.func.count().label("n")).where(_COUNTED.c.event_id == event_id)
                   .scalar_subquery())
    return (S.id, S.event_id, S.starts_at, S.ends_at, S.capacity, S.all_day, series_size,
            Event.status, Event.registration_mode, Event.capacity, Event.waitlist_enabled,
            Event.id.in_(answer(signals.role_model_events, None)))


def _first_per_event(rows) -> dict[int, Shown]:
    """Per event, in the rows' order, its first row (the lowest session id at that start)."""
    found: dict[int, Shown] = {}
    for (session_id, event_id, starts_at, ends_at, capacity, all_day, n, status, mode, seats,
         waitlist, has_role_model, *_rest) in rows:
        if event_id not in found:
            found[event_id] = (ShownSession(session_id, event_id, starts_at, ends_at, capacity,
                                            all_day),
                               n, ShownEvent(event_id, status, mode, seats, waitlist),
                               bool(has_role_model))
    return found


# The data version's token, read with the page's data (`data_version.observe`): evaluated
# once per statement (it correlates with nothing).
_VERSION_READ = (sa.select(DataVersion.epoch + "." + sa.cast(DataVersion.version, sa.String))
                 .where(DataVersion.id == 1).scalar_subquery().label("data_version"))


@cache
def _seats_by_id(dialect: str):
    """Of sessions by id: their capacity (its changes do not move the data version: the
    sessions' triggers watch times and status), the seats held in their event's registration
    scope at `now` (`signals.scope_seats_held`) and the event's card stamp (`events.kept`),
    with the data version: built once per dialect (the ids bound as one array on PostgreSQL,
    so the plan is kept). A session deleted since the index was built has no row."""
    S = EventSession
    return (sa.select(S.id, S.capacity, answer(signals.scope_seats_held, None).label("held"),
                      sa.func.coalesce(CardStamp.stamp, 0).label("stamp"), _VERSION_READ)
            .join(Event, Event.id == S.event_id)
            .outerjoin(CardStamp, CardStamp.event_id == S.event_id)
            .where(one_of(S.id, "session_ids", dialect)))


def _shown_indexed(page: list[agenda_index.Shown], now: datetime,
                   parts: StoredParts | None = None,
                   stored: dict[int, object] | None = None) -> dict[int, Shown] | None:
    """`_shown_page` for a page the agenda's index found: what the page shows of its sessions
    and events as the index holds them (its data version), the sessions' capacities, the
    seats held at `now` and the card stamps read by id in one statement, and with `parts`
    what is kept of them at those stamps into `stored`. None when the statement read another
    data version than the index's (a change committed in between): the index's columns and
    the cards of the stamps read would not be of one moment."""
    if not page:
        return {}
    rows = {row.id: row for row in db.session.connection().execute(  # nothing to flush:
        _seats_by_id(db.session.get_bind().dialect.name),  # agenda_index.current() checked
        {"session_ids": [shown.session_id for shown in page], "now": now})}
    if rows:  # the data version of what the statement read (page_cache)
        token = next(iter(rows.values())).data_version
        observe(token)
        version = data_version()  # the request's: the index answered for it
        if version is None or token != version.token:
            return None
    found: dict[int, Shown] = {}
    stamps: list[tuple[int, int]] = []
    for shown in page:
        row = rows.get(shown.session_id)
        if row is None:  # deleted since the index was built: left out, as by SQL
            continue
        session, columns = shown.session, shown.columns
        found[shown.event_id] = (
            ShownSession(shown.session_id, shown.event_id, shown.starts_at, session.ends_at,
                         row.capacity, session.all_day),
            columns.series_size,
            ShownEvent(shown.event_id, columns.status, columns.registration_mode,
                       columns.capacity, columns.waitlist_enabled,
                       None if row.held is None else int(row.held)),
            shown.has_role_model)
        stamps.append((shown.event_id, row.stamp))
    if parts is not None and stored is not None:
        stored.update(kept.valid(parts.key, stamps))
    return found


def _shown_sessions(ids: list[tuple[int, datetime]]) -> dict[int, Shown]:
    """`_shown_page` for ids found first: one query of plain columns, no ORM objects and no
    whole series loaded (the stored cards show the rest)."""
    if not ids:
        return {}
    starts = dict(ids)
    S = EventSession
    rows = db.session.execute(
        sa.select(*_shown_columns(S.event_id)).join(Event, Event.id == S.event_id)
        .where(S.event_id.in_(list(starts)), S.starts_at.in_(sorted(set(starts.values()))))
        .order_by(S.id)
    ).all()
    found = _first_per_event(row for row in rows if starts[row.event_id] == row.starts_at)
    return {event_id: found[event_id] for event_id in starts if event_id in found}


def widen_suggestions(f: AgendaFilter) -> list[tuple[str, str, str, int]]:
    """For an empty result: per active filter, how many events there would be without it."""
    from urllib.parse import urlencode

    now = now_utc()
    suggestions = []
    for name, value in f.params():
        wider = f.without(name, value)
        count = count_upcoming(wider, now)
        if count:
            suggestions.append((name, value, urlencode(wider.params()), count))
    return sorted(suggestions, key=lambda s: -s[3])


def _session_at(event: Event, start: datetime) -> EventSession:
    return next(s for s in event.sessions if s.starts_at == start)


def get_public_event(event_id: int) -> Event:
    """An event the public may see; drafts, events in review and rejected ones are 404."""
    if not 0 < event_id <= MAX_ID:
        raise NotFound(_("Deze activiteit bestaat niet of is niet (meer) openbaar."))
    event = db.session.scalar(
        sa.select(Event)
        .where(Event.id == event_id, Event.status.in_(PUBLIC_STATUSES))
        .options(
            selectinload(Event.sessions),
            selectinload(Event.themes),
            selectinload(Event.goals),
            selectinload(Event.co_organisations),
            selectinload(Event.audiences),
        )
    )
    if event is None:
        raise NotFound(_("Deze activiteit bestaat niet of is niet (meer) openbaar."))
    return event


def role_models_of(event: Event) -> list[dict]:
    """The public role models taking part in an event (its page, its JSON-LD)."""
    return answer(signals.role_models, [event.id]).get(event.id, [])


def next_or_first_session(event: Event) -> EventSession | None:
    now = now_utc()
    upcoming = [s for s in event.sessions if s.ends_at >= now]
    return (upcoming or event.sessions or [None])[0]


def registration_open(event: Event) -> bool:
    """Whether the event takes registrations right now (CONTRACT.md `registration_open`)."""
    if event.registration_mode == RegistrationMode.NONE or event.status != EventStatus.PUBLISHED:
        return False
    now = now_utc()
    if event.registration_opens_at and now < event.registration_opens_at:
        return False
    if event.registration_closes_at and now >= event.registration_closes_at:
        return False
    return any(s.ends_at > now and not s.cancelled for s in event.sessions)


def get_public_organisation(organisation_id: int) -> Organisation:
    organisation = (db.session.get(Organisation, organisation_id)
                    if 0 < organisation_id <= MAX_ID else None)
    if organisation is None or not organisation.approved:
        raise NotFound(_("Deze organisatie bestaat niet of is (nog) niet openbaar."))
    return organisation


def past_events(f: AgendaFilter, limit: int = 20) -> list[tuple[Event, datetime]]:
    """Public events matching the filter whose sessions are all over, most recent first."""
    now = now_utc()
    last = (
        sa.select(EventSession.event_id, sa.func.max(EventSession.ends_at).label("last_end"),
                  sa.func.min(EventSession.starts_at).label("first_start"))
        .group_by(EventSession.event_id)
        .having(sa.func.max(EventSession.ends_at) < now)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(Event, last.c.first_start).join(last, last.c.event_id == Event.id)
        .where(*event_conditions(f)).order_by(last.c.last_end.desc()).limit(limit)
        .options(selectinload(Event.municipality))
    ).all()
    return [(event, first_start) for event, first_start in rows]


def sitemap_urls() -> list[tuple[str, datetime]]:
    """Public pages for search engines: the agenda, events still to come, organisations."""
    from flask import url_for

    now = now_utc()
    upcoming = sa.select(EventSession.event_id).where(EventSession.ends_at >= now)
    events = db.session.execute(
        sa.select(Event.id, Event.slug, Event.updated_at)
        .where(Event.status.in_(PUBLIC_STATUSES), Event.id.in_(upcoming)).order_by(Event.id)
    ).all()
    organisations = db.session.execute(
        sa.select(Organisation.id, Organisation.updated_at)
        .where(Organisation.approved.is_(True)).order_by(Organisation.id)
    ).all()
    urls = [(url_for("events.agenda", _external=True), now)]
    urls += [(url_for("events.detail", event_id=i, slug=slug, _external=True), updated)
             for i, slug, updated in events]
    urls += [(url_for("events.organisation", organisation_id=i, _external=True), updated)
             for i, updated in organisations]
    return urls


def ping_database() -> None:
    db.session.execute(sa.text("SELECT 1"))


def similar_events(event: Event, limit: int = 3) -> list[Listing]:
    """Other upcoming public activities like this one nearby: in its province (its own
    municipality first), for an overlapping age, of the same kind or sharing a theme; what a
    full event offers instead."""
    if event.municipality is None:
        return []
    now = now_utc()
    theme_ids = [t.id for t in event.themes]
    same_province = sa.select(Municipality.nis).where(
        Municipality.province_nis == event.municipality.province_nis)
    alike = Event.kind == event.kind
    if theme_ids:
        alike = sa.or_(alike, Event.id.in_(sa.select(event_themes.c.event_id)
                                           .where(event_themes.c.theme_id.in_(theme_ids))))
    conditions = [Event.status == EventStatus.PUBLISHED, Event.id != event.id,
                  Event.last_end > now, Event.municipality_nis.in_(same_province), alike]
    if event.age_max is not None:
        conditions.append(sa.or_(Event.age_min.is_(None), Event.age_min <= event.age_max))
    if event.age_min is not None:
        conditions.append(sa.or_(Event.age_max.is_(None), Event.age_max >= event.age_min))
    found = db.session.scalars(
        sa.select(Event).where(*conditions)
        .order_by((Event.municipality_nis != event.municipality_nis), Event.first_start)
        .limit(limit * 3).options(selectinload(Event.sessions), selectinload(Event.municipality))
    ).all()
    listings = []
    for other in found:
        upcoming = [s for s in other.sessions if s.ends_at > now and not s.cancelled]
        if upcoming:
            listings.append(Listing(other, upcoming[0], len(other.sessions)))
    return listings
