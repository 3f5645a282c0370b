"""The registration form, as a parent on a phone meets it (issue 16): every problem at once,
what you register for, one child row that grows with "Nog een kind toevoegen" (no JavaScript
needed), no question without a control, the phone field styled like the others, a full event
that points elsewhere, and "Nog 1 plaats" in good Dutch."""

import re
from pathlib import Path

from stem_events.events.models import RegistrationMode
from tests.registrations.helpers import children_form, in_days


def _summary(page: str) -> str:
    start = page.index('id="error-summary"')
    return page[start:page.index("</div>", start)]


def test_every_problem_is_in_the_summary_after_one_submission(client, make_open_event):
    event = make_open_event(capacity=5, age_min=8, age_max=12)
    data = children_form(children=[("Mila", "Peeters", "2024-01-01")], consent=False,
                         contact_email="sara@")
    response = client.post(f"/events/{event.id}/register", data=data)
    assert response.status_code == 400
    summary = _summary(response.text)
    assert '<a href="#contact_email">' in summary  # the form's own check
    assert '<a href="#guardian_consent">' in summary  # the rules' checks, in the same pass
    assert '<a href="#children-0-birth_date">' in summary
    assert "deze activiteit is voor 8–12 jaar." in summary
    assert 'value="Mila"' in response.text


def test_the_rules_report_every_child_out_of_range_together(client, make_open_event):
    event = make_open_event(capacity=5, age_min=8, age_max=12)
    data = children_form(children=[("Mila", "Peeters", "2024-01-01"),
                                   ("Wout", "Peeters", "1990-01-01")])
    summary = _summary(client.post(f"/events/{event.id}/register", data=data).text)
    assert "#children-0-birth_date" in summary and "#children-1-birth_date" in summary


def test_the_form_says_what_you_register_for(client, make_open_event, db):
    event = make_open_event(capacity=5, age_min=8, age_max=12, sessions=in_days(3),
                            venue_name="Bibliotheek De Krook")
    page = client.get(f"/events/{event.id}/register").text
    box = page[page.index('class="registering-for"'):]
    box = box[:box.index("</section>")]
    assert event.title in box
    assert "<time" in box  # date and time of the session
    assert "Bibliotheek De Krook" in box and "Gent" in box
    assert "8–12 jaar" in box
    assert "Nog 5 plaatsen vrij" in box


def test_one_child_row_and_a_button_that_adds_one_without_javascript(client, make_open_event):
    event = make_open_event(capacity=5)
    page = client.get(f"/events/{event.id}/register").text
    assert 'name="children-0-first_name"' in page
    assert 'name="children-1-first_name"' not in page
    assert re.search(r'<button type="submit"[^>]*name="add_child"[^>]*>Nog een kind toevoegen',
                     page)
    data = children_form(children=[("Mila", "Peeters", "2016-05-01")], add_child="1")
    response = client.post(f"/events/{event.id}/register", data=data)
    assert response.status_code == 200  # nothing registered, no error shown
    assert 'name="children-1-first_name"' in response.text
    assert 'value="Mila"' in response.text and 'value="Sara Ouder"' in response.text
    assert "id=\"error-summary\"" not in response.text
    assert "js/child-rows.js" in response.text  # and a script does it in place


def test_no_question_heading_without_a_control(client, make_open_event):
    event = make_open_event(capacity=5, age_min=6, age_max=99)
    page = client.get(f"/events/{event.id}/register").text
    for legend in re.findall(r"<legend>([^<]*)</legend>", page):
        if legend.strip().endswith("?"):
            assert legend.strip() == "Wie schrijf je in?", legend


def test_the_phone_field_is_styled_like_the_others():
    css = Path("static/css/app.css").read_text()
    rule = next(line for line in css.splitlines() if 'input[type="email"]' in line)
    assert 'input[type="tel"]' in rule


def test_a_full_event_without_waiting_list_offers_other_activities(
        client, make_open_event, make_event):
    full = make_open_event(capacity=0, waitlist_enabled=False, title="Robotica voor kids",
                           age_min=8, age_max=12)
    other = make_event(title="Robots bouwen", municipality_nis="44021", age_min=9, age_max=12,
                       registration_mode=RegistrationMode.SERIES, capacity=10,
                       organisation=full.organisation)
    make_event(title="Ver weg", municipality_nis="71016", age_min=9, age_max=12,
               organisation=full.organisation)
    for url in (f"/events/{full.id}/register", f"/events/{full.id}-{full.slug}"):
        page = client.get(url).text
        assert "Robots bouwen" in page, url
        assert f"/events/{other.id}-" in page
        assert "Ver weg" not in page


def test_a_full_event_offers_its_other_sessions(client, make_open_event, db):
    event = make_open_event(capacity=1, waitlist_enabled=False,
                            registration_mode=RegistrationMode.SESSIONS,
                            sessions=in_days(2) + in_days(9))
    first, second = event.sessions
    first.capacity, second.capacity = 0, 4
    db.session.commit()
    page = client.get(f"/events/{event.id}/register").text
    assert "(volzet)" in page and "nog 4 plaatsen" in page


def test_one_seat_left_reads_in_the_singular(client, make_open_event):
    event = make_open_event(capacity=1)
    page = client.get(f"/events/{event.id}/register").text
    assert "Nog 1 plaats vrij." in page and "1 plaatsen" not in page
    detail = client.get(f"/events/{event.id}-{event.slug}").text
    assert "Nog 1 plaats vrij." in detail


def test_sessions_with_one_seat_read_in_the_singular(client, make_open_event, db):
    event = make_open_event(registration_mode=RegistrationMode.SESSIONS,
                            sessions=in_days(2), capacity=1)
    page = client.get(f"/events/{event.id}/register").text
    assert "nog 1 plaats)" in page


