"""What else keeps UiTdatabank in step (issue 20): a registration that fills or frees the last
seat, role models withdrawn from an event, and an organisation's own opt-in on /manage."""

from __future__ import annotations

import sqlalchemy as sa

from stem_events.events.models import RegistrationMode
from stem_events.registrations import services as registrations
from stem_events.registrations.rules import Submission
from stem_events.uitdatabank.models import UitdatabankJob, UitdatabankOrganisation
from tests.uitdatabank.test_export import _sent


def _jobs(db) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(UitdatabankJob))


def _adult(name: str) -> Submission:
    return Submission(contact_name=name, contact_email=f"{name.lower()}@example.be",
                      birth_date=None)


def test_the_last_seat_taken_or_freed_queues_a_sync(fake, sync, exporting, make_event,
                                                     organiser, db):
    event = make_event(organisation=organiser[1], title="Lezing over AI", kind="lecture",
                       registration_mode=RegistrationMode.SERIES, capacity=2,
                       postcode="9000", street="Miriam Makebaplein 1")
    exporting()
    sync()
    assert _sent(fake, event.id)["subEvent"][0]["bookingAvailability"]["type"] == "Available"
    before = _jobs(db)
    registrations.register(event.id, _adult("An"))
    db.session.commit()
    assert _jobs(db) == before  # a seat left: nothing to tell
    last = registrations.register(event.id, _adult("Bo")).registrations[0]
    db.session.commit()
    sync()
    assert _sent(fake, event.id)["subEvent"][0]["bookingAvailability"]["type"] == "Unavailable"
    registrations.cancel(event.id, [last.id])
    db.session.commit()
    sync()
    assert _sent(fake, event.id)["subEvent"][0]["bookingAvailability"]["type"] == "Available"
