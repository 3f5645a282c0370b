"""An organiser's week on the dashboard and the preview, a coordinator's queue and review
page: at a phone and a laptop size, checked with axe."""

from datetime import timedelta

from stem_events.accounts.models import MemberRole, Membership, Role
from stem_events.date_time import now_utc
from stem_events.events.models import EventStatus, RegistrationMode


def _login(page, live_server, email):
    page.goto(f"{live_server}/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill("correct horse 42")
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_load_state()


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _at(days: int):
    start = now_utc().replace(microsecond=0) + timedelta(days=days)
    return [(start, start + timedelta(hours=2))]


def test_dashboard_preview_and_review_with_axe(
        page, live_server, db, make_user, make_organisation, make_event, axe_check):
    organisation = make_organisation(name="STEM-academie Brugge", municipality_nis="31005")
    user = make_user(email="lesgever@academie.be")
    db.session.add(Membership(user=user, organisation=organisation, role=MemberRole.OWNER))
    make_user(role=Role.ADMIN, email="coord@vlaio.be")
    make_event(title="Programmeren met micro:bit", organisation=organisation, sessions=_at(5),
               registration_mode=RegistrationMode.SERIES, capacity=16)
    draft = make_event(title="Robots bouwen voor beginners", organisation=organisation,
                       status=EventStatus.IN_REVIEW, sessions=_at(12))
    make_event(title="Vorig jaar", organisation=organisation, sessions=_at(-300))
    db.session.commit()

    for width in (320, 390):
        page.set_viewport_size({"width": width, "height": 844})
        _login(page, live_server, "lesgever@academie.be")
        assert page.url.endswith("/manage/")
        assert page.get_by_role("heading", name="Mijn activiteiten").is_visible()
        assert _no_sideways_scroll(page), width
        axe_check(page)
        page.get_by_role("button", name="Afmelden").click()
        page.wait_for_load_state()

    page.set_viewport_size({"width": 1280, "height": 800})
    _login(page, live_server, "lesgever@academie.be")
    assert not page.get_by_text("Vorig jaar").is_visible()  # past events folded
    page.get_by_text("Voorbije activiteiten (1)").click()
    assert page.get_by_text("Vorig jaar").is_visible()
    page.get_by_label("Zoeken in titels").fill("robots")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_load_state()
    rows = page.locator("#upcoming tbody tr")
    assert rows.count() == 1 and "Robots bouwen" in rows.inner_text()
    axe_check(page)

    page.get_by_role("link", name="Robots bouwen voor beginners").click()
    page.get_by_role("link", name="Voorbeeld van de openbare pagina").click()
    page.wait_for_load_state()
    assert "Voorbeeld — nog niet gepubliceerd" in page.inner_text("main")
    axe_check(page)
    page.get_by_role("button", name="Afmelden").click()

    _login(page, live_server, "coord@vlaio.be")
    page.goto(f"{live_server}/admin/")
    assert page.locator("#review-queue li").count() == 1
    axe_check(page)
    page.get_by_role("link", name="Robots bouwen voor beginners").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/admin/events/{draft.id}")
    axe_check(page)
    page.set_viewport_size({"width": 320, "height": 844})
    page.goto(f"{live_server}/admin/")
    assert _no_sideways_scroll(page)
