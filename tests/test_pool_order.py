"""PostgreSQL's pool hands out the connection returned last (`stem_events._pool_in_lifo_order`):
the one whose server process served the previous request."""

import pytest


def test_a_request_gets_the_connection_returned_last(app, db, db_kind):
    if db_kind != "postgresql":
        pytest.skip("SQLite's pools have no order to choose")
    with app.app_context():
        first, second = db.engine.connect(), db.engine.connect()  # two in the pool
        first_id = id(first.connection.driver_connection)
        second_id = id(second.connection.driver_connection)
        first.close()
        second.close()  # returned last
        with db.engine.connect() as again:
            assert id(again.connection.driver_connection) == second_id != first_id
