"""An organiser registers an initiative and submits it; a coordinator approves it and it
appears in the public registry."""

from stem_events.accounts.models import MemberRole, Membership, Role
from tests.browser.test_manage_journey import _login


def test_organiser_submits_an_initiative_and_a_coordinator_approves_it(
        page, live_server, db, make_user, make_organisation, axe_check):
    organisation = make_organisation(name="STEM-academie Leuven", municipality_nis="24062")
    organiser = make_user(email="coach@academie-leuven.be")
    db.session.add(Membership(user=organiser, organisation=organisation, role=MemberRole.OWNER))
    db.session.commit()
    make_user(role=Role.ADMIN, email="coordinator@vlaio.be")

    _login(page, live_server, "coach@academie-leuven.be")
    page.get_by_role("link", name="Mijn activiteiten").click()
    page.get_by_role("link", name="Mijn initiatieven").click()
    axe_check(page)
    page.get_by_role("link", name="Nieuw initiatief").click()
    axe_check(page)  # the form, with the municipality picker

    page.get_by_label("Naam van het initiatief").fill("Robotclub Leuven")
    page.get_by_label("Korte inhoud").fill("Elke zaterdag robots bouwen.")
    page.get_by_label("Beschrijving").fill("Voor **iedereen** vanaf 10 jaar.")
    page.get_by_label("Minimumleeftijd").fill("10")
    page.get_by_label("Maximumleeftijd").fill("8")  # wrong on purpose
    page.get_by_label("Robotica").check()
    # goals: grouped checkboxes narrowed by a filter box, ticked by keyboard (no Ctrl-click)
    goals = page.locator("[data-choice-filter]", has=page.get_by_label("Zoek een doel"))
    page.get_by_label("Zoek een doel").fill("OD 1.2.1")
    assert goals.locator("li:visible").count() == 1
    page.get_by_label("Zoek een doel").press("Tab")
    page.keyboard.press("Space")
    assert goals.locator("li:visible input").is_checked()
    # keyboard: the search box narrows the 304 municipalities and opens their province;
    # Tab reaches the province, then the municipality, Space ticks it
    search = page.get_by_label("Zoek een gemeente")
    search.fill("leuv")
    assert page.locator(".municipality-picker li:visible").count() == 1
    search.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "municipality-24062"
    page.keyboard.press("Space")
    assert page.get_by_label("Leuven", exact=True).is_checked()
    page.get_by_label("Website").fill("https://robotclub.example")
    page.get_by_label("Telefoon voor contact").fill("016 12 34 56")
    page.get_by_role("button", name="Bewaren").click()
    page.wait_for_load_state()

    alert = page.get_by_role("alert")
    assert "De maximumleeftijd is lager dan de minimumleeftijd." in alert.inner_text()
    assert page.get_by_label("Naam van het initiatief").input_value() == "Robotclub Leuven"
    assert page.get_by_label("Leuven", exact=True).is_checked()  # the choice is kept
    assert page.locator('input[name="goals"][value="OD1.2.1"]').is_checked()
    axe_check(page)  # the form with its error summary
    page.get_by_label("Maximumleeftijd").fill("14")
    page.get_by_role("button", name="Bewaren").click()
    page.wait_for_load_state()
    assert "Het initiatief is bewaard als ontwerp." in page.inner_text("main")
    axe_check(page)
    page.get_by_role("button", name="Indienen ter goedkeuring").click()
    page.wait_for_load_state()
    assert "ter goedkeuring" in page.inner_text(".status")
    page.get_by_role("button", name="Afmelden").click()

    _login(page, live_server, "coordinator@vlaio.be")
    page.get_by_role("link", name="Beheer", exact=True).click()
    page.get_by_role("link", name="Robotclub Leuven").click()
    axe_check(page)
    page.get_by_role("button", name="Goedkeuren en publiceren").click()
    page.wait_for_load_state()
    assert "Je beslissing is bewaard" in page.inner_text("main")

    page.goto(f"{live_server}/initiatives")
    page.get_by_role("link", name="Robotclub Leuven").click()
    page.wait_for_load_state()
    main = page.inner_text("main")
    assert "Elke zaterdag robots bouwen." in main and "Leuven" in main
    assert page.locator(".description strong").inner_text() == "iedereen"
