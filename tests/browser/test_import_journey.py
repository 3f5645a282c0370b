"""An organiser adds their academy's Google agenda: reads the preview, adds the source and
imports it; the events wait for review."""

from datetime import timedelta

from stem_events.accounts.models import MemberRole, Membership
from stem_events.date_time import today_local
from stem_events.imports.demo import demo_feed
from stem_events.series import services as series_services


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


def _imported_source(app, db, make_user, make_organisation, httpserver, monkeypatch):
    from stem_events.imports import run
    from stem_events.imports.models import ImportSource

    monkeypatch.setitem(app.config, "IMPORT_ALLOWED_HOSTS", ("localhost", "127.0.0.1"))
    httpserver.expect_request("/agenda.ics").respond_with_data(
        demo_feed(today_local() - timedelta(days=1)), content_type="text/calendar")
    organisation = make_organisation(name="STEM-academie Gent")
    organiser = make_user(email="lesgever@academie.be")
    db.session.add(Membership(user=organiser, organisation=organisation, role=MemberRole.OWNER))
    source = ImportSource(organisation_id=organisation.id, name="Google Agenda academie",
                          url=httpserver.url_for("/agenda.ics"),
                          defaults={"municipality_nis": "44021"})
    db.session.add(source)
    db.session.commit()
    assert run.run_source(source.id).created == 2
    return organiser, db.session.get(ImportSource, source.id)


def test_a_session_moved_here_is_listed_and_the_feed_version_taken_back(
        page, live_server, app, db, make_user, make_organisation, httpserver, monkeypatch,
        axe_check):
    from stem_events.imports.models import ImportItem

    organiser, source = _imported_source(app, db, make_user, make_organisation, httpserver,
                                         monkeypatch)
    item = db.session.scalar(db.select(ImportItem).where(
        ImportItem.uid == "demo-codeclub@google.com"))
    session = min((o.session for o in item.occurrences), key=lambda s: s.starts_at)
    series_services.move_session(organiser, item.event, session,
                            session.starts_at + timedelta(hours=1),
                            session.ends_at + timedelta(hours=1))
    db.session.commit()

    _login(page, live_server, "lesgever@academie.be")
    page.goto(f"{live_server}/manage/imports/{source.id}")
    differences = page.get_by_role("table").first
    assert "Codeclub voor 10- tot 14-jarigen" in differences.inner_text()
    axe_check(page)
    button = page.get_by_role("button", name="Versie van de feed overnemen")
    button.focus()
    page.keyboard.press("Enter")
    page.get_by_text("De sessie volgt weer de feed.").wait_for()  # after the POST's redirect
    assert "De sessie volgt weer de feed." in page.inner_text("main")
    assert "Geen: alle komende sessies volgen de feed." in page.inner_text("main")


def test_coordinators_pause_a_source_and_edit_the_category_table(
        page, live_server, app, db, make_user, make_organisation, httpserver, monkeypatch,
        axe_check, restore_category_table):
    from stem_events.accounts.models import Role

    _organiser, source = _imported_source(app, db, make_user, make_organisation, httpserver,
                                          monkeypatch)
    make_user(email="coordinator@stem.be", role=Role.ADMIN)

    _login(page, live_server, "coordinator@stem.be")
    page.goto(f"{live_server}/admin/")
    page.get_by_role("navigation").get_by_role("link", name="Imports", exact=True).first.click()
    page.wait_for_load_state()
    assert "Google Agenda academie" in page.inner_text("main")
    axe_check(page)
    page.get_by_role("button", name="Pauzeren").click()
    page.wait_for_load_state()
    assert "Bron gepauzeerd." in page.inner_text("main")
    assert "gepauzeerd" in page.locator(f"#bron-{source.id}").inner_text()

    page.get_by_role("link", name="Categorieën en thema’s").click()
    page.wait_for_load_state()
    axe_check(page)
    page.get_by_role("button", name="Opslaan").click()  # empty: the reason at the field
    page.wait_for_load_state()
    assert "Vul een categorie in." in page.inner_text("main")
    page.get_by_label("Categorie in de feed").fill("Zonnepanelen")
    page.get_by_label("Thema").select_option(label="Energie")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    assert "Categorie 'zonnepanelen' → Energie opgeslagen." in page.inner_text("main")
    assert "zonnepanelen" in page.locator("table").inner_text()
    axe_check(page)
