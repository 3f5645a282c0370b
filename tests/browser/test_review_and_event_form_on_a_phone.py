"""Issue 17 items 5 and 8 on a phone (390 and 320 px): the event form and the other /manage
pages scroll only vertically, the checkbox lists filter as one types, the edition field shows
only for State-of-the-STEM; the review page passes axe."""

from datetime import timedelta

from stem_events.accounts.models import MemberRole, Membership, Role
from stem_events.date_time import now_utc
from stem_events.events.models import EventStatus

NO_SIDEWAYS = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def _login(page, live_server, email):
    page.goto(f"{live_server}/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill("correct horse 42")
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_load_state()


def test_event_form_and_manage_pages_on_a_phone(page, live_server, db, make_user,
                                                 make_organisation, make_event, axe_check):
    organisation = make_organisation(name="STEM-academie Brugge", municipality_nis="31005")
    make_organisation(name="FabLab Kortrijk")
    user = make_user(email="lesgever@academie.be")
    db.session.add(Membership(user=user, organisation=organisation, role=MemberRole.OWNER))
    db.session.commit()
    start = now_utc().replace(microsecond=0) + timedelta(days=3)
    event = make_event(organisation=organisation, status=EventStatus.PUBLISHED, sessions=[
        (start + timedelta(weeks=w), start + timedelta(weeks=w, hours=2)) for w in range(3)])
    page.set_viewport_size({"width": 390, "height": 800})
    _login(page, live_server, "lesgever@academie.be")
    page.goto(f"{live_server}/manage/events/new")
    axe_check(page)
    assert page.evaluate(NO_SIDEWAYS)
    edition = page.get_by_label("Editie (jaar; enkel voor de soort State-of-the-STEM)")
    assert not edition.is_visible()
    page.get_by_label("Soort activiteit").select_option("state_of_the_stem")
    assert edition.is_visible()
    page.get_by_label("Zoek een organisatie").fill("fablab")
    assert page.get_by_label("FabLab Kortrijk").is_visible()
    page.get_by_label("FabLab Kortrijk").check()  # by touch or keyboard, no Ctrl
    goals = page.locator("[data-choice-filter]").first
    page.get_by_label("Zoek een doel").fill("zzz-geen-doel")
    assert goals.locator("li:visible").count() == 0
    page.goto(f"{live_server}/manage/events/{event.id}")
    page.get_by_role("link", name="Reeks aanpassen").click()
    page.get_by_label("Verschuiven met (minuten)").fill("30")
    page.get_by_label("Weken toevoegen aan het einde").fill("1")
    page.get_by_role("button", name="Voorbeeld tonen").click()
    page.wait_for_load_state()
    assert page.locator("table tbody tr").count() == 4  # three moved, one week added
    axe_check(page)
    for width in (320, 390):
        page.set_viewport_size({"width": width, "height": 800})
        for path in ("/manage/", "/manage/events/new", f"/manage/events/{event.id}/edit",
                     f"/manage/events/{event.id}/sessions/shift",
                     f"/manage/events/{event.id}", f"/manage/events/{event.id}/registrations"):
            page.goto(f"{live_server}{path}")
            assert page.evaluate(NO_SIDEWAYS), f"{path} scrolls sideways at {width} px"


def test_review_page_on_a_phone_passes_axe(page, live_server, db, make_user, make_event,
                                           axe_check):
    event = make_event(status=EventStatus.IN_REVIEW, capacity=16)
    make_user(role=Role.ADMIN, email="coord@vlaio.be")
    page.set_viewport_size({"width": 390, "height": 800})
    _login(page, live_server, "coord@vlaio.be")
    page.goto(f"{live_server}/admin/events/{event.id}")
    assert page.get_by_text("Geen reden nodig").is_visible()
    axe_check(page)
    assert page.evaluate(NO_SIDEWAYS)
