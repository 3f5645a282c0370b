"""A participant who cancelled their edition registration is told so on the session page
(not to wait for a confirmation), gets no save button, and a post changes nothing."""

from __future__ import annotations

import sqlalchemy as sa

from stem_events.editions.models import ProgrammeChoice
from stem_events.registrations.services import signed_token
from tests.network.choice_helpers import open_edition, register

ITEMS = [("Robotica in de klas", 60, 60, 10), ("Meisjes en STEM", 150, 60, None)]


def test_a_cancelled_registration_cannot_choose_and_is_told_why(client, db, make_event):
    edition = open_edition(db, make_event, items=ITEMS)
    robotics = edition.programme[0]
    registration = register(client, db, edition, "an@example.be")
    signed = signed_token(registration)
    assert client.post(f"/registrations/{signed}/sessions",
                       data={"item": [str(robotics.id)]}).status_code == 302
    client.post(f"/registrations/{signed}/cancel", data={"registration_id": registration.id})

    page = client.get(f"/registrations/{signed}/sessions").get_data(as_text=True)
    assert "Je inschrijving voor deze editie is geannuleerd" in page
    assert "bevestigd is" not in page
    assert "Keuze bewaren" not in page

    response = client.post(f"/registrations/{signed}/sessions",
                           data={"item": [str(edition.programme[1].id)]})
    assert response.status_code == 409
    assert "Je inschrijving voor deze editie is geannuleerd" in response.get_data(as_text=True)
    assert db.session.scalars(sa.select(ProgrammeChoice.programme_item_id)).all() == [
        robotics.id]
    assert response.get_data(as_text=True).count("Je inschrijving voor deze editie") == 1
