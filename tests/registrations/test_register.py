"""Registering through the public form: seats, waiting list, idempotency, bad input."""


import pytest
import sqlalchemy as sa

from stem_events.events.models import EventStatus, RegistrationMode
from stem_events.mail.models import OutboxMessage
from stem_events.mail.outbox import message_text
from stem_events.reference.models import EventKind
from stem_events.registrations.models import (
    QuestionKind,
    Registration,
    RegistrationQuestion,
    RegistrationStatus,
)
from tests.conftest import utc
from tests.registrations.helpers import adult_form, children_form


def registrations(db, event_id):
    return list(db.session.scalars(
        sa.select(Registration).where(Registration.event_id == event_id)
        .order_by(Registration.id)))


def test_register_confirms_then_waitlists(client, db, make_open_event):
    event = make_open_event(capacity=1)
    first = client.post(f"/events/{event.id}/register", data=adult_form("a@example.be"))
    assert first.status_code == 302
    assert f"/events/{event.id}/register/received?outcome=" in first.headers["Location"]
    second = client.post(f"/events/{event.id}/register", data=adult_form("b@example.be"))
    assert second.status_code == 302
    statuses = [r.status for r in registrations(db, event.id)]
    assert statuses == [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]
    page = client.get(second.headers["Location"]).get_data(as_text=True)
    assert "An Peeters</strong>:\n    op de wachtlijst, plaats 1" in page
    mails = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [m.kind for m in mails] == ["confirmation", "waitlist"]
    assert "plaats 1" in message_text(mails[1])


def test_same_adult_again_takes_no_second_seat_and_gets_the_same_page(
        client, db, make_open_event):
    event = make_open_event(capacity=5)
    first = client.post(f"/events/{event.id}/register", data=adult_form("Jan@Example.be"))
    again = client.post(f"/events/{event.id}/register", data=adult_form(" jan@example.BE"))
    assert first.status_code == again.status_code == 302
    # the repeated one gets the neutral page (DOMAIN.md), whoever sent it
    assert again.headers["Location"].endswith(f"/events/{event.id}/register/received")
    assert len(registrations(db, event.id)) == 1
    mails = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert len(mails) == 2 and all(m.recipient == "Jan@Example.be" for m in mails)
    assert "Je was al ingeschreven" in message_text(mails[1])


def test_guardian_registers_two_children_in_one_form(client, db, make_open_event):
    event = make_open_event(capacity=5, age_min=8, age_max=12)
    kids = [("Lotte", "Janssens", "2016-05-01"), ("Mats", "Janssens", "2017-09-30")]
    response = client.post(f"/events/{event.id}/register", data=children_form(children=kids))
    assert response.status_code == 302
    rows = registrations(db, event.id)
    assert [(r.child_first_name, r.is_child, r.status) for r in rows] == [
        ("Lotte", True, RegistrationStatus.CONFIRMED), ("Mats", True, RegistrationStatus.CONFIRMED)]
    # A second child added later is a new seat; the same child again is not.
    client.post(f"/events/{event.id}/register", data=children_form(
        children=[("Mats", "Janssens", "2017-09-30"), ("Fien", "Janssens", "2015-01-02")]))
    assert [r.child_first_name for r in registrations(db, event.id)] == ["Lotte", "Mats", "Fien"]


def test_child_outside_the_age_range_is_refused_and_the_form_keeps_its_input(
        client, db, make_open_event):
    event = make_open_event(age_min=8, age_max=12)
    kids = [("Lotte", "Janssens", "2016-05-01"), ("Baby", "Janssens", "2025-01-01")]
    response = client.post(f"/events/{event.id}/register", data=children_form(children=kids))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    # the message says the allowed range (issue 16), and links from the error summary
    assert "Baby is 1 jaar op de eerste dag; deze activiteit is voor 8–12 jaar." in html
    assert '<a href="#children-1-birth_date">Kind 2 – Geboortedatum: Baby is 1 jaar' in html
    assert 'value="Lotte"' in html and 'value="2025-01-01"' in html
    assert registrations(db, event.id) == []


def test_guardian_consent_is_required(client, db, make_open_event):
    event = make_open_event(age_min=6, age_max=12)
    data = children_form(children=[("Lotte", "Janssens", "2018-05-01")], consent=False)
    response = client.post(f"/events/{event.id}/register", data=data)
    assert response.status_code == 400
    assert "toestemming" in response.get_data(as_text=True)
    assert registrations(db, event.id) == []


def test_under_13_cannot_register_themselves_from_13_with_a_parent(client, db, make_open_event):
    event = make_open_event(age_min=10, age_max=16)
    young = client.post(f"/events/{event.id}/register",
                        data=adult_form(birth_date="2015-01-01"))
    assert young.status_code == 400 and "ouder of voogd" in young.get_data(as_text=True)
    no_parent = client.post(f"/events/{event.id}/register",
                            data=adult_form(birth_date="2011-01-01"))
    assert no_parent.status_code == 400
    ok = client.post(f"/events/{event.id}/register", data=adult_form(
        birth_date="2011-01-01", parent_name="Mama", parent_email="mama@example.be"))
    assert ok.status_code == 302
    assert registrations(db, event.id)[0].parent_email == "mama@example.be"


def test_invalid_email_is_explained_in_dutch(client, db, make_open_event):
    event = make_open_event()
    response = client.post(f"/events/{event.id}/register",
                           data=adult_form("geen-adres", name="Piet Fout"))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Dit is geen geldig e-mailadres." in html and 'value="Piet Fout"' in html


def test_full_event_without_waitlist_refuses_with_the_form_kept(client, db, make_open_event):
    event = make_open_event(capacity=1, waitlist_enabled=False)
    client.post(f"/events/{event.id}/register", data=adult_form("a@example.be"))
    response = client.post(f"/events/{event.id}/register",
                           data=adult_form("b@example.be", name="Bert Laat"))
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "volzet" in html and 'value="Bert Laat"' in html
    assert len(registrations(db, event.id)) == 1


@pytest.mark.parametrize("overrides, message", [
    ({"status": EventStatus.CANCELLED}, "geannuleerd"),
    ({"status": EventStatus.POSTPONED}, "uitgesteld"),
    ({"registration_closes_at": utc(2020, 1, 1)}, "afgesloten"),
    ({"registration_opens_at": utc(2099, 1, 1)}, "nog niet geopend"),
    ({"sessions": [(utc(2020, 1, 1, 10), utc(2020, 1, 1, 12))]}, "voorbij"),
    ({"registration_mode": RegistrationMode.NONE}, "niet in te schrijven"),
])
def test_closed_registration_is_refused_in_dutch(client, db, make_open_event, overrides,
                                                 message):
    event = make_open_event(**overrides)
    assert message in client.get(f"/events/{event.id}/register").get_data(as_text=True)
    response = client.post(f"/events/{event.id}/register", data=adult_form())
    assert response.status_code == 409 and message in response.get_data(as_text=True)
    assert registrations(db, event.id) == []


def test_drafts_have_no_registration_form(client, make_open_event):
    event = make_open_event(status=EventStatus.DRAFT)
    assert client.get(f"/events/{event.id}/register").status_code == 404
    assert client.post(f"/events/{event.id}/register", data=adult_form()).status_code == 404


def test_honeypot_answers_like_success_but_keeps_nothing(client, db, make_open_event):
    event = make_open_event()
    response = client.post(f"/events/{event.id}/register",
                           data=adult_form(website="http://spam.example"))
    assert response.status_code == 302
    assert registrations(db, event.id) == []


def test_open_sessions_have_their_own_capacity(client, db, two_sessions_of_one_seat):
    event, ids = two_sessions_of_one_seat()
    for email, session_id in (("a@x.be", ids[0]), ("b@x.be", ids[0]), ("a@x.be", ids[1])):
        client.post(f"/events/{event.id}/register",
                    data=adult_form(email, session_id=str(session_id)))
    form = client.get(f"/events/{event.id}/register").get_data(as_text=True)
    assert form.count("(volzet, wachtlijst)") == 2
    rows = registrations(db, event.id)
    assert [(r.contact_email, r.session_id, r.status.value) for r in rows] == [
        ("a@x.be", ids[0], "confirmed"), ("b@x.be", ids[0], "waitlisted"),
        ("a@x.be", ids[1], "confirmed")]


def test_a_forged_session_of_another_event_is_refused(client, db, make_open_event):
    other = make_open_event(registration_mode=RegistrationMode.SESSIONS)
    event = make_open_event(registration_mode=RegistrationMode.SESSIONS)
    response = client.post(f"/events/{event.id}/register",
                           data=adult_form(session_id=str(other.sessions[0].id)))
    assert response.status_code == 400
    assert registrations(db, event.id) == [] and registrations(db, other.id) == []


def test_network_moment_asks_organisation_and_helix(client, db, make_open_event):
    event = make_open_event(kind=EventKind.NETWORK_MOMENT)
    missing = client.post(f"/events/{event.id}/register", data=adult_form())
    assert missing.status_code == 400
    response = client.post(f"/events/{event.id}/register", data=adult_form(
        participant_organisation="Stad Gent", participant_helix="government"))
    assert response.status_code == 302
    row = registrations(db, event.id)[0]
    assert (row.participant_organisation, row.participant_helix) == ("Stad Gent", "government")


def test_the_events_own_questions(client, db, make_open_event):
    event = make_open_event()
    db.session.add_all([
        RegistrationQuestion(event_id=event.id, text="Allergieën?", kind=QuestionKind.TEXT),
        RegistrationQuestion(event_id=event.id, text="T-shirtmaat", kind=QuestionKind.CHOICE,
                             choices=["S", "M", "L"], required=True, position=1),
    ])
    db.session.commit()
    questions = db.session.scalars(sa.select(RegistrationQuestion)
                                   .order_by(RegistrationQuestion.position)).all()
    form = client.get(f"/events/{event.id}/register").get_data(as_text=True)
    assert "Allergieën?" in form and "T-shirtmaat" in form
    missing = client.post(f"/events/{event.id}/register", data=adult_form())
    assert missing.status_code == 400 and "Deze vraag is verplicht." in missing.get_data(
        as_text=True)
    client.post(f"/events/{event.id}/register", data=adult_form(
        **{f"q{questions[0].id}": "noten", f"q{questions[1].id}": "M"}))
    row = registrations(db, event.id)[0]
    assert row.answers == {str(questions[0].id): "noten", str(questions[1].id): "M"}


def test_an_edited_question_checks_the_next_form_as_edited(client, db, make_open_event):
    """The form's class is kept per process (a rush builds it hundreds of times a minute):
    an organiser's new choices, a question made optional, and class bookings opened count
    from the next request, and another event with the same questions gets its own answers."""
    event, twin = make_open_event(), make_open_event(title="Workshop robotica bis")
    size = {}
    for owner in (event, twin):
        question = RegistrationQuestion(event_id=owner.id, text="T-shirtmaat", required=True,
                                        kind=QuestionKind.CHOICE, choices=["S", "M"])
        db.session.add(question)
        db.session.commit()
        size[owner.id] = question.id
    url = f"/events/{event.id}/register"
    field = f"q{size[event.id]}"
    refused = client.post(url, data=adult_form("a@example.be", **{field: "XL"}))
    assert refused.status_code == 400
    question = db.session.get(RegistrationQuestion, size[event.id])
    question.choices, question.required = ["S", "M", "XL"], False
    db.session.commit()
    assert 'value="XL"' in client.get(url).get_data(as_text=True)
    assert client.post(url, data=adult_form("a@example.be", **{field: "XL"})).status_code == 302
    assert client.post(url, data=adult_form("b@example.be")).status_code == 302  # optional now
    twin_url = f"/events/{twin.id}/register"
    assert 'value="XL"' not in client.get(twin_url).get_data(as_text=True)
    assert client.post(twin_url, data=adult_form("c@example.be")).status_code == 400
    assert [r.answers for r in registrations(db, event.id)] == [
        {str(size[event.id]): "XL"}, {str(size[event.id]): ""}]


def test_event_page_shows_the_registration_state(client, db, make_open_event, make_event):
    event = make_open_event(capacity=1, waitlist_enabled=True)
    page = client.get(f"/events/{event.id}-{event.slug}").get_data(as_text=True)
    assert "Nog 1 plaats vrij." in page and f"/events/{event.id}/register" in page
    client.post(f"/events/{event.id}/register", data=adult_form())
    page = client.get(f"/events/{event.id}-{event.slug}").get_data(as_text=True)
    assert "je kan je op de wachtlijst zetten" in page
    plain = make_event(title="Vrije inloop")
    assert "Inschrijven" not in client.get(f"/events/{plain.id}-{plain.slug}").get_data(
        as_text=True)


def test_children_filled_in_while_registering_oneself_is_pointed_out(client, db,
                                                                      make_open_event):
    event = make_open_event()
    data = children_form(children=[("Lotte", "Janssens", "2016-05-01")])
    data["who"] = "self"
    response = client.post(f"/events/{event.id}/register", data=data)
    assert response.status_code == 400
    assert "Je vulde gegevens van een kind in" in response.get_data(as_text=True)
    assert registrations(db, event.id) == []


@pytest.mark.parametrize("phone, ok", [("0470 12 34 56", True), ("+32 9 123 45 67", True),
                                       ("12", False), ("bel me", False)])
def test_phone_numbers_are_checked(client, db, make_open_event, phone, ok):
    event = make_open_event()
    response = client.post(f"/events/{event.id}/register", data=adult_form(contact_phone=phone))
    assert response.status_code == (302 if ok else 400)


def test_personal_feed_source_lists_the_active_registrations_of_an_address(
        client, db, make_open_event):
    from stem_events.registrations import rules, services

    first, second, third = make_open_event(), make_open_event(), make_open_event()
    for event in (first, second):
        client.post(f"/events/{event.id}/register", data=adult_form("Jan@Example.be"))
    client.post(f"/events/{third.id}/register", data=adult_form("ander@example.be"))
    key = rules.owner_key(" jan@example.be")
    assert services.event_ids_for_owner(key) == {first.id, second.id}
    registration = registrations(db, second.id)[0]
    services.cancel(second.id, [registration.id])
    assert services.event_ids_for_owner(key) == {first.id}
