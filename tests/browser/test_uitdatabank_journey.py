"""An organiser publishes an event in UiTdatabank from its manage page; the queue sends it (as
cron does) and the page shows its id there; the coordinators' queue page is accessible."""

from stem_events.accounts.models import MemberRole, Membership, Role
from stem_events.uitdatabank.client import forget_tokens
from tests.uitdatabank.fake import Fake


def _login(page, live_server, email):
    page.goto(f"{live_server}/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill("correct horse 42")
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_load_state()


def test_publish_an_event_in_uitdatabank(page, live_server, app, db, make_user,
                                         make_organisation, make_event, monkeypatch,
                                         axe_check):
    from stem_events.uitdatabank import export

    fake = Fake().start()
    try:
        for name, value in fake.settings().items():
            monkeypatch.setitem(app.config, name, value)
        forget_tokens()
        organisation = make_organisation(name="STEM-academie Gent")
        organiser = make_user(email="lesgever@academie.be")
        db.session.add(Membership(user=organiser, organisation=organisation,
                                  role=MemberRole.OWNER))
        db.session.commit()
        event = make_event(organisation=organisation, title="Robots bouwen", postcode="9000")

        _login(page, live_server, "lesgever@academie.be")
        page.goto(f"{live_server}/manage/events/{event.id}")
        axe_check(page)
        page.get_by_label("Ook in UiTdatabank publiceren").check()
        page.get_by_role("button", name="Keuze bewaren").click()
        page.wait_for_load_state()
        main = page.inner_text("main")
        assert "Keuze voor UiTdatabank bewaard" in main and "wacht in de wachtrij" in main

        assert [r.outcome for r in export.send_queue()] == ["created"]  # cron
        fake.assert_no_rejections()
        page.reload()
        assert "In UiTdatabank als" in page.inner_text("#uitdatabank")
        axe_check(page)

        page.context.clear_cookies()
        make_user(email="coordinator@stem.example", role=Role.ADMIN)
        _login(page, live_server, "coordinator@stem.example")
        page.goto(f"{live_server}/admin/uitdatabank/")
        axe_check(page)
        page.get_by_role("link", name="Import uit UiTdatabank instellen").click()
        page.wait_for_load_state()
        assert "Lessenreeks" in page.inner_text("main")
        axe_check(page)
    finally:
        fake.stop()
        forget_tokens()
