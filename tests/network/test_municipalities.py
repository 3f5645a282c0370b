"""STEM in jouw gemeente: every municipality, its activities, initiatives and academy."""

from __future__ import annotations

from datetime import timedelta

from stem_events.date_time import now_utc
from stem_events.events.models import EventStatus
from stem_events.reference.models import EventKind


def test_overview_lists_all_304_municipalities_by_province(client, make_event):
    make_event(title="Workshop in Gent")
    make_event(title="Nog een workshop in Gent")
    make_event(title="Ontwerp", status=EventStatus.DRAFT)
    html = client.get("/municipalities").get_data(as_text=True)
    assert html.count('<tr><th scope="row">') == 285 + 19
    for province in ("Antwerpen", "Limburg", "Oost-Vlaanderen", "Vlaams-Brabant",
                     "West-Vlaanderen", "Brussel"):
        assert province in html
    gent = html.split('href="/municipalities/44021">Gent</a></th>')[1].split("</tr>")[0]
    assert '<td class="num">2</td>' in gent


def test_academy_is_active_by_an_academy_based_there_or_activities_held_there(
        client, make_event, make_organisation):
    academy = make_organisation(name="STEM-academie Leuven", is_academy=True,
                                municipality_nis="24062")
    past = now_utc() - timedelta(days=200)
    # Leuven's academy holds its activity in Herent: both count as active.
    make_event(title="Robotica", kind=EventKind.ACADEMY_ACTIVITY, organisation=academy,
               municipality_nis="24038", sessions=[(past, past + timedelta(hours=2))])
    old = now_utc() - timedelta(days=500)
    make_event(title="Te oud", kind=EventKind.ACADEMY_ACTIVITY, municipality_nis="11002",
               sessions=[(old, old + timedelta(hours=2))])
    make_event(title="Geen academie", kind=EventKind.WORKSHOP, municipality_nis="71072")

    from stem_events.municipalities.services import academy_municipalities, academy_window

    assert academy_municipalities(*academy_window()) == {"24062", "24038"}
    leuven = client.get("/municipalities/24062").get_data(as_text=True)
    assert "Er is een STEM-academie actief in Leuven." in leuven
    assert "STEM-academie Leuven" in leuven
    antwerpen = client.get("/municipalities/11002").get_data(as_text=True)
    assert "Er is (nog) geen STEM-academie actief in Antwerpen" in antwerpen


def test_municipality_page_shows_upcoming_activities_and_initiatives(client, make_event,
                                                                     make_initiative):
    make_event(title="Sterrenkijken in Gent")
    make_event(title="Robotica in Brugge", municipality_nis="31005")
    make_initiative("Codeerclub Gent", municipalities=["44021"])
    make_initiative("Robotlab Brugge", municipalities=["31005"])
    html = client.get("/municipalities/44021").get_data(as_text=True)
    assert "STEM in Gent" in html
    assert "Sterrenkijken in Gent" in html and "Robotica in Brugge" not in html
    assert "Codeerclub Gent" in html and "Robotlab Brugge" not in html
    assert "1 komende activiteit" in html


def test_unknown_municipality_is_404(client):
    for nis in ("99999", "abc", "4402", "440211"):
        assert client.get(f"/municipalities/{nis}").status_code == 404


def test_agenda_links_to_the_municipality_page_when_filtered(client, make_event):
    make_event()
    html = client.get("/agenda?municipality=44021").get_data(as_text=True)
    assert 'href="/municipalities/44021">Alles over STEM in Gent</a>' in html
    assert "Alles over STEM in" not in client.get("/agenda").get_data(as_text=True)
