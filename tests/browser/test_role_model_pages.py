"""Role models in the browser: the list and a profile at phone and laptop size, the person's
consent form (errors summarised with links to the fields) and the withdrawal page; axe-clean,
no sideways scrolling at 320 px."""

import pytest

from stem_events.rolemodels import consent
from stem_events.rolemodels.models import RoleModelStatus
from tests.network.factories import make_edition_fixture, make_initiative_fixture  # noqa: F401
from tests.rolemodels.conftest import make_role_model  # noqa: F401  (the fixture)

SIZES = [(390, 844), (1280, 800)]


def _no_sideways_scrolling(page):
    page.set_viewport_size({"width": 320, "height": 700})
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")


@pytest.mark.parametrize("width, height", SIZES)
def test_the_list_and_a_profile(page, live_server, make_event, make_role_model,  # noqa: F811
                                axe_check, width, height):
    event = make_event(title="Windturbines bouwen")
    role_model = make_role_model(events=[event], photo=True,
                                 self_description="Opgegroeid in Genk.")
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server}/role-models")
    page.get_by_role("link", name="Yasmina El Idrissi").click()
    page.wait_for_url(f"**/role-models/{role_model.id}")
    assert page.get_by_role("heading", level=1).inner_text() == "Yasmina El Idrissi"
    assert page.get_by_role("img", name="Foto van Yasmina El Idrissi").is_visible()
    axe_check(page)
    page.get_by_role("link", name="Windturbines bouwen").click()
    assert page.get_by_role("heading", name="Met rolmodel").is_visible()
    axe_check(page)
    page.goto(f"{live_server}/role-models")
    axe_check(page)
    _no_sideways_scrolling(page)


def test_the_person_consents_with_a_guardian_and_can_withdraw(page, live_server, db,
                                                              make_role_model,  # noqa: F811
                                                              axe_check):
    role_model = make_role_model(status=RoleModelStatus.PROPOSED, photo=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/role-models/confirm/{consent.confirm_token(role_model)}")
    axe_check(page)
    page.get_by_label("Je geboortedatum").fill("2015-03-01")
    page.get_by_label("Ik geef toestemming om mijn profiel", exact=False).check()
    page.get_by_role("button", name="Toestemming geven").click()
    summary = page.locator(".error-summary")
    assert "ouder of voogd" in summary.inner_text()
    axe_check(page)
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "guardian_name"
    page.get_by_label("Naam van je ouder of voogd", exact=False).fill("Fatima El Idrissi")
    page.get_by_label("Ik ben ouder of voogd en geef toestemming", exact=False).check()
    page.get_by_label("Ik geef toestemming om mijn profiel", exact=False).check()
    page.get_by_role("button", name="Toestemming geven").click()
    page.get_by_role("heading", name="Bedankt, je toestemming is genoteerd").wait_for()
    page.get_by_role("link", name="Toch niet? Trek je toestemming in").click()
    axe_check(page)
    page.get_by_role("button", name="Ja, verwijder mijn profiel").click()
    # is_visible() does not wait: the answer to the POST must have arrived (a busy machine)
    page.get_by_role("heading", name="Je profiel is verwijderd").wait_for()
    _no_sideways_scrolling(page)


def test_the_programme_and_an_initiative_link_their_role_models(
        page, live_server, db, make_event, make_role_model, make_edition,  # noqa: F811
        make_initiative, axe_check):
    """At phone size: a programme speaker who is a role model, and an initiative's role
    models, lead to the profile; both pages axe-clean, no sideways scrolling."""
    from datetime import timedelta

    from stem_events.editions.models import ProgrammeItem
    from tests.conftest import utc

    edition = make_edition(year=2030)
    start = utc(2030, 5, 18, 9)
    item = ProgrammeItem(edition_id=edition.id, title="Meisjes in STEM", starts_at=start,
                         ends_at=start + timedelta(hours=1))
    db.session.add(item)
    db.session.commit()
    initiative = make_initiative(name="Codeerclub Genk")
    role_model = make_role_model(programme_items=[item], initiatives=[initiative])
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/state-of-the-stem/2030")
    axe_check(page)
    _no_sideways_scrolling(page)
    page.get_by_role("link", name="Yasmina El Idrissi").click()
    page.wait_for_url(f"**/role-models/{role_model.id}")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/initiatives/{initiative.id}-{initiative.slug}")
    assert page.get_by_role("heading", name="Met rolmodel").is_visible()
    axe_check(page)
    _no_sideways_scrolling(page)
    page.get_by_role("link", name="Yasmina El Idrissi").click()
    page.wait_for_url(f"**/role-models/{role_model.id}")
