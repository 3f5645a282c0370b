"""/state-of-the-stem/ lists the public editions, newest first (CONTRACT.md)."""

from stem_events.events.models import EventStatus


def test_the_editions_are_listed_newest_first(client, make_edition):
    make_edition(2026)
    make_edition(2028)
    make_edition(2030, status=EventStatus.DRAFT)
    response = client.get("/state-of-the-stem/")
    assert response.status_code == 200
    page = response.text
    assert page.index('href="/state-of-the-stem/2028"') < page.index(
        'href="/state-of-the-stem/2026"')
    assert "/state-of-the-stem/2030" not in page


def test_no_edition_yet_says_so(client):
    response = client.get("/state-of-the-stem/")
    assert response.status_code == 200
    assert "Er is nog geen editie aangekondigd." in response.text
