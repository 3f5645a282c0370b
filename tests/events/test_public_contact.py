"""Participants can reach the organiser (issue 16, item 4): an organisation declares a public
e-mail and phone (validated, +32), an event may declare its own; they are shown on the event
page, the organisation page and in every registration mail, also for accessibility
questions."""

import email
import email.policy

import sqlalchemy as sa

from stem_events.events.models import Event, RegistrationMode
from stem_events.mail.models import OutboxMessage
from stem_events.mail.outbox import message_text
from tests.events.conftest import NOW, event_form
from tests.registrations.helpers import adult_form


def _organisation_form(**overrides) -> dict:
    data = {"name": "STEM-academie Gent", "municipality": "9000", "website": "",
            "description": "", "contact_name": "An Peeters",
            "contact_email": "an.peeters@example.be", "contact_phone": "",
            "public_email": "info@academie.be", "public_phone": "09 210 10 10"}
    data.update(overrides)
    return data


def _mail_texts(db) -> list[str]:
    texts = []
    for row in db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)):
        message = email.message_from_string(message_text(row), policy=email.policy.default)
        texts.append(message.get_body(("plain",)).get_content()
                     + message.get_body(("html",)).get_content())
    return texts


def test_an_organisation_declares_a_public_contact_shown_everywhere(
        client, db, login, organiser, make_event):
    user, organisation = organiser
    login(user)
    url = f"/manage/organisations/{organisation.id}/edit"
    bad = client.post(url, data=_organisation_form(public_phone="12", public_email="info@"))
    assert bad.status_code == 400
    assert "Dit is geen geldig telefoonnummer" in bad.text
    assert "Dit is geen geldig e-mailadres." in bad.text
    assert 'value="info@"' in bad.text  # what was typed stays
    db.session.refresh(organisation)
    assert (organisation.public_email, organisation.public_phone) == ("", "")

    assert client.post(url, data=_organisation_form()).status_code == 302
    db.session.refresh(organisation)
    assert organisation.public_phone == "+32 9 210 10 10"

    event = make_event(organisation=organisation, registration_mode=RegistrationMode.SERIES,
                       capacity=5)
    client.post("/logout")
    for page in (client.get(f"/events/{event.id}-{event.slug}"),
                 client.get(f"/organisations/{organisation.id}")):
        assert 'href="mailto:info@academie.be"' in page.text
        assert 'href="tel:+3292101010"' in page.text
        assert "ook over toegankelijkheid" in page.text
        assert "an.peeters@example.be" not in page.text  # the contact person stays private
    client.post(f"/events/{event.id}/register", data=adult_form())
    [mail] = _mail_texts(db)
    assert "Vragen, ook over toegankelijkheid: info@academie.be · +32 9 210 10 10" in mail


def test_an_event_contact_replaces_the_organisations(client, db, login, organiser, freeze_now):
    freeze_now(NOW)
    user, organisation = organiser
    organisation.public_email = "info@academie.be"
    db.session.commit()
    login(user)
    bad = client.post("/manage/events/new", data=event_form(
        organisation.id, contact_email="robot@", contact_phone="0470 12 34 56"))
    assert bad.status_code == 400 and "Dit is geen geldig e-mailadres." in bad.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 0
    response = client.post("/manage/events/new", data=event_form(
        organisation.id, contact_email="robot@academie.be", contact_phone="0470 12 34 56"))
    assert response.status_code == 302, response.text
    event = db.session.scalars(sa.select(Event)).one()
    assert event.contact == ("robot@academie.be", "+32 470 12 34 56")
    event.contact_email, event.contact_phone = "", ""
    assert event.contact == ("info@academie.be", "")
