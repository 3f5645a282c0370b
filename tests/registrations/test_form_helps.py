"""The registration form helps (issue 16): an error summary that links to each field (GOV.UK
pattern, focus moved by static/js/error-summary.js), an age error that says the allowed
range, and "Op de wachtlijst" on a full event's button."""

from tests.registrations.helpers import children_form


def test_the_error_summary_links_to_every_field_in_error(client, make_open_event):
    event = make_open_event(capacity=5)
    data = children_form(children=[("", "Janssens", "2016-05-01")], contact_email="sara@")
    response = client.post(f"/events/{event.id}/register", data=data)
    assert response.status_code == 400
    page = response.text
    summary = page[page.index('id="error-summary"'):page.index("</div>",
                                                              page.index('id="error-summary"'))]
    assert 'tabindex="-1"' in page and "js/error-summary.js" in page
    assert '<a href="#contact_email">Je e-mailadres: ' in summary
    assert '<a href="#children-0-first_name">Kind 1 – Voornaam: Vul de voornaam in.</a>' \
        in summary
    assert 'id="children-0-first_name"' in page and 'value="Janssens"' in page


def test_an_age_error_says_the_allowed_range(client, make_open_event):
    event = make_open_event(age_min=8, age_max=12)
    response = client.post(f"/events/{event.id}/register", data=children_form(
        children=[("Baby", "Janssens", "2025-01-01")]))
    assert response.status_code == 400
    assert "deze activiteit is voor 8–12 jaar." in response.text


def test_a_full_event_offers_the_waiting_list_on_its_button(client, make_open_event):
    full = make_open_event(capacity=0)
    page = client.get(f"/events/{full.id}/register").text
    assert '<button type="submit" class="button">Op de wachtlijst</button>' in page
    open_event = make_open_event(capacity=3)
    page = client.get(f"/events/{open_event.id}/register").text
    assert '<button type="submit" class="button">Inschrijven</button>' in page
