"""Issue 16, "Done when": a parent of a 10-year-old near Herentals, on a phone and on a laptop,
finds an activity by postcode, registers two children, reads both outcomes, subscribes to the
personal feed, sees the waiting-list place as tentative, is promoted and sees it confirmed
with a higher SEQUENCE (parsed by icalendar). No page scrolls sideways at 320 px."""

import re
import time
from urllib.parse import parse_qsl, urlsplit

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from stem_events.events.models import RegistrationMode
from stem_events.registrations import services
from stem_events.registrations.models import Registration
from tests.registrations.helpers import children_form

SIZES = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 800}}


def _mail_to(smtp, address: str):
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = [m for m in smtp.messages if m["To"] == address]
        if found:
            return found[0]
        time.sleep(0.05)
    raise AssertionError(f"no mail to {address}")


def _feed(page, url: str):
    calendar = Calendar.from_ical(page.request.get(url).body())
    [vevent] = calendar.walk("VEVENT")
    return vevent


def _no_sideways_scroll(page) -> bool:
    return not page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")


@pytest.mark.parametrize("size", SIZES)
def test_a_parent_finds_registers_subscribes_and_is_promoted(
        size, browser, live_server, db, client, make_event, smtp, axe_check):
    event = make_event(title="Technieklab Herentals", municipality_nis="13011", age_min=8,
                       age_max=12, capacity=1, waitlist_enabled=True,
                       registration_mode=RegistrationMode.SERIES)
    make_event(title="Sterrenkijken in Gent", municipality_nis="44021", age_min=8, age_max=12)
    client.post(f"/events/{event.id}/register", data=children_form(
        email="eerst@example.be", children=[("Noor", "Peeters", "2015-03-03")]))

    context = browser.new_context(viewport=SIZES[size], locale="nl-BE",
                                  timezone_id="Europe/Brussels")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server}/agenda")
    drawer = page.locator("details.filter-drawer")
    if size == "phone":  # results first: the filters wait in the drawer
        assert drawer.get_attribute("open") is None
        page.get_by_text("Filters", exact=True).click()
    page.get_by_label("Zoeken", exact=True).fill("2200")
    page.get_by_label("Leeftijd").fill("10")
    page.get_by_role("button", name="Toon activiteiten").click()
    page.wait_for_url("**/agenda?*")
    assert parse_qsl(urlsplit(page.url).query, keep_blank_values=True) == [
        ("q", "2200"), ("age", "10")]  # no empty parameters in a URL to share
    main = page.inner_text("main")
    assert "Technieklab Herentals" in main and "Sterrenkijken" not in main
    assert "Wachtlijst" in main  # the card's availability
    axe_check(page)
    assert _no_sideways_scroll(page)

    page.get_by_role("link", name="Technieklab Herentals").click()
    page.get_by_role("link", name="Op de wachtlijst").click()
    page.wait_for_url(f"**/events/{event.id}/register")
    assert "8–12 jaar" in page.inner_text(".registering-for")
    page.get_by_label("Je naam").fill("Sara Janssens")
    page.get_by_label("Je e-mailadres").fill("sara@example.be")
    page.locator("#children-0-first_name").fill("Lotte")
    page.locator("#children-0-last_name").fill("Janssens")
    page.locator("#children-0-birth_date").fill("2016-05-01")
    page.get_by_role("button", name="Nog een kind toevoegen").click()
    assert page.evaluate("document.activeElement.id") == "children-1-first_name"
    page.locator("#children-1-first_name").fill("Mats")
    page.locator("#children-1-last_name").fill("Janssens")
    page.locator("#children-1-birth_date").fill("2015-09-30")
    page.get_by_label("Ik ben ouder of voogd en geef toestemming", exact=False).check()
    axe_check(page)
    assert _no_sideways_scroll(page)
    page.get_by_role("button", name="Op de wachtlijst").click()
    page.wait_for_url("**/register/received?outcome=*")
    outcome = page.inner_text("main")
    assert "Lotte Janssens: op de wachtlijst, plaats 1" in outcome
    assert "Mats Janssens: op de wachtlijst, plaats 2" in outcome
    axe_check(page)

    text = _mail_to(smtp, "sara@example.be").get_body(("plain",)).get_content()
    feed = live_server + re.search(r"http://localhost(/feeds/[A-Za-z0-9_-]+\.ics)",
                                   text).group(1)
    tentative = _feed(page, feed)
    assert str(tentative["STATUS"]) == "TENTATIVE"
    assert str(tentative["SUMMARY"]) == "Wachtlijst: Technieklab Herentals"

    first = db.session.scalar(sa.select(Registration).where(
        Registration.contact_email == "eerst@example.be"))
    client.post(f"/registrations/{services.signed_token(first)}/cancel")
    confirmed = _feed(page, feed)
    assert str(confirmed["STATUS"]) == "CONFIRMED"
    assert str(confirmed["SUMMARY"]) == "Technieklab Herentals"
    assert int(confirmed["SEQUENCE"]) > int(tentative["SEQUENCE"])
    context.close()


def test_no_page_scrolls_sideways_at_320_px(browser, live_server, db, make_event, axe_check):
    event = make_event(title="Programmeren met Scratch voor beginners en gevorderden",
                       registration_mode=RegistrationMode.SERIES, capacity=0,
                       waitlist_enabled=False, age_min=8, age_max=12)
    make_event(title="Robots bouwen", age_min=8, age_max=12,
               registration_mode=RegistrationMode.SERIES, capacity=4)
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="nl-BE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    wide = []
    for path in ("/agenda", "/agenda?view=month", "/agenda?q=programeren",
                 f"/events/{event.id}-{event.slug}", f"/events/{event.id}/register",
                 "/agenda?page=99"):
        page.goto(live_server + path)
        if not _no_sideways_scroll(page):
            wide.append(path)
        if "view=month" in path:
            axe_check(page)
    context.close()
    assert not wide
