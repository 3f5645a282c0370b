"""Withdrawal through the signed link removes a role model at once everywhere: the pages (also
the cached agenda), the API, the event page's JSON-LD, the feeds, and the stored photo; the
link works once; other domains hear of it (a future UiTdatabank export)."""

import json
import re

import pytest
import sqlalchemy as sa

from stem_events.data_version import data_version
from stem_events.media.models import MediaBlob
from stem_events.rolemodels import consent, signals
from stem_events.rolemodels.models import RoleModel, RoleModelConsent, RoleModelStatus


def _json_ld(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html,
                                re.S).group(1))


@pytest.fixture
def shown(make_event, make_role_model, db):
    event = make_event(title="Windturbines bouwen")
    role_model = make_role_model(events=[event], photo=True)
    return role_model, event


def _everywhere(client, role_model, event) -> dict:
    detail = client.get(f"/events/{event.id}-{event.slug}").text
    return {
        "profile": client.get(f"/role-models/{role_model.id}").status_code,
        "list": "Yasmina" in client.get("/role-models").text,
        "agenda": "Windturbines bouwen" in client.get("/agenda?role_model=1").text,
        "card": "met rolmodel</p>" in client.get("/agenda").text,
        "api list": client.get("/api/v1/events?role_model=1").get_json()["total"],
        "api field": client.get(f"/api/v1/events/{event.id}").get_json()["role_models"],
        "event page": "Yasmina" in detail,
        "json-ld": _json_ld(detail).get("performer"),
        "feed": "Windturbines bouwen" in client.get("/agenda.ics?role_model=1").text,
        "photo": client.get(f"/media/role-models/{role_model.photo}").status_code,
    }


def test_withdrawal_hides_the_role_model_everywhere_and_deletes_the_photo(client, db, shown):
    role_model, event = shown
    before = _everywhere(client, role_model, event)  # also fills the page and feed caches
    assert before["profile"] == 200 and before["photo"] == 200
    assert before["list"] and before["agenda"] and before["card"] and before["event page"]
    assert before["api list"] == 1 and before["feed"]
    assert before["api field"][0]["name"] == "Yasmina El Idrissi"
    assert before["json-ld"] == [{"@type": "Person", "name": "Yasmina El Idrissi",
                                  "jobTitle": "Ingenieur windenergie",
                                  "url": f"http://localhost/role-models/{role_model.id}"}]
    photo, path = role_model.photo, f"/role-models/withdraw/{consent.withdraw_token(role_model)}"

    page = client.get(path)
    assert page.status_code == 200  # a GET (a mail scanner) changes nothing
    assert client.get(f"/role-models/{role_model.id}").status_code == 200
    assert client.post(path).status_code == 200

    after = _everywhere(client, role_model, event)
    assert after == {"profile": 404, "list": False, "agenda": False, "card": False,
                     "api list": 0, "api field": [], "event page": False, "json-ld": None,
                     "feed": False, "photo": 404}
    assert db.session.get(MediaBlob, f"role-models/{photo}") is None  # gone from the store
    db.session.expire_all()
    tombstone = db.session.get(RoleModel, role_model.id)
    assert tombstone.status == RoleModelStatus.WITHDRAWN and tombstone.withdrawn_at
    assert (tombstone.name, tombstone.email, tombstone.story, tombstone.photo) == ("", "", "", "")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RoleModelConsent)) == 0


def test_the_withdrawal_link_works_once(client, db, shown):
    role_model, _event = shown
    path = f"/role-models/withdraw/{consent.withdraw_token(role_model)}"
    assert client.post(path).status_code == 200
    for method in (client.get, client.post):
        again = method(path)
        assert again.status_code == 410
        assert "niet (meer) geldig" in again.text


def test_a_withdrawal_link_cannot_be_guessed_or_forged(client, db, shown, app):
    role_model, _event = shown
    from stem_events.accounts.tokens import make_token

    guessed = make_token(consent.WITHDRAW, {"id": role_model.id, "n": "guess"})
    assert client.post(f"/role-models/withdraw/{guessed}").status_code == 410
    token = consent.withdraw_token(role_model)
    assert client.post(f"/role-models/withdraw/{token[:-3]}abc").status_code == 410
    other_secret = app.config["SECRET_KEY"]
    try:
        app.config["SECRET_KEY"] = "another-secret"
        forged = consent.withdraw_token(role_model)
    finally:
        app.config["SECRET_KEY"] = other_secret
    assert client.post(f"/role-models/withdraw/{forged}").status_code == 410
    assert client.get(f"/role-models/{role_model.id}").status_code == 200  # still there


def test_withdrawal_is_announced_for_other_domains(client, db, shown):
    role_model, event = shown
    heard = []

    def receiver(sender, **kwargs):
        heard.append((sender, kwargs))

    signals.withdrawn.connect(receiver)
    try:
        client.post(f"/role-models/withdraw/{consent.withdraw_token(role_model)}")
    finally:
        signals.withdrawn.disconnect(receiver)
    assert heard == [(role_model.id, {"event_ids": [event.id]})]


def test_role_model_tables_move_the_data_version(db, make_event, make_role_model):
    event = make_event()
    role_model = make_role_model()
    before = data_version()
    role_model.events = [event]
    db.session.commit()
    linked = data_version()
    assert linked.token != before.token
    role_model.job = "Data-analist"
    db.session.commit()
    assert data_version().token != linked.token
