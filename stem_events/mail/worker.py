"""`flask worker`: the long-running sender of queued mail.

It delivers what is due (`outbox.deliver`: each mail claimed by one worker only, then sent in a
unit of work of its own), then waits: on PostgreSQL it `LISTEN`s for the `NOTIFY` of a committed
transaction that queued mail, with a timeout; elsewhere it polls. Either way it looks again every
`poll` seconds, for retries whose backoff ran out. SIGTERM or SIGINT stops it after the mail in
hand. Several workers may run, on one host or more. A rush wakes it for every registration: it
keeps one SMTP connection from one round to the next (`outbox.one_connection`), opened again
when the server closed it or it lay unused for half a minute.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from contextlib import contextmanager
from typing import Protocol

import sqlalchemy as sa

from stem_events.extensions import db
from stem_events.mail.outbox import CHANNEL, deliver, one_connection

log = logging.getLogger(__name__)
STOP_CHECK = 1.0  # seconds between looks at the stop flag while listening
BATCH = 50  # mails per round before looking at the stop flag and the database again


class Waiter(Protocol):
    def wait(self, seconds: float) -> None: ...


class Sleeper:
    """SQLite (no LISTEN): wait the poll interval, or less when told to stop."""

    def __init__(self, stop: threading.Event) -> None:
        self.stop = stop

    def wait(self, seconds: float) -> None:
        self.stop.wait(seconds)


class Listener:
    """PostgreSQL: an autocommit connection of its own that LISTENs on the outbox channel; `wait`
    returns at the first notification or after `seconds`."""

    def __init__(self, engine: sa.Engine, stop: threading.Event) -> None:
        self.url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        self.stop = stop
        self.connection = None
        self.wait(0)  # listen before the first round: no notification falls in between

    def _connect(self):
        import psycopg

        connection = psycopg.connect(self.url, autocommit=True, connect_timeout=5)
        connection.execute(f"LISTEN {CHANNEL}")
        return connection

    def wait(self, seconds: float) -> None:
        """A lost connection (database restart) is opened again on the next wait; meanwhile
        the worker polls."""
        import psycopg

        deadline = time.monotonic() + seconds
        try:
            self.connection = self.connection or self._connect()
            while True:  # in slices of a second at most: a stop request is seen at once
                remaining = max(0.0, deadline - time.monotonic())
                for _notice in self.connection.notifies(timeout=min(remaining, STOP_CHECK),
                                                        stop_after=1):
                    return
                if remaining <= STOP_CHECK or self.stop.is_set():
                    return
        except psycopg.OperationalError:
            log.warning("mail worker: LISTEN connection lost, polling until it is back")
            self.close()
            self.stop.wait(seconds)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


@contextmanager
def waiter(stop: threading.Event):
    if db.engine.dialect.name != "postgresql":
        yield Sleeper(stop)
        return
    listener = Listener(db.engine, stop)
    try:
        yield listener
    finally:
        listener.close()


def run(stop: threading.Event, poll: float = 2.0,
        waiting: threading.Event | None = None) -> int:
    """Deliver until `stop` is set; returns how many mails were sent. `waiting` is set while
    the worker waits with nothing due (tests use it to know it listens)."""
    sent = 0
    waiting = waiting or threading.Event()
    with waiter(stop) as wait, one_connection():
        while not stop.is_set():
            done, failed = _round()
            sent += done
            if done + failed < BATCH and not stop.is_set():
                waiting.set()
                wait.wait(poll)
                waiting.clear()
    return sent


def _round() -> tuple[int, int]:
    """One round of delivery; a database that is away is waited for, not fatal."""
    try:
        return deliver(limit=BATCH)
    except sa.exc.OperationalError:
        db.session.rollback()
        log.warning("mail worker: database unavailable, trying again", exc_info=True)
        time.sleep(1)
        return 0, 0


def stop_on_signals() -> threading.Event:
    """An event set by SIGTERM (systemd, `kill`) or SIGINT (Ctrl-C)."""
    stop = threading.Event()

    def handle(signum, frame) -> None:
        log.info("mail worker: %s received, stopping after the mail in hand",
                 signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)
    return stop
