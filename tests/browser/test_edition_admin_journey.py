"""A coordinator adds a programme item to a State-of-the-STEM edition on the admin page, and
it appears on the public edition page."""

from datetime import timedelta

from stem_events.accounts.models import Role
from stem_events.awards.models import AwardCategory, AwardRound, Nomination
from stem_events.date_time import to_local
from stem_events.editions.models import MarketStand
from stem_events.initiatives.catalogue import new_initiative
from stem_events.initiatives.models import InitiativeStatus
from tests.network.choice_helpers import open_edition


def _market_and_awards(db, edition) -> None:
    """A stand, a category with a nomination and a cancelled item: every kind of row."""
    club = new_initiative("Codeerclub Gent", status=InitiativeStatus.PUBLISHED)
    db.session.add(club)
    edition.stands.append(MarketStand(initiative=club, stand_number="M01"))
    start = edition.event.sessions[0].starts_at
    award_round = AwardRound(title="STEM-awards", year=edition.year, edition=edition,
                             nominations_open=start - timedelta(days=90),
                             nominations_close=start - timedelta(days=60),
                             jury_close=start - timedelta(days=30))
    category = AwardCategory(name="Beste STEM-academie", position=0)
    category.nominations.append(Nomination(initiative=club, shortlisted=True))
    award_round.categories += [category, AwardCategory(name="Meisjes in STEM", position=1)]
    db.session.add(award_round)
    edition.programme[1].cancelled = True
    db.session.commit()


def test_a_coordinator_adds_a_programme_item_that_the_public_sees(
        page, live_server, db, make_event, make_user, axe_check):
    edition = open_edition(db, make_event, capacity=50, items=[
        ("Robotica in de klas", 60, 60, 20), ("Meisjes en STEM", 90, 60, None)])
    _market_and_awards(db, edition)
    day = to_local(edition.event.sessions[0].starts_at).date()
    make_user(role=Role.ADMIN, email="coordinator@vlaio.be")
    page.goto(f"{live_server}/login")
    page.get_by_label("E-mailadres").fill("coordinator@vlaio.be")
    page.get_by_label("Wachtwoord").fill("correct horse 42")
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_load_state()

    page.goto(f"{live_server}/admin/")
    page.get_by_role("navigation", name="Beheer").get_by_role(
        "link", name="State-of-the-STEM").click()
    page.get_by_role("link", name=f"Editie {edition.year}").click()
    page.wait_for_url(f"**/admin/state-of-the-stem/{edition.year}")
    axe_check(page)
    tabs = page.get_by_role("navigation", name=f"State-of-the-STEM {edition.year}")
    tabs.get_by_role("link", name="Markt van initiatieven").click()
    page.wait_for_url(f"**/admin/state-of-the-stem/{edition.year}/market")
    axe_check(page)
    page.get_by_label("Standnummer van Codeerclub Gent").fill("A7")
    page.get_by_role("button", name="Markt bewaren").click()  # one save for every stand
    page.wait_for_load_state()
    assert "De markt is bewaard" in page.inner_text("main")
    assert page.get_by_label("Standnummer van Codeerclub Gent").input_value() == "A7"
    page.get_by_role("navigation", name=f"State-of-the-STEM {edition.year}").get_by_role(
        "link", name="Programma").click()
    page.wait_for_url(f"**/admin/state-of-the-stem/{edition.year}/programme")
    axe_check(page)

    page.get_by_role("link", name="Programmaonderdeel toevoegen").click()
    page.get_by_label("Titel").fill("Slotdebat: STEM in 2030")
    page.get_by_label("Zaal").fill("Grote zaal")
    page.get_by_label("Van").fill("15:30")
    page.get_by_label("Tot").fill("15:00")  # before the start: refused, input kept
    page.get_by_role("button", name="Bewaren").click()
    page.wait_for_load_state()
    assert "Het einde moet na het begin liggen." in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Titel").input_value() == "Slotdebat: STEM in 2030"
    axe_check(page)
    assert page.get_by_label("Dag").input_value() == day.isoformat()
    page.get_by_label("Tot").fill("16:15")
    page.get_by_role("button", name="Bewaren").click()
    page.wait_for_url(f"**/admin/state-of-the-stem/{edition.year}/programme")
    assert "staat in het programma" in page.inner_text("main")

    page.goto(f"{live_server}/state-of-the-stem/{edition.year}")
    programme = page.locator("section", has=page.locator("#programme-heading"))
    assert "Slotdebat: STEM in 2030" in programme.inner_text()
    assert "15:30–16:15" in programme.inner_text()
