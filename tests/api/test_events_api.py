"""The JSON API of CONTRACT.md, checked against its own OpenAPI document."""

from datetime import UTC, datetime, timedelta

import jsonschema
import pytest
from openapi_spec_validator import validate

from stem_events.events.models import EventStatus, PriceKind, RegistrationMode


@pytest.fixture
def spec(client):
    return client.get("/api/v1/openapi.json").get_json()


def schema_validator(spec, name):
    schema = {"$ref": f"#/components/schemas/{name}", "components": spec["components"]}
    return jsonschema.Draft202012Validator(schema)


def test_openapi_document_is_valid(spec):
    validate(spec)
    assert spec["openapi"].startswith("3.1")


def test_event_list_matches_the_contract(client, make_event, spec, freeze_now):
    freeze_now(datetime(2026, 3, 1, 12, tzinfo=UTC))
    start = datetime(2026, 3, 14, 13, tzinfo=UTC)
    make_event(title="Codeerclub", age_min=8, age_max=12, capacity=20,
               registration_mode=RegistrationMode.SERIES,
               sessions=[(start + timedelta(weeks=w), start + timedelta(weeks=w, hours=2))
                         for w in range(3)])
    body = client.get("/api/v1/events").get_json()
    assert body["total"] == 1 and body["page"] == 1 and body["per_page"] == 25
    item = body["items"][0]
    validator = schema_validator(spec, "Event")
    validator.validate(item)
    assert item["start"] == "2026-03-14T14:00:00+01:00"
    assert item["end"] == "2026-03-14T16:00:00+01:00"
    assert item["timezone"] == "Europe/Brussels"
    assert item["municipality"] == {"nis": "44021", "name": "Gent"}
    assert item["organisation"]["helix"] == "citizen"
    assert (item["age_min"], item["age_max"], item["sessions"]) == (8, 12, 3)
    assert item["capacity"] == 20 and item["seats_left"] == 20
    assert item["registration_open"] is True
    assert item["url"].endswith(f"/events/{item['id']}-codeerclub")
    assert item["ics_url"].endswith(f"/events/{item['id']}.ics")


def test_online_event_has_no_municipality(client, make_event):
    make_event(title="Webinar", online_url="https://meet.example/x", municipality_nis=None,
               venue_name="")
    item = client.get("/api/v1/events").get_json()["items"][0]
    assert item["municipality"] is None and item["online"] is True


def test_filters_are_shared_with_the_agenda(client, make_event):
    make_event(title="Gent", municipality_nis="44021")
    make_event(title="Antwerpen", municipality_nis="11002")
    items = client.get("/api/v1/events?province=10000").get_json()["items"]
    assert [i["title"] for i in items] == ["Antwerpen"]


def test_event_detail_has_its_sessions(client, make_event, spec):
    event = make_event(price_kind=PriceKind.AMOUNT, price_cents=1250)
    body = client.get(f"/api/v1/events/{event.id}").get_json()
    schema_validator(spec, "EventDetail").validate(body)
    assert len(body["session_list"]) == 1
    assert body["session_list"][0]["uid"] == event.sessions[0].uid
    assert body["price"] == {"kind": "amount", "amount": 12.5, "currency": "EUR",
                             "reduced": False}


@pytest.mark.parametrize("status", [EventStatus.DRAFT, EventStatus.IN_REVIEW, EventStatus.REJECTED])
def test_unpublished_events_are_not_in_the_api(client, make_event, status):
    event = make_event(status=status)
    assert client.get("/api/v1/events").get_json()["total"] == 0
    response = client.get(f"/api/v1/events/{event.id}")
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("path", ["/api/v1/events/99999999999999", "/events/99999999999999"])
def test_huge_ids_are_404_not_500(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("query", ["theme=%00", "q=robot%00",
                                   "age=abc", "per_page=101", "per_page=0", "page=-1",
                                   "municipality=99999", "from=2026-13-01", "q=" + "x" * 300])
def test_bad_parameters_give_a_json_400(client, query):
    response = client.get(f"/api/v1/events?{query}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid_filter" and error["message"]


def test_pagination_and_per_page_limit(client, make_event):
    for i in range(5):
        make_event(title=f"E{i}")
    body = client.get("/api/v1/events?per_page=2&page=3").get_json()
    assert (body["page"], body["per_page"], body["total"], len(body["items"])) == (3, 2, 5, 1)


def test_etag_gives_304_and_cors_is_open(client, make_event):
    make_event()
    first = client.get("/api/v1/events")
    assert first.headers["Access-Control-Allow-Origin"] == "*"
    again = client.get("/api/v1/events", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("path", ["/api/v1/organisations", "/api/v1/municipalities",
                                  "/api/v1/themes", "/api/v1/goals"])
def test_reference_lists(client, path, make_organisation):
    make_organisation()
    items = client.get(path).get_json()["items"]
    assert items


def test_a_nascholing_shows_its_professional_development_fields(client, make_event, spec):
    from stem_events.reference.models import EventKind

    event = make_event(title="Nascholing: AI in de klas", kind=EventKind.TEACHER_TRAINING,
                       professional_development=True, education_levels=["secundair", "basis"])
    body = client.get(f"/api/v1/events/{event.id}").get_json()
    detail = spec["components"]["schemas"]["EventDetail"]["allOf"][1]
    assert {"professional_development", "education_levels"} <= set(detail["required"])
    schema_validator(spec, "EventDetail").validate(body)
    assert body["professional_development"] is True
    assert body["education_levels"] == ["basis", "secundair"]
    assert body["audiences"] == ["leerkrachten"]
