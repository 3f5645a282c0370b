"""The registration transaction: one event's seats are decided by one writer at a time.

PostgreSQL: `SELECT … FOR UPDATE` on the event row, with `lock_timeout`, so concurrent
registrations for the same event (from any process or host) queue on that row and count seats
after the previous writer committed. SQLite: `BEGIN IMMEDIATE` takes the database's write lock
at the start of the transaction (a deferred transaction would count seats first and only lock at
its first write), tried again every millisecond until the lock timeout (SQLite's own busy
handler sleeps up to 100 ms between tries, so a waiting registration could lose the free lock
again and again). Whoever waits too long gets `RegistrationBusy`
(a Dutch 409), never a "database is locked" error page.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import joinedload, selectinload

from stem_events.errors import DomainError, NotFound
from stem_events.events.models import Event
from stem_events.extensions import db
from stem_events.transaction import unit_of_work

DEFAULT_BUSY_TIMEOUT_MS = 5000  # as set for every SQLite connection in database.py
LOCK_SQLSTATES = {"55P03", "40P01", "40001"}  # lock_not_available, deadlock, serialization
POLL_SECONDS = 0.001  # SQLite: how often a waiting registration tries the write lock again


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
    if session.in_transaction():
        session.commit()
    timeout_ms = int(current_app.config.get("REGISTRATION_LOCK_TIMEOUT", 5) * 1000)
    try:
        with unit_of_work():
            yield _lock(session, event_id, timeout_ms)
    except OperationalError as error:
        if is_lock_conflict(error):
            raise RegistrationBusy() from error
        raise


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


def _lock(session, event_id: int, timeout_ms: int) -> Event:
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        _begin_immediate(connection, timeout_ms)
    else:
        connection.exec_driver_sql(f"SET LOCAL lock_timeout = {timeout_ms}")
    # What the transaction reads of the event comes in this one statement (the mails quote
    # its organisation and place), so the lock is held for fewer round trips; only the event's
    # row is locked.
    event = session.scalars(
        sa.select(Event).where(Event.id == event_id).with_for_update(of=Event)
        .options(joinedload(Event.organisation), joinedload(Event.municipality),
                 selectinload(Event.sessions))
        .execution_options(populate_existing=True)
    ).first()
    if event is None:
        raise NotFound(_("Deze activiteit bestaat niet (meer)."))
    return event
