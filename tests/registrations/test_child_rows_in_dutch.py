"""The children's rows of the registration form are a sub-form; their messages are Dutch on
the Dutch page (they were WTForms' English defaults), and the typed values stay."""

import re

from tests.registrations.helpers import children_form


def test_a_typed_birth_date_and_a_long_name_are_refused_in_dutch(client, make_open_event):
    event = make_open_event(capacity=5, age_min=8, age_max=12)
    data = children_form(children=[("L" * 81, "Janssens", "12/03/2015")])
    response = client.post(f"/events/{event.id}/register", data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    errors = re.findall(r'class="field-error"[^>]*>([^<]+)<', html)
    assert "Veld mag niet langer zijn dan 80 karakters." in errors
    assert "Ongeldige datum." in errors
    assert not any("Not a valid" in e or "Field cannot" in e for e in errors)
    assert 'value="12/03/2015"' in html
