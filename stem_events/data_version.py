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
connection of its own in autocommit: on PostgreSQL one round trip instead of BEGIN, SELECT and
COMMIT. That is what a transaction begun now would see (READ COMMITTED), and the queries that
follow see data at least as new, so a page is never keyed by a version newer than what it
shows. A request with a transaction open reads it in that transaction, which may hold changes
of its own (flushed or not) that the others cannot see yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import g, has_app_context, has_request_context
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column

from stem_events.database import UTCDateTime
from stem_events.date_time import now_utc
from stem_events.extensions import db


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
    if session.in_transaction():  # also when it holds changes not yet flushed: adding began it
        pending = session.new or session.dirty or session.deleted
        # the session's execute flushes them first; its connection's is lighter (~30 µs)
        row = (session.execute(_QUERY) if pending else session.connection().execute(_QUERY)
               ).first()
    else:
        engine = db.engine
        with engine.connect() as connection:
            if engine.dialect.name == "postgresql":  # SQLite's driver starts no transaction
                connection.execution_options(isolation_level="AUTOCOMMIT")  # for a SELECT
            row = connection.execute(_QUERY).first()
    if row is None:
        return None
    return Version(f"{row.epoch}.{row.version}", row.changed_at)


_READS = ("SELECT", "PRAGMA", "SHOW", "SAVEPOINT", "RELEASE", "BEGIN")


@sa.event.listens_for(Engine, "before_cursor_execute")
def _forget_on_write(_conn, _cursor, statement, _parameters, _context, _many) -> None:
    if not statement.lstrip()[:9].upper().startswith(_READS):
        forget()


@sa.event.listens_for(Engine, "commit")
@sa.event.listens_for(Engine, "rollback")
@sa.event.listens_for(Engine, "rollback_savepoint")
def _forget_on_end(*_args) -> None:
    forget()
