"""Class (group) bookings: a teacher books a class as one registration that takes its seats
whole or waits whole (issue 19, item 1)."""

import pytest
import sqlalchemy as sa

from stem_events.mail.models import OutboxMessage
from stem_events.mail.outbox import message_text
from stem_events.registrations.models import Registration, RegistrationStatus
from stem_events.registrations.services import signed_token
from tests.registrations.helpers import adult_form, group_form

CONFIRMED, WAITLISTED = RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED


def rows(db, event_id):
    db.session.expire_all()
    return list(db.session.scalars(
        sa.select(Registration).where(Registration.event_id == event_id)
        .order_by(Registration.id)))


def test_a_teacher_books_a_class_as_one_row_that_takes_the_pupils_seats(
        client, db, make_class_event):
    event = make_class_event(capacity=50)
    form = client.get(f"/events/{event.id}/register").get_data(as_text=True)
    assert 'value="group"' in form and "Geen namen of medische gegevens" in form
    response = client.post(f"/events/{event.id}/register", data=group_form(pupils=24, adults=2))
    assert response.status_code == 302
    [row] = rows(db, event.id)
    assert (row.is_group, row.status, row.seats, row.pupils, row.accompanying_adults) == (
        True, CONFIRMED, 24, 24, 2)
    assert "5A – Sint-Jozefsschool (24 leerlingen en 2 begeleiders)" == row.participant_name
    assert "Nog 26 plaatsen vrij" in client.get(f"/events/{event.id}/register").get_data(
        as_text=True)
    outcome = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "24 leerlingen en 2 begeleiders" in outcome


def test_accompanying_adults_take_seats_when_the_event_says_so(client, db, make_class_event):
    event = make_class_event(capacity=50, adults_take_seats=True)
    client.post(f"/events/{event.id}/register", data=group_form(pupils=24, adults=2))
    assert rows(db, event.id)[0].seats == 26


def test_the_calendar_invitation_carries_the_group_size(client, db, make_class_event):
    event = make_class_event()
    client.post(f"/events/{event.id}/register", data=group_form(pupils=22, adults=3))
    mail = db.session.scalars(sa.select(OutboxMessage)).one()
    assert mail.kind == "confirmation"
    text = message_text(mail)
    assert "22 leerlingen en 3 begeleiders" in text
    from stem_events.registrations.mails import compose

    calendar = compose(mail.payload["data"]).calendar[0].decode()
    assert "22 leerlingen en 3 begeleiders" in calendar.replace("\r\n ", "")


def test_a_group_that_does_not_fit_waits_whole(client, db, make_class_event):
    event = make_class_event(capacity=30)
    client.post(f"/events/{event.id}/register", data=group_form("a@school.be", pupils=20))
    client.post(f"/events/{event.id}/register", data=group_form("b@school.be", pupils=15))
    client.post(f"/events/{event.id}/register", data=adult_form("solo@example.be"))
    assert [(r.seats, r.status) for r in rows(db, event.id)] == [
        (20, CONFIRMED), (15, WAITLISTED), (1, CONFIRMED)]


def test_the_same_class_again_takes_no_second_seat_but_another_class_does(
        client, db, make_class_event):
    event = make_class_event(capacity=100)
    client.post(f"/events/{event.id}/register", data=group_form(klas="5A"))
    again = client.post(f"/events/{event.id}/register", data=group_form(klas=" 5a "))
    assert again.headers["Location"].endswith("/register/received")
    client.post(f"/events/{event.id}/register", data=group_form(klas="5B"))
    assert [r.class_name for r in rows(db, event.id)] == ["5A", "5B"]


@pytest.mark.parametrize(("pupils", "message"), [
    ("0", "minstens 1"), ("-3", "minstens 1"), ("10000", "hoogstens 30 leerlingen"),
    ("5", "minstens 10 leerlingen"), ("31", "hoogstens 30 leerlingen"),
    ("veel", "Vul een getal in"), ("", "Vul het aantal leerlingen in"),
])
def test_a_bad_group_size_gets_a_dutch_message_at_the_field(
        client, db, make_class_event, pupils, message):
    event = make_class_event(min_size=10, max_size=30)
    response = client.post(f"/events/{event.id}/register",
                           data=group_form(pupils=pupils, remarks="Rolstoel nodig"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page and 'id="pupils-error"' in page
    assert "Sint-Jozefsschool" in page and "Rolstoel nodig" in page  # input kept
    assert rows(db, event.id) == []


def test_missing_school_class_or_phone_are_named_at_their_fields(client, db, make_class_event):
    event = make_class_event()
    page = client.post(f"/events/{event.id}/register", data=group_form(
        school="", klas="")).get_data(as_text=True)
    assert "Vul de naam van de school in." in page and "Vul de klas of het leerjaar in." in page
    page = client.post(f"/events/{event.id}/register", data=group_form(phone="")).get_data(
        as_text=True)
    assert 'id="contact_phone-error"' in page
    assert rows(db, event.id) == []


def test_a_group_larger_than_the_whole_event_is_refused(client, db, make_class_event):
    event = make_class_event(capacity=20, max_size=30)
    page = client.post(f"/events/{event.id}/register", data=group_form(pupils=25)).get_data(
        as_text=True)
    assert "25 plaatsen" in page and rows(db, event.id) == []


def test_classes_only_events_refuse_individuals_and_events_without_groups_refuse_classes(
        client, db, make_class_event, make_open_event):
    only = make_class_event(individuals_allowed=False)
    page = client.get(f"/events/{only.id}/register").get_data(as_text=True)
    assert 'name="who" value="group"' in page and 'value="self"' not in page
    response = client.post(f"/events/{only.id}/register",
                           data={**adult_form(), "contact_phone": "0470123456"})
    assert response.status_code == 400 and rows(db, only.id) == []
    plain = make_open_event(capacity=50)
    response = client.post(f"/events/{plain.id}/register", data=group_form())
    assert response.status_code == 400 and rows(db, plain.id) == []


def _cancel(client, registration):
    assert client.post(f"/registrations/{signed_token(registration)}/cancel").status_code == 302


def test_promotion_takes_the_first_that_fits_and_a_group_that_does_not_keeps_its_place(
        client, db, make_class_event):
    event = make_class_event(capacity=30)
    client.post(f"/events/{event.id}/register", data=group_form("a@school.be", pupils=20))
    for index in range(10):
        client.post(f"/events/{event.id}/register", data=adult_form(f"i{index}@example.be"))
    client.post(f"/events/{event.id}/register", data=group_form("b@school.be", pupils=25))
    client.post(f"/events/{event.id}/register", data=adult_form("late@example.be"))
    group_a, group_b = rows(db, event.id)[0], rows(db, event.id)[11]
    _cancel(client, group_a)  # 20 seats free: B (25) does not fit, the individual behind it does
    after = {r.contact_email: r.status for r in rows(db, event.id)}
    assert after["b@school.be"] == WAITLISTED and after["late@example.be"] == CONFIRMED
    from stem_events.registrations.services import waitlist_position

    assert waitlist_position(db.session.get(Registration, group_b.id)) == 1
    for registration in rows(db, event.id)[1:6]:  # five individuals leave: 24 free now
        _cancel(client, registration)
    assert {r.contact_email: r.status for r in rows(db, event.id)}["b@school.be"] == WAITLISTED
    _cancel(client, rows(db, event.id)[6])  # 25 free: the group moves up, whole
    assert {r.contact_email: r.status for r in rows(db, event.id)}["b@school.be"] == CONFIRMED


def test_a_group_that_fits_moves_up_before_the_people_behind_it(client, db, make_class_event):
    event = make_class_event(capacity=30)
    client.post(f"/events/{event.id}/register", data=group_form("a@school.be", pupils=20))
    for index in range(10):
        client.post(f"/events/{event.id}/register", data=adult_form(f"i{index}@example.be"))
    client.post(f"/events/{event.id}/register", data=group_form("b@school.be", pupils=15))
    client.post(f"/events/{event.id}/register", data=group_form("c@school.be", pupils=10))
    _cancel(client, rows(db, event.id)[0])
    status = {r.contact_email: r.status for r in rows(db, event.id)}
    assert status["b@school.be"] == CONFIRMED and status["c@school.be"] == WAITLISTED
    promotions = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.kind == "promotion")).all()
    assert [m.recipient for m in promotions] == ["b@school.be"]
