"""Item 6 of issue 17: at the door the organiser scans the QR code of the confirmation mail in
the check-in page. A still image of a real QR code (made here with segno, as the mails make
them) goes through the page's reader and finds the person; axe on the page."""

import io

import segno
import sqlalchemy as sa

from stem_events.accounts.models import Membership
from stem_events.events.models import RegistrationMode
from stem_events.registrations.models import Registration
from tests.registrations.helpers import children_form


def test_the_page_reads_a_qr_code_from_a_photo(browser, live_server, db, client, make_event,
                                               make_user, axe_check):
    event = make_event(title="Codeerclub", age_min=6, age_max=12, capacity=5,
                       registration_mode=RegistrationMode.SERIES)
    organiser = make_user(email="org@example.be")
    db.session.add(Membership(user_id=organiser.id, organisation_id=event.organisation_id))
    db.session.commit()
    client.post(f"/events/{event.id}/register", data=children_form(
        children=[("Lotte", "Janssens", "2016-05-01")]))
    token = db.session.scalars(sa.select(Registration.own_token)).one()
    link = f"{live_server}/manage/events/{event.id}/registrations/checkin?code={token}"
    image = io.BytesIO()
    segno.make(link, error="m").save(image, kind="png", scale=6, border=4)

    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="nl-BE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server}/login?next=/manage/events/{event.id}/registrations/checkin")
    page.get_by_label("E-mailadres").fill("org@example.be")
    page.get_by_label("Wachtwoord").fill("correct horse 42")
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url("**/registrations/checkin")
    assert page.get_by_role("button", name="Scan de QR-code met de camera").is_visible()
    axe_check(page)
    page.get_by_label("Of kies een foto van de QR-code").set_input_files(
        files=[{"name": "qr.png", "mimeType": "image/png", "buffer": image.getvalue()}])
    page.wait_for_url(f"**/registrations/checkin?*code={token}*")
    assert page.get_by_label("Code uit de QR-code (of de hele link)").input_value() == token
    assert "Lotte Janssens" in page.inner_text("main")
    page.get_by_role("button", name="Aanwezig").click()
    page.wait_for_load_state()
    assert "Lotte Janssens is aangemeld." in page.inner_text("main")
    axe_check(page)
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
    context.close()
    assert not overflow
