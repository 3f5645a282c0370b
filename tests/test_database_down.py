"""With the database down: 503s that say when to come back, and the agenda as it was last
rendered instead of an error (issue 14)."""

import pytest

from config import TestingConfig
from stem_events import create_app, page_cache

UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:9/nergens"


@pytest.fixture
def down():
    """A client of this process whose database went away."""
    config = TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = UNREACHABLE
    return create_app(config).test_client()


@pytest.fixture(autouse=True)
def empty_local_cache():
    page_cache._local.entries.clear()
    yield
    page_cache._local.entries.clear()


@pytest.mark.parametrize("path", ["/agenda", "/api/v1/events", "/events/1", "/agenda.ics",
                                  "/readyz"])
def test_a_503_says_when_to_try_again(down, path):
    response = down.get(path)
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()


def test_the_agenda_is_served_as_last_rendered_while_the_database_is_down(
        client, make_event, down):
    make_event(title="Codeerclub")
    for path in ("/agenda", "/agenda?province=40000", "/api/v1/events"):
        fresh = client.get(path)
        assert fresh.status_code == 200
        stale = down.get(path)
        assert stale.status_code == 200, path
        assert stale.headers["X-Page-Cache"] == "stale"
        assert stale.get_data() == fresh.get_data()
    assert "Codeerclub" in down.get("/agenda").text
    assert down.get("/agenda?province=10000").status_code == 503  # never rendered: no page


def test_a_signed_in_visitor_gets_the_503_page_not_a_stale_one(client, make_event, make_user,
                                                              login, down):
    make_event(title="Codeerclub")
    client.get("/agenda")
    user = make_user()
    login(user)
    down.set_cookie("session", client.get_cookie("session").value)
    assert down.get("/agenda").status_code == 503
