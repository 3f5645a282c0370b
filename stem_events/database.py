"""Column types and engine settings shared by every domain package."""

from __future__ import annotations

import enum
import select
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool

from stem_events.extensions import db

MAX_ID = 2**31 - 1  # ids are 32-bit integers in the database


class UTCDateTime(sa.TypeDecorator):
    """Stores UTC (naive in SQLite, timestamptz in PostgreSQL) and always returns aware UTC."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def one_of(column: sa.ColumnElement, name: str, dialect: str) -> sa.ColumnElement[bool]:
    """`column IN` the list bound as `name` when the statement is executed, for statements
    built once. On PostgreSQL one array parameter (`= ANY(:name)`): the text is then the same
    whatever the list's length, so psycopg prepares it after a few executions and the server
    reuses its plan, where an expanded `IN (…)` has a text per length, planned again on every
    execution. SQLite has no arrays: the list is expanded."""
    if dialect == "postgresql":
        return column == sa.any_(sa.bindparam(name, type_=ARRAY(column.type)))
    return column.in_(sa.bindparam(name, expanding=True))


def str_enum(enum_class: type[enum.StrEnum], length: int = 32) -> sa.Enum:
    """A StrEnum stored as its values in a VARCHAR with a CHECK constraint."""
    return sa.Enum(
        enum_class,
        native_enum=False,
        create_constraint=True,
        length=length,
        name=enum_class.__name__.lower(),
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """SQLite: enforce foreign keys, write-ahead log, and wait for locks instead of failing."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@event.listens_for(Pool, "checkout")
def _replace_closed_connection(dbapi_connection, _record, _proxy) -> None:
    """PostgreSQL: a pooled connection the server has closed (a restart, pg_terminate_backend,
    an idle timeout) is replaced before a request uses it. The server says so on the idle
    connection's socket (its last words, then end of file), so looking costs no round trip,
    where `pool_pre_ping` asked the server on every checkout. Anything else unasked on an idle
    connection (a notice) is rare and costs only a new connection. `DisconnectionError` makes
    the pool connect again; `pool_recycle` (config.py) replaces connections a firewall may
    drop without a word."""
    pgconn = getattr(dbapi_connection, "pgconn", None)
    if pgconn is not None and (dbapi_connection.closed or _readable(pgconn.socket)):
        raise sa.exc.DisconnectionError


def _readable(socket: int) -> bool:
    poll = select.poll()
    poll.register(socket, select.POLLIN)
    return bool(poll.poll(0))


def row_count(query) -> int:
    """How many rows `query` (a SELECT) returns, counted in the database."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0


def upsert(work, table: sa.Table, keys: tuple[str, ...], values: list[dict]) -> None:
    """INSERT these rows, or where a row with the same `keys` exists UPDATE its other given
    columns (`ON CONFLICT … DO UPDATE`, on both databases): the stored fragment tables."""
    if work.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(table)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c[key] for key in keys],
        set_={column: stmt.excluded[column] for column in values[0] if column not in keys})
    work.execute(stmt, values)
