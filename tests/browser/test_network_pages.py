"""The initiatives catalogue and "STEM in jouw gemeente" in a browser, checked with axe."""

from stem_events.reference.models import EventKind
from tests.network.factories import make_edition_fixture, make_initiative_fixture  # noqa: F401


def test_initiatives_catalogue_filters_and_is_accessible(
        page, live_server, make_initiative, axe_check):
    make_initiative("Robotlab Brugge", themes=["robotica"], municipalities=["31005"],
                    age_min=10, age_max=14, goals=["OD1.2.1"])
    make_initiative("Energiecoaches Gent", themes=["energie"], age_min=16)
    page.goto(f"{live_server}/initiatives")
    assert page.get_by_role("heading", level=1).inner_text().startswith("STEM-initiatieven")
    axe_check(page)
    page.get_by_label("Leeftijd").fill("12")
    page.get_by_role("button", name="Toon initiatieven").click()
    page.wait_for_url("**/initiatives?*age=12*")
    assert "1 initiatief" in page.inner_text("main")
    page.get_by_role("link", name="Robotlab Brugge").click()
    page.wait_for_url("**/initiatives/*-robotlab-brugge")
    assert "10–14 jaar" in page.inner_text("main")
    axe_check(page)


def test_municipality_page_is_accessible(
        page, live_server, make_event, make_initiative, axe_check):
    make_event(title="Academie Gent", kind=EventKind.ACADEMY_ACTIVITY)
    make_initiative("Codeerclub Gent")
    page.goto(f"{live_server}/municipalities")
    axe_check(page)
    page.get_by_role("link", name="Gent", exact=True).first.click()
    page.wait_for_url("**/municipalities/44021")
    main = page.inner_text("main")
    assert "Er is een STEM-academie actief in Gent." in main
    assert "Codeerclub Gent" in main
    axe_check(page)


def test_edition_page_is_accessible_and_prints_without_navigation(page, live_server, db,
                                                                  make_edition, axe_check):
    from datetime import timedelta

    from stem_events.editions.models import ProgrammeItem
    from tests.conftest import utc

    edition = make_edition(year=2028)
    start = utc(2028, 5, 18, 8)
    edition.programme.append(ProgrammeItem(title="Meisjes en STEM", track="Vrije tijd",
                                           room="Beta", starts_at=start,
                                           ends_at=start + timedelta(hours=1)))
    db.session.commit()
    page.goto(f"{live_server}/state-of-the-stem/2028")
    assert page.get_by_role("heading", level=1).inner_text() == "State-of-the-STEM 2028"
    assert "Meisjes en STEM" in page.inner_text("main")
    axe_check(page)
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert page.get_by_text("Meisjes en STEM").is_visible()


def test_report_is_accessible_for_a_coordinator(browser, live_server, app, make_user, make_event,
                                                axe_check):
    from stem_events.accounts.models import Role

    moment = make_event(title="Netwerkmoment", kind=EventKind.NETWORK_MOMENT)
    coordinator = make_user(role=Role.ADMIN)
    context = browser.new_context(locale="nl-BE", timezone_id="Europe/Brussels")
    page = context.new_page()
    page.goto(f"{live_server}/login?next=/admin/report")
    page.get_by_label("E-mailadres").fill(coordinator.email)
    page.get_by_label("Wachtwoord").fill("correct horse 42")
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url("**/admin/report")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Monitoringsrapport")
    assert page.locator("svg[role=img]").count() == 5
    axe_check(page)
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="Toon het rapport").is_visible()
    assert page.get_by_role("heading", name="Verbindingen").is_visible()
    page.emulate_media(media="screen")
    page.goto(f"{live_server}/admin/network/{moment.id}")
    page.get_by_label("Regio").fill("Waasland")
    page.get_by_label("Titel van de pitch").first.fill("Codeerclubs in de bib")
    page.get_by_role("button", name="Bewaren").click()
    page.wait_for_load_state()
    assert "Het netwerkmoment is bewaard." in page.inner_text("main")
    axe_check(page)
    context.close()
