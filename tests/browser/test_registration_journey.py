"""A parent registers two children, gets the mail with a calendar file, and cancels later:
the seats go to the first person on the waiting list, who is mailed."""

import re
import time

import sqlalchemy as sa
from icalendar import Calendar

from stem_events.events.models import RegistrationMode
from stem_events.reference.models import EventKind
from stem_events.registrations.models import Registration, RegistrationStatus
from tests.registrations.helpers import SmtpServer, children_form


def wait_for_mail(server: SmtpServer, count: int):
    deadline = time.monotonic() + 10
    while len(server.messages) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(server.messages) >= count
    return server.messages[count - 1]


def test_parent_registers_two_children_and_cancels(page, live_server, db, client, make_event,
                                                     smtp, axe_check):
    event = make_event(title="Robotica voor kinderen", kind=EventKind.ACADEMY_ACTIVITY,
                       age_min=6, age_max=12, capacity=2, waitlist_enabled=True,
                       registration_mode=RegistrationMode.SERIES)
    page.goto(f"{live_server}/events/{event.id}-{event.slug}")
    assert "Nog 2 plaatsen vrij." in page.inner_text("main")
    page.get_by_role("link", name="Inschrijven").click()
    page.wait_for_url(f"**/events/{event.id}/register")
    axe_check(page)
    page.get_by_label("Je naam").fill("Sara Janssens")
    page.get_by_label("Je e-mailadres").fill("sara@example.be")
    for index, (first, born) in enumerate((("Lotte", "2016-05-01"), ("Mats", "2017-09-30"))):
        if index:
            page.get_by_role("button", name="Nog een kind toevoegen").click()
        page.locator(f"#children-{index}-first_name").fill(first)
        page.locator(f"#children-{index}-last_name").fill("Janssens")
        page.locator(f"#children-{index}-birth_date").fill(born)
    page.get_by_label("Ik ben ouder of voogd en geef toestemming", exact=False).check()
    page.get_by_role("button", name="Inschrijven").click()
    page.wait_for_url("**/register/received?outcome=*")
    outcome = page.inner_text("main")
    assert "Lotte Janssens: bevestigd" in outcome and "Mats Janssens: bevestigd" in outcome
    assert page.get_by_role("link", name="Agendabestand (.ics)").is_visible()
    axe_check(page)

    confirmation = wait_for_mail(smtp, 1)
    assert confirmation["To"] == "sara@example.be"
    [part] = smtp.calendars(confirmation)
    calendar = Calendar.from_ical(part.get_payload(decode=True))
    assert calendar["METHOD"] == "REQUEST" and part.get_param("method") == "REQUEST"
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["UID"]) == event.sessions[0].uid
    names = sorted(a.params["CN"] for a in vevent["ATTENDEE"])
    assert names == ["Lotte Janssens", "Mats Janssens"]

    # Someone else's child lands on the waiting list.
    client.post(f"/events/{event.id}/register", data=children_form(
        email="wachtende@example.be", children=[("Noor", "Peeters", "2015-03-03")]))
    wait_for_mail(smtp, 2)

    text = confirmation.get_body(("plain",)).get_content()
    path = re.search(r"http://localhost(/registrations/\S+)", text).group(1)
    page.goto(live_server + path)
    assert "Lotte Janssens" in page.inner_text("main")
    axe_check(page)
    page.get_by_role("button", name="Alles annuleren").click()
    page.wait_for_load_state()
    assert "geannuleerd" in page.inner_text("main")

    promotion = next(m for m in [wait_for_mail(smtp, 4), *smtp.messages]
                     if m["To"] == "wachtende@example.be" and "plaats vrij" in m["Subject"])
    assert smtp.calendars(promotion)
    db.session.expire_all()
    statuses = {r.participant_name: r.status for r in db.session.scalars(
        sa.select(Registration).where(Registration.event_id == event.id))}
    assert statuses == {"Lotte Janssens": RegistrationStatus.CANCELLED,
                        "Mats Janssens": RegistrationStatus.CANCELLED,
                        "Noor Peeters": RegistrationStatus.CONFIRMED}


def test_organiser_checks_people_in_on_a_phone(browser, live_server, db, client, make_event,
                                               make_user, axe_check):
    from stem_events.accounts.models import Membership
    from stem_events.registrations.models import Attendance

    event = make_event(title="Codeerclub", age_min=6, age_max=12, capacity=5,
                       registration_mode=RegistrationMode.SERIES)
    organiser = make_user(email="org@example.be")
    db.session.add(Membership(user_id=organiser.id, organisation_id=event.organisation_id))
    db.session.commit()
    client.post(f"/events/{event.id}/register", data=children_form(
        children=[("Lotte", "Janssens", "2016-05-01"), ("Mats", "Janssens", "2017-09-30")]))

    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="nl-BE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server}/login?next=/manage/events/{event.id}/registrations/checkin")
    page.get_by_label("E-mailadres").fill("org@example.be")
    page.get_by_label("Wachtwoord").fill("correct horse 42")
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url("**/registrations/checkin")
    page.get_by_label("Zoek op naam").fill("lot")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_load_state()
    assert "Mats" not in page.inner_text("main")
    page.get_by_role("button", name="Aanwezig").click()
    page.wait_for_load_state()
    assert "Lotte Janssens is aangemeld." in page.inner_text("main")
    axe_check(page)
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
    context.close()
    assert not overflow
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Attendance)) == 1
