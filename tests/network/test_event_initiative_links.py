"""Organisers link their events to the initiatives they present (issue 8: 'events and network
moments link to the initiatives they present; an initiative's page lists its events')."""

from __future__ import annotations

import re
from datetime import timedelta

from stem_events.accounts.models import Role
from stem_events.audit.models import AuditEntry
from stem_events.date_time import now_utc
from stem_events.events.models import Event
from stem_events.initiatives.models import InitiativeStatus
from tests.events.conftest import edit_form, event_form


def _future_form(organisation_id=None, **overrides):
    day = (now_utc() + timedelta(days=10)).date().isoformat()
    return event_form(organisation_id, first_day=day, repeat="none", until="", skip_dates="",
                      **overrides)


def test_an_organiser_links_a_new_event_to_its_initiative_and_the_initiative_lists_it(
        client, db, login, organiser, make_initiative, make_event):
    user, organisation = organiser
    club = make_initiative("Codeerclub Gent", organisations=[organisation])
    login(user)
    form = client.get("/manage/events/new").text
    assert "Codeerclub Gent" in form
    response = client.post("/manage/events/new", data=_future_form(
        organisation.id, initiatives=[str(club.id)]))
    assert response.status_code == 302, response.text
    event = db.session.scalars(db.select(Event)).one()
    assert [i.name for i in event.initiatives] == ["Codeerclub Gent"]
    created = db.session.scalars(db.select(AuditEntry)).one()
    assert created.changes["initiatives"] == [None, ["Codeerclub Gent"]]

    published = make_event(organisation=organisation, title="Open codeerclub")
    response = client.post(f"/manage/events/{published.id}/edit",
                           data=edit_form(published, title="Open codeerclub",
                                          initiatives=[str(club.id)]))
    assert response.status_code == 302, response.text
    page = client.get(f"/initiatives/{club.id}-{club.slug}").text
    assert "Open codeerclub" in page


def test_another_organisations_or_an_unpublished_initiative_is_refused_and_nothing_changes(
        client, db, login, organiser, make_initiative, make_event, make_organisation):
    user, organisation = organiser
    foreign = make_initiative("Robotlab Brugge", organisations=[make_organisation()])
    draft = make_initiative("Nog geheim", organisations=[organisation],
                            status=InitiativeStatus.DRAFT)
    event = make_event(organisation=organisation, title="Robotica")
    login(user)
    assert "Robotlab Brugge" not in client.get(f"/manage/events/{event.id}/edit").text
    for bad in (foreign.id, draft.id, 987654, "x"):
        response = client.post(f"/manage/events/{event.id}/edit",
                               data=edit_form(event, title="Gewijzigd", initiatives=[str(bad)]))
        assert response.status_code == 400, bad
        message = re.search(r'id="initiatives-error">([^<]*)<', response.text).group(1)
        assert message.startswith("Ongeldige keuze" if bad == "x"
                                  else "Kies gepubliceerde initiatieven"), (bad, message)
        assert 'value="Gewijzigd"' in response.text
        db.session.expire_all()
        refreshed = db.session.get(Event, event.id)
        assert refreshed.title == "Robotica" and refreshed.initiatives == []


def test_unticking_keeps_a_coordinators_link_to_another_organisations_initiative(
        client, db, login, organiser, make_initiative, make_event, make_organisation, make_user):
    user, organisation = organiser
    own = make_initiative("Codeerclub Gent", organisations=[organisation])
    foreign = make_initiative("Robotlab Brugge", organisations=[make_organisation()])
    event = make_event(organisation=organisation)
    coordinator = make_user(role=Role.ADMIN)
    login(coordinator)
    assert client.post(f"/manage/events/{event.id}/edit", data=edit_form(
        event, initiatives=[str(own.id), str(foreign.id)])).status_code == 302
    client.post("/logout")
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    login(user)
    assert client.post(f"/manage/events/{event.id}/edit",
                       data=edit_form(event)).status_code == 302
    db.session.expire_all()
    assert [i.name for i in db.session.get(Event, event.id).initiatives] == ["Robotlab Brugge"]
