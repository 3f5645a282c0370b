"""An event form carrying a version beyond 32 bits (a tampered hidden field) is a stale form
(409, the input kept), not a database overflow 500."""

import pytest

from stem_events.events.models import Event
from tests.events.conftest import edit_form


@pytest.mark.parametrize("version", ["9" * 20, str(2**31)])
def test_a_version_beyond_32_bits_is_a_stale_form(client, db, login, organiser, make_event,
                                                  version):
    user, organisation = organiser
    event = make_event(organisation=organisation)
    login(user)
    response = client.post(f"/manage/events/{event.id}/edit",
                           data=edit_form(event, title="Mijn versie", version=version))
    assert response.status_code == 409
    assert 'value="Mijn versie"' in response.text
    db.session.expire_all()
    assert db.session.get(Event, event.id).title == "Workshop robotica"
