"""State-of-the-STEM editions: programme by time and track, market, the road to it (the
edition's award rounds: tests/awards/test_edition_rounds.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from stem_events.editions.models import MarketStand, ProgrammeItem
from stem_events.events.models import EventStatus
from stem_events.initiatives.models import InitiativeStatus
from stem_events.reference.models import EventKind
from tests.conftest import utc


def test_programme_by_time_and_track_market_and_road(client, db, make_edition, make_event,
                                                     make_initiative):
    edition = make_edition()
    ten, half_eleven = utc(2028, 5, 18, 8), utc(2028, 5, 18, 9, 30)
    edition.programme += [
        ProgrammeItem(title="Arbeidsmarkt-sessie", track="Arbeidsmarkt", room="Gamma",
                      starts_at=ten, ends_at=ten + timedelta(hours=1), capacity=40),
        ProgrammeItem(title="Onderwijs-sessie", track="Onderwijs", room="Alfa",
                      starts_at=ten, ends_at=ten + timedelta(hours=1), speakers="An Peeters"),
        ProgrammeItem(title="Slot", track="", room="Grote zaal", starts_at=half_eleven,
                      ends_at=half_eleven + timedelta(hours=1)),
    ]
    club = make_initiative("Codeerclub Gent")
    hidden = make_initiative("Verborgen stand", status=InitiativeStatus.DRAFT)
    edition.stands += [MarketStand(initiative=club, stand_number="M01"),
                       MarketStand(initiative=hidden, stand_number="M02")]
    db.session.commit()
    for title, days_before in (("Netwerkmoment Limburg", 300), ("Netwerkmoment Antwerpen", 700),
                               ("Te oud netwerkmoment", 800)):
        start = utc(2028, 5, 18, 14) - timedelta(days=days_before)
        make_event(title=title, kind=EventKind.NETWORK_MOMENT,
                   sessions=[(start, start + timedelta(hours=3))])
    make_event(title="Ontwerp-netwerkmoment", kind=EventKind.NETWORK_MOMENT,
               status=EventStatus.DRAFT, sessions=[(utc(2028, 1, 5, 14), utc(2028, 1, 5, 17))])

    html = client.get("/state-of-the-stem/2028").get_data(as_text=True)
    assert "State-of-the-STEM 2028" in html
    # 10:00 Brussels (summer time) before 11:30; within a slot, tracks alphabetically.
    assert html.index("10:00") < html.index("Arbeidsmarkt-sessie") < html.index(
        "Onderwijs-sessie") < html.index("11:30") < html.index(">Slot<")
    assert "40 plaatsen" in html and "An Peeters" in html
    assert "Codeerclub Gent" in html and "Verborgen stand" not in html
    road = html.split('id="road-heading"')[1]
    assert road.index("Netwerkmoment Antwerpen") < road.index("Netwerkmoment Limburg")
    assert "Te oud" not in road and "Ontwerp-netwerkmoment" not in road
    assert "@media print" in client.get("/static/css/network.css").get_data(as_text=True)


@pytest.mark.parametrize("status", [EventStatus.DRAFT, EventStatus.IN_REVIEW])
def test_unknown_or_unpublished_edition_is_404(client, make_edition, status):
    make_edition(year=2030, status=status)
    assert client.get("/state-of-the-stem/2030").status_code == 404
    assert client.get("/state-of-the-stem/1999").status_code == 404
    assert client.get("/state-of-the-stem/2026").status_code == 404


def test_the_umbrella_event_page_links_to_the_edition(client, make_edition):
    event = make_edition(year=2028).event
    html = client.get(f"/events/{event.id}-{event.slug}").get_data(as_text=True)
    assert 'href="/state-of-the-stem/2028"' in html
