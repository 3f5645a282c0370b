"""Registering through the public form: seats, waiting list, idempotency, bad input."""

import sqlalchemy as sa

from stem_events.mail.models import OutboxMessage
from stem_events.registrations.models import Registration, RegistrationStatus
from tests.registrations.helpers import adult_form


def registrations(db, event_id):
    return list(db.session.scalars(
        sa.select(Registration).where(Registration.event_id == event_id)
        .order_by(Registration.id)))


def test_register_confirms_then_waitlists(client, db, make_open_event):
    event = make_open_event(capacity=1)
    first = client.post(f"/events/{event.id}/register", data=adult_form("a@example.be"))
    assert first.status_code == 302
    assert first.headers["Location"].endswith(f"/events/{event.id}/register/received")
    second = client.post(f"/events/{event.id}/register", data=adult_form("b@example.be"))
    assert second.status_code == 302
    statuses = [r.status for r in registrations(db, event.id)]
    assert statuses == [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]
    page = client.get(second.headers["Location"]).get_data(as_text=True)
    assert "we hebben je inschrijving ontvangen" in page
    mails = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [m.kind for m in mails] == ["confirmation", "waitlist"]
    assert "plaats 1" in mails[1].raw
