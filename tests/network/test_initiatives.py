"""The initiatives registry: catalogue with the agenda's filters, pages, JSON API."""

from __future__ import annotations

import pytest

from stem_events.events.models import EventStatus
from stem_events.initiatives.models import InitiativeStatus
from stem_events.reference.models import EventKind, HelixPillar


def test_catalogue_lists_only_published_initiatives(client, make_initiative):
    make_initiative("Codeerclub Gent")
    for status in ("draft", "in_review", "rejected"):
        make_initiative(f"Verborgen {status}", status=InitiativeStatus(status))
    html = client.get("/initiatives").get_data(as_text=True)
    assert "Codeerclub Gent" in html
    assert "Verborgen" not in html
    assert "1 initiatief" in html


@pytest.mark.parametrize("status", ["draft", "in_review", "rejected"])
def test_unpublished_initiative_is_404_on_page_and_api(client, make_initiative, status):
    hidden = make_initiative("Geheim", status=InitiativeStatus(status))
    assert client.get(f"/initiatives/{hidden.id}").status_code == 404
    assert client.get(f"/api/v1/initiatives/{hidden.id}").status_code == 404
    assert client.get("/api/v1/initiatives").get_json()["total"] == 0


def test_filters_goal_includes_children_theme_age_place_organisation(client, make_initiative,
                                                                    make_organisation):
    school = make_organisation(name="Hogeschool West", helix=HelixPillar.KNOWLEDGE,
                               municipality_nis="31005")
    make_initiative("Robotlab Brugge", organisations=[school], themes=["robotica"],
                    goals=["OD1.2.1"], municipalities=["31005"], age_min=10, age_max=14)
    make_initiative("Energiecoaches Gent", themes=["energie"], goals=["OD3.1.1"],
                    municipalities=["44021"], age_min=16)

    def names(query: str) -> list[str]:
        body = client.get(f"/api/v1/initiatives?{query}").get_json()
        return [i["name"] for i in body["items"]]

    assert names("goal=SD1") == ["Robotlab Brugge"]
    assert names("goal=TD1.2") == ["Robotlab Brugge"]
    assert names("goal=OD3.1.1") == ["Energiecoaches Gent"]
    assert names("theme=energie") == ["Energiecoaches Gent"]
    assert names("age=12") == ["Robotlab Brugge"]
    assert names("age=40") == ["Energiecoaches Gent"]
    assert names("province=30000") == ["Robotlab Brugge"]
    assert names("municipality=44021") == ["Energiecoaches Gent"]
    assert names(f"organisation={school.id}") == ["Robotlab Brugge"]
    assert names("") == ["Energiecoaches Gent", "Robotlab Brugge"]


def test_search_ignores_accents_and_case_and_needs_every_word(client, make_initiative):
    make_initiative("Geëngageerde Wetenschappers", description="Proefjes met **vuur**.")
    make_initiative("Codeerclub Gent")
    html = client.get("/initiatives?q=geengageerde+VUUR").get_data(as_text=True)
    assert "Geëngageerde Wetenschappers" in html
    assert "Codeerclub Gent" not in html
    assert client.get("/initiatives?q=vuur+codeerclub").get_json() is None  # a page, not JSON
    assert "0 initiatieven" in client.get("/initiatives?q=vuur+codeerclub").get_data(
        as_text=True)
    assert client.get("/api/v1/initiatives?q=100%25").get_json()["total"] == 0


def test_bad_filter_gives_dutch_400_with_the_form_kept(client):
    response = client.get("/initiatives?municipality=99999&q=robot")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Onbekende gemeente" in html
    assert 'value="robot"' in html
    api = client.get("/api/v1/initiatives?goal=OD9.9.9")
    assert api.status_code == 400
    assert "Onbekende doelstelling" in api.get_json()["error"]["message"]


def test_chips_remove_one_filter(client, make_initiative):
    make_initiative("Robotlab", themes=["robotica"])
    html = client.get("/initiatives?theme=robotica&age=9").get_data(as_text=True)
    assert 'aria-label="Filter Robotica verwijderen"' in html
    assert 'href="/initiatives?age=9"' in html


def test_pagination(client, app, make_initiative):
    for n in range(app.config["AGENDA_PER_PAGE"] + 1):
        make_initiative(f"Initiatief {n:02d}")
    first = client.get("/initiatives").get_data(as_text=True)
    assert "Pagina 1 van 2" in first
    second = client.get("/initiatives?page=2").get_data(as_text=True)
    assert "Initiatief 25" in second and "Initiatief 00" not in second


def test_page_redirects_outdated_slug_and_lists_presenting_events(client, make_initiative,
                                                                  make_event):
    moment = make_event(title="Netwerkmoment Oost-Vlaanderen", kind=EventKind.NETWORK_MOMENT)
    draft = make_event(title="Ontwerp-activiteit", status=EventStatus.DRAFT)
    initiative = make_initiative("Codeerclub Gent", events=[moment, draft],
                                 contact_email="info@codeerclub.be")
    response = client.get(f"/initiatives/{initiative.id}-oude-naam")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"/initiatives/{initiative.id}-codeerclub-gent")
    html = client.get(f"/initiatives/{initiative.id}-codeerclub-gent").get_data(as_text=True)
    assert "Netwerkmoment Oost-Vlaanderen" in html
    assert "Ontwerp-activiteit" not in html
    assert "mailto:info@codeerclub.be" in html


def test_api_detail_has_events_and_contact(client, make_initiative, make_event):
    moment = make_event(title="Netwerkmoment Gent", kind=EventKind.NETWORK_MOMENT)
    initiative = make_initiative("Codeerclub Gent", events=[moment], goals=["OD1.2.1"],
                                 website="https://codeerclub.example")
    body = client.get(f"/api/v1/initiatives/{initiative.id}").get_json()
    assert body["goals"] == ["OD1.2.1"]
    assert body["municipalities"] == [{"nis": "44021", "name": "Gent"}]
    assert [e["title"] for e in body["events"]] == ["Netwerkmoment Gent"]
    assert body["website"] == "https://codeerclub.example"
    assert client.get("/api/v1/initiatives/2147483648").status_code == 404


def test_openapi_documents_initiatives(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"/initiatives", "/initiatives/{id}"} <= set(paths)


def test_database_refuses_an_impossible_age_range(db, make_initiative):
    import sqlalchemy as sa

    with pytest.raises(sa.exc.IntegrityError):
        make_initiative("Onmogelijk", age_min=12, age_max=8)
    db.session.rollback()


def test_a_nul_character_is_a_dutch_400_not_a_database_error(client):
    response = client.get("/api/v1/initiatives?theme=%00")
    assert response.status_code == 400
    assert "ongeldig teken" in response.get_json()["error"]["message"]
