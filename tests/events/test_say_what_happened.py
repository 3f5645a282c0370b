"""After "Indienen" the organiser reads whether the event is now in review or published; after
editing, whether the change is public and how many registrants are mailed."""

import pytest

from stem_events.accounts.models import Membership
from stem_events.events.models import EventStatus, RegistrationMode
from tests.events.conftest import edit_form
from tests.registrations.helpers import adult_form


@pytest.fixture
def member(db, login, make_user):
    def make(event):
        user = make_user()
        db.session.add(Membership(user_id=user.id, organisation_id=event.organisation_id))
        db.session.commit()
        login(user)
        return user
    return make


def _flashed(client, response) -> str:
    assert response.status_code == 302, response.text[:500]
    return client.get(response.headers["Location"]).text


def test_submitting_says_it_waits_for_a_coordinator(client, make_event, member):
    event = make_event(status=EventStatus.DRAFT)
    member(event)
    page = _flashed(client, client.post(f"/manage/events/{event.id}/submit"))
    assert "ingediend ter goedkeuring" in page
    assert "nog niet openbaar" in page
    assert "of meteen gepubliceerd" not in page


def test_submitting_for_a_trusted_organisation_says_it_is_published(
        client, make_event, make_organisation, member):
    event = make_event(status=EventStatus.DRAFT,
                       organisation=make_organisation(trusted=True))
    member(event)
    page = _flashed(client, client.post(f"/manage/events/{event.id}/submit"))
    assert "is gepubliceerd en staat nu in de agenda" in page
    assert "ter goedkeuring" not in page


def test_editing_a_published_event_says_it_is_public_and_how_many_are_mailed(
        client, make_event, member):
    event = make_event(registration_mode=RegistrationMode.SERIES, capacity=2,
                       waitlist_enabled=True)
    for address in ("an@example.be", "bart@example.be", "wacht@example.be"):
        client.post(f"/events/{event.id}/register", data=adult_form(address))
    member(event)
    page = _flashed(client, client.post(f"/manage/events/{event.id}/edit", data=edit_form(
        event, venue_name="Stadhuis Gent", capacity="2", registration_mode="series",
        kind="workshop")))
    assert "De wijzigingen staan meteen op de openbare pagina." in page
    assert "Er gaan 3 e-mails met de wijziging naar de ingeschrevenen." in page


def test_editing_a_draft_says_it_is_not_public_yet(client, make_event, member):
    event = make_event(status=EventStatus.DRAFT)
    member(event)
    page = _flashed(client, client.post(f"/manage/events/{event.id}/edit",
                                        data=edit_form(event, kind="workshop")))
    assert "De wijzigingen zijn bewaard; het ontwerp is nog niet openbaar." in page
