"""The registration transaction: one event's seats are decided by one writer at a time.

PostgreSQL: `SELECT … FOR UPDATE` on the event row, with `lock_timeout` (set by the same
statement), so concurrent registrations for the same event (from any process or host) queue on
that row and count seats after the previous writer committed. SQLite: `BEGIN IMMEDIATE` takes
the database's write lock at the start of the transaction (a deferred transaction would count
seats first and only lock at its first write), tried again every millisecond until the lock
timeout (SQLite's own busy handler sleeps up to 100 ms between tries, so a waiting registration
could lose the free lock again and again). Whoever waits too long gets `RegistrationBusy`
(a Dutch 409), never a "database is locked" error page.

The registration form's POST takes the lock before it reads anything (`hold`), so the event,
its class settings and seats that the form is checked against are read once, in the
transaction that then registers: `locked_event` goes on in that transaction instead of
committing it and reading everything again.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import joinedload

from stem_events.errors import DomainError, NotFound
from stem_events.events.models import Event
from stem_events.extensions import db
from stem_events.registrations.models import EventGroupSettings
from stem_events.transaction import unit_of_work

DEFAULT_BUSY_TIMEOUT_MS = 5000  # as set for every SQLite connection in database.py
LOCK_SQLSTATES = {"55P03", "40P01", "40001"}  # lock_not_available, deadlock, serialization
POLL_SECONDS = 0.001  # SQLite: how often a waiting registration tries the write lock again
KEPT = "registrations.kept"  # session.info: class settings loaded with their event
NONE_KEPT = "registrations.none_kept"  # session.info: (transaction, event id) read without any
HELD = "registrations.held_lock"  # session.info: (transaction, event) of the lock `hold` took
COUNTED = "registrations.counted"  # session.info: what was counted under that lock, used once


class RegistrationBusy(DomainError):
    """Another registration held the lock longer than we wait: a Dutch 409, never a 500."""

    code = "busy"

    def __init__(self, message: str | None = None):
        super().__init__(message or _(
            "Het is op dit moment erg druk bij de inschrijvingen. Probeer het binnen enkele "
            "ogenblikken opnieuw; wat je invulde, is bewaard."))


def is_lock_conflict(error: OperationalError) -> bool:
    if getattr(error.orig, "sqlstate", None) in LOCK_SQLSTATES:
        return True
    text = str(error.orig).lower()
    return "database is locked" in text or "database is busy" in text


@contextmanager
def locked_event(event_id: int) -> Iterator[Event]:
    """Run the block in a unit of work of its own that holds the event's registration lock.

    The one exception to "the request owns the transaction" (docs/architecture.md): the lock
    must start its transaction (SQLite's `BEGIN IMMEDIATE`), so what the caller has open is
    committed first. The block commits when it ends and rolls back when it raises; the mails
    and follow-ups it queued run when the outermost unit of work ends.
    """
    session = db.session()
    event = _held(session, event_id)
    if event is None and session.in_transaction():
        session.commit()
    try:
        with unit_of_work():
            yield event or _found(with_settings(session, _lock(session, event_id)))
    except OperationalError as error:
        if is_lock_conflict(error):
            raise RegistrationBusy() from error
        raise


def hold(event_id: int) -> Event | None:
    """Take the event's registration lock now, for the rest of the current transaction (the
    form's POST: what it reads next is read under the lock, and `locked_event` goes on in this
    transaction). None when there is no such event; the lock then ends with the transaction."""
    session = db.session()
    if session.in_transaction():
        session.commit()
    try:
        row = _lock(session, event_id)
    except OperationalError as error:
        if is_lock_conflict(error):
            raise RegistrationBusy() from error
        raise
    if row is None:
        return None
    session.info[HELD] = (session.get_transaction(), *row)
    return row[0]


def _held(session, event_id: int) -> Event | None:
    """The event whose lock `hold` took in the transaction still open, if it is `event_id`."""
    transaction, event, _settings = session.info.get(HELD, (None, None, None))
    if event is None or transaction is not session.get_transaction() or event.id != event_id:
        return None
    return event


def held_settings(event_id: int) -> tuple[bool, EventGroupSettings | None]:
    """(True, the class settings or None) read with the event `event_id` in the transaction
    still open: with the lock `hold` took (which writes no settings), or by `with_settings`
    without any (none added since); (False, None) when they were not read."""
    session = db.session()
    if _held(session, event_id) is not None:
        return True, session.info[HELD][2]
    transaction, read = session.info.get(NONE_KEPT, (None, None))
    if read != event_id or transaction is None or transaction is not session.get_transaction():
        return False, None
    added = session.identity_key(EventGroupSettings, event_id) in session.identity_map or any(
        isinstance(o, EventGroupSettings) and o.event_id == event_id for o in session.new)
    return (False, None) if added else (True, None)


def keep_count(event_id: int, scope: object, counted: object) -> None:
    """Keep what was counted in a scope of `event_id` under the lock `hold` took, for the
    registration that follows in the same transaction (`take_count`); nothing is kept
    without that lock."""
    session = db.session()
    if _held(session, event_id) is not None:
        session.info[COUNTED] = (session.get_transaction(), event_id, scope, counted)


def take_count(event_id: int, scope: object) -> object | None:
    """What `keep_count` kept for this scope, still under the same lock, once: taken, it is
    forgotten, so a count can never be read again after the registration wrote seats."""
    session = db.session()
    transaction, kept_event, kept_scope, counted = session.info.pop(COUNTED, (None,) * 4)
    if (transaction is None or transaction is not session.get_transaction()
            or _held(session, event_id) is None or (kept_event, kept_scope) != (event_id, scope)):
        return None
    return counted


def _found(event: Event | None) -> Event:
    if event is None:
        raise NotFound(_("Deze activiteit bestaat niet (meer)."))
    return event


def _begin_immediate(connection, timeout_ms: int) -> None:
    """SQLite's write lock, waited for at most `timeout_ms`. SQLite's own busy handler sleeps
    ever longer between tries (25, then 50, then 100 ms at a time), so under a rush a
    registration could lose the free lock to others again and again; trying again every
    millisecond takes it as soon as it is free."""
    connection.exec_driver_sql("PRAGMA busy_timeout = 0")
    deadline = time.monotonic() + timeout_ms / 1000
    try:
        while True:
            try:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
                return
            except OperationalError as error:
                if not is_lock_conflict(error) or time.monotonic() >= deadline:
                    raise
            time.sleep(POLL_SECONDS)
    finally:
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {DEFAULT_BUSY_TIMEOUT_MS}")


def _lock(session, event_id: int) -> sa.Row | None:
    """Lock the event's row; (event, its class settings or None), or None without event."""
    timeout_ms = int(current_app.config.get("REGISTRATION_LOCK_TIMEOUT", 5) * 1000)
    connection = session.connection()
    params = {"event_id": event_id}
    if connection.dialect.name == "sqlite":
        _begin_immediate(connection, timeout_ms)
    else:
        params["lock_timeout"] = str(timeout_ms)
    return session.execute(_lock_query(connection.dialect.name), params).unique().first()


@cache
def _lock_query(dialect: str):
    """The lock's statement, built once per dialect (a launch rush runs it for every POST).

    What the transaction reads of the event comes in this one statement (the mails quote its
    organisation and place and list its sessions; the rules read its class settings, which are
    then in the session), so the lock is held for fewer round trips; only the event's row is
    locked. PostgreSQL: `SET LOCAL lock_timeout` inside the statement that waits for the lock
    (one round trip instead of two): the CTE calls a volatile function, so PostgreSQL evaluates
    it once and never inlines it, and the join needs its row before any row reaches the row
    lock, so the timeout is set before the wait starts."""
    query = (sa.select(Event, EventGroupSettings).where(Event.id == sa.bindparam("event_id"))
             .outerjoin(EventGroupSettings, EventGroupSettings.event_id == Event.id))
    if dialect != "sqlite":
        timeout = sa.select(sa.func.set_config(
            "lock_timeout", sa.bindparam("lock_timeout", type_=sa.String), True)
            .label("lock_timeout")).cte("lock_wait")
        query = query.join(timeout, sa.true())
    return (query.with_for_update(of=Event)
            .options(joinedload(Event.organisation), joinedload(Event.municipality),
                     joinedload(Event.sessions))
            .execution_options(populate_existing=True))


def with_settings(session, row) -> Event | None:
    """The event of a row (event, its class settings or None). The settings are kept for the
    session's life: the session holds what it loaded only weakly, and `services.group_settings`
    then finds them in it instead of asking the database again; that there are none is kept
    for the transaction (`held_settings`)."""
    if row is None:
        return None
    if row[1] is not None:
        session.info.setdefault(KEPT, []).append(row[1])
    else:
        session.info[NONE_KEPT] = (session.get_transaction(), row[0].id)
    return row[0]
