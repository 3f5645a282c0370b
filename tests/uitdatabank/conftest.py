"""UiTdatabank fixtures: the local fake of publiq's APIs (tests/uitdatabank/fake.py) on a
loopback port, the app pointed at it, and small helpers to send the queue."""

from __future__ import annotations

import pytest

from tests.uitdatabank.fake import Fake


@pytest.fixture
def fake(app, monkeypatch):
    from stem_events.uitdatabank.client import forget_tokens

    server = Fake().start()
    for name, value in server.settings().items():
        monkeypatch.setitem(app.config, name, value)
    forget_tokens()
    yield server
    server.stop()
    forget_tokens()


@pytest.fixture
def sync(app, db):
    """Send the queue as `flask uitdatabank sync` does; returns its results."""
    from stem_events.uitdatabank import export

    def run():
        results = export.send_queue()
        db.session.expire_all()
        return results

    return run


@pytest.fixture
def exporting(db, organiser):
    """The organiser's organisation exports (as `flask uitdatabank export` sets it)."""
    from stem_events.transaction import unit_of_work
    from stem_events.uitdatabank import services

    def opt_in(organisation=None):
        organisation = organisation or organiser[1]
        with unit_of_work():
            return services.export_organisation(organisation.id)

    return opt_in
