"""Input no browser form produces (NUL characters, numbers beyond the database's range): a
clear 400 on every form, never a 500 from PostgreSQL and never a half-written row."""

import re

import sqlalchemy as sa

from stem_events.accounts.models import Role
from stem_events.events.models import RegistrationMode
from stem_events.registrations.models import Registration
from tests.registrations.helpers import adult_form


def test_a_registration_with_nul_in_the_name_is_refused_and_nothing_is_stored(
        client, db, make_event):
    event = make_event(capacity=10, registration_mode=RegistrationMode.SERIES)
    data = adult_form(name="An\x00 Peeters")
    response = client.post(f"/events/{event.id}/register", data=data)
    assert response.status_code == 400
    assert "ongeldig teken (NUL)" in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 0


def test_every_post_route_answers_nul_with_400(app, client, make_user, make_event):
    event = make_event()
    user = make_user(role=Role.ADMIN)
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    answers = {}
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods:
            continue
        url = re.sub(r"<int:\w+>", str(event.id), rule.rule)
        url = re.sub(r"<(?:\w+:)?\w+>", "x", url)
        answers[url] = client.post(url, data={"title": "a\x00b", "email": "x"}).status_code
    assert len(answers) > 40
    assert {url: status for url, status in answers.items() if status != 400} == {}


def test_an_organisation_id_beyond_the_database_range_on_the_new_event_form_is_a_400(
        client, make_user, make_organisation, db):
    from stem_events.accounts.models import MemberRole, Membership

    user = make_user()
    db.session.add(Membership(user=user, organisation=make_organisation(),
                              role=MemberRole.OWNER))
    db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    response = client.post("/manage/events/new", data={"organisation_id": "99999999999",
                                                        "title": "Te groot"})
    assert response.status_code == 400


def test_a_value_the_database_refuses_is_a_dutch_400_not_a_500(app):
    """The safety net behind the checks: a DataError (say, a number beyond PostgreSQL's
    integer range) that no check caught becomes a 400 with a Dutch message."""
    from sqlalchemy.exc import DataError

    with app.test_request_context("/manage/events/new", method="POST"):
        response = app.handle_user_exception(
            DataError("INSERT …", {}, Exception("integer out of range")))
    assert response.status_code == 400
    assert "ongeldig of te groot" in response.get_data(as_text=True)
