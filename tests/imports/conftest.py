"""Import fixtures: feeds written in the styles of real calendar apps, served by a local HTTP
server (pytest-httpserver) that the tests allow through IMPORT_ALLOWED_HOSTS."""

from __future__ import annotations

import pytest

from tests.imports.helpers import NOW


@pytest.fixture(autouse=True)
def _allow_local_feeds(app, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_ALLOWED_HOSTS", ("localhost", "127.0.0.1"))


@pytest.fixture
def now(freeze_now):
    return freeze_now(NOW)


@pytest.fixture
def serve(httpserver):
    """`serve(body, path="/agenda.ics", **response)` → the feed's URL."""
    def publish(body: bytes, path: str = "/agenda.ics", status: int = 200,
                headers: dict | None = None) -> str:
        httpserver.clear()
        httpserver.expect_request(path).respond_with_data(
            body, status=status, content_type="text/calendar; charset=utf-8",
            headers=headers or {})
        return httpserver.url_for(path)
    return publish


@pytest.fixture
def make_source(db, organiser):
    from stem_events.imports.models import ImportSource

    def make(url: str, **overrides) -> ImportSource:
        _user, organisation = organiser
        values = {"organisation_id": organisation.id, "name": "Agenda", "url": url,
                  "defaults": {"municipality_nis": "44021", "kind": "academy_activity"}}
        values.update(overrides)
        source = ImportSource(**values)
        db.session.add(source)
        db.session.commit()
        return source

    return make

