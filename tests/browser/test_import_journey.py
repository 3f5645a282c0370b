"""An organiser adds their academy's Google agenda: reads the preview, adds the source and
imports it; the events wait for review."""

from datetime import timedelta

from stem_events.accounts.models import MemberRole, Membership
from stem_events.date_time import today_local
from stem_events.imports.demo import demo_feed


def _login(page, live_server, email):
    page.goto(f"{live_server}/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill("correct horse 42")
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_load_state()


def test_add_a_source_read_the_preview_and_import(page, live_server, app, db, make_user,
                                                  make_organisation, httpserver, monkeypatch,
                                                  axe_check):
    monkeypatch.setitem(app.config, "IMPORT_ALLOWED_HOSTS", ("localhost", "127.0.0.1"))
    httpserver.expect_request("/agenda.ics").respond_with_data(
        demo_feed(today_local() - timedelta(days=1)), content_type="text/calendar")
    organisation = make_organisation(name="STEM-academie Gent")
    organiser = make_user(email="lesgever@academie.be")
    db.session.add(Membership(user=organiser, organisation=organisation, role=MemberRole.OWNER))
    db.session.commit()

    _login(page, live_server, "lesgever@academie.be")
    page.get_by_role("link", name="Mijn activiteiten").click()
    page.get_by_role("link", name="Agenda’s importeren").click()
    axe_check(page)
    page.get_by_role("link", name="Bron toevoegen").click()
    page.get_by_label("Adres van de iCal-feed").fill(httpserver.url_for("/agenda.ics"))
    page.get_by_label("Naam van de agenda").fill("Google Agenda academie")
    page.get_by_label("Standaardgemeente of postcode").fill("9000")
    page.get_by_role("button", name="Voorbeeld bekijken").click()
    page.wait_for_load_state()
    preview = page.locator(".preview").inner_text()
    assert "2 activiteiten met samen 8 sessies" in preview
    assert "Codeclub voor 10- tot 14-jarigen" in preview and "en nog 6 sessies" in preview
    axe_check(page)

    page.get_by_role("button", name="Bron toevoegen").click()
    page.wait_for_load_state()
    assert "Bron toegevoegd" in page.inner_text("main")
    page.get_by_role("button", name="Nu ophalen").click()
    page.wait_for_load_state()
    assert "Opgehaald: 2 nieuw" in page.inner_text("main")
    assert "gelukt" in page.locator("table").inner_text()
    axe_check(page)
    page.goto(f"{live_server}/manage/")
    assert "Codeclub voor 10- tot 14-jarigen" in page.inner_text("main")
