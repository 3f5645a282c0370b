"""Schools and teachers (issue 19): a teacher books a class on a phone; a teacher joins a
STEM-club through the mailed link and gets the confirmation with the personal feed."""

import re
from datetime import timedelta

import sqlalchemy as sa

from stem_events.clubs.models import Club, ClubSchool
from stem_events.date_time import now_utc
from stem_events.events.models import RegistrationMode
from stem_events.reference.models import EventKind
from stem_events.registrations.models import EventGroupSettings, Registration
from tests.browser.test_registration_journey import wait_for_mail

PHONE = {"width": 390, "height": 844}


def test_a_teacher_books_a_class_on_a_phone(browser, live_server, db, make_event, smtp,
                                           axe_check):
    event = make_event(title="Doe-dag voor scholen", kind=EventKind.WORKSHOP, age_min=9,
                       age_max=12, capacity=60, registration_mode=RegistrationMode.SERIES)
    db.session.add(EventGroupSettings(event_id=event.id, min_size=10, max_size=30,
                                      adults_take_seats=False, individuals_allowed=True))
    db.session.commit()
    context = browser.new_context(locale="nl-BE", timezone_id="Europe/Brussels",
                                  viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(f"{live_server}/events/{event.id}-{event.slug}")
        assert "Klassen kunnen inschrijven (10 tot 30 leerlingen)" in page.inner_text("main")
        page.get_by_role("link", name="Inschrijven").tap()
        page.wait_for_url(f"**/events/{event.id}/register")
        axe_check(page)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.get_by_label("Een klas of groep", exact=False).check()
        page.get_by_label("Je naam").fill("Juf Ilse")
        page.get_by_label("Je e-mailadres").fill("ilse@school.be")
        page.get_by_label("Telefoonnummer", exact=False).fill("0470 12 34 56")
        page.get_by_label("Naam van de school").fill("Sint-Jozefsschool")
        page.get_by_label("Klas of leerjaar").fill("5A")
        page.get_by_label("Aantal leerlingen").fill("40")  # above the maximum
        page.get_by_role("button", name="Inschrijven").tap()
        page.wait_for_load_state()
        summary = page.locator("#error-summary")
        assert "hoogstens 30 leerlingen" in summary.inner_text()
        assert page.get_by_label("Naam van de school").input_value() == "Sint-Jozefsschool"
        axe_check(page)
        page.get_by_label("Aantal leerlingen").fill("24")
        page.get_by_label("Aantal begeleidende volwassenen").fill("2")
        page.get_by_role("button", name="Inschrijven").tap()
        page.wait_for_url("**/register/received?outcome=*")
        assert "24 leerlingen en 2 begeleiders" in page.inner_text("main")
        axe_check(page)
    finally:
        context.close()
    mail = wait_for_mail(smtp, 1)
    [part] = smtp.calendars(mail)
    assert "24 leerlingen en 2 begeleiders" in part.get_payload(decode=True).decode().replace(
        "\r\n ", "")
    db.session.expire_all()
    [row] = db.session.scalars(sa.select(Registration).where(
        Registration.event_id == event.id)).all()
    assert (row.is_group, row.seats) == (True, 24)


def test_a_teacher_joins_a_club_and_receives_the_feed(page, live_server, db, make_event,
                                                       make_organisation, smtp, axe_check):
    academy = make_organisation(name="STEM-academie Gent", is_academy=True)
    start = now_utc().replace(microsecond=0) + timedelta(days=10)
    series = make_event(kind=EventKind.TEACHER_CLUB, title="STEM-club Gent: bijeenkomsten",
                        organisation=academy, registration_mode=RegistrationMode.SERIES,
                        capacity=30, sessions=[(start + timedelta(weeks=4 * n),
                                                start + timedelta(weeks=4 * n, hours=2))
                                               for n in range(3)])
    club = Club(name="STEM-club Gent", municipality_nis="44021", series_event_id=series.id,
                description="Leerkrachten delen lessen.", contact_name="Els",
                contact_email="els@academie.be", contact_consent=True)
    club.organisations = [academy]
    club.schools = [ClubSchool(name="Sint-Barbaracollege", consent=True)]
    db.session.add(club)
    db.session.commit()

    page.goto(f"{live_server}/municipalities/44021")
    page.get_by_role("link", name="STEM-club Gent", exact=True).click()
    page.wait_for_url(f"**/clubs/{club.id}")
    axe_check(page)
    page.get_by_label("Je naam").fill("Meester Tom")
    page.get_by_label("Je e-mailadres").fill("tom@school.be")
    page.get_by_role("button", name="Stuur me de bevestigingslink").click()
    page.wait_for_load_state()
    assert "Kijk in je mailbox" in page.inner_text("main")
    axe_check(page)

    invitation = wait_for_mail(smtp, 1)
    text = invitation.get_body(("plain",)).get_content()
    path = re.search(r"http://localhost(/clubs/\S+)", text).group(1)
    page.goto(live_server + path)
    axe_check(page)
    page.get_by_role("button", name="Ja, ik word lid").click()
    page.wait_for_url("**/registrations/*")
    assert "Meester Tom" in page.inner_text("main")
    confirmation = wait_for_mail(smtp, 2)
    body = confirmation.get_body(("plain",)).get_content()
    feed = re.search(r"http://localhost(/feeds/\S+\.ics)", body).group(1)
    response = page.request.get(live_server + feed)
    assert response.status == 200 and "STEM-club Gent: bijeenkomsten" in response.text()
    assert response.text().count("BEGIN:VEVENT") == 3


def test_the_agendas_teachers_entry_shows_a_nascholing(page, live_server, make_event,
                                                       axe_check):
    make_event(title="Nascholing: programmeren met micro:bit",
               kind=EventKind.TEACHER_TRAINING, professional_development=True)
    make_event(title="Robotica voor kinderen", kind=EventKind.WORKSHOP, age_min=8, age_max=12)
    page.goto(f"{live_server}/agenda")
    page.get_by_role("navigation", name="Snel kiezen").get_by_role(
        "link", name="Voor leerkrachten").click()
    page.wait_for_url("**/agenda?audience=leerkrachten")
    main = page.inner_text("main")
    assert "Nascholing: programmeren met micro:bit" in main
    assert "Robotica voor kinderen" not in main
    assert page.locator('a[href$="/agenda.ics?audience=leerkrachten"]').count() >= 1
    axe_check(page)
