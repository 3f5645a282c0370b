"""A page cache hit asks the database one thing, once: the data version, in one round trip
(no BEGIN/COMMIT around it, no ping before it). Still, an edit by any writer shows on the
next request, a change not yet committed never keys a page, and a connection the server
closed is replaced before a request uses it."""

from __future__ import annotations

import tempfile
import time
from contextlib import contextmanager
from datetime import timedelta

import pytest
import sqlalchemy as sa

from stem_events import page_cache
from stem_events.data_version import data_version, forget, reader
from stem_events.date_time import now_utc
from stem_events.events.models import EventSession


@pytest.fixture(autouse=True)
def empty_local_cache(freeze_now):
    """An empty cache, and "now" held: a page is kept per minute on the agenda
    (`AVAILABILITY_LAG`), and a test must not cross into the next between two requests."""
    freeze_now(now_utc())
    page_cache._local.entries.clear()


@contextmanager
def wire(engine: sa.Engine):
    """What reaches the database, as the driver sends it, on connections opened in the block
    (the engine's and its version reader's):
    PostgreSQL's messages that wait for an answer (libpq's trace), SQLite's statements (its own
    BEGIN and COMMIT included). Yields `sent()`: what was sent since its last call."""
    statements: list[str] = []
    written = tempfile.NamedTemporaryFile("w")
    trace = open(written.name)  # its own offset: libpq writes through the other

    def watch(dbapi_connection, _record):
        if engine.dialect.name == "sqlite":
            dbapi_connection.set_trace_callback(statements.append)
        else:
            from psycopg.pq import Trace

            dbapi_connection.pgconn.trace(written.fileno())
            dbapi_connection.pgconn.set_trace_flags(Trace.SUPPRESS_TIMESTAMPS)

    def sent() -> list[str]:
        fields = [line.split("\t") for line in trace.read().splitlines()]
        new = statements + ["\t".join(f) for f in fields if f[0] == "F" and f[2] in WAITS]
        statements.clear()
        return new

    engine.dispose()  # and its version reader's pool (`data_version.reader`)
    pools = {engine.pool, reader(engine).pool}
    for pool in pools:
        sa.event.listen(pool, "connect", watch)
    try:
        yield sent
    finally:
        for pool in pools:
            sa.event.remove(pool, "connect", watch)
        engine.dispose()
        trace.close()
        written.close()


WAITS = ("Query", "Sync")  # the frontend messages after which libpq waits for the server


@pytest.mark.parametrize("path", ["/agenda", "/api/v1/events?per_page=25"])
def test_a_hit_costs_one_round_trip(client, db, make_event, path):
    make_event(title="Codeerclub")
    client.get(path)
    with wire(db.engine) as sent:
        client.get(path)  # a connection is opened (its own setup is not counted)
        sent()
        response = client.get(path)
        assert response.headers["X-Page-Cache"] == "hit"
        assert len(sent()) == 1


@pytest.mark.parametrize("path", ["/agenda", "/api/v1/events?per_page=25"])
def test_a_hit_takes_no_connection_of_the_requests_session(client, db, db_kind, make_event,
                                                           path):
    """On PostgreSQL the version of a hit is read on the reader's own autocommit pool: the
    view's session takes no connection (no isolation level switched, nothing reset)."""
    if db_kind != "postgresql":
        pytest.skip("SQLite reads the version on the engine itself")
    make_event(title="Codeerclub")
    client.get(path)
    checkouts = {"engine": 0, "reader": 0}

    def counter(name):
        def count(*_args):
            checkouts[name] += 1
        return count

    listeners = [(db.engine.pool, counter("engine")), (reader(db.engine).pool, counter("reader"))]
    for pool, listener in listeners:
        sa.event.listen(pool, "checkout", listener)
    try:
        assert client.get(path).headers["X-Page-Cache"] == "hit"
    finally:
        for pool, listener in listeners:
            sa.event.remove(pool, "checkout", listener)
    assert checkouts == {"engine": 0, "reader": 1}


def test_a_raw_sql_edit_in_another_connection_shows_at_once(app, client, db, make_event):
    event = make_event(title="Codeerclub")
    client.get("/agenda")
    assert client.get("/agenda").headers["X-Page-Cache"] == "hit"
    other = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    with other.begin() as connection:
        connection.execute(sa.text("UPDATE events SET title = 'Robotclub' WHERE id = :id"),
                           {"id": event.id})
    other.dispose()
    response = client.get("/agenda")
    assert response.headers["X-Page-Cache"] == "miss"
    assert "Robotclub" in response.text


def test_a_change_not_yet_flushed_is_read_in_its_transaction(app, db, make_event):
    """Outside a transaction the version is read on a connection of its own; a change waiting
    in the session must still count, or the page it renders would be stored under the version
    of the data without it."""
    event_id = make_event(title="Codeerclub").id
    db.session.commit()
    start = now_utc() + timedelta(days=7)
    with app.test_request_context("/"):
        before = data_version()
        forget()
        db.session.add(EventSession(event_id=event_id, starts_at=start,
                                    ends_at=start + timedelta(hours=2)))
        assert data_version().token != before.token
        db.session.rollback()
        assert data_version().token == before.token


def test_a_connection_the_server_closed_is_replaced(app, client, db, db_kind, make_event):
    if db_kind != "postgresql":
        pytest.skip("SQLite has no server to close a connection")
    make_event(title="Codeerclub")
    client.get("/agenda")
    client.get("/api/v1/events")
    other = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    with other.begin() as connection:
        pids = connection.scalars(sa.text(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()")).all()
        assert pids
        for pid in pids:  # as a restart would: "terminating connection", then end of file
            connection.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    with other.connect() as connection:
        for _ in range(100):
            if not connection.scalar(sa.text(
                    "SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(:pids)"),
                    {"pids": pids}):
                break
            time.sleep(0.05)
    other.dispose()
    response = client.get("/agenda")
    assert response.status_code == 200
    assert response.headers["X-Page-Cache"] == "hit"  # not "stale": the database answered
    assert client.get("/api/v1/events").status_code == 200
    assert client.get("/readyz").text.startswith("database: ok")


@pytest.mark.parametrize("path", ["/agenda?kind=workshop", "/api/v1/events?kind=workshop"])
def test_a_miss_of_a_reading_view_sends_no_begin_nor_commit(client, db, db_kind, make_event,
                                                             page_cache_off, path):
    """The agenda and the API list only read through the request's session (`reads_only`): on
    PostgreSQL their statements run in autocommit, without BEGIN and COMMIT round trips."""
    if db_kind != "postgresql":
        pytest.skip("SQLite's driver sends no BEGIN for reads")
    make_event(title="Codeerclub")
    client.get(path)
    with wire(db.engine) as sent:
        client.get(path)
        sent()
        response = client.get(path)
        texts = sent()
    assert response.status_code == 200 and "Codeerclub" in response.text
    assert texts and not [t for t in texts if "BEGIN" in t or "COMMIT" in t], texts


def test_a_view_marked_reads_only_cannot_write(app, db, make_event):
    from stem_events import transaction
    from stem_events.events.models import Event

    event_id = make_event(title="Codeerclub").id
    with app.test_request_context("/agenda"):
        db.session.info[transaction.READS_ONLY] = True
        try:
            db.session.get(Event, event_id).title = "Anders"
            with pytest.raises(RuntimeError):
                db.session.flush()
        finally:
            db.session.info.pop(transaction.READS_ONLY, None)
            db.session.rollback()
    assert db.session.get(Event, event_id).title == "Codeerclub"


def test_the_mark_ends_with_the_request(app, client, db, make_event):
    """The session may outlive a request (an app context around it): writes after it work."""
    from stem_events import transaction

    make_event(title="Codeerclub")
    with app.app_context():
        assert client.get("/agenda?kind=workshop").status_code == 200
        assert transaction.READS_ONLY not in db.session.info
        make_event(title="Daarna")
    assert "Daarna" in client.get("/agenda?kind=workshop").text


def test_the_whole_agenda_walked_in_sql_reads_in_autocommit(client, make_event, page_cache_off,
                                                             agenda_index_off):
    """The walk in start order (the whole agenda of a big database, where the index steps
    aside) needs no server-side cursor, which PostgreSQL refuses outside a transaction."""
    for n in range(3):
        make_event(title=f"Codeerclub {n}")
    response = client.get("/agenda")
    assert response.status_code == 200
    assert response.text.count("Codeerclub") >= 3
