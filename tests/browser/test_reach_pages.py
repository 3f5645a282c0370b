"""The optional reach questions on the registration form and /stem-in-cijfers: usable by
keyboard on a phone and a laptop, and free of serious WCAG 2.1 AA problems (axe)."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from stem_events.events.models import RegistrationMode
from stem_events.reach.models import ReachAnswer


@pytest.mark.parametrize("size", [{"width": 390, "height": 844}, {"width": 1280, "height": 800}])
def test_registration_with_the_optional_questions(page, live_server, make_event, db, axe_check,
                                                  size):
    event = make_event(title="Codeerclub", capacity=10, age_min=6, age_max=12,
                       registration_mode=RegistrationMode.SERIES)
    page.set_viewport_size(size)
    page.goto(f"{live_server}/events/{event.id}/register")
    axe_check(page)
    page.get_by_label("Je naam").fill("Sara Ouder")
    page.get_by_label("Je e-mailadres").fill("sara@example.be")
    page.locator("#children-0-first_name").fill("Lotte")
    page.locator("#children-0-last_name").fill("Janssens")
    page.locator("#children-0-birth_date").fill("2017-05-01")
    page.locator("#children-0-reach_gender-0").check()  # meisje of vrouw
    page.locator("#reach_reduced-2").check()  # kansentarief: zeg ik liever niet
    page.get_by_label("Postcode van je woonplaats (niet verplicht)").fill("0000")
    page.get_by_label("Ik ben ouder of voogd").check()
    page.get_by_role("button", name="Inschrijven").click()
    page.wait_for_selector("#error-summary")
    axe_check(page)  # the refused postcode, explained at its field
    page.get_by_label("Postcode van je woonplaats (niet verplicht)").fill("9000")
    page.get_by_role("button", name="Inschrijven").click()
    page.wait_for_url("**/register/received**")
    [row] = db.session.scalars(sa.select(ReachAnswer)).all()
    assert (row.gender, row.reduced_rate, row.home) == ("female", "withheld", "44021")
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")


def test_stem_in_cijfers_passes_axe(page, live_server, make_event, db, axe_check):
    from stem_events.date_time import today_local
    from stem_events.reports.reach import last_complete_years

    year = last_complete_years(1, today_local())[0]
    start = datetime(year.first.year, 10, 4, 12, tzinfo=UTC)
    event = make_event(title="Robotica", sessions=[(start, start + timedelta(hours=2))])
    for gender in ["female"] * 12 + ["male"] * 11:
        db.session.add(ReachAnswer(event_id=event.id, gender=gender, reduced_rate="no",
                                   home="44021"))
    db.session.commit()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/stem-in-cijfers")
    assert page.get_by_role("heading", name="STEM in cijfers").is_visible()
    assert page.locator("td", has_text="52 %").count() >= 1
    axe_check(page)
