"""The data version is read once per request, and forgotten as soon as the request writes,
commits or rolls back: a cache is never keyed by a version older than the request's own
change, nor by one its rolled-back change made."""

from __future__ import annotations

import sqlalchemy as sa

from stem_events import data_version as dv
from stem_events.data_version import data_version


def _reads_of_the_version(db, call):
    seen = []

    def remember(_conn, _cursor, statement, *_args):
        if "FROM data_versions" in statement:
            seen.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", remember)
    try:
        call()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", remember)
    return len(seen)


def test_a_cold_agenda_page_reads_the_version_once(client, db, make_event):
    make_event(title="Codeerclub")
    client.get("/agenda")  # the card is stored (its own session commits)
    assert _reads_of_the_version(
        db, lambda: client.get("/agenda?province=40000&age=10&kind=workshop")) == 1
    assert _reads_of_the_version(db, lambda: client.get("/agenda?page=1")) == 1


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
