"""Personal feeds `/feeds/<token>.ics`: unguessable, renewable, private."""

from __future__ import annotations

import pytest

from stem_events.events.models import EventStatus
from stem_events.feeds import services, signals
from stem_events.transaction import unit_of_work
from tests.feeds.conftest import vevents


def test_personal_feed_lists_the_owners_events(client, fetch, make_event):
    mine = make_event(title="Mijn workshop")
    make_event(title="Andermans workshop")
    draft = make_event(title="Nog een ontwerp", status=EventStatus.DRAFT)
    with unit_of_work():
        services.link_events("Ouder@Example.be", [mine.id, draft.id])
        token = services.token_for("ouder@example.be ")
    assert token == services.token_for("OUDER@example.be")  # one feed per address
    assert len(token) >= 43
    response, cal = fetch(f"/feeds/{token}.ics")
    assert set(vevents(cal)) == {mine.sessions[0].uid}
    assert response.headers["Cache-Control"].startswith("private")
    assert cal["X-WR-CALNAME"] == "STEM-agenda — mijn inschrijvingen"
    again = client.get(f"/feeds/{token}.ics", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_renewing_makes_the_old_token_404(client, make_event):
    event = make_event()
    with unit_of_work():
        services.link_events("ouder@example.be", [event.id])
        old = services.token_for("ouder@example.be")
    with unit_of_work():
        new = services.renew_token(old)
    assert new != old
    assert client.get(f"/feeds/{old}.ics").status_code == 404
    response = client.get(f"/feeds/{new}.ics")
    assert response.status_code == 200 and event.sessions[0].uid.encode() in response.data
    assert services.token_for("ouder@example.be") == new
    with pytest.raises(services.NotFound):
        services.renew_token(old)


@pytest.mark.parametrize("token", ["onbekend", "x" * 43, "%00"])
def test_unknown_tokens_are_404_in_plain_text(client, token):
    response = client.get(f"/feeds/{token}.ics")
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"


def test_registrations_can_feed_a_personal_feed(fetch, make_event):
    event = make_event(title="Via inschrijving")
    key = services.owner_key("kind@example.be")

    def source(owner):
        return [event.id] if owner == key else []

    signals.personal_event_ids.connect(source)
    try:
        with unit_of_work():
            token = services.token_for("kind@example.be")
        _, cal = fetch(f"/feeds/{token}.ics")
        assert set(vevents(cal)) == {event.sessions[0].uid}
    finally:
        signals.personal_event_ids.disconnect(source)
