"""What the registration's transaction counts and reads once, under the event's lock, gives
the same mail as asking again: waiting-list places, the owner's other registrations, every
session of a series (the lock's statement loads them)."""

from datetime import timedelta

import sqlalchemy as sa

from stem_events.date_time import now_utc
from stem_events.mail.models import OutboxMessage
from stem_events.registrations import services
from stem_events.registrations.models import Registration, RegistrationStatus
from tests.registrations.helpers import adult_form, children_form


def _last_mail(db) -> dict:
    row = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    return row.payload["data"]


def _registrations(db, event_id: int, email: str) -> list[Registration]:
    return list(db.session.scalars(sa.select(Registration).where(
        Registration.event_id == event_id, Registration.contact_email == email)
        .order_by(Registration.id)))


def test_new_waiting_places_follow_the_queue_as_counted_under_the_lock(client, db,
                                                                     make_open_event):
    """Two children join a queue of one (a cancelled waiter no longer counts): places 2 and 3,
    as `waitlist_position` counts them afterwards."""
    event = make_open_event(capacity=1)
    for email in ("a@example.be", "b@example.be", "c@example.be"):
        assert client.post(f"/events/{event.id}/register",
                           data=adult_form(email)).status_code == 302
    (gone,) = _registrations(db, event.id, "c@example.be")
    assert services.cancel(event.id, [gone.id]) == 1
    response = client.post(f"/events/{event.id}/register", data=children_form(
        "ouder@example.be", children=[("Mats", "Janssens", "2015-03-01"),
                                      ("Lotte", "Janssens", "2017-06-12")]))
    assert response.status_code == 302
    children = _registrations(db, event.id, "ouder@example.be")
    assert [r.status for r in children] == [RegistrationStatus.WAITLISTED] * 2
    assert [services.waitlist_position(r) for r in children] == [2, 3]
    mail = _last_mail(db)
    assert mail["kind"] == "waitlist"
    assert [p["position"] for p in mail["people"]] == [2, 3]


def test_a_session_counts_its_own_queue(client, db, two_sessions_of_one_seat):
    """In open-sessions mode the other session's waiting list is not this one's."""
    event, ids = two_sessions_of_one_seat()
    for email, session_id in (("a@x.be", ids[0]), ("b@x.be", ids[0]), ("c@x.be", ids[0]),
                              ("d@x.be", ids[1]), ("e@x.be", ids[1])):
        client.post(f"/events/{event.id}/register",
                    data=adult_form(email, session_id=str(session_id)))
    (waiting,) = _registrations(db, event.id, "e@x.be")
    assert services.waitlist_position(waiting) == 1
    assert [p["position"] for p in _last_mail(db)["people"]] == [1]


def test_the_mail_shows_the_owners_earlier_registration_and_every_session(client, db,
                                                                        make_open_event):
    """A parent registers one child, then another: the second mail's calendar holds both
    children's place, for each of the series' three sessions (read with the lock)."""
    start = now_utc().replace(microsecond=0) + timedelta(days=3)
    event = make_open_event(capacity=1, sessions=[
        (start + timedelta(days=7 * n), start + timedelta(days=7 * n, hours=2))
        for n in range(3)])
    client.post(f"/events/{event.id}/register", data=children_form(
        "ouder@example.be", children=[("Mats", "Janssens", "2015-03-01")]))
    client.post(f"/events/{event.id}/register", data=children_form(
        "ouder@example.be", children=[("Lotte", "Janssens", "2017-06-12")]))
    mats, lotte = _registrations(db, event.id, "ouder@example.be")
    assert (mats.status, lotte.status) == (RegistrationStatus.CONFIRMED,
                                           RegistrationStatus.WAITLISTED)
    mail = _last_mail(db)
    assert mail["kind"] == "waitlist"
    # The parent still holds Mats's seat: the calendar keeps the sessions confirmed, with
    # the owner's counters (one per registration) in their SEQUENCE.
    assert [s["status"] for s in mail["sessions"]] == ["CONFIRMED"] * 3
    assert len({s["uid"] for s in mail["sessions"]}) == 3
