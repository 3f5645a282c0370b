"""A page for a selection of events asks for role models only when one takes part in an event
of the page (`events.services._shown_page`), decided in the page's own statement: a new role
model shows at once, a withdrawn or unapproved one never."""

from __future__ import annotations

import pytest

from stem_events.rolemodels import consent
from stem_events.rolemodels.models import RoleModelStatus

SELECTION = "kind=workshop&age=10"


# The page cache would hide what the queries and stores below do.
pytestmark = pytest.mark.usefixtures("page_cache_off")


def _api_role_models(client) -> dict[int, list[str]]:
    items = client.get(f"/api/v1/events?{SELECTION}").get_json()["items"]
    return {item["id"]: [r["name"] for r in item["role_models"]] for item in items}


def test_a_new_role_model_shows_at_once(client, db, make_event, make_role_model):
    first = make_event(title="Windturbines bouwen", age_min=8, age_max=12)
    other = make_event(title="Zonnepanelen", age_min=8, age_max=12)
    assert _api_role_models(client) == {first.id: [], other.id: []}
    assert "met rolmodel" not in client.get(f"/agenda?{SELECTION}").text
    make_role_model(name="Lore Martens", status=RoleModelStatus.CONFIRMED, events=[first])
    assert _api_role_models(client) == {first.id: [], other.id: []}  # not approved yet
    shown = make_role_model(events=[first])
    assert _api_role_models(client) == {first.id: ["Yasmina El Idrissi"], other.id: []}
    assert client.get(f"/agenda?{SELECTION}").text.count("met rolmodel") == 1
    assert client.post(f"/role-models/withdraw/{consent.withdraw_token(shown)}").status_code == 200
    assert _api_role_models(client) == {first.id: [], other.id: []}
    assert "met rolmodel" not in client.get(f"/agenda?{SELECTION}").text
