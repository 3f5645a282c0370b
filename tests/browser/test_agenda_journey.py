"""A visitor finds an activity on the agenda with a keyboard and reads it in Dutch."""

from datetime import timedelta

from stem_events.date_time import now_utc
from stem_events.events.models import EventStatus


def test_agenda_is_accessible_and_leads_to_an_event(page, live_server, make_event, axe_check):
    start = now_utc().replace(microsecond=0) + timedelta(days=3)
    weekly = [start + timedelta(weeks=w) for w in range(6)]
    make_event(title="Robotica-academie Gent", summary="Bouw je eigen robot.", age_min=8,
               age_max=12, sessions=[(s, s + timedelta(hours=2)) for s in weekly])
    make_event(title="Sterrenkijkavond", status=EventStatus.CANCELLED)

    page.goto(f"{live_server}/agenda")
    assert page.locator("html").get_attribute("lang") == "nl-BE"
    assert page.get_by_role("heading", level=1).inner_text().startswith("STEM-activiteiten")
    assert "reeks van 6 sessies" in page.inner_text("main")
    assert "Geannuleerd" in page.inner_text("main")
    axe_check(page)

    page.keyboard.press("Tab")  # the first stop is the skip link
    assert page.evaluate("document.activeElement.textContent.trim()") == "Naar de inhoud"

    page.get_by_role("link", name="Robotica-academie Gent").click()
    page.wait_for_url("**/events/*-robotica-academie-gent")
    assert "8–12 jaar" in page.inner_text("main")
    assert page.get_by_role("heading", name="Alle sessies").is_visible()
    axe_check(page)


def test_language_switch_in_the_browser(page, live_server, make_event):
    make_event(title="Codeerclub")
    page.goto(f"{live_server}/agenda")
    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Skip to content").count() == 1
    page.get_by_role("link", name="Nederlands").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "nl-BE"


def test_layout_holds_on_a_phone_and_at_200_percent_zoom(browser, live_server, make_event):
    make_event(title="Workshop 3D-printen voor beginners met een erg lange titel")
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="nl-BE")
    page = context.new_page()
    page.goto(f"{live_server}/agenda")
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
    context.close()
    assert not overflow, "horizontal scrolling at 320 px (= 1280 px at 400 %, WCAG 1.4.10)"


def test_find_an_event_with_filters_and_reach_its_calendar_file(page, live_server, make_event,
                                                                axe_check):
    start = now_utc().replace(microsecond=0) + timedelta(days=2)
    make_event(title="Codeerclub Antwerpen", municipality_nis="11002", age_min=8, age_max=12,
               sessions=[(start, start + timedelta(hours=2))])
    make_event(title="Codeerclub Gent", municipality_nis="44021", age_min=8, age_max=12)
    make_event(title="Lezing voor volwassenen", municipality_nis="11002", age_min=18)

    page.goto(f"{live_server}/agenda")
    page.get_by_label("Provincie").select_option(label="Antwerpen")
    page.get_by_label("Leeftijd").fill("10")
    page.get_by_role("button", name="Toon activiteiten").click()
    page.wait_for_url("**/agenda?*province=10000*")
    main = page.inner_text("main")
    assert "Codeerclub Antwerpen" in main
    assert "Codeerclub Gent" not in main and "Lezing voor volwassenen" not in main
    assert page.get_by_role("link", name="Filter Antwerpen verwijderen").count() == 1
    axe_check(page)

    page.get_by_role("link", name="Codeerclub Antwerpen").click()
    page.wait_for_url("**/events/*-codeerclub-antwerpen")
    ics = page.get_by_role("link", name="Agendabestand (.ics)")
    assert ics.get_attribute("href").endswith(".ics")
    axe_check(page)
    calendar = page.request.get(live_server + ics.get_attribute("href"))
    assert calendar.ok and calendar.headers["content-type"].startswith("text/calendar")
    assert "SUMMARY:Codeerclub Antwerpen" in calendar.text()

    page.goto(f"{live_server}/embed/agenda?province=10000&age=10")
    assert "Codeerclub Antwerpen" in page.inner_text("main")
    axe_check(page)


def test_municipality_list_narrows_to_the_province(page, live_server):
    page.goto(f"{live_server}/agenda")
    page.get_by_label("Provincie").select_option("70000")  # Limburg
    visible = page.evaluate(
        "[...document.querySelectorAll('#f-municipality optgroup')]"
        ".filter(g => !g.hidden).map(g => g.label)")
    assert visible == ["Limburg"]
