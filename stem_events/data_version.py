"""The database's data version: one row (id 1) that tells every cache whether anything it
shows may have changed.

`data_versions` has one row (id 1). Database triggers (migration 0004) bump it on every
INSERT/DELETE and on feed-relevant UPDATEs of events, sessions, their link tables and
organisation names, whoever writes (ORM, bulk inserts, raw SQL, another host). A missing row
(e.g. after tests empty the tables) is re-created by the next change with a new random
`epoch`, so a counter that starts again never matches an old cache key.

Within a request the version is read once (kept on `flask.g`): the page cache, the filter
form's lists and the agenda's walk all ask for it. Any statement that may write, and any
commit or rollback, forgets it, so a request never keys a cache by a version older than its
own writes or newer than what its transaction still holds after a rollback.

A request that has no transaction open (a page cache hit asks for nothing else) reads it on a
connection of its own in autocommit (`reader`: on PostgreSQL a pool of its own whose
connections stay in autocommit): one round trip instead of BEGIN, SELECT and COMMIT. That
is what a transaction begun now would see (READ COMMITTED), and the queries that follow see
data at least as new, so a page is never keyed by a version newer than what it shows. A
request with a transaction open reads it in that transaction, which may hold changes of its
own (flushed or not) that the others cannot see yet.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from flask import current_app, g, has_app_context, has_request_context
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column

from stem_events.database import UTCDateTime
from stem_events.date_time import now_utc
from stem_events.extensions import READS_ONLY, db


class DataVersion(db.Model):
    __tablename__ = "data_versions"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    epoch: Mapped[str] = mapped_column(sa.String(32))
    version: Mapped[int] = mapped_column(sa.BigInteger, default=1)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)


@dataclass(frozen=True)
class Version:
    token: str
    changed_at: datetime


_UNSET = object()
_MEMO = "_data_version"
_ASSUMED = "_data_version_assumed"  # the version a page-cache miss is rendered under
_SEEN = "_data_versions_seen"  # the versions read while it renders (tokens)
#: The last version this process read: what a page-cache miss is rendered under (`assume`).
_LAST: dict[str, Version] = {}


def data_version() -> Version | None:
    """The database's data version (kept by triggers), or None before the first change; read
    once per request."""
    if not has_request_context():
        return _read()
    known = g.get(_MEMO, _UNSET)
    if known is _UNSET:
        known = _read()
        setattr(g, _MEMO, known)
    return known


def forget() -> None:
    """The next `data_version()` of this request reads the database again. Forgotten in any
    app context: the memo lives on `g`, which a request shares with an app context pushed
    before it (a CLI command, a test), where writes happen outside any request."""
    if has_app_context():
        g.pop(_MEMO, None)


# Built once: every request asks it, and building it cost as much as SQLite answering it.
_QUERY = (sa.select(DataVersion.epoch, DataVersion.version, DataVersion.changed_at)
          .where(DataVersion.id == 1))


def _read() -> Version | None:
    session = db.session()
    # committed data only: read on a connection of its own, or by a view that never writes
    committed = not session.in_transaction() or bool(session.info.get(READS_ONLY))
    if session.in_transaction():  # also when it holds changes not yet flushed: adding began it
        pending = session.new or session.dirty or session.deleted
        # the session's execute flushes them first; its connection's is lighter (~30 µs)
        row = (session.execute(_QUERY) if pending else session.connection().execute(_QUERY)
               ).first()
    else:
        row = _read_outside()
    return _seen(Version(f"{row[0]}.{row[1]}", row[2]) if row else None, committed)


#: `_QUERY` as text, for the driver (no parameters: sent as one simple query).
_SQL = "SELECT epoch, version, changed_at FROM data_versions WHERE id = 1"


def _read_outside() -> tuple | None:
    """(epoch, version, changed_at in UTC) read outside a transaction. PostgreSQL: on a
    connection of the reader's pool (`reader`; checked out through the pool, so its events
    run), sent by the driver itself: SQLAlchemy's statement and result machinery cost more
    than the round trip (in-process ~0.33 → ~0.15 ms; a page cache hit does nothing else in
    the database). A driver error comes out as SQLAlchemy's (OperationalError for a lost
    server, as from a statement), the connection invalidated when it is lost."""
    engine = reader(db.engine)
    if engine is db.engine:  # SQLite: the engine itself
        with engine.connect() as connection:
            return connection.execute(_QUERY).first()
    dbapi, pooled = engine.dialect.loaded_dbapi, None
    try:
        pooled = engine.raw_connection()
        row = pooled.driver_connection.execute(_SQL).fetchone()
    except dbapi.Error as error:  # connecting or reading
        lost = pooled is None or engine.dialect.is_disconnect(
            error, pooled.driver_connection, None)
        if lost and pooled is not None:
            pooled.invalidate(error)
        raise sa.exc.DBAPIError.instance(
            _SQL, None, error, dbapi.Error, hide_parameters=True, dialect=engine.dialect,
            connection_invalidated=lost) from error
    finally:
        if pooled is not None:
            pooled.close()
    if row is None:
        return None
    return row[0], row[1], None if row[2] is None else row[2].astimezone(UTC)


_READERS: weakref.WeakKeyDictionary[Engine, Engine] = weakref.WeakKeyDictionary()
_READERS_MADE = threading.Lock()


def reader(engine: Engine) -> Engine:
    """Where the version is read outside a transaction. PostgreSQL: a pool of its own whose
    connections stay in autocommit (a SELECT needs no BEGIN and COMMIT), so a checkout
    switches no isolation level and a return sends no reset (in-process, the statement with
    its checkout: ~0.35 → ~0.28 ms; sent by the driver, `_read_outside`: ~0.15 ms). Same URL
    and options as `engine`, and the listeners of every engine and pool (those of `engine`
    alone do not follow, and the driver's statement passes no engine event: a test that
    counts statements counts this pool's checkouts, `tests/statements.py`); disposed with
    `engine`. SQLite: `engine` itself (its driver starts no transaction for a SELECT)."""
    if engine.dialect.name != "postgresql":
        return engine
    found = _READERS.get(engine)
    if found is None:
        with _READERS_MADE:  # one reader per engine, also when threads ask at once
            found = _READERS.get(engine)
            if found is None:
                options = dict(current_app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
                options.update(isolation_level="AUTOCOMMIT", pool_reset_on_return=None)
                found = _READERS[engine] = sa.create_engine(engine.url, **options)
                sa.event.listen(engine, "engine_disposed", lambda _engine: found.dispose())
    return found


def _seen(version: Version | None, committed: bool) -> Version | None:
    """Remember a version read from the database: the process's last (`committed`: never one
    that holds a transaction's own changes, which a rollback may take back), and the
    request's reads while it renders under an assumed version (`confirm`)."""
    if version is not None and committed:
        _LAST["version"] = version
    if has_request_context():
        seen = g.get(_SEEN)
        if seen is not None:
            seen.append(version.token if version is not None else None)
    return version


# ---------------------------------------------------------------- a miss on the last version
# A page-cache miss may be rendered under the last version this process read instead of
# reading it first (`page_cache.cached`): the page is served, and stored under that version,
# only when every version read while it rendered was that one, and at least one was read with
# or after the page's data (the page's own statement reads it: `observe`; else `confirm` reads
# it at the end). Versions only grow: the same token read then means that nothing committed
# between the process's earlier read and that one, so the page shows the data of that
# version. Otherwise the page is rendered again as before: version first.

def assume() -> Version | None:
    """Let this request's caches key by the last version the process read (None: none yet)."""
    guess = _LAST.get("version")
    if guess is None or not has_request_context():
        return None
    setattr(g, _MEMO, guess)
    setattr(g, _ASSUMED, guess)
    setattr(g, _SEEN, [])
    return guess


def observe(token: str | None) -> None:
    """The data version's token a statement read with its data (a page of sessions), for
    `confirm` while the request renders under an assumed version."""
    if has_request_context():
        seen = g.get(_SEEN)
        if seen is not None:
            seen.append(token)


def confirm() -> bool:
    """Whether the version assumed is the database's (read now if no statement read it)."""
    assumed, seen = g.pop(_ASSUMED, None), g.pop(_SEEN, None)
    if assumed is None:
        return False
    if not seen:
        found = _read()
        seen = [found.token if found is not None else None]
    if all(token == assumed.token for token in seen):
        return True
    forget()
    return False


def abandon() -> None:
    """Drop the assumption: the next `data_version()` reads the database."""
    g.pop(_ASSUMED, None)
    g.pop(_SEEN, None)
    forget()


_READS = ("SELECT", "PRAGMA", "SHOW", "SAVEPOINT", "RELEASE", "BEGIN")


@sa.event.listens_for(Engine, "before_cursor_execute")
def _forget_on_write(_conn, _cursor, statement, _parameters, _context, _many) -> None:
    if not statement.lstrip()[:9].upper().startswith(_READS):
        forget()
        # this process writes: its last version is likely old, and a page rendered under it
        # would be rendered twice (`assume`); the next page reads the version first
        _LAST.clear()


@sa.event.listens_for(Engine, "commit")
@sa.event.listens_for(Engine, "rollback")
@sa.event.listens_for(Engine, "rollback_savepoint")
def _forget_on_end(*_args) -> None:
    forget()
