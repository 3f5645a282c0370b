"""Network moments: programme, invited pillars, report and presented initiatives, shown on the
event page and as JSON; edited by coordinators and by the event's own organisers."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from stem_events.accounts.models import Role
from stem_events.events.models import EventStatus
from stem_events.initiatives.catalogue import InitiativeNotPublished
from stem_events.initiatives.models import InitiativeStatus, event_initiatives
from stem_events.network import services
from stem_events.network.models import NetworkMoment
from stem_events.reference.models import EventKind, HelixPillar


@pytest.fixture
def moment_event(make_event, make_organisation):
    host = make_organisation(name="Provincie Oost-Vlaanderen", helix=HelixPillar.GOVERNMENT)
    company = make_organisation(name="Chemiepark Gent", helix=HelixPillar.COMPANY)
    return make_event(title="Netwerkmoment Gent", kind=EventKind.NETWORK_MOMENT,
                      organisation=host, co_organisations=[company])


def login(client, user):
    """Flask-Login's session keys (the login form is tested by the accounts package)."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def test_event_page_and_json_show_programme_report_and_initiatives(
        client, db, moment_event, make_initiative, make_organisation):
    club = make_initiative("Codeerclub Gent")
    hidden = make_initiative("Nog niet openbaar", status=InitiativeStatus.DRAFT)
    speaker_org = make_organisation(name="Hogeschool Gent", helix=HelixPillar.KNOWLEDGE)
    services.save_network_moment(
        moment_event, region="Gent en omstreken", province_nis="40000",
        pillars=["company", "knowledge"], report="Afspraak: **gedeelde kalender**.",
        initiative_ids=[club.id], pitches=[
            services.PitchInput("Codeerclubs in de bib", speaker_org.id, club.id, "An Peeters"),
            services.PitchInput("Stages voor leerkrachten", speaker_org.id, None, "Bram Claes"),
        ])
    db.session.commit()
    db.session.execute(event_initiatives.insert().values(event_id=moment_event.id,
                                                         initiative_id=hidden.id))
    db.session.commit()

    html = client.get(f"/events/{moment_event.id}-{moment_event.slug}").get_data(as_text=True)
    assert "Over dit netwerkmoment" in html
    assert "Gent en omstreken" in html
    assert "bedrijf, kennisinstelling" in html
    assert html.index("Codeerclubs in de bib") < html.index("Stages voor leerkrachten")
    assert "<strong>gedeelde kalender</strong>" in html
    assert "Codeerclub Gent" in html and "Nog niet openbaar" not in html
    assert "Alles over STEM in Gent" in html

    body = client.get(f"/api/v1/network-moments/{moment_event.id}").get_json()
    assert body["invited_pillars"] == ["company", "knowledge"]
    assert [p["title"] for p in body["programme"]] == ["Codeerclubs in de bib",
                                                       "Stages voor leerkrachten"]
    assert [h["name"] for h in body["hosts"]] == ["Provincie Oost-Vlaanderen", "Chemiepark Gent"]
    assert body["presented_initiatives"] == [{"id": club.id, "name": "Codeerclub Gent"}]


def test_api_of_a_workshop_or_a_draft_moment_is_404(client, make_event):
    workshop = make_event()
    draft = make_event(kind=EventKind.NETWORK_MOMENT, status=EventStatus.DRAFT)
    assert client.get(f"/api/v1/network-moments/{workshop.id}").status_code == 404
    assert client.get(f"/api/v1/network-moments/{draft.id}").status_code == 404


def test_an_unpublished_initiative_cannot_be_presented_and_nothing_changes(
        app, db, moment_event, make_initiative):
    draft = make_initiative("Ontwerp", status=InitiativeStatus.IN_REVIEW)
    with app.test_request_context(), pytest.raises(InitiativeNotPublished):
        services.save_network_moment(moment_event, region="X", province_nis=None, pillars=[],
                                     report="", initiative_ids=[draft.id], pitches=[])
    db.session.rollback()
    assert db.session.get(NetworkMoment, moment_event.id) is None


@pytest.mark.parametrize("role, expected", [(None, 302), (Role.ORGANISER, 403),
                                            (Role.ADMIN, 200)])
def test_only_coordinators_edit_network_moments(client, make_user, moment_event, role,
                                                expected):
    if role is not None:
        login(client, make_user(role=role))
    assert client.get("/admin/network/").status_code == expected
    assert client.get(f"/admin/network/{moment_event.id}").status_code == expected
    response = client.post(f"/admin/network/{moment_event.id}", data={"region": "Hack"})
    assert response.status_code == (302 if role == Role.ADMIN else expected)


def test_coordinator_edits_programme_and_report_through_the_form(client, db, make_user,
                                                                 moment_event, make_initiative):
    club = make_initiative("Codeerclub Gent")
    login(client, make_user(role=Role.ADMIN))
    form = {
        "region": "Meetjesland", "province": "40000", "pillars": ["citizen", "company"],
        "initiatives": [str(club.id)], "report": "Goed verlopen.",
        "pitches-0-title": "Eerste pitch", "pitches-0-speaker_name": "An",
        "pitches-0-organisation": "", "pitches-0-initiative": str(club.id),
        "pitches-1-title": "", "pitches-1-speaker_name": "",
        "pitches-1-organisation": "", "pitches-1-initiative": "",
        "pitches-2-title": "Tweede pitch", "pitches-2-speaker_name": "",
        "pitches-2-organisation": "", "pitches-2-initiative": "",
    }
    response = client.post(f"/admin/network/{moment_event.id}", data=form)
    assert response.status_code == 302
    moment = db.session.get(NetworkMoment, moment_event.id)
    assert moment.region == "Meetjesland"
    assert [p.title for p in moment.pitches] == ["Eerste pitch", "Tweede pitch"]
    assert [p.position for p in moment.pitches] == [0, 1]
    assert moment.invited_pillars == [HelixPillar.CITIZEN, HelixPillar.COMPANY]
    page = client.get(f"/admin/network/{moment_event.id}").get_data(as_text=True)
    assert 'value="Eerste pitch"' in page

    # Re-order and shorten: one pitch left, no uniqueness trouble.
    form.update({"pitches-0-title": "Tweede pitch", "pitches-0-initiative": "",
                 "pitches-2-title": ""})
    assert client.post(f"/admin/network/{moment_event.id}", data=form).status_code == 302
    db.session.expire_all()
    assert [p.title for p in db.session.get(NetworkMoment, moment_event.id).pitches] == [
        "Tweede pitch"]


def test_form_refuses_an_unpublished_initiative_in_dutch_and_keeps_the_input(
        client, db, make_user, moment_event, make_initiative):
    hidden = make_initiative("Verborgen", status=InitiativeStatus.DRAFT)
    login(client, make_user(role=Role.ADMIN))
    response = client.post(f"/admin/network/{moment_event.id}", data={
        "region": "Waasland", "report": "Mijn verslag",
        "pitches-0-title": "Pitch", "pitches-0-initiative": str(hidden.id),
        "pitches-0-organisation": "", "pitches-0-speaker_name": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Alleen gepubliceerde initiatieven" in html
    assert "Mijn verslag" in html and 'value="Waasland"' in html
    assert db.session.get(NetworkMoment, moment_event.id) is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(event_initiatives)) == 0


def test_editing_a_workshop_as_network_moment_is_404(client, make_user, make_event):
    login(client, make_user(role=Role.ADMIN))
    assert client.get(f"/admin/network/{make_event().id}").status_code == 404


def _member_of(db, make_user, organisation):
    from stem_events.accounts.models import MemberRole, Membership

    user = make_user()
    db.session.add(Membership(user=user, organisation=organisation, role=MemberRole.EDITOR))
    db.session.commit()
    return user


def test_the_organiser_records_presented_initiatives_and_the_report_afterwards(
        client, db, make_user, moment_event, make_initiative):
    """Issue 8: 'afterwards the organiser records which initiatives were presented and adds a
    short report; the moment's page then shows them'."""
    club = make_initiative("Codeerclub Gent")
    login(client, _member_of(db, make_user, moment_event.organisation))
    manage_page = client.get(f"/manage/events/{moment_event.id}").get_data(as_text=True)
    assert f"/manage/events/{moment_event.id}/network" in manage_page
    assert client.get(f"/manage/events/{moment_event.id}/network").status_code == 200
    response = client.post(f"/manage/events/{moment_event.id}/network", data={
        "region": "Gent", "initiatives": [str(club.id)], "report": "Tien **nieuwe** contacten.",
        "pitches-0-title": "", "pitches-0-organisation": "", "pitches-0-initiative": "",
        "pitches-0-speaker_name": ""})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/manage/events/{moment_event.id}/network")
    html = client.get(f"/events/{moment_event.id}-{moment_event.slug}").get_data(as_text=True)
    assert "Codeerclub Gent" in html and "<strong>nieuwe</strong>" in html


def test_organisers_of_another_organisation_cannot_record_the_report(
        client, db, make_user, make_organisation, moment_event):
    other = make_organisation(name="Andere organisatie")
    login(client, _member_of(db, make_user, other))
    assert client.get(f"/manage/events/{moment_event.id}/network").status_code == 403
    response = client.post(f"/manage/events/{moment_event.id}/network",
                           data={"region": "Hack", "report": "Hack"})
    assert response.status_code == 403
    assert db.session.get(NetworkMoment, moment_event.id) is None


def test_a_workshop_has_no_network_moment_form_for_its_organisers(
        client, db, make_user, make_event):
    workshop = make_event()
    login(client, _member_of(db, make_user, workshop.organisation))
    assert client.get(f"/manage/events/{workshop.id}/network").status_code == 404
    assert "/network" not in client.get(f"/manage/events/{workshop.id}").get_data(as_text=True)
