"""A participant registers for a State-of-the-STEM edition, chooses two sessions that do not
overlap (an overlapping pair is refused first) and finds them in the personal feed."""

import re
import time

from tests.network.choice_helpers import open_edition


def test_register_for_an_edition_choose_two_sessions_and_find_them_in_the_feed(
        page, live_server, db, make_event, smtp, axe_check):
    edition = open_edition(db, make_event, capacity=50, items=[
        ("Robotica in de klas", 60, 60, 20), ("Meisjes en STEM", 90, 60, None),
        ("Technologie-onderwijs", 150, 60, 2)])
    robotics, girls, technology = edition.programme
    page.goto(f"{live_server}/state-of-the-stem/{edition.year}")
    axe_check(page)
    page.get_by_role("link", name="Inschrijven voor deze editie").click()
    page.wait_for_url(f"**/events/{edition.event_id}/register")
    page.get_by_label("Je naam").fill("An Peeters")
    page.get_by_label("Je e-mailadres").fill("an@example.be")
    page.get_by_label("Organisatie die je vertegenwoordigt").fill("Hogeschool Gent")
    page.get_by_label("Soort organisatie").select_option("knowledge")
    page.get_by_role("button", name="Inschrijven").click()
    page.wait_for_url("**/register/received?outcome=*")

    deadline = time.monotonic() + 10
    while not smtp.messages and time.monotonic() < deadline:
        time.sleep(0.05)
    text = smtp.messages[0].get_body(("plain",)).get_content()
    path = re.search(r"http://localhost(/registrations/\S+)", text).group(1)
    page.goto(live_server + path)
    page.get_by_role("link", name="Kies je sessies").click()
    page.wait_for_url("**/sessions")
    axe_check(page)

    page.get_by_label("Robotica in de klas").check()
    page.get_by_label("Meisjes en STEM").check()
    page.get_by_role("button", name="Keuze bewaren").click()
    page.wait_for_load_state()
    assert "lopen tegelijk" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Meisjes en STEM").is_checked()  # the form is kept

    page.get_by_label("Meisjes en STEM").uncheck()
    page.get_by_label("Technologie-onderwijs").check()
    page.get_by_role("button", name="Keuze bewaren").click()
    page.wait_for_load_state()
    assert "Je keuze is bewaard" in page.inner_text("main")
    assert "nog 1 plaats" in page.inner_text("main")

    feed = page.get_by_role("link", name="persoonlijke kalender (iCal)").get_attribute("href")
    response = page.request.get(live_server + re.sub(r"^https?://[^/]+", "", feed))
    assert response.status == 200
    body = response.text()
    assert f"UID:{robotics.uid}" in body and f"UID:{technology.uid}" in body
    assert f"UID:{girls.uid}" not in body
    assert "Robotica in de klas (State-of-the-STEM" in body
