"""Names of only spaces are refused with a Dutch message, never a server error (issue 14)."""

import pytest
import sqlalchemy as sa

from stem_events.registrations.models import Registration
from tests.registrations.helpers import children_form


@pytest.mark.parametrize("child", [
    ("   ", "Janssens", "2016-05-01"),
    ("Lotte", " \t ", "2016-05-01"),
])
def test_a_child_name_of_only_spaces_is_refused_and_the_form_keeps_its_input(
        client, db, make_open_event, child):
    event = make_open_event(capacity=5, age_min=8, age_max=12)
    data = children_form(children=[child], contact_phone="0470 12 34 56")
    response = client.post(f"/events/{event.id}/register", data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    missing = "Vul de voornaam in." if not child[0].strip() else "Vul de familienaam in."
    assert missing in html
    assert 'value="Sara Ouder"' in html and 'value="2016-05-01"' in html
    assert 'value="0470 12 34 56"' in html
    assert db.session.scalars(sa.select(Registration)).all() == []
