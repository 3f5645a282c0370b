"""The page after registering states the outcome per person, for a NEW registration and in
the browser that sent it only (issue 16, item 2); a repeated registration, a forwarded link
or another browser keeps the neutral page of DOMAIN.md."""

from urllib.parse import parse_qs, urlsplit

from tests.registrations.helpers import adult_form, children_form

NEUTRAL = "we hebben je inschrijving ontvangen"


def _register(client, event, data):
    response = client.post(f"/events/{event.id}/register", data=data)
    assert response.status_code == 302, response.text[:300]
    return response.headers["Location"]


def test_a_new_registration_states_each_childs_outcome(client, make_open_event):
    event = make_open_event(title="Technieklab", capacity=1)
    kids = [("Lotte", "Janssens", "2016-05-01"), ("Mats", "Janssens", "2017-09-30")]
    response = client.get(_register(client, event, children_form(children=kids)))
    assert response.headers["Cache-Control"] == "no-store"
    page = response.text
    assert "<strong>Lotte Janssens</strong>:\n    bevestigd" in page
    assert "<strong>Mats Janssens</strong>:\n    op de wachtlijst, plaats 1" in page
    assert "Zet in je agenda" in page and f"/events/{event.id}.ics" in page
    assert "/registrations/" in page  # the manage link
    assert NEUTRAL not in page


def test_waiting_only_has_no_calendar_links(client, make_open_event):
    event = make_open_event(title="Technieklab", capacity=0)
    page = client.get(_register(client, event, adult_form())).text
    assert "op de wachtlijst, plaats 1" in page
    assert "Zet in je agenda" not in page


def test_a_repeated_registration_keeps_the_neutral_page(client, make_open_event):
    event = make_open_event(capacity=5)
    _register(client, event, adult_form())
    again = _register(client, event, adult_form())
    assert "outcome" not in again
    page = client.get(again).text
    assert NEUTRAL in page and "An Peeters" not in page


def test_the_outcome_shows_in_the_sending_browser_only(app, client, make_open_event):
    event = make_open_event(capacity=5)
    location = _register(client, event, adult_form())
    stranger = app.test_client()  # another browser: no session nonce
    assert NEUTRAL in stranger.get(location).text
    token = parse_qs(urlsplit(location).query)["outcome"][0]
    tampered = location.replace(token, token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))
    assert NEUTRAL in client.get(tampered).text
    assert NEUTRAL not in client.get(location).text


def test_a_stranger_with_someone_elses_address_gets_no_manage_link(client, make_open_event):
    """The manage page lists everything registered with that address for the event: when
    the form did not make all of it, the link goes by mail only."""
    event = make_open_event(capacity=5)
    _register(client, event, children_form("ouder@example.be",
                                           [("Lotte", "Janssens", "2016-05-01")]))
    page = client.get(_register(client, event, children_form(
        "ouder@example.be", [("Nep", "Kind", "2016-01-01")]))).text
    assert "Nep Kind" in page and "Lotte" not in page
    assert "/registrations/" not in page
