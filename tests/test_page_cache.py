"""The page cache for anonymous visitors: fast when nothing changed, never stale after a
change, never shared between languages or with logged-in users."""

import pytest

from stem_events import page_cache
from stem_events.date_time import now_utc


@pytest.fixture(autouse=True)
def empty_local_cache(freeze_now):
    """An empty cache, and "now" held: a page is kept per minute on the agenda
    (`AVAILABILITY_LAG`), and a test must not cross into the next between two requests."""
    freeze_now(now_utc())
    page_cache._local.entries.clear()


def test_second_request_is_served_from_the_cache(client, make_event):
    make_event(title="Codeerclub")
    first = client.get("/agenda")
    second = client.get("/agenda")
    assert first.headers["X-Page-Cache"] == "miss"
    assert second.headers["X-Page-Cache"] == "hit"
    assert first.get_data() == second.get_data()


def test_a_change_is_visible_at_once(client, make_event, db):
    event = make_event(title="Codeerclub")
    client.get("/agenda")
    event.title = "Robotclub"
    db.session.commit()
    response = client.get("/agenda")
    assert response.headers["X-Page-Cache"] == "miss"
    assert "Robotclub" in response.get_data(as_text=True)


def test_languages_are_cached_apart(client, make_event):
    make_event()
    client.get("/agenda")
    english = client.get("/agenda", headers={"Accept-Language": "en"})
    assert english.headers["X-Page-Cache"] == "miss"
    assert 'lang="en"' in english.get_data(as_text=True)


def test_filters_are_cached_apart_and_tracking_parameters_ignored(client, make_event):
    make_event(title="In Gent", municipality_nis="44021")
    assert "In Gent" in client.get("/agenda").get_data(as_text=True)
    assert "In Gent" not in client.get("/agenda?province=10000").get_data(as_text=True)
    assert client.get("/agenda?utm_source=x").headers["X-Page-Cache"] == "hit"


def test_logged_in_users_always_get_a_fresh_page(client, make_event, make_user):
    make_event()
    make_user(email="org@example.be", password="een goed wachtwoord")
    client.post("/login", data={"email": "org@example.be", "password": "een goed wachtwoord"})
    client.get("/agenda")
    response = client.get("/agenda")
    assert "X-Page-Cache" not in response.headers
    assert "Afmelden" in response.get_data(as_text=True)


def test_bad_filters_are_never_cached(client):
    assert client.get("/agenda?age=abc").status_code == 400
    response = client.get("/agenda?age=abc")
    assert response.status_code == 400 and "X-Page-Cache" not in response.headers


def test_api_hits_keep_etag_and_304(client, make_event):
    make_event()
    first = client.get("/api/v1/events")
    hit = client.get("/api/v1/events", headers={"If-None-Match": first.headers["ETag"]})
    assert hit.status_code == 304
    again = client.get("/api/v1/events")
    assert again.headers["X-Page-Cache"] == "hit" and again.headers["ETag"] == first.headers["ETag"]
    assert again.get_json()["total"] == 1


def test_disabled_by_configuration(app, client, make_event):
    make_event()
    app.config["PAGE_CACHE_ENABLED"] = False
    try:
        client.get("/agenda")
        assert "X-Page-Cache" not in client.get("/agenda").headers
    finally:
        app.config["PAGE_CACHE_ENABLED"] = True
