"""A visitor filters the agenda and subscribes to exactly that selection."""

from urllib.parse import parse_qs, quote, urlsplit

from playwright.sync_api import expect

from stem_events.reference.models import EventKind


def test_subscribe_dialog_offers_the_three_links(page, live_server, make_event, axe_check):
    make_event(title="Workshop solderen", kind=EventKind.WORKSHOP)
    make_event(title="Lezing over AI", kind=EventKind.LECTURE)

    page.goto(f"{live_server}/agenda?kind=workshop")
    dialog = page.locator("details.subscribe")
    link = page.get_by_role("link", name="Google Agenda")
    assert not link.is_visible()  # closed until asked for, also without JavaScript
    dialog.locator("summary").click()
    assert link.is_visible()
    assert "bevat nu 1 activiteit" in dialog.inner_text()

    webcal = "webcal://localhost/agenda.ics?kind=workshop"
    assert page.get_by_role("link", name="Abonneer (Apple Agenda, Outlook, Thunderbird)") \
        .get_attribute("href") == webcal
    assert link.get_attribute("href") == (
        "https://calendar.google.com/calendar/r?cid=" + quote(webcal, safe=""))
    for name, host in (("Outlook.com", "outlook.live.com"),
                       ("Microsoft 365", "outlook.office.com")):
        href = page.get_by_role("link", name=name, exact=True).get_attribute("href")
        parts = urlsplit(href)
        assert parts.netloc == host and parts.path == "/calendar/0/addfromweb"
        assert parse_qs(parts.query)["url"] == ["http://localhost/agenda.ics?kind=workshop"]

    copy = page.get_by_role("button", name="Kopieer")
    assert copy.is_visible()  # shown by the script: it works only with JavaScript
    copy.click()
    # Playwright's own assertion, not `wait_for_function` (a string the page's CSP refuses to
    # evaluate when the first try does not already see the change)
    expect(page.locator("[data-copy-target]")).not_to_have_text("Kopieer")
    assert page.locator("#subscribe-url").input_value() == \
        "http://localhost/agenda.ics?kind=workshop"
    axe_check(page)
