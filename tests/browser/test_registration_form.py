"""The registration form's error summary on a phone (GOV.UK pattern): focus moves to the
summary, a link in it moves focus to its field, and the page passes axe."""

from playwright.sync_api import expect

from stem_events.events.models import RegistrationMode


def test_error_summary_takes_focus_and_links_to_the_field(page, live_server, make_event,
                                                         axe_check):
    event = make_event(title="Technieklab", capacity=0, waitlist_enabled=True,
                       registration_mode=RegistrationMode.SERIES)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/events/{event.id}/register")
    page.locator("#who-0").check()
    page.get_by_label("Je naam").fill("An Peeters")
    page.get_by_label("Je e-mailadres").fill("an@")
    page.get_by_role("button", name="Op de wachtlijst").click()
    page.wait_for_selector("#error-summary")
    # static/js/error-summary.js is deferred: it may run just after the summary appears.
    # Waited for with Playwright's own assertion: `wait_for_function` polls a string the
    # page evaluates, which the page's CSP (no 'unsafe-eval') refuses when a second try is
    # needed.
    expect(page.locator("#error-summary")).to_be_focused(timeout=5000)
    assert page.evaluate("document.activeElement.id") == "error-summary"
    page.locator("#error-summary a[href='#contact_email']").click()
    assert page.evaluate("document.activeElement.id") == "contact_email"
    assert page.get_by_label("Je naam").input_value() == "An Peeters"
    axe_check(page)
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
