"""Teacher STEM-clubs (issue 19, item 3): public pages, consent, joining through a mailed link,
coverage in the report."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from stem_events.accounts.models import Role
from stem_events.clubs.models import Club, ClubSchool
from stem_events.date_time import now_utc
from stem_events.events.models import RegistrationMode
from stem_events.mail.models import OutboxMessage
from stem_events.reference.models import EventKind
from stem_events.registrations.models import Registration, RegistrationStatus


@pytest.fixture
def make_club(db, make_event, make_organisation):
    def make(consent=True, **overrides):
        academy = make_organisation(name="STEM-academie Gent", is_academy=True)
        start = now_utc().replace(microsecond=0) + timedelta(days=7)
        series = make_event(kind=EventKind.TEACHER_CLUB, title="STEM-club Gent 2025-2026",
                            organisation=academy, registration_mode=RegistrationMode.SERIES,
                            capacity=30, sessions=[(start + timedelta(weeks=4 * n),
                                                    start + timedelta(weeks=4 * n, hours=2))
                                                   for n in range(3)])
        values = {"name": "STEM-club Gent", "description": "Leerkrachten delen lessen.",
                  "municipality_nis": "44021", "contact_name": "Els Coördinator",
                  "contact_email": "els@academie.be", "contact_phone": "09 123 45 67",
                  "contact_consent": consent, "series_event_id": series.id}
        values.update(overrides)
        club = Club(**values)
        club.organisations = [academy]
        club.schools = [ClubSchool(name="Sint-Barbaracollege", consent=True),
                        ClubSchool(name="Atheneum Zwijnaarde", consent=False)]
        db.session.add(club)
        db.session.commit()
        return club
    return make


def test_the_clubs_pages_show_a_club_its_meetings_and_only_consented_names(
        client, make_club):
    club = make_club()
    index = client.get("/clubs").text
    assert "STEM-club Gent" in index and "Oost-Vlaanderen" in index
    page = client.get(f"/clubs/{club.id}").text
    assert "Sint-Barbaracollege" in page and "1 andere school" in page
    assert "Atheneum Zwijnaarde" not in page
    assert "els@academie.be" in page and "STEM-academie Gent" in page
    assert "STEM-club Gent 2025-2026" in page
    municipality = client.get("/municipalities/44021").text
    section = municipality.split('id="clubs-heading"')[1]
    assert f'href="/clubs/{club.id}"' in section and "<title>STEM in Gent" in municipality


def test_a_contact_without_consent_is_not_shown(client, make_club):
    club = make_club(consent=False)
    page = client.get(f"/clubs/{club.id}").text
    assert "els@academie.be" not in page and "Els Coördinator" not in page


def test_an_unknown_club_is_a_dutch_404(client):
    response = client.get("/clubs/999")
    assert response.status_code == 404 and "bestaat niet" in response.text


def _link(db) -> str:
    mail = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.kind == "club_join")).one()
    return re.search(r"(/clubs/\d+/join/[\w.\-]+)", mail.payload["data"]["text"]).group(1)


def test_joining_needs_the_mailed_link_and_then_registers_for_the_meetings(
        client, db, make_club):
    club = make_club()
    response = client.post(f"/clubs/{club.id}/join", data={
        "contact_name": "Meester Tom", "contact_email": "tom@school.be"})
    assert response.status_code == 200 and "Kijk in je mailbox" in response.text
    assert db.session.scalars(sa.select(Registration)).all() == []  # nothing before the link
    link = _link(db)
    assert "Ja, ik word lid" in client.get(link).text
    assert db.session.scalars(sa.select(Registration)).all() == []  # a GET joins nobody
    confirmed = client.post(link)
    assert confirmed.status_code == 302 and "/registrations/" in confirmed.headers["Location"]
    [registration] = db.session.scalars(sa.select(Registration)).all()
    assert (registration.event_id, registration.contact_email, registration.status) == (
        club.series_event_id, "tom@school.be", RegistrationStatus.CONFIRMED)
    kinds = [m.kind for m in db.session.scalars(sa.select(OutboxMessage))]
    assert "confirmation" in kinds  # with the personal feed and the leave link
    client.post(link)
    assert len(db.session.scalars(sa.select(Registration)).all()) == 1


def test_a_tampered_link_joins_nobody(client, db, make_club):
    club = make_club()
    client.post(f"/clubs/{club.id}/join", data={
        "contact_name": "Meester Tom", "contact_email": "tom@school.be"})
    response = client.post(_link(db)[:-3] + "abc")
    assert response.status_code == 404 and "ongeldig" in response.text
    assert db.session.scalars(sa.select(Registration)).all() == []


def test_bad_join_input_is_named_at_the_field(client, db, make_club):
    club = make_club()
    response = client.post(f"/clubs/{club.id}/join", data={
        "contact_name": "", "contact_email": "geen-adres"})
    assert response.status_code == 400
    assert "Vul je naam in." in response.text and "geen geldig e-mailadres" in response.text
    assert 'value="geen-adres"' in response.text
    assert db.session.scalars(sa.select(OutboxMessage)).all() == []


def test_coordinators_keep_clubs_and_see_coverage_in_the_report(
        client, db, login, make_user, make_club):
    make_club()
    admin = make_user(role=Role.ADMIN)
    login(admin)
    report = client.get("/admin/report").text
    assert "STEM-clubs voor leerkrachten per provincie" in report
    row = re.search(r"Oost-Vlaanderen</th><td class=\"num\">(\d+)</td><td class=\"num\">(\d+)",
                    report.split("clubs-coverage-heading")[-1])
    assert row and row.group(2) == "1"
    response = client.post("/admin/clubs/new", data={
        "name": "STEM-club Brugge", "municipality_nis": "31005",
        "schools_shown": "VTI Brugge\nSint-Lodewijkscollege", "contact_consent": "y",
        "active": "y", "series_event_id": ""})
    assert response.status_code == 302, response.text
    club = db.session.scalars(sa.select(Club).where(Club.name == "STEM-club Brugge")).one()
    assert sorted(s.name for s in club.public_schools) == ["Sint-Lodewijkscollege",
                                                           "VTI Brugge"]
    bad = client.post("/admin/clubs/new", data={"name": "", "municipality_nis": ""})
    assert bad.status_code == 400 and "Vul de naam van de club in." in bad.text


def test_only_coordinators_reach_the_clubs_admin(client, login, make_user):
    login(make_user(role=Role.ORGANISER))
    assert client.get("/admin/clubs").status_code == 403
