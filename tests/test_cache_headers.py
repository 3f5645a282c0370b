"""Pages with personal data are never stored by a browser or proxy (`Cache-Control: no-store`);
public pages stay cacheable (issue 14)."""

import pytest
import sqlalchemy as sa

from stem_events.accounts.models import Role
from stem_events.registrations import services
from stem_events.registrations.models import Registration
from tests.registrations.helpers import adult_form


@pytest.fixture
def registered(client, db, make_event):
    """An event with one registration: (event, the registrant's own signed page)."""
    from stem_events.events.models import RegistrationMode

    event = make_event(registration_mode=RegistrationMode.SERIES, capacity=5)
    assert client.post(f"/events/{event.id}/register", data=adult_form()).status_code == 302
    registration = db.session.scalars(sa.select(Registration)).one()
    return event, f"/registrations/{services.signed_token(registration)}"


def _no_store(response) -> bool:
    return "no-store" in response.headers.get("Cache-Control", "")


def test_the_participants_own_page_and_a_refused_form_are_not_stored(client, registered):
    event, own_page = registered
    page = client.get(own_page)
    assert page.status_code == 200 and "an@example.be" in page.text
    assert _no_store(page)
    refused = client.post(f"/events/{event.id}/register",
                          data=adult_form("geen-adres", name="Piet Fout"))
    assert refused.status_code == 400 and 'value="Piet Fout"' in refused.text
    assert _no_store(refused)


@pytest.mark.parametrize("role, path", [
    (Role.ORGANISER, "/manage/"),
    (Role.ORGANISER, "/manage/events/{event}/registrations"),
    (Role.ORGANISER, "/account"),
    (Role.ADMIN, "/admin/"),
    (Role.ADMIN, "/manage/events/{event}/registrations"),
    (None, "/login"),
    (None, "/password/forgot"),
])
def test_account_management_and_registration_lists_are_not_stored(
        client, db, organiser, make_user, login, registered, role, path):
    event, _own_page = registered
    user, organisation = organiser
    event.organisation_id = organisation.id
    db.session.commit()
    if role == Role.ORGANISER:
        login(user)
    elif role == Role.ADMIN:
        login(make_user(role=Role.ADMIN))
    response = client.get(path.format(event=event.id))
    assert response.status_code == 200
    assert _no_store(response)


def test_public_pages_stay_cacheable(client, registered):
    event, _own_page = registered
    for path in ("/agenda", f"/events/{event.id}", "/agenda.ics", "/api/v1/events"):
        response = client.get(path, follow_redirects=True)
        assert response.status_code == 200 and not _no_store(response), path


def test_a_signed_in_visitors_public_pages_are_not_stored_either(client, make_user, login,
                                                                  registered):
    login(make_user(email="org@example.be"))
    response = client.get("/agenda")
    assert "Afmelden" in response.text and _no_store(response)
