"""The participant list of a network moment: opt-in, and visible only to opted-in
participants (signed link) and to the event's organisers and coordinators."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from stem_events.accounts.models import MemberRole, Membership, Role
from stem_events.events.models import RegistrationMode
from stem_events.reference.models import EventKind
from stem_events.registrations.models import Registration
from stem_events.registrations.services import signed_token
from tests.registrations.helpers import in_days


@pytest.fixture
def moment(db, make_event, make_organisation, make_initiative):
    host = make_organisation(name="Hogeschool Gent")
    event = make_event(title="Netwerkmoment Oost-Vlaanderen", kind=EventKind.NETWORK_MOMENT,
                       organisation=host, registration_mode=RegistrationMode.SERIES,
                       capacity=20, sessions=in_days(10))
    make_initiative("Codeerclub Gent", organisations=[host], events=[event])
    return event


def _register(client, db, event, email, name, organisation, helix, opt_in) -> Registration:
    data = {"who": "self", "contact_name": name, "contact_email": email,
            "participant_organisation": organisation, "participant_helix": helix}
    if opt_in:
        data["show_in_participant_list"] = "y"
    response = client.post(f"/events/{event.id}/register", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.scalar(sa.select(Registration).where(
        Registration.event_id == event.id, Registration.contact_email == email))


@pytest.fixture
def people(client, db, moment):
    an = _register(client, db, moment, "an@example.be", "An Peeters", "Hogeschool Gent",
                   "knowledge", True)
    bo = _register(client, db, moment, "bo@example.be", "Bo Verborgen", "Gemeente Aalst",
                   "government", False)
    cor = _register(client, db, moment, "cor@example.be", "Cor Geannuleerd", "Bedrijf NV",
                    "company", True)
    client.post(f"/registrations/{signed_token(cor)}/cancel")
    return an, bo, cor


def test_the_form_asks_the_opt_in_only_for_network_moments(client, moment, make_event):
    assert "toon mij in de deelnemerslijst" in client.get(
        f"/events/{moment.id}/register").get_data(as_text=True).lower()
    workshop = make_event(registration_mode=RegistrationMode.SERIES, capacity=5,
                          sessions=in_days(10))
    assert "deelnemerslijst" not in client.get(
        f"/events/{workshop.id}/register").get_data(as_text=True)


def test_opted_in_participant_sees_the_opted_in_with_their_initiatives(client, people):
    an, _bo, _cor = people
    assert an.show_in_participant_list
    manage = client.get(f"/registrations/{signed_token(an)}").get_data(as_text=True)
    assert re.search(r'href="/registrations/[^"]+/participants"', manage)
    response = client.get(f"/registrations/{signed_token(an)}/participants")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "An Peeters" in html and "Hogeschool Gent" in html and "Codeerclub Gent" in html
    assert "Bo Verborgen" not in html and "Cor Geannuleerd" not in html


@pytest.mark.parametrize("who", ["not_opted_in", "cancelled"])
def test_others_get_403_and_see_no_names(client, people, who):
    registration = people[1] if who == "not_opted_in" else people[2]
    response = client.get(f"/registrations/{signed_token(registration)}/participants")
    html = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "An Peeters" not in html and "deelnemers die zelf gekozen hebben" in html


def test_a_forged_link_is_404(client, people):
    assert client.get("/registrations/forged-link/participants").status_code == 404


def test_no_list_outside_network_moments(client, db, make_event):
    workshop = make_event(registration_mode=RegistrationMode.SERIES, capacity=5,
                          sessions=in_days(10))
    client.post(f"/events/{workshop.id}/register",
                data={"who": "self", "contact_name": "Dirk", "contact_email": "d@example.be"})
    registration = db.session.scalar(sa.select(Registration).where(
        Registration.event_id == workshop.id))
    assert client.get(
        f"/registrations/{signed_token(registration)}/participants").status_code == 404


@pytest.mark.parametrize("role, status", [("anonymous", 302), ("stranger", 403),
                                          ("member", 200), ("coordinator", 200)])
def test_organisers_and_coordinators_only(client, db, people, moment, make_user,
                                          make_organisation, login, role, status):
    if role != "anonymous":
        user = make_user(role=Role.ADMIN if role == "coordinator" else Role.ORGANISER)
        if role != "coordinator":
            organisation = moment.organisation if role == "member" else make_organisation(
                name="Andere vzw")
            db.session.add(Membership(user=user, organisation=organisation,
                                      role=MemberRole.OWNER))
            db.session.commit()
        login(user)
    response = client.get(f"/manage/events/{moment.id}/participants")
    assert response.status_code == status
    html = response.get_data(as_text=True)
    assert ("An Peeters" in html) == (status == 200)
    assert "Bo Verborgen" not in html
