"""The subscribe dialog on the agenda and event pages."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, quote, urlsplit

from stem_events.events.models import EventStatus


def links(page: str) -> dict[str, str]:
    found = re.findall(r'href="([^"]+)" data-subscribe-link="(\w+)"', page)
    return {name: html.unescape(url) for url, name in found}


def test_agenda_dialog_keeps_the_filters(client, make_event):
    make_event(title="Workshop", kind="workshop")
    make_event(title="Lezing", kind="lecture")
    page = client.get("/agenda?kind=workshop&utm_source=x").get_data(as_text=True)
    found = links(page)
    assert found["webcal"] == "webcal://localhost/agenda.ics?kind=workshop"
    assert found["google"] == ("https://calendar.google.com/calendar/r?cid="
                               + quote("webcal://localhost/agenda.ics?kind=workshop", safe=""))
    for name, host in (("outlook", "outlook.live.com"), ("office365", "outlook.office.com")):
        parts = urlsplit(found[name])
        assert (parts.netloc, parts.path) == (host, "/calendar/0/addfromweb")
        query = parse_qs(parts.query)
        assert query["url"] == ["http://localhost/agenda.ics?kind=workshop"]
        assert query["name"][0].startswith("STEM-agenda — ")
    assert "Dit abonnement bevat nu 1 activiteit." in page
    assert "groter dan 1 MB" not in page
    make_event(title="Nog een workshop", kind="workshop")  # a new data version: counted again
    page = client.get("/agenda?kind=workshop").get_data(as_text=True)
    assert "Dit abonnement bevat nu 2 activiteiten." in page
    assert 'src="/static/js/subscribe.js"' in page and "<script>" not in page


def test_event_page_dialog(client, make_event):
    event = make_event(title="Robotica", sessions=None)
    page = client.get(f"/events/{event.id}-{event.slug}").get_data(as_text=True)
    assert links(page)["webcal"] == f"webcal://localhost/events/{event.id}.ics"
    assert "Dit abonnement bevat nu 1 activiteit." in page


def test_no_dialog_when_the_filter_is_wrong(client):
    page = client.get("/agenda?age=abc").get_data(as_text=True)
    assert "data-subscribe-link" not in page


def test_warning_above_one_megabyte(client, make_event, app, db):
    from datetime import timedelta

    from stem_events.date_time import now_utc

    start = now_utc().replace(microsecond=0) + timedelta(days=1)
    long_text = "Een lange beschrijving van deze activiteit. " * 200  # ~9 kB per session
    make_event(title="Grote reeks", description=long_text,
               sessions=[(start + timedelta(days=d), start + timedelta(days=d, hours=1))
                         for d in range(120)])
    assert len(client.get("/agenda.ics").data) > 1024 * 1024  # once assembled: exact
    page = client.get("/agenda").get_data(as_text=True)
    assert "groter dan 1 MB" in page


def test_cancelled_event_page_still_offers_its_feed(client, make_event):
    event = make_event(title="Afgelast", status=EventStatus.CANCELLED)
    page = client.get(f"/events/{event.id}-{event.slug}").get_data(as_text=True)
    assert f"/events/{event.id}.ics" in page


def test_size_estimate_then_exact_size(client, make_event, app):
    from werkzeug.datastructures import MultiDict

    from stem_events.events.filters import parse_filters
    from stem_events.feeds import services

    make_event(title="Robotica", description="Een beschrijving. " * 20)
    make_event(title="Lezing")
    with app.test_request_context("/agenda"):
        estimate = services.agenda_stats(parse_filters(MultiDict()))
        assert (estimate.events, estimate.sessions) == (2, 2)
        real = len(client.get("/agenda.ics").data)
        assert 0.3 * real < estimate.size < 3 * real
        assert services.agenda_stats(parse_filters(MultiDict())).size == real  # exact
