"""With the database down: 503s that say when to come back, and the agenda as it was last
rendered instead of an error (issue 14)."""

import threading
import time

import pytest
import sqlalchemy as sa

import config as app_config
from stem_events import create_app, page_cache
from stem_events import data_version as dv

UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:9/nergens"


@pytest.fixture
def down():
    """A client of this process whose database went away."""
    config = app_config.TestingConfig()  # (a module attribute: pytest collects no Test* class)
    config.SQLALCHEMY_DATABASE_URI = UNREACHABLE
    return create_app(config).test_client()


@pytest.fixture(autouse=True)
def empty_local_cache():
    page_cache._local.entries.clear()
    yield
    page_cache._local.entries.clear()


@pytest.mark.parametrize("path", ["/agenda", "/api/v1/events", "/events/1", "/agenda.ics",
                                  "/readyz"])
def test_a_503_says_when_to_try_again(down, path):
    response = down.get(path)
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()


def test_the_agenda_is_served_as_last_rendered_while_the_database_is_down(
        client, make_event, down):
    make_event(title="Codeerclub")
    for path in ("/agenda", "/agenda?province=40000", "/api/v1/events"):
        fresh = client.get(path)
        assert fresh.status_code == 200
        stale = down.get(path)
        assert stale.status_code == 200, path
        assert stale.headers["X-Page-Cache"] == "stale"
        assert stale.get_data() == fresh.get_data()
    assert "Codeerclub" in down.get("/agenda").text
    assert down.get("/agenda?province=10000").status_code == 503  # never rendered: no page


def test_a_signed_in_visitor_gets_the_503_page_not_a_stale_one(client, make_event, make_user,
                                                              login, down):
    make_event(title="Codeerclub")
    client.get("/agenda")
    user = make_user()
    login(user)
    down.set_cookie("session", client.get_cookie("session").value)
    assert down.get("/agenda").status_code == 503


def test_a_version_read_the_server_cuts_off_is_a_database_error(app, db, db_kind, make_event):
    """PostgreSQL: the data version outside a transaction is read by the driver itself
    (`data_version._read_outside`). A connection the server ends during that read gives
    SQLAlchemy's OperationalError, which the page cache's fallbacks catch (a psycopg error
    would be a 500), and the pool replaces the connection: the next read answers."""
    if db_kind != "postgresql":
        pytest.skip("SQLite has no server to end a connection")
    make_event(title="Codeerclub")  # the version row exists
    other = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    errors: list[BaseException] = []

    def read() -> None:
        with app.app_context():
            try:
                dv._read()
            except BaseException as error:  # noqa: BLE001 - what the read raised is the point
                errors.append(error)

    try:
        with other.connect() as holder, holder.begin():
            holder.execute(sa.text("LOCK TABLE data_versions IN ACCESS EXCLUSIVE MODE"))
            reading = threading.Thread(target=read)
            reading.start()
            pid = None
            for _ in range(200):  # the read waits for the lock
                pid = holder.scalar(sa.text(
                    "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND query = :sql"), {"sql": dv._SQL})
                if pid is not None:
                    break
                time.sleep(0.02)
            assert pid is not None
            holder.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            reading.join(10)
        assert len(errors) == 1 and isinstance(errors[0], sa.exc.OperationalError), errors
        assert errors[0].connection_invalidated
        with app.app_context():
            assert dv._read() is not None
    finally:
        other.dispose()
