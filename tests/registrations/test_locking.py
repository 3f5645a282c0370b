"""A request that loses the lock race waits a bounded time, then gets a Dutch 409 with its form."""

from __future__ import annotations

import sqlite3
import time
from contextlib import contextmanager

import sqlalchemy as sa

from stem_events.registrations.models import Registration
from tests.registrations.helpers import adult_form


@contextmanager
def lock_held_elsewhere(app, event_id: int):
    """Another process's registration transaction, holding the lock on the event."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("sqlite"):
        connection = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            connection.execute("ROLLBACK")
            connection.close()
        return
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection, connection.begin():
            connection.execute(sa.text("SELECT id FROM events WHERE id = :id FOR UPDATE"),
                               {"id": event_id})
            yield
    finally:
        engine.dispose()


def test_lock_loser_gets_a_dutch_409_and_keeps_its_input(app, db, client, make_open_event):
    event_id = make_open_event().id
    app.config["REGISTRATION_LOCK_TIMEOUT"] = 0.5
    try:
        with lock_held_elsewhere(app, event_id):
            started = time.monotonic()
            response = client.post(f"/events/{event_id}/register",
                                   data=adult_form("wacht@example.be", name="Wout Wachter"))
            waited = time.monotonic() - started
        assert response.status_code == 409
        html = response.get_data(as_text=True)
        assert "erg druk" in html and "Traceback" not in html and "locked" not in html
        assert 'value="Wout Wachter"' in html and 'value="wacht@example.be"' in html
        assert 0.4 <= waited < 5
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 0
        # Once the lock is free the same form goes through.
        again = client.post(f"/events/{event_id}/register", data=adult_form("wacht@example.be"))
        assert again.status_code == 302
    finally:
        app.config["REGISTRATION_LOCK_TIMEOUT"] = 5


def test_a_busy_lock_still_shows_the_forms_own_errors(app, client, make_open_event):
    """The form's POST takes the lock before it is checked; a form that could not have it is
    still checked, and its own mistakes come first (400), not the busy message."""
    event_id = make_open_event().id
    app.config["REGISTRATION_LOCK_TIMEOUT"] = 0.5
    try:
        with lock_held_elsewhere(app, event_id):
            response = client.post(f"/events/{event_id}/register",
                                   data=adult_form("wacht@example.be", name=""))
    finally:
        app.config["REGISTRATION_LOCK_TIMEOUT"] = 5
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "erg druk" not in html and 'value="wacht@example.be"' in html


def test_class_settings_read_with_the_lock_serve_only_its_transaction(app, db, make_open_event):
    """The POST's lock reads the class settings once for its transaction; after it, a class
    settings row added later is seen (no remembered "none")."""
    from stem_events.registrations import services
    from stem_events.registrations.locking import held_settings, hold
    from stem_events.registrations.models import EventGroupSettings

    event_id = make_open_event().id
    db.session.commit()
    with app.test_request_context():
        assert hold(event_id).id == event_id
        assert held_settings(event_id) == (True, None)
        assert held_settings(event_id + 1) == (False, None)  # another event: not held
        db.session.commit()
        assert held_settings(event_id) == (False, None)
        db.session.add(EventGroupSettings(event_id=event_id, min_size=5, max_size=20))
        db.session.flush()
        assert services.group_settings(event_id).max_size == 20
        db.session.rollback()
