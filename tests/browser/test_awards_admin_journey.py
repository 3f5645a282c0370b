"""A coordinator reorders and renames a round's categories in a real browser (axe, WCAG 2.1
AA): the up button, the edit page with a refused place (error summary, input kept, focus by
link), and the audit log naming the changes in Dutch."""

from datetime import timedelta

from stem_events.accounts.models import Role
from stem_events.awards.models import AwardCategory, AwardCriterion
from stem_events.date_time import now_utc
from tests.awards.factories import make_round_fixture  # noqa: F401
from tests.browser.test_manage_journey import _login


def test_a_coordinator_reorders_and_renames_categories(page, live_server, db, make_user,
                                                       make_round, axe_check):
    now = now_utc()
    award_round = make_round(nominations_open=now - timedelta(days=5),
                             nominations_close=now + timedelta(days=20),
                             jury_close=now + timedelta(days=40))
    second = AwardCategory(name="Meisjes in STEM", position=1)
    second.criteria = [AwardCriterion(name="Algemene indruk", weight=1)]
    award_round.categories.append(second)
    db.session.commit()
    make_user(role=Role.ADMIN, email="coordinator@vlaio.be")
    _login(page, live_server, "coordinator@vlaio.be")

    page.goto(f"{live_server}/admin/awards/{award_round.id}")
    axe_check(page)
    page.get_by_role("button", name="Omhoog Meisjes in STEM").click()
    page.wait_for_load_state()
    headings = page.locator("#categories-heading ~ section h3").all_inner_texts()
    assert headings[:2] == ["Meisjes in STEM", "Beste praktijk"]

    page.get_by_role("link", name="Naam, beschrijving, criteria en plaats wijzigen "
                                   "(Beste praktijk)").click()
    page.wait_for_load_state()
    axe_check(page)
    page.get_by_label("Naam van de categorie").fill("Beste STEM-praktijk")
    page.get_by_label("Plaats in de volgorde").fill("5")
    page.get_by_role("button", name="Bewaren").click()
    page.wait_for_load_state()
    alert = page.get_by_role("alert")
    assert "Een plaats van 1 tot 2." in alert.inner_text()
    assert page.get_by_label("Naam van de categorie").input_value() == "Beste STEM-praktijk"
    axe_check(page)
    alert.get_by_role("link", name="Plaats in de volgorde").click()
    assert page.evaluate("document.activeElement.name") == "position"
    page.keyboard.press("Control+A")
    page.keyboard.type("1")
    page.get_by_role("button", name="Bewaren").click()
    page.wait_for_load_state()
    headings = page.locator("#categories-heading ~ section h3").all_inner_texts()
    assert headings[:2] == ["Beste STEM-praktijk", "Meisjes in STEM"]

    page.goto(f"{live_server}/admin/audit")
    log = page.inner_text("main")
    assert "volgorde van de awardcategorieën gewijzigd" in log
    assert "awardcategorie gewijzigd" in log
    axe_check(page)
