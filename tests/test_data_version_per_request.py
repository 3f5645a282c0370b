"""The data version is read once per request, and forgotten as soon as the request writes,
commits or rolls back: a cache is never keyed by a version older than the request's own
change, nor by one its rolled-back change made."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from stem_events import data_version as dv
from stem_events.data_version import data_version
from stem_events.date_time import now_utc
from stem_events.reference.models import EventKind
from tests.statements import statements_sent


def _reads_of_the_version(db, call):
    seen = []

    def remember(statement):
        if statement.lstrip().startswith("SELECT data_versions") or statement == dv._SQL:
            # (not a page's own read, which reads the version within its statement)
            seen.append(statement)

    with statements_sent(db, remember):
        call()
    return len(seen)


def test_a_page_reads_the_version_at_most_once(client, db, make_event, freeze_now):
    """A new selection is rendered under the last version the process read and confirmed by
    the version its page's statement reads with the data (no read of its own); a selection
    without such a statement (nothing found) reads it after the page; a stored page reads it
    before it is served; after a write of its own the process reads it first."""
    freeze_now(now_utc())  # a page is kept per five minutes: the test must not cross into the next
    make_event(title="Codeerclub", age_min=8, age_max=12)  # in Gent (province 40000)
    client.get("/agenda")  # the card is stored (its own session commits)
    client.get("/agenda?age=9")  # nothing written: the process knows the version
    assert _reads_of_the_version(db, lambda: client.get("/agenda?age=10&kind=workshop")) == 0
    assert _reads_of_the_version(
        db, lambda: client.get("/agenda?province=10000&age=10&kind=workshop")) == 1
    assert _reads_of_the_version(db, lambda: client.get("/agenda?age=10&kind=workshop")) == 1
    assert _reads_of_the_version(db, lambda: client.get("/agenda")) == 1
    assert dv._LAST  # what the next new selection would be rendered under
    make_event(title="Lezing", kind=EventKind.LECTURE)  # written by this process
    assert not dv._LAST  # it reads the version first: no page rendered twice


def test_a_change_by_another_writer_while_the_process_guessed_shows_at_once(client, db,
                                                                          make_event):
    """The version the process read last is only a guess: a change committed elsewhere
    (another host, psql) before a new selection is shown by it, and the page is stored under
    the new version only."""
    event = make_event(title="Codeerclub", age_min=8, age_max=12)
    client.get("/agenda?age=8")  # the card stored, the index built
    client.get("/agenda?age=9")  # nothing written: the process knows the version
    with db.engine.begin() as other:  # as psql would
        other.execute(sa.text("UPDATE events SET title = 'Robotclub' WHERE id = :id"),
                      {"id": event.id})
    for query in ("age=10&kind=workshop", "province=10000&age=10"):  # found / nothing found
        page = client.get(f"/agenda?{query}")
        assert page.headers.get("X-Page-Cache") == "miss" and "Codeerclub" not in page.text
    assert "Robotclub" in client.get("/agenda?age=10&kind=workshop").text
    again = client.get("/agenda?age=10&kind=workshop")
    assert again.headers.get("X-Page-Cache") == "hit" and "Robotclub" in again.text
    with db.engine.begin() as other:
        other.execute(sa.text("UPDATE events SET title = 'Lasclub' WHERE id = :id"),
                      {"id": event.id})
    assert "Lasclub" in client.get("/agenda?age=10&kind=workshop").text  # stored: read first
    assert "Lasclub" in client.get("/api/v1/events?age=11").text


def test_an_orm_change_in_the_request_is_seen(app, db, make_event):
    event = make_event(title="Codeerclub")
    with app.test_request_context("/"):
        before = data_version()
        assert data_version() is before  # kept
        event.title = "Robotclub"
        db.session.flush()
        after = data_version()
        assert after.token != before.token
        db.session.commit()


def test_a_raw_sql_change_in_the_request_is_seen(app, db, make_event):
    event = make_event(title="Codeerclub")
    with app.test_request_context("/"):
        before = data_version()
        db.session.execute(sa.text("UPDATE events SET title = 'Robotclub' WHERE id = :id"),
                           {"id": event.id})
        assert data_version().token != before.token
        db.session.commit()


def test_a_rolled_back_change_is_forgotten(app, db, make_event):
    event = make_event(title="Codeerclub")
    with app.test_request_context("/"):
        before = data_version()
        event.title = "Robotclub"
        db.session.flush()
        assert data_version().token != before.token
        db.session.rollback()
        assert data_version().token == before.token


def test_outside_a_request_every_call_reads(app, db, make_event):
    event = make_event(title="Codeerclub")
    with app.app_context():
        before = data_version()
        db.session.execute(sa.text("UPDATE events SET title = 'Robotclub' WHERE id = :id"),
                           {"id": event.id})
        db.session.commit()
        assert data_version().token != before.token
        assert not hasattr(dv, "_memo")


def test_one_version_reader_per_engine_when_threads_ask_at_once(app, db, db_kind, monkeypatch):
    """Two requests of a threaded server asking for the first time get the same reader (a
    second one would keep a pool of idle connections for as long as the engine lives)."""
    import threading
    import time

    if db_kind != "postgresql":
        pytest.skip("SQLite reads the version on the engine itself")
    engine = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    create = sa.create_engine

    def slow_create(*args, **kwargs):  # widen the window between looking and storing
        time.sleep(0.05)
        return create(*args, **kwargs)

    monkeypatch.setattr(dv.sa, "create_engine", slow_create)
    found, start = [], threading.Barrier(4)

    def ask():
        start.wait()
        with app.app_context():
            found.append(dv.reader(engine))

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert len(found) == 4 and len({id(reader) for reader in found}) == 1
    finally:
        for reader in found:
            reader.dispose()
        engine.dispose()
