"""NUL characters in submitted forms: a clear 400 on every form, never a 500 from PostgreSQL
(which refuses NUL in text) and never a half-written row."""

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
