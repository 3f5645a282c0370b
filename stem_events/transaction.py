"""One owner per transaction: the unit of work.

Services change rows and `flush()`; they never commit. A unit of work ends a piece of work
once: it commits, then runs the follow-ups that the committed work queued (each in a unit of
its own), then what was queued to run last (the outbox hands its mails to delivery this way).

- A request is one unit: `install(app)` runs every view inside `unit_of_work()`. It commits
  when the view answers below 400; it rolls back when the view raises or answers an error.
- A CLI command is one: `with unit_of_work():` (or `@unit_of_work()` on the function).
- A batch gives every item its own: `per_item(items, action)`. A failing item is rolled back
  and logged; the items before and after it are kept.
- `separate_session()`: a short session of its own, committed at once, for a cache that must
  neither join nor wait for the caller's transaction (the feed fragments).
- `@reads_only` on a view that only reads through the request's session (its caches write in
  `separate_session()`): on PostgreSQL its statements run in autocommit, without the BEGIN and
  COMMIT round trips (each statement sees what was committed when it began, as in the READ
  COMMITTED transaction it replaces); a flush there raises. The session takes its connection
  only when a statement needs one (`extensions.AppSession`): a page cache hit takes none.

`before_commit(action)` runs work inside the open transaction just before the unit commits it
(what must be saved with the change or not at all). `after_commit(action)` ties work to the
database transaction that is open: it becomes due when
that transaction commits (also when the registration lock commits its own transaction, see
`registrations/locking.py`) and is dropped when it rolls back. A unit inside another one commits
at its end and leaves the due work to the outermost unit.
"""

from __future__ import annotations

import functools
import logging
import traceback
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

import sqlalchemy as sa
from flask import Flask, current_app
from flask import session as cookie_session
from sqlalchemy.orm import Session, SessionTransaction

from stem_events.extensions import READS_ONLY, db

log = logging.getLogger(__name__)
T = TypeVar("T")
R = TypeVar("R")

QUEUED = "unit_of_work.queued"  # {key: (action, last)} of the open transaction
BEFORE = "unit_of_work.before_commit"  # {key: action} to run in the open transaction
DUE = "unit_of_work.due"  # [(action, last)] of committed transactions, not yet run
DEPTH = "unit_of_work.depth"  # how many units are open on this session


@dataclass
class Unit:
    """The open unit of work; `discard()` makes it roll back instead of commit."""

    discarded: bool = False

    def discard(self) -> None:
        self.discarded = True


# ------------------------------------------------------------------------- queued work

def after_commit(action: Callable[[], object], key: Hashable | None = None, *,
                 last: bool = False) -> Callable[[], object]:
    """Run `action` once the open transaction has committed, in a unit of work of its own.

    The same `key` queued twice in one transaction runs once: the first action is kept and
    returned, so a caller can add to it. `last=True` waits until every other follow-up ran
    (mail delivery, so the mails that follow-ups write go out together)."""
    queued = db.session.info.setdefault(QUEUED, {})
    entry = queued.setdefault(object() if key is None else key, (action, last))
    return entry[0]


def before_commit(action: Callable[[], object], key: Hashable | None = None
                  ) -> Callable[[], object]:
    """Run `action` inside the open transaction just before the unit of work commits it, so
    what it writes (the registrants' notices of a change, which must carry the flushed, higher
    SEQUENCE) is saved with the change or not at all: if it fails, nothing is saved. The same
    `key` queued twice runs once; the first action is returned so a caller can add to it."""
    queued = db.session.info.setdefault(BEFORE, {})
    return queued.setdefault(object() if key is None else key, action)


def queued_before_commit(key: Hashable) -> Callable[[], object] | None:
    """The action queued under `key` to run before the open transaction commits, if any."""
    return db.session.info.get(BEFORE, {}).get(key)


def _prepare(session: Session) -> None:
    """Run the before-commit actions (and those they queue) and flush what they wrote."""
    while queued := session.info.pop(BEFORE, None):
        session.flush()
        for action in queued.values():
            action()
    session.flush()


def committed(session: Session) -> None:
    queued = session.info.pop(QUEUED, None)
    if queued:
        session.info.setdefault(DUE, []).extend(queued.values())


def ended(session: Session, transaction: SessionTransaction) -> None:
    """A transaction that ended without committing (rollback, close) drops its queue."""
    if transaction.parent is None:
        session.info.pop(QUEUED, None)
        session.info.pop(BEFORE, None)


def _finish(session: Session) -> None:
    """Run the due follow-ups (and what they queue) until none is left, then the last ones."""
    while due := session.info.pop(DUE, None):
        follow_ups = [action for action, last in due if not last]
        if follow_ups:
            session.info.setdefault(DUE, []).extend((a, True) for a, last in due if last)
            per_item(follow_ups, _call)
        else:
            per_item([action for action, _last in due], _call)


def _call(action: Callable[[], object]) -> object:
    return action()


# ------------------------------------------------------------------------- units of work

@contextmanager
def unit_of_work() -> Iterator[Unit]:
    """Commit what the block changed when it ends (roll back when it raises or was discarded);
    the outermost unit then runs the due follow-ups and hands the queued mails to delivery."""
    session = db.session()
    depth = session.info.get(DEPTH, 0)
    session.info[DEPTH] = depth + 1
    unit = Unit()
    try:
        yield unit
        if unit.discarded:
            session.rollback()
        elif session.in_transaction() or session.info.get(QUEUED) or session.info.get(BEFORE):
            _prepare(session)
            session.commit()
    except BaseException:
        _roll_back(session)
        raise
    finally:
        try:
            if depth == 0:
                _finish(session)
        finally:
            session.info[DEPTH] = depth


def _roll_back(session: Session) -> None:
    try:
        session.rollback()
    except sa.exc.SQLAlchemyError:  # the connection is gone: start again with a new one
        session.close()


def per_item(items: Iterable[T], action: Callable[[T], R]) -> list[R]:
    """`action(item)` for every item, each in its own unit of work; returns the results of the
    items that succeeded. A failing item is rolled back and logged, the others are kept."""
    results = []
    for item in items:
        try:
            with unit_of_work():
                result = action(item)
        except Exception as error:
            _log_failure(action, error)
        else:
            results.append(result)
    return results


def _log_failure(action: Callable, error: Exception) -> None:
    """Where it failed, without the error's text: a database error's text can carry the
    personal data of its parameters, which never goes into the logs."""
    where = traceback.extract_tb(error.__traceback__)[-1]
    log.error("%s failed for one item (%s at %s:%s); the other items went on",
              getattr(action, "__qualname__", type(action).__name__), type(error).__name__,
              where.filename, where.lineno)


@contextmanager
def separate_session() -> Iterator[Session]:
    """A short-lived session beside the request's, committed when the block ends: for caches
    (the feed fragments) that must not join the caller's transaction."""
    with Session(db.engine) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


# ------------------------------------------------------------------------- requests

def reads_only(view: Callable) -> Callable:
    """Mark a view that never writes through the request's session (see the module's doc)."""
    view.reads_only = True
    return view


def refuse_writes(session: Session, _context, _instances) -> None:
    """before_flush: a view marked `reads_only` runs in autocommit, where a flush would be
    committed statement by statement; it must not write there at all."""
    if session.info.get(READS_ONLY) and (session.new or session.dirty or session.deleted):
        raise RuntimeError("a view marked reads_only wrote through the request's session")


def _read_in_autocommit() -> None:
    """The session's connection, when a statement first takes one, runs in autocommit
    (`extensions.AppSession`); a view that asks nothing (a page cache hit) takes none."""
    session = db.session()
    if not session.in_transaction() and db.engine.dialect.name == "postgresql":
        session.info[READS_ONLY] = True


def install(app: Flask) -> None:
    """Every view of the app runs in one unit of work; call after all blueprints are
    registered."""
    for endpoint, view in list(app.view_functions.items()):
        if not getattr(view, "in_unit_of_work", False):
            app.view_functions[endpoint] = _in_unit_of_work(view)


def _in_unit_of_work(view: Callable) -> Callable:
    reads = getattr(view, "reads_only", False)

    @functools.wraps(view)
    def run(*args, **kwargs):
        response = None
        try:
            with unit_of_work() as unit:
                if reads:
                    _read_in_autocommit()
                response = current_app.make_response(view(*args, **kwargs))
                if response.status_code >= 400:
                    unit.discard()
        except Exception:
            if response is not None:  # the view answered, but its work could not be saved:
                cookie_session.pop("_flashes", None)  # no "bewaard" on the next page
            raise
        finally:
            if reads:
                db.session().info.pop(READS_ONLY, None)
        return response
    run.in_unit_of_work = True
    return run
