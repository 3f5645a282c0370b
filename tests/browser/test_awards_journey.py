"""The award forms in a real browser, checked with axe (WCAG 2.1 AA): an organiser nominates an
initiative (the error summary first, then success), and a juror declares conflicts and scores
through the signed link, at a phone's size and by keyboard."""

from datetime import timedelta

from stem_events.accounts.models import MemberRole, Membership
from stem_events.accounts.tokens import make_token
from stem_events.awards.jury import TOKEN_PURPOSE
from stem_events.awards.models import Juror
from stem_events.date_time import now_utc
from tests.awards.factories import make_round_fixture  # noqa: F401
from tests.browser.test_manage_journey import _login
from tests.network.factories import make_initiative_fixture  # noqa: F401


def test_an_organiser_nominates_an_initiative(page, live_server, db, make_user,
                                              make_organisation, make_initiative, make_round,
                                              axe_check):
    now = now_utc()
    award_round = make_round(nominations_open=now - timedelta(days=5),
                             nominations_close=now + timedelta(days=20),
                             jury_close=now + timedelta(days=40))
    organisation = make_organisation(name="Stad Leuven", municipality_nis="24062")
    organiser = make_user(email="stem@leuven.be")
    db.session.add(Membership(user=organiser, organisation=organisation, role=MemberRole.OWNER))
    db.session.commit()
    make_initiative("Robotclub Leuven", organisations=[make_organisation(name="Robotclub vzw")])

    _login(page, live_server, "stem@leuven.be")
    page.goto(f"{live_server}/awards/{award_round.id}")
    axe_check(page)
    page.get_by_role("link", name="Nomineer een initiatief").click()
    page.wait_for_load_state()
    axe_check(page)
    page.get_by_label("Initiatief (gepubliceerd in het register)").select_option(
        label="Robotclub Leuven")
    page.get_by_label("Motivatie: Impact").fill("Elke zaterdag dertig jongeren.")
    page.get_by_role("button", name="Nominatie versturen").click()
    page.wait_for_load_state()
    alert = page.get_by_role("alert")
    assert "Motiveer de nominatie voor dit criterium." in alert.inner_text()
    assert page.get_by_label("Motivatie: Impact").input_value() == \
        "Elke zaterdag dertig jongeren."
    axe_check(page)  # the form with its error summary
    alert.get_by_role("link", name="Motivatie: Bereik").click()
    assert page.evaluate("document.activeElement.name").startswith("motivation-")
    page.keyboard.type("Ook meisjes en nieuwkomers.")
    page.get_by_role("button", name="Nominatie versturen").click()
    page.wait_for_load_state()
    assert "Je nominatie van ‘Robotclub Leuven’ is ontvangen." in page.inner_text("main")
    axe_check(page)


def test_a_juror_declares_and_scores_on_a_phone(browser, live_server, db, app,
                                                make_organisation, make_initiative,
                                                make_round, axe_check):
    from stem_events.awards.models import Motivation, Nomination

    now = now_utc()
    award_round = make_round(nominations_open=now - timedelta(days=40),
                             nominations_close=now - timedelta(days=1),
                             jury_close=now + timedelta(days=20))
    category = award_round.categories[0]
    for name in ("Robotclub Leuven", "Codeerclub Gent"):
        nomination = Nomination(initiative=make_initiative(name))
        nomination.motivations = [Motivation(criterion=c, text=f"Sterk in {c.name}.")
                                  for c in category.criteria]
        category.nominations.append(nomination)
    juror = Juror(email="jury@example.be", name="An Jury")
    category.jurors.append(juror)
    db.session.commit()
    with app.test_request_context():
        token = make_token(TOKEN_PURPOSE, {"j": juror.id, "n": juror.nonce})

    context = browser.new_context(locale="nl-BE", timezone_id="Europe/Brussels",
                                  viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server}/awards/jury/{token}")
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_label("Codeerclub Gent").check()
    page.get_by_label("Ik verklaar dat ik met de andere nominaties").check()
    page.get_by_role("button", name="Verklaring bewaren").click()
    page.wait_for_load_state()
    assert "Je verklaring is bewaard." in page.inner_text("main")
    assert "Je beoordeelt deze nominatie niet (belangenconflict)." in page.inner_text("main")
    axe_check(page)

    robot = page.get_by_role("region", name="Robotclub Leuven")
    robot.get_by_role("group", name="Impact (gewicht 3)").get_by_label("4").check()
    robot.get_by_role("button", name="Scores bewaren").click()
    page.wait_for_load_state()
    assert "Geef ‘Bereik’ een score van 1 tot 5." in page.get_by_role("alert").inner_text()
    axe_check(page)  # the jury form with its error summary
    robot = page.get_by_role("region", name="Robotclub Leuven")
    assert robot.get_by_role("group", name="Impact (gewicht 3)").get_by_label("4").is_checked()
    bereik = robot.get_by_role("group", name="Bereik (gewicht 1)")
    bereik.get_by_label("3").focus()
    page.keyboard.press("Space")  # keyboard works: Space selects the focused radio
    robot.get_by_label("Toelichting bij Impact").fill("Mooi verankerd in de buurt.")
    robot.get_by_role("button", name="Scores bewaren").click()
    page.wait_for_load_state()
    assert "Je scores zijn bewaard." in page.inner_text("main")
    assert "Je beoordeelde 1 van de 1 nominaties." in page.inner_text("main")
    axe_check(page)
    context.close()
