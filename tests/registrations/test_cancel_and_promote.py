"""The signed link: view and cancel without logging in; freed seats go to the waiting list."""

import email
import email.policy
import re

import sqlalchemy as sa

from stem_events.mail.models import OutboxMessage
from stem_events.mail.outbox import message_text
from stem_events.registrations import services
from stem_events.registrations.models import Registration, RegistrationStatus
from tests.registrations.helpers import adult_form, children_form


def rows(db, event_id):
    db.session.expire_all()
    return db.session.scalars(sa.select(Registration).where(Registration.event_id == event_id)
                              .order_by(Registration.id)).all()


def manage_link(db, recipient: str) -> str:
    message = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.recipient == recipient).order_by(OutboxMessage.id)).first()
    parsed = email.message_from_string(message_text(message), policy=email.policy.default)
    text = parsed.get_body(("plain",)).get_content()
    return re.search(r"http://localhost(/registrations/\S+)", text).group(1)


def test_the_mailed_link_shows_and_cancels_and_promotes_the_first_waiting(
        client, db, make_open_event):
    event = make_open_event(capacity=1)
    for address in ("a@example.be", "b@example.be", "c@example.be"):
        client.post(f"/events/{event.id}/register", data=adult_form(address))
    link = manage_link(db, "a@example.be")
    page = client.get(link).get_data(as_text=True)
    assert "An Peeters" in page and "bevestigd" in page
    assert "op de wachtlijst (plaats 2)" in client.get(manage_link(db, "c@example.be")).get_data(
        as_text=True)

    response = client.post(f"{link}/cancel")
    assert response.status_code == 302
    assert [r.status.value for r in rows(db, event.id)] == ["cancelled", "confirmed",
                                                          "waitlisted"]
    kinds = db.session.scalars(sa.select(OutboxMessage.kind).order_by(OutboxMessage.id)).all()
    assert kinds[-2:] == ["cancellation", "promotion"]
    promotion = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.kind == "promotion")).one()
    assert promotion.recipient == "b@example.be"
    # Cancelling twice frees nothing more.
    client.post(f"{link}/cancel")
    assert [r.status.value for r in rows(db, event.id)].count("confirmed") == 1
    # Cancelled, the same person may register again: a new seat request, at the back.
    client.post(f"/events/{event.id}/register", data=adult_form("a@example.be"))
    assert [r.status.value for r in rows(db, event.id)][-1] == "waitlisted"


def test_a_guardian_cancels_one_child_or_all(client, db, make_open_event):
    event = make_open_event(capacity=5, age_min=6, age_max=12)
    kids = [("Lotte", "Janssens", "2016-05-01"), ("Mats", "Janssens", "2017-09-30")]
    client.post(f"/events/{event.id}/register", data=children_form(children=kids))
    link = manage_link(db, "ouder@example.be")
    page = client.get(link).get_data(as_text=True)
    assert "Lotte Janssens" in page and "Mats Janssens" in page
    mats = rows(db, event.id)[1]
    client.post(f"{link}/cancel", data={"registration_id": str(mats.id)})
    assert [r.status.value for r in rows(db, event.id)] == ["confirmed", "cancelled"]
    client.post(f"{link}/cancel")
    assert [r.status.value for r in rows(db, event.id)] == ["cancelled", "cancelled"]


def test_a_link_cannot_cancel_someone_else(client, db, make_open_event):
    event = make_open_event(capacity=5)
    client.post(f"/events/{event.id}/register", data=adult_form("a@example.be"))
    client.post(f"/events/{event.id}/register", data=adult_form("b@example.be"))
    other = rows(db, event.id)[1]
    client.post(f"{manage_link(db, 'a@example.be')}/cancel",
                data={"registration_id": str(other.id)})
    assert [r.status.value for r in rows(db, event.id)] == ["confirmed", "confirmed"]


def test_tampered_link_is_a_dutch_404(client, db, make_open_event):
    event = make_open_event()
    client.post(f"/events/{event.id}/register", data=adult_form())
    link = manage_link(db, "an@example.be")
    response = client.get(link[:-3] + "xyz")
    assert response.status_code == 404 and "ongeldig" in response.get_data(as_text=True)
    assert client.post(link[:-3] + "xyz/cancel").status_code == 404
    assert rows(db, event.id)[0].status == RegistrationStatus.CONFIRMED


def test_raising_the_capacity_promotes_who_now_fits(client, db, make_open_event):
    event = make_open_event(capacity=1)
    for address in ("a@x.be", "b@x.be", "c@x.be", "d@x.be"):
        client.post(f"/events/{event.id}/register", data=adult_form(address))
    event.capacity = 3
    db.session.commit()
    promoted = services.capacity_changed(event.id)
    assert [r.contact_email for r in promoted] == ["b@x.be", "c@x.be"]
    assert [r.status.value for r in rows(db, event.id)] == ["confirmed"] * 3 + ["waitlisted"]


def test_a_participant_deletes_their_own_data_and_the_link_dies(client, db, make_open_event):
    event = make_open_event(capacity=1)
    client.post(f"/events/{event.id}/register", data=adult_form("weg@example.be"))
    client.post(f"/events/{event.id}/register", data=adult_form("wacht@example.be"))
    link = manage_link(db, "weg@example.be")
    response = client.post(f"{link}/forget")
    assert response.status_code == 302
    first, second = rows(db, event.id)
    assert first.anonymised and first.contact_email == "" and first.status.value == "cancelled"
    assert second.status.value == "confirmed"  # the seat went to the waiting list
    assert not db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.recipient == "weg@example.be")).all()
    assert client.get(link).status_code == 404


def test_two_children_for_the_last_seat_without_waitlist_take_nothing(
        client, db, make_open_event):
    event = make_open_event(capacity=1, waitlist_enabled=False, age_min=6, age_max=12)
    kids = [("Lotte", "Janssens", "2016-05-01"), ("Mats", "Janssens", "2017-09-30")]
    response = client.post(f"/events/{event.id}/register", data=children_form(children=kids))
    assert response.status_code == 409
    assert "niet genoeg plaatsen" in response.get_data(as_text=True)
    assert rows(db, event.id) == []
