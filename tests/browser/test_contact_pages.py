"""The public contact (issue 16, item 4) on the event and organisation pages, and the outcome
page after registering (item 2), on a phone and a laptop: readable, tappable, axe-clean, no
sideways scrolling at 320 px."""

import pytest

from stem_events.events.models import RegistrationMode

SIZES = [(390, 844), (1280, 800)]


@pytest.mark.parametrize("width, height", SIZES)
def test_contact_and_outcome_pages(page, live_server, db, make_organisation, make_event,
                                   axe_check, width, height):
    organisation = make_organisation(name="STEM-academie Antwerpen",
                                     public_email="info@stem-antwerpen.example",
                                     public_phone="+32 3 210 10 10")
    event = make_event(title="Technieklab", organisation=organisation, capacity=1,
                       registration_mode=RegistrationMode.SERIES, waitlist_enabled=True)
    page.set_viewport_size({"width": width, "height": height})
    for url in (f"/events/{event.id}-{event.slug}", f"/organisations/{organisation.id}"):
        page.goto(f"{live_server}{url}")
        link = page.get_by_role("link", name="info@stem-antwerpen.example")
        assert link.get_attribute("href") == "mailto:info@stem-antwerpen.example"
        assert page.get_by_role("link", name="+32 3 210 10 10").get_attribute("href") == \
            "tel:+3232101010"
        axe_check(page)

    page.goto(f"{live_server}/events/{event.id}/register")
    page.locator("#who-1").check()
    page.get_by_label("Je naam").fill("Sara Janssens")
    page.get_by_label("Je e-mailadres").fill(f"sara{width}@example.be")
    page.locator("#children-0-first_name").fill("Lotte")
    page.locator("#children-0-last_name").fill("Janssens")
    page.locator("#children-0-birth_date").fill("2016-05-01")
    page.get_by_label("Ik ben ouder of voogd en geef toestemming", exact=False).check()
    page.get_by_role("button", name="Inschrijven").click()
    page.wait_for_url("**/register/received?outcome=*")
    assert "Lotte Janssens: bevestigd" in page.inner_text("main")
    axe_check(page)
    page.set_viewport_size({"width": 320, "height": 700})
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
