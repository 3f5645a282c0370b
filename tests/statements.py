"""What a test sees of the statements sent: those of the app's engine (its listeners) and the
data version's reads outside a transaction, which go to their own pool on PostgreSQL and are
sent by the driver (`data_version._read_outside`): one checkout of that pool, one read."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import sqlalchemy as sa

from stem_events import data_version as dv


@contextlib.contextmanager
def statements_sent(db, record: Callable[[str], None]) -> Iterator[None]:
    """Call `record(statement)` for every statement sent while in the block."""
    def on_engine(_conn, _cursor, statement, *_args):
        record(statement)

    def on_reader(*_args):
        record(dv._SQL)

    reader = dv.reader(db.engine)
    listeners = [(db.engine, "before_cursor_execute", on_engine)]
    if reader is not db.engine:
        listeners.append((reader.pool, "checkout", on_reader))
    for target, name, listener in listeners:
        sa.event.listen(target, name, listener)
    try:
        yield
    finally:
        for target, name, listener in listeners:
            sa.event.remove(target, name, listener)


def read_by(db, get: Callable[[], object]) -> list[str]:
    """The statements `get()` sends, but the data version's reads (its own, `_SQL`, and one
    in a transaction)."""
    seen: list[str] = []
    with statements_sent(db, seen.append):
        get()
    return [s for s in seen if s != dv._SQL and not s.lstrip().startswith("SELECT data_versions")]
