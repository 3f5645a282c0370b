"""Class (group) bookings: a teacher books a class as one registration that takes its seats
whole or waits whole (issue 19, item 1)."""

import pytest
import sqlalchemy as sa

from stem_events.mail.models import OutboxMessage
from stem_events.mail.outbox import message_text
from stem_events.registrations.models import Registration, RegistrationStatus
from stem_events.registrations.services import signed_token
from tests.registrations.helpers import adult_form, group_form, in_days

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


# ---------------------------------------------------------------- organisers


@pytest.fixture
def class_event_of(organiser, make_class_event):
    user, organisation = organiser

    def make(**overrides):
        return make_class_event(organisation=organisation, **overrides)
    return make


def test_an_organiser_opens_an_event_to_classes_and_bad_sizes_are_refused(
        client, db, login, organiser, make_open_event):
    user, organisation = organiser
    event = make_open_event(organisation=organisation, capacity=40)
    login(user)
    url = f"/manage/events/{event.id}/registrations/groups"
    bad = client.post(url, data={"enabled": "1", "min_size": "30", "max_size": "10",
                                 "individuals_allowed": "1"})
    assert bad.status_code == 400 and "grootste groep" in bad.get_data(as_text=True).lower()
    assert 'value="30"' in bad.get_data(as_text=True)  # what was typed stays
    ok = client.post(url, data={"enabled": "1", "min_size": "10", "max_size": "28",
                                "adults_take_seats": "1"})
    assert ok.status_code == 302
    from stem_events.registrations.services import group_settings

    settings = group_settings(event.id)
    assert (settings.min_size, settings.max_size, settings.adults_take_seats,
            settings.individuals_allowed) == (10, 28, True, False)


def test_an_offer_of_fewer_seats_is_held_and_the_teacher_accepts(
        client, db, login, organiser, class_event_of):
    user, _organisation = organiser
    event = class_event_of(capacity=30)
    client.post(f"/events/{event.id}/register", data=group_form("a@school.be", pupils=20))
    client.post(f"/events/{event.id}/register", data=group_form("b@school.be", pupils=25))
    waiting = rows(db, event.id)[1]
    login(user)
    response = client.post(f"/manage/events/{event.id}/registrations/{waiting.id}/offer",
                           data={"seats": "10"})
    assert response.status_code == 302
    offer_mail = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.kind == "offer")).one()
    from stem_events.registrations.mails import compose

    text = " ".join(compose(offer_mail.payload["data"]).text.split())
    assert "10 aan in plaats van 25" in text and "/registrations/" in text
    # The held seats are taken: an individual now waits.
    client.post(f"/events/{event.id}/register", data=adult_form("solo@example.be"))
    assert rows(db, event.id)[2].status == WAITLISTED
    link = f"/registrations/{signed_token(waiting)}"
    page = client.get(link).get_data(as_text=True)
    assert "Aanbod aanvaarden" in page
    assert client.post(f"{link}/offer/accept", data={"registration_id": waiting.id}
                       ).status_code == 302
    group = rows(db, event.id)[1]
    assert (group.status, group.seats, group.pupils, group.offered_seats) == (
        CONFIRMED, 10, 10, None)
    again = client.post(f"{link}/offer/accept", data={"registration_id": waiting.id})
    assert again.status_code == 302 and rows(db, event.id)[1].seats == 10


def test_a_declined_offer_keeps_the_group_waiting_and_frees_the_seats(
        client, db, login, organiser, class_event_of):
    user, _organisation = organiser
    event = class_event_of(capacity=30)
    client.post(f"/events/{event.id}/register", data=group_form("a@school.be", pupils=20))
    client.post(f"/events/{event.id}/register", data=group_form("b@school.be", pupils=25))
    waiting = rows(db, event.id)[1]
    login(user)
    client.post(f"/manage/events/{event.id}/registrations/{waiting.id}/offer",
                data={"seats": "10"})
    client.post(f"/events/{event.id}/register", data=adult_form("solo@example.be"))
    client.post(f"/registrations/{signed_token(waiting)}/offer/decline")
    status = {r.contact_email: (r.status, r.offered_seats) for r in rows(db, event.id)}
    assert status["b@school.be"] == (WAITLISTED, None)
    assert status["solo@example.be"][0] == CONFIRMED


def test_an_offer_above_the_free_seats_is_refused(client, db, login, organiser, class_event_of):
    user, _organisation = organiser
    event = class_event_of(capacity=30)
    client.post(f"/events/{event.id}/register", data=group_form("a@school.be", pupils=20))
    client.post(f"/events/{event.id}/register", data=group_form("b@school.be", pupils=25))
    waiting = rows(db, event.id)[1]
    login(user)
    page = client.post(f"/manage/events/{event.id}/registrations/{waiting.id}/offer",
                       data={"seats": "11"}, follow_redirects=True).get_data(as_text=True)
    assert "maar 10 plaatsen vrij" in page and rows(db, event.id)[1].offered_seats is None


def test_an_expired_offer_frees_its_seats_for_the_waiting_list(
        client, db, app, login, organiser, class_event_of):
    from datetime import timedelta

    from stem_events import date_time

    user, _organisation = organiser
    event = class_event_of(capacity=30)
    client.post(f"/events/{event.id}/register", data=group_form("a@school.be", pupils=20))
    client.post(f"/events/{event.id}/register", data=group_form("b@school.be", pupils=25))
    client.post(f"/events/{event.id}/register", data=adult_form("solo@example.be"))
    waiting = rows(db, event.id)[1]
    assert rows(db, event.id)[2].status == CONFIRMED  # 9 free now
    login(user)
    client.post(f"/manage/events/{event.id}/registrations/{waiting.id}/offer",
                data={"seats": "9"})
    client.post(f"/events/{event.id}/register", data=adult_form("solo2@example.be"))
    assert rows(db, event.id)[3].status == WAITLISTED
    date_time.freeze(date_time.now_utc() + timedelta(hours=49))
    try:
        result = app.test_cli_runner().invoke(args=["send-reminders"])
        assert result.exit_code == 0, result.output
    finally:
        date_time.freeze(None)
    status = {r.contact_email: (r.status, r.offered_seats) for r in rows(db, event.id)}
    assert status["b@school.be"] == (WAITLISTED, None)
    assert status["solo2@example.be"][0] == CONFIRMED
    from stem_events.registrations.mails import compose

    expired = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.kind == "offer_expired")).one()
    assert expired.recipient == "b@school.be"
    mail = compose(expired.payload["data"])
    assert mail.subject.startswith("Aanbod verlopen")
    text = " ".join(mail.text.split())
    assert "9 plaatsen" in text and "verlopen" in text
    assert "blijft op de wachtlijst" in text and "/registrations/" in text
    # Run again: nothing more to do, no second mail.
    date_time.freeze(date_time.now_utc() + timedelta(hours=50))
    try:
        app.test_cli_runner().invoke(args=["send-reminders"])
    finally:
        date_time.freeze(None)
    assert db.session.scalar(sa.select(sa.func.count()).where(
        OutboxMessage.kind == "offer_expired")) == 1


def _expired_offer(client, db, event, waiting_email="b@school.be"):
    """A class (a@) holds 20 of 30 seats, a waiting class (b@, 25) was offered the other 10
    and a person (solo@) waits behind it; returns the waiting class."""
    client.post(f"/events/{event.id}/register", data=group_form("a@school.be", pupils=20))
    client.post(f"/events/{event.id}/register", data=group_form(waiting_email, pupils=25))
    waiting = rows(db, event.id)[1]
    client.post(f"/manage/events/{event.id}/registrations/{waiting.id}/offer",
                data={"seats": "10"})
    client.post(f"/events/{event.id}/register", data=adult_form("solo@example.be"))
    return waiting


def test_after_an_expired_offer_the_waiting_list_goes_before_a_newcomer(
        client, db, login, organiser, class_event_of):
    """Before any cron ran: the seats of an expired offer go to who waits, not to whoever
    registers first, and the class is told its offer expired."""
    from datetime import timedelta

    from stem_events import date_time

    user, _organisation = organiser
    event = class_event_of(capacity=30, sessions=in_days(10))
    login(user)
    _expired_offer(client, db, event)
    date_time.freeze(date_time.now_utc() + timedelta(hours=49))
    try:
        late = client.post(f"/events/{event.id}/register", data=adult_form("late@example.be"))
        assert late.status_code == 302, late.get_data(as_text=True)
    finally:
        date_time.freeze(None)
    status = {r.contact_email: r.status for r in rows(db, event.id)}
    assert status["solo@example.be"] == CONFIRMED
    assert status["late@example.be"] == CONFIRMED  # 10 seats: enough for both, in turn
    assert db.session.scalars(sa.select(OutboxMessage.recipient).where(
        OutboxMessage.kind == "offer_expired")).all() == ["b@school.be"]


def test_each_expired_offer_is_its_own_unit_of_work(
        client, db, app, login, organiser, class_event_of, monkeypatch):
    """One offer that cannot be handled (its mail fails) leaves the others handled."""
    from datetime import timedelta

    from stem_events import date_time
    from stem_events.registrations import mails

    user, _organisation = organiser
    login(user)
    first, second = class_event_of(capacity=30), class_event_of(capacity=30)
    _expired_offer(client, db, first, "broken@school.be")
    _expired_offer(client, db, second, "fine@school.be")
    real = mails.offer_expired

    def failing(registration):
        if registration.contact_email == "broken@school.be":
            raise RuntimeError("mail template broken")
        return real(registration)

    monkeypatch.setattr(mails, "offer_expired", failing)
    date_time.freeze(date_time.now_utc() + timedelta(hours=49))
    try:
        app.test_cli_runner().invoke(args=["send-reminders"])
    finally:
        date_time.freeze(None)
    assert rows(db, first.id)[1].offered_seats == 10  # rolled back: tried again next run
    assert rows(db, first.id)[2].status == WAITLISTED
    assert rows(db, second.id)[1].offered_seats is None
    assert rows(db, second.id)[2].status == CONFIRMED
    assert db.session.scalars(sa.select(OutboxMessage.recipient).where(
        OutboxMessage.kind == "offer_expired")).all() == ["fine@school.be"]


def test_the_list_csv_and_check_in_show_a_class_as_one_row_with_the_number_present(
        client, db, login, organiser, class_event_of):
    user, _organisation = organiser
    event = class_event_of(capacity=30)
    client.post(f"/events/{event.id}/register", data=group_form(
        pupils=24, adults=2, remarks="Twee leerlingen in een rolstoel", school_number="012345"))
    client.post(f"/events/{event.id}/register", data=adult_form("solo@example.be"))
    login(user)
    listing = client.get(f"/manage/events/{event.id}/registrations").get_data(as_text=True)
    assert "Bevestigd: 25 / 30 plaatsen" in listing and "012345" in listing
    csv = client.get(f"/manage/events/{event.id}/registrations.csv").get_data(as_text=True)
    lines = csv.strip().splitlines()
    assert len(lines) == 3 and "Sint-Jozefsschool" in lines[1] and ";24;2" in lines[1]
    assert "rolstoel" not in csv
    group = rows(db, event.id)[0]
    checkin = f"/manage/events/{event.id}/registrations/checkin"
    bad = client.post(checkin, data={"registration_id": group.id, "present": "1",
                                     "number": "99"}, follow_redirects=True)
    assert "tussen 1 en 26" in bad.get_data(as_text=True)
    client.post(checkin, data={"registration_id": group.id, "present": "1", "number": "23"})
    page = client.get(checkin).get_data(as_text=True)
    assert "23 van 25 aanwezig" in page and "aanwezig: 23" in page


def test_a_class_remarks_are_erased_a_week_after_the_event(client, db, app, make_class_event):
    from datetime import timedelta

    from stem_events import date_time

    event = make_class_event()
    client.post(f"/events/{event.id}/register", data=group_form(remarks="Vegetarisch"))
    date_time.freeze(date_time.now_utc() + timedelta(days=5))
    try:
        app.test_cli_runner().invoke(args=["purge-personal-data"])
        assert rows(db, event.id)[0].remarks == "Vegetarisch"
        date_time.freeze(date_time.now_utc() + timedelta(days=4))
        app.test_cli_runner().invoke(args=["purge-personal-data"])
    finally:
        date_time.freeze(None)
    row = rows(db, event.id)[0]
    assert row.remarks == "" and row.school_name == "Sint-Jozefsschool" and row.pupils == 24


def test_the_api_says_whether_and_how_classes_can_book(client, make_class_event, make_open_event):
    classes = make_class_event(min_size=12, max_size=28)
    plain = make_open_event()
    assert client.get(f"/api/v1/events/{classes.id}").json["groups"] == {"min": 12, "max": 28}
    assert client.get(f"/api/v1/events/{plain.id}").json["groups"] is None
    items = {i["id"]: i["groups"] for i in client.get("/api/v1/events").json["items"]}
    assert items == {classes.id: {"min": 12, "max": 28}, plain.id: None}


def test_the_event_page_says_classes_can_book(client, make_class_event):
    event = make_class_event(min_size=12, max_size=28)
    page = client.get(f"/events/{event.id}", follow_redirects=True).get_data(as_text=True)
    assert "Klassen kunnen inschrijven (12 tot 28 leerlingen)" in page


def test_the_benchmark_burst_books_classes_through_the_real_form(client, db, make_class_event):
    """`make bench`'s registration burst (bench/burst.py) fills this form: every fifth attempt
    is a class, the others individuals."""
    from bench.burst import form_fields

    event = make_class_event(capacity=50, min_size=5, max_size=20)
    for number in (5, 6):
        html = client.get(f"/events/{event.id}/register").get_data(as_text=True)
        response = client.post(f"/events/{event.id}/register", data=dict(form_fields(html, number)))
        assert response.status_code == 302, response.get_data(as_text=True)
    assert [(r.is_group, r.seats) for r in rows(db, event.id)] == [(True, 10), (False, 1)]
