"""`role_model=1` on the agenda, the widget, the API and the feeds; the "met rolmodel" mark on
cards and `role_models` in the API. Only public (approved) role models count."""

import json

import pytest

from stem_events.rolemodels.models import RoleModelStatus


@pytest.fixture
def two_events(make_event, make_organisation):
    organisation = make_organisation()
    with_one = make_event(title="Windturbines bouwen", organisation=organisation)
    without = make_event(title="Sterrenkijken", organisation=organisation)
    return with_one, without


def test_the_agenda_and_widget_show_only_events_with_a_role_model(client, two_events,
                                                                 make_role_model):
    with_one, without = two_events
    make_role_model(events=[with_one])
    for path in ("/agenda?role_model=1", "/embed/agenda?role_model=1"):
        page = client.get(path)
        assert page.status_code == 200
        assert "Windturbines bouwen" in page.text
        assert "Sterrenkijken" not in page.text
    everything = client.get("/agenda").text
    assert "Sterrenkijken" in everything
    assert everything.count("met rolmodel</p>") == 1  # the mark, on one card only


def test_the_api_filters_and_names_the_role_models(client, two_events, make_role_model):
    with_one, _without = two_events
    role_model = make_role_model(events=[with_one])
    items = client.get("/api/v1/events?role_model=1").get_json()["items"]
    assert [i["title"] for i in items] == ["Windturbines bouwen"]
    assert items[0]["role_models"][0]["id"] == role_model.id
    assert items[0]["role_models"][0]["name"] == "Yasmina El Idrissi"
    all_items = client.get("/api/v1/events").get_json()["items"]
    assert {i["title"]: len(i["role_models"]) for i in all_items} == {
        "Windturbines bouwen": 1, "Sterrenkijken": 0}
    detail = client.get(f"/api/v1/events/{with_one.id}").get_json()
    assert [r["name"] for r in detail["role_models"]] == ["Yasmina El Idrissi"]


def test_the_feed_filters_and_is_named_after_it(client, two_events, make_role_model):
    with_one, _without = two_events
    make_role_model(events=[with_one])
    feed = client.get("/agenda.ics?role_model=1")
    assert feed.status_code == 200
    assert "Windturbines bouwen" in feed.text
    assert "Sterrenkijken" not in feed.text
    assert "met rolmodel" in feed.text  # the feed's name says what it holds


@pytest.mark.parametrize("status", [RoleModelStatus.PROPOSED, RoleModelStatus.CONFIRMED,
                                    RoleModelStatus.REJECTED])
def test_a_role_model_that_is_not_approved_does_not_count(client, two_events, make_role_model,
                                                         status):
    with_one, _without = two_events
    make_role_model(events=[with_one], status=status)
    assert client.get("/api/v1/events?role_model=1").get_json()["total"] == 0
    assert "met rolmodel</p>" not in client.get("/agenda").text
    assert client.get(f"/api/v1/events/{with_one.id}").get_json()["role_models"] == []


def test_a_bad_value_is_a_dutch_400_everywhere(client):
    page = client.get("/agenda?role_model=ja")
    assert page.status_code == 400
    assert "‘role_model’ moet 1 zijn." in page.text
    api = client.get("/api/v1/events?role_model=2")
    assert api.status_code == 400
    assert api.get_json()["error"]["code"] == "invalid_filter"
    assert client.get("/agenda.ics?role_model=x").status_code == 400


def test_the_openapi_document_describes_the_filter_and_the_field(client):
    document = client.get("/api/v1/openapi.json").get_json()
    names = [p["name"] for p in document["paths"]["/events"]["get"]["parameters"]]
    assert "role_model" in names
    assert "role_models" in json.dumps(document["components"]["schemas"]["Event"])
