"""An in-process index of the agenda's facets: which public events a filter selects, their
next session and how many there are, answered without a query for a selection never asked
before.

A visitor who combines a province, an age and a kind asks for a selection nobody asked
before: the page cache cannot help, and the database grouped the matching events' sessions
for the page, counted them again for the subscribe dialog and, when nothing matched, once more
per filter left out (the "widen" links). Here every filter value that narrows the events is a
bit set over the public events that have not ended (one bit per event, in a Python int), so a
selection is a few ANDs and ORs; the events it keeps are then checked against the time window
(their sessions' start and end, held per event) in Python. What a page shows of the sessions
and events is held too (`Session`, `Columns`): the page then reads by id only what does not
move the data version, its sessions' capacities, seats and card stamps
(`services._shown_indexed`).

Valid for one data version (`data_version.py`: triggers bump it on every change of events,
sessions, their link tables, role models and audiences, whoever writes), built on a
connection of its own from committed data, between two reads of the version that must agree,
and used only when the request sees that same version with nothing of its own pending. Time
is not part of it: the window is checked per request against `now`. A filter it does not know
(a search, a filter added to `FILTERS` later), a window before what it holds, or a selection
of more than `MAX_CANDIDATES` events (the whole agenda: the walk in start order is cheaper
there) is answered by SQL as before (`services.py`), which stays the definition: tests compare
both on random selections.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask import current_app, g, has_request_context

from stem_events.audiences.models import Audience, event_audiences
from stem_events.audiences.services import kinds_carrying
from stem_events.data_version import DataVersion, data_version
from stem_events.date_time import now_utc
from stem_events.events import kept, signals
from stem_events.events.filters import AgendaFilter, window_bounds
from stem_events.events.models import (
    PUBLIC_STATUSES,
    Event,
    EventSession,
    event_goals,
    event_organisations,
    event_themes,
)
from stem_events.extensions import db
from stem_events.hooks import answer
from stem_events.reference.models import Municipality, Theme

#: Above this many events kept by the facets the SQL answers instead (the whole agenda, a
#: lone date range): checking each one's sessions in Python would cost more than the walk.
MAX_CANDIDATES = 2500
#: The index holds the events that ended at most this long before it was built: the feeds'
#: window starts 30 days back (Brussels midnight), the agenda's at `now`.
HISTORY = timedelta(days=32)
MAX_AGE = 120

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def _us(moment: datetime) -> int:
    """A moment as whole microseconds since 1970: exact, so ties order as in SQL."""
    return (moment - _EPOCH) // _MICROSECOND


def _bits(positions: Iterable[int], size: int) -> int:
    """The bit set of these positions, built in one pass (OR-ing bit by bit into a big int
    copies it every time)."""
    raw = bytearray((size + 8) // 8)
    for position in positions:
        raw[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(raw, "little")


def _positions(mask: int) -> Iterator[int]:
    """The set bits of `mask`, lowest first."""
    text = bin(mask)[:1:-1]  # bit i at index i
    found = text.find("1")
    while found >= 0:
        yield found
        found = text.find("1", found + 1)


class AgendaIndex:
    """The facets of one data version (`token`), built at `built` (microseconds)."""

    def __init__(self, token: str, built: datetime):
        self.token = token
        self.built = _us(built)
        self.cutoff = _us(built - HISTORY)
        self.ids: list[int] = []
        # per event, its sessions (ending after the cutoff) in start order, then by id
        self.starts: list[tuple[int, ...]] = []
        self.ends: list[tuple[int, ...]] = []
        self.start_moments: list[tuple[datetime, ...]] = []
        self.session_ids: list[tuple[int, ...]] = []
        # per event and session (as `starts`): what a page shows of the session besides its
        # start (`Session`), and per event what it shows of the event (`Columns`)
        self.sessions: list[tuple[Session, ...]] = []
        self.columns: list[Columns] = []
        self.last_end: list[int] = []
        self.first_end: list[int] = []  # the earliest end of its sessions held
        # per event, the first session still running when the index was built
        self.running_at_build: list[int] = []
        self.all = 0
        self.masks: dict[tuple[str, str], int] = {}
        self.age_min_at_most: list[int] = []  # [age]: no minimum, or a minimum ≤ age
        self.age_max_at_least: list[int] = []  # [age]: no maximum, or a maximum ≥ age

    # ---------------------------------------------------------------- selections
    def mask(self, name: str, value: str) -> int:
        return self.masks.get((name, value), 0)

    def any_of(self, name: str, values: Iterable[str]) -> int:
        found = 0
        for value in values:
            found |= self.mask(name, value)
        return found

    def candidates(self, f: AgendaFilter) -> int | None:
        """The events whose facets match `f` (dates aside); None when a filter given is
        not one the index knows."""
        found = self.all
        for entry, value in f.given():
            if entry.condition is None:
                continue  # days: checked on the sessions
            facet = FACETS.get(entry.name)
            if facet is None:
                return None
            found &= facet(self, value)
            if not found:
                return 0
        return found

    def firsts_in(self, found: int, start: int, end: int | None) -> list[tuple[int, int]]:
        """(position, number of its first session overlapping [start, end)) of every event
        of `found` that has one: one loop, as a page asks it of every candidate (~50)."""
        last_end, all_starts, all_ends = self.last_end, self.starts, self.ends
        running = self.running_at_build if start >= self.built else None
        shown = []
        for position in _positions(found):
            if last_end[position] <= start:
                continue
            ends = all_ends[position]
            number = running[position] if running is not None else 0
            while ends[number] <= start:  # a session ending after `start` exists (last_end)
                number += 1
            if end is None or all_starts[position][number] < end:
                shown.append((position, number))
        return shown


# The filters of `FILTERS` that narrow the events, as bit sets: name → (index, value) → mask.
def _age(index: AgendaIndex, age: int) -> int:
    age = min(age, MAX_AGE)
    return index.age_min_at_most[age] & index.age_max_at_least[age]


def _goal(index: AgendaIndex, code: str) -> int:
    """As `filters.goal_codes`: a goal and every goal under it."""
    if code.startswith("OD"):
        return index.mask("goal", code)
    prefix = code[2:]
    return index.any_of("goal", (
        linked for kind, linked in index.masks if kind == "goal"
        and (linked == code or linked[2:] == prefix or linked[2:].startswith(prefix + "."))))


def _audiences(index: AgendaIndex, slugs: tuple[str, ...]) -> int:
    """As `filters._for_audiences`: tagged, or of a kind that always carries one."""
    return index.any_of("audience", slugs) | index.any_of("kind", kinds_carrying(slugs))


FACETS: dict[str, Callable[[AgendaIndex, object], int]] = {
    "kind": lambda index, kinds: index.any_of("kind", kinds),
    "province": lambda index, code: index.mask("province", code),
    "municipality": lambda index, code: index.mask("municipality", code),
    "theme": lambda index, slugs: index.any_of("theme", slugs),
    "goal": _goal,
    "age": _age,
    "organisation": lambda index, number: index.mask("organisation", str(number)),
    "free": lambda index, _on: index.mask("flag", "free"),
    "online": lambda index, _on: index.mask("flag", "online"),
    "audience": _audiences,
    "reduced": lambda index, _on: index.mask("flag", "reduced"),
    "role_model": lambda index, _on: index.mask("flag", "role_model"),
}


# ----------------------------------------------------------------------- building
@dataclass(frozen=True, slots=True)
class Session:
    """What a page shows of a session besides its start and capacity (`services.ShownSession`;
    a new capacity does not move the data version, so the page reads it)."""

    ends_at: datetime
    all_day: bool


@dataclass(frozen=True, slots=True)
class Columns:
    """What a page shows of an event besides its stored card (`services.ShownEvent`) and
    the size of its series (all its sessions, also those older than the index)."""

    status: object  # EventStatus
    registration_mode: object  # RegistrationMode
    capacity: int | None
    waitlist_enabled: bool
    series_size: int


def _build(connection, token: str, built: datetime) -> AgendaIndex:
    index = AgendaIndex(token, built)
    cutoff = built - HISTORY
    public = (Event.status.in_(PUBLIC_STATUSES), Event.last_end > cutoff)
    rows = connection.execute(
        sa.select(Event.id, Event.kind, Event.municipality_nis, Event.age_min, Event.age_max,
                  Event.price_kind, Event.price_reduced, Event.online_url != "",
                  Event.organisation_id, Event.status, Event.registration_mode,
                  Event.capacity, Event.waitlist_enabled)
        .where(*public).order_by(Event.id)).all()
    position = {row[0]: number for number, row in enumerate(rows)}
    size = len(rows)
    sessions: dict[int, list[tuple[int, int, int, datetime, Session]]] = defaultdict(list)
    for event_id, session_id, starts_at, ends_at, all_day in connection.execute(
            sa.select(EventSession.event_id, EventSession.id, EventSession.starts_at,
                      EventSession.ends_at, EventSession.all_day)
            .join(Event, Event.id == EventSession.event_id)
            .where(*public, EventSession.ends_at > cutoff)):
        sessions[event_id].append((_us(starts_at), session_id, _us(ends_at), starts_at,
                                   Session(ends_at, bool(all_day))))
    series_sizes = dict(connection.execute(
        sa.select(EventSession.event_id, sa.func.count())
        .join(Event, Event.id == EventSession.event_id)
        .where(*public).group_by(EventSession.event_id)).all())
    provinces = {nis: province for nis, province in connection.execute(
        sa.select(Municipality.nis, Municipality.province_nis))}

    facets: dict[tuple[str, str], list[int]] = defaultdict(list)
    min_at = [[] for _ in range(MAX_AGE + 1)]  # positions by their lowest age
    max_at = [[] for _ in range(MAX_AGE + 1)]  # positions by their highest age
    for number, (event_id, kind, nis, age_min, age_max, price_kind, reduced, online,
                 organisation_id, status, mode, capacity, waitlist) in enumerate(rows):
        own = sorted(sessions.get(event_id, ()), key=lambda s: s[:2])
        index.ids.append(event_id)
        index.starts.append(tuple(s[0] for s in own))
        index.ends.append(tuple(s[2] for s in own))
        index.start_moments.append(tuple(s[3] for s in own))
        index.session_ids.append(tuple(s[1] for s in own))
        index.sessions.append(tuple(s[4] for s in own))
        index.columns.append(Columns(status, mode, capacity, bool(waitlist),
                                     series_sizes.get(event_id, 0)))
        index.last_end.append(max((s[2] for s in own), default=index.cutoff))
        index.first_end.append(min((s[2] for s in own), default=index.cutoff))
        index.running_at_build.append(
            next((i for i, s in enumerate(own) if s[2] > index.built), len(own)))
        facets[("kind", str(getattr(kind, "value", kind)))].append(number)
        if nis:
            facets[("municipality", nis)].append(number)
            if provinces.get(nis):
                facets[("province", provinces[nis])].append(number)
        facets[("organisation", str(organisation_id))].append(number)
        if str(getattr(price_kind, "value", price_kind)) == "free":
            facets[("flag", "free")].append(number)
            facets[("flag", "reduced")].append(number)
        elif reduced:
            facets[("flag", "reduced")].append(number)
        if online:
            facets[("flag", "online")].append(number)
        if age_min is None or age_min <= MAX_AGE:
            min_at[max(age_min or 0, 0)].append(number)
        max_at[min(MAX_AGE, age_max) if age_max is not None else MAX_AGE].append(number)

    def linked(name: str, statement) -> None:
        for event_id, value in connection.execute(statement):
            if event_id in position:
                facets[(name, str(value))].append(position[event_id])

    linked("organisation", sa.select(event_organisations.c.event_id,
                                     event_organisations.c.organisation_id))
    linked("theme", sa.select(event_themes.c.event_id, Theme.slug)
           .join(Theme, Theme.id == event_themes.c.theme_id))
    linked("goal", sa.select(event_goals.c.event_id, event_goals.c.goal_code))
    linked("audience", sa.select(event_audiences.c.event_id, Audience.slug)
           .join(Audience, Audience.id == event_audiences.c.audience_id))
    role_model_events = answer(signals.role_model_events, None)
    linked("flag", sa.select(Event.id, sa.literal("role_model"))
           .where(Event.id.in_(role_model_events)))

    index.all = _bits(range(size), size)
    index.masks = {key: _bits(set(numbers), size) for key, numbers in facets.items()}
    running = 0
    for age in range(MAX_AGE + 1):
        running |= _bits(min_at[age], size)
        index.age_min_at_most.append(running)
    running = 0
    for age in range(MAX_AGE, -1, -1):
        running |= _bits(max_at[age], size)
        index.age_max_at_least.append(running)
    index.age_max_at_least.reverse()
    return index


_VERSION = sa.select(DataVersion.epoch, DataVersion.version).where(DataVersion.id == 1)
_CURRENT: dict[str, AgendaIndex] = {}  # "index": this process's index, if any


def _committed_version(connection) -> str | None:
    row = connection.execute(_VERSION).first()
    return f"{row.epoch}.{row.version}" if row is not None else None


def _built_now() -> AgendaIndex | None:
    """An index of the committed data, or None when a change committed while it was read."""
    engine = db.engine
    with engine.connect() as connection:
        token = _committed_version(connection)
        if token is None:
            return None
        index = _build(connection, token, now_utc())
        if _committed_version(connection) != token:
            return None
    return index


def current() -> AgendaIndex | None:
    """The index of the data version this request sees, building it when it is not there
    (once per data version and process); None when the request has changes of its own
    (pending or written in its transaction) or outside a request."""
    if not has_request_context() or not current_app.config["AGENDA_INDEX"]:
        return None
    session = db.session()
    if session.new or session.dirty or session.deleted:
        return None
    version = data_version()
    if version is None:
        return None
    index = _CURRENT.get("index")
    if index is None or index.token != version.token:
        if g.get("_agenda_index_tried") == version.token:
            return None  # built once in this request and it did not match: not again
        g._agenda_index_tried = version.token
        index = _built_now()
        if index is None:
            return None
        _CURRENT["index"] = index
        kept.use_epoch(index.token.partition(".")[0])
    return index if index.token == version.token else None


def forget() -> None:
    """Drop this process's index (tests)."""
    _CURRENT.clear()


# ------------------------------------------------------------------------ answers
def _selection(f: AgendaFilter, start: datetime | None, end: datetime | None):
    """(index, candidates, start µs, end µs or None) for `f` in [start, end) as
    `filters.session_window` bounds it; None when the index cannot answer."""
    if f.q:
        return None
    index = current()
    if index is None:
        return None
    lower, upper = window_bounds(f, start, end)
    if lower is None or _us(lower) < index.cutoff:
        return None
    found = index.candidates(f)
    if found is None or found.bit_count() > MAX_CANDIDATES:
        return None
    return index, found, _us(lower), (_us(upper) if upper is not None else None)


@dataclass(frozen=True, slots=True)
class Shown:
    """An event of a page and its session shown: the first one still to come in the window
    (the lowest id among those starting then, as the SQL picks it), with what the page shows
    of both as this data version holds them."""

    event_id: int
    starts_at: datetime
    session_id: int
    has_role_model: bool
    session: Session
    columns: Columns


def page(f: AgendaFilter, now: datetime, offset: int, limit: int
         ) -> tuple[list[Shown], int] | None:
    """One page of the upcoming events of `f`, soonest first (then by id, as the SQL
    orders), and their number; None: ask SQL."""
    selection = _selection(f, now, None)
    if selection is None:
        return None
    index, found, start, end = selection
    starts, ids = index.starts, index.ids
    shown = sorted((starts[position][number], ids[position], position, number)
                   for position, number in index.firsts_in(found, start, end))
    role_models = index.mask("flag", "role_model")
    return ([Shown(event_id, index.start_moments[position][number],
                   index.session_ids[position][number], bool(role_models >> position & 1),
                   index.sessions[position][number], index.columns[position])
             for _, event_id, position, number in shown[offset:offset + limit]], len(shown))


def count(f: AgendaFilter, now: datetime) -> int | None:
    """How many events of `f` have a session still to come; None: ask SQL."""
    selection = _selection(f, now, None)
    if selection is None:
        return None
    index, found, start, end = selection
    return len(index.firsts_in(found, start, end))


def feed_counts(f: AgendaFilter, start: datetime, end: datetime) -> tuple[int, int] | None:
    """(events, sessions) of the agenda feed of `f` over [start, end), as
    `feeds.services._agenda_where(count=True)` counts them: the events with a session on the
    filter's days in the window, and all their sessions in the window; None: ask SQL."""
    selection = _selection(f, start, end)
    if selection is None:
        return None
    index, found, on_days_start, on_days_end = selection
    window_start, window_end = _us(start), _us(end)
    shown = index.firsts_in(found, on_days_start, on_days_end)
    events, sessions = len(shown), 0
    for position, _number in shown:
        starts, ends = index.starts[position], index.ends[position]
        if index.first_end[position] > window_start and starts[-1] < window_end:
            sessions += len(starts)  # all of them in the window (nearly every event)
        else:
            sessions += sum(1 for number in range(len(starts))
                            if ends[number] > window_start and starts[number] < window_end)
    return events, sessions
