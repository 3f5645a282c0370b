"""The network moment pages of organisers, participants and coordinators in a browser, with
axe: the organiser's network moment form (and its error summary), the participant lists,
and the coordinator's overviews of network moments, editions and award categories."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from stem_events.accounts.models import MemberRole, Membership, Role
from stem_events.awards.models import AwardCategory, AwardRound
from stem_events.date_time import now_utc
from stem_events.events.models import RegistrationMode
from stem_events.reference.models import EventKind
from stem_events.registrations.models import Registration
from stem_events.registrations.services import signed_token
from tests.browser.test_manage_journey import _login
from tests.network.choice_helpers import open_edition
from tests.network.factories import make_initiative_fixture  # noqa: F401
from tests.registrations.helpers import in_days


def test_participant_and_organiser_pages_of_a_network_moment(
        page, live_server, db, make_user, make_organisation, make_event, make_initiative,
        axe_check):
    host = make_organisation(name="Hogeschool Gent")
    organiser = make_user(email="coach@hogent.be")
    db.session.add(Membership(user=organiser, organisation=host, role=MemberRole.OWNER))
    moment = make_event(title="Netwerkmoment Oost-Vlaanderen", kind=EventKind.NETWORK_MOMENT,
                        organisation=host, registration_mode=RegistrationMode.SERIES,
                        capacity=20, sessions=in_days(10))
    make_initiative("Codeerclub Gent", organisations=[host])

    # a participant registers with organisation and pillar and joins the participant list
    page.goto(f"{live_server}/events/{moment.id}/register")
    page.get_by_label("Je naam").fill("An Peeters")
    page.get_by_label("Je e-mailadres").fill("an@example.be")
    page.get_by_label("Organisatie die je vertegenwoordigt").fill("Stad Gent")
    page.get_by_label("Soort organisatie").select_option("government")
    page.get_by_label("Toon mij in de deelnemerslijst").check()
    page.get_by_role("button", name="Inschrijven").click()
    page.wait_for_load_state()
    registration = db.session.scalar(sa.select(Registration).where(
        Registration.contact_email == "an@example.be"))
    page.goto(f"{live_server}/registrations/{signed_token(registration)}")
    page.get_by_role("link", name="Bekijk de deelnemerslijst").click()
    page.wait_for_url("**/participants")
    table = page.get_by_role("table")
    assert "An Peeters" in table.inner_text() and "overheid" in table.inner_text()
    axe_check(page)

    # the organiser records the programme: a pitch without a title is refused, kept, explained
    _login(page, live_server, "coach@hogent.be")
    page.goto(f"{live_server}/manage/events/{moment.id}/network")
    axe_check(page)
    page.get_by_label("Regio").fill("Meetjesland")
    page.get_by_label("Spreker").first.fill("Jan Janssens")
    page.get_by_label("Codeerclub Gent").check()
    page.get_by_role("button", name="Bewaren").click()
    page.wait_for_load_state()
    assert "Elke pitch heeft een titel nodig." in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Regio").input_value() == "Meetjesland"
    assert page.get_by_label("Codeerclub Gent").is_checked()
    axe_check(page)
    page.get_by_label("Titel van de pitch").first.fill("Codeerclubs in de bib")
    page.get_by_role("button", name="Bewaren").click()
    page.wait_for_load_state()
    assert "Het netwerkmoment is bewaard." in page.inner_text("main")

    page.goto(f"{live_server}/manage/events/{moment.id}/participants")
    assert "An Peeters" in page.get_by_role("table").inner_text()
    axe_check(page)


def test_coordinator_overviews_of_network_moments_editions_and_categories(
        page, live_server, db, make_user, make_event, axe_check):
    make_event(title="Netwerkmoment Limburg", kind=EventKind.NETWORK_MOMENT,
               sessions=in_days(20))
    edition = open_edition(db, make_event, items=[("Robotica in de klas", 60, 60, 20)])
    award_round = AwardRound(title="STEM-awards 2028", year=edition.year, edition=edition,
                             nominations_open=now_utc() - timedelta(days=5),
                             nominations_close=now_utc() + timedelta(days=5),
                             jury_close=now_utc() + timedelta(days=30))
    award_round.categories.append(AwardCategory(name="Beste STEM-academie", position=0))
    db.session.add(award_round)
    db.session.commit()
    make_user(role=Role.ADMIN, email="coordinator@vlaio.be")
    _login(page, live_server, "coordinator@vlaio.be")

    page.goto(f"{live_server}/admin/network/")
    assert "Netwerkmoment Limburg" in page.inner_text("main")
    axe_check(page)

    page.goto(f"{live_server}/admin/state-of-the-stem/")
    assert f"Editie {edition.year}" in page.inner_text("main")
    axe_check(page)
    page.get_by_label("Jaar van de editie").fill("1999")  # out of range: refused, kept
    page.get_by_role("button", name="Editie aanmaken").click()
    page.wait_for_load_state()
    assert "Een jaar tussen 2000 en 2100." in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Jaar van de editie").input_value() == "1999"
    axe_check(page)

    page.goto(f"{live_server}/admin/state-of-the-stem/{edition.year}")
    page.get_by_role("link", name="STEM-awards 2028").click()  # the edition links its rounds
    page.wait_for_load_state()
    assert "Beste STEM-academie" in page.inner_text("main")
    axe_check(page)  # the coordinator's round page: categories, criteria, jury, progress

    page.goto(f"{live_server}/admin/report?from=2030-01-01")
    assert "De periode mag niet in de toekomst liggen." in page.get_by_role("alert").inner_text()
    axe_check(page)
