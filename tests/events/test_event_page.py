"""The event page: what a visitor, a search engine and a calendar app read from it."""

import json
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from stem_events.date_time import now_utc
from stem_events.events.models import EventStatus, PriceKind


def json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


@pytest.fixture
def event(make_event, freeze_now):
    freeze_now(datetime(2026, 3, 1, 12, tzinfo=UTC))
    start = datetime(2026, 3, 14, 13, tzinfo=UTC)
    return make_event(
        title="Robotica & co: \"bouw\" <je> robot", summary="Voor jonge makers.",
        street="Miriam Makebaplein 1", postcode="9000", age_min=8, age_max=12,
        price_kind=PriceKind.AMOUNT, price_cents=1500,
        sessions=[(start + timedelta(weeks=w), start + timedelta(weeks=w, hours=2))
                  for w in range(3)],
    )


def test_json_ld_describes_the_event(client, event):
    html = client.get(f"/events/{event.id}-{event.slug}").get_data(as_text=True)
    data = json_ld(html)
    assert data["@type"] == "Event" and data["name"] == event.title
    assert data["startDate"] == "2026-03-14T14:00:00+01:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    place = data["location"][0]
    assert place["address"]["postalCode"] == "9000"
    assert place["address"]["addressLocality"] == "Gent"
    assert data["organizer"][0]["name"] == "STEM-academie Gent"
    assert data["offers"]["price"] == "15.00" and data["offers"]["priceCurrency"] == "EUR"
    assert data["typicalAgeRange"] == "8-12"
    assert len(data["subEvent"]) == 3
    assert "<je>" not in html.split("application/ld+json")[1].split("</script>")[0]


def test_cancelled_event_json_ld_and_banner(client, make_event):
    event = make_event(status=EventStatus.CANCELLED, status_reason="Te weinig inschrijvingen.")
    html = client.get(f"/events/{event.id}-{event.slug}").get_data(as_text=True)
    assert json_ld(html)["eventStatus"] == "https://schema.org/EventCancelled"
    assert "Deze activiteit is geannuleerd." in html
    postponed = make_event(title="Later", status=EventStatus.POSTPONED)
    html = client.get(f"/events/{postponed.id}-{postponed.slug}").get_data(as_text=True)
    assert json_ld(html)["eventStatus"] == "https://schema.org/EventPostponed"


def test_online_event_is_a_virtual_location(client, make_event):
    event = make_event(online_url="https://meet.example/abc", venue_name="",
                       municipality_nis=None)
    data = json_ld(client.get(f"/events/{event.id}-{event.slug}").get_data(as_text=True))
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == [{"@type": "VirtualLocation", "url": "https://meet.example/abc"}]


def test_open_graph_and_canonical(client, event):
    html = client.get(f"/events/{event.id}-{event.slug}").get_data(as_text=True)
    title = "Robotica &amp; co: &#34;bouw&#34; &lt;je&gt; robot"  # escaped, never raw markup
    assert f'<meta property="og:title" content="{title}">' in html
    assert f'<link rel="canonical" href="http://localhost/events/{event.id}-{event.slug}">' in html


def test_calendar_links(client, event):
    html = client.get(f"/events/{event.id}-{event.slug}").get_data(as_text=True)
    assert f'href="/events/{event.id}.ics"' in html
    google = re.search(r'href="(https://calendar\.google\.com/[^"]+)"', html).group(1)
    query = parse_qs(urlsplit(google.replace("&amp;", "&")).query)
    assert query["dates"] == ["20260314T130000Z/20260314T150000Z"]
    assert query["text"] == [event.title]
    outlook = re.search(r'href="(https://outlook\.live\.com/[^"]+)"', html).group(1)
    assert "startdt=2026-03-14T14%3A00%3A00%2B01%3A00" in outlook


def test_map_link_to_openstreetmap(client, event):
    html = client.get(f"/events/{event.id}-{event.slug}").get_data(as_text=True)
    assert "https://www.openstreetmap.org/search?query=Miriam+Makebaplein+1%2C+9000%2C+Gent" in html


def test_organisation_page_lists_upcoming_and_past_events(client, make_event, make_organisation):
    lab = make_organisation(name="Fablab Kortrijk", municipality_nis="34022")
    partner = make_organisation(name="Hogeschool West")
    past = now_utc() - timedelta(days=20)
    make_event(title="Lasersnijden", organisation=lab)
    make_event(title="Vorige maand", organisation=lab, sessions=[(past, past + timedelta(hours=2))])
    make_event(title="Samen met Howest", organisation=partner, co_organisations=[lab])
    make_event(title="Ontwerp", organisation=lab, status=EventStatus.DRAFT)
    html = client.get(f"/organisations/{lab.id}").get_data(as_text=True)
    assert "Fablab Kortrijk" in html and "Kortrijk" in html
    assert "Lasersnijden" in html and "Samen met Howest" in html
    assert "Vorige maand" in html and "Ontwerp" not in html


def test_unapproved_organisation_is_404(client, make_organisation):
    waiting = make_organisation(approved=False)
    assert client.get(f"/organisations/{waiting.id}").status_code == 404
    assert client.get("/organisations/999999999999").status_code == 404


def test_json_ld_names_the_audiences(client, make_event, db):
    """schema.org `audience` with `audienceType` for events that say whom they are for."""
    import sqlalchemy as sa

    from stem_events.audiences.models import Audience

    girls = db.session.scalar(sa.select(Audience).where(Audience.slug == "meisjes"))
    teachers = db.session.scalar(sa.select(Audience).where(Audience.slug == "leerkrachten"))
    start = now_utc() + timedelta(days=7)
    event = make_event(sessions=[(start, start + timedelta(hours=2))])
    event.audiences = [girls, teachers]
    db.session.commit()
    data = json_ld(client.get(f"/events/{event.id}-{event.slug}").get_data(as_text=True))
    assert data["audience"] == [{"@type": "Audience", "audienceType": girls.name},
                                {"@type": "Audience", "audienceType": teachers.name}]
    plain = make_event(title="Voor iedereen", sessions=[(start, start + timedelta(hours=2))])
    data = json_ld(client.get(f"/events/{plain.id}-{plain.slug}").get_data(as_text=True))
    assert "audience" not in data
