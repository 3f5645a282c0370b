"""The report's teacher STEM-clubs (issue 19): per province, per club and per municipality,
on the page and as CSV like the report's other tables — members under 10 as "< 10", ja/nee,
text a spreadsheet would run kept as text."""

from datetime import timedelta

import pytest

from stem_events.accounts.models import Role
from stem_events.clubs.models import Club
from stem_events.date_time import now_utc
from stem_events.events.models import RegistrationMode
from stem_events.reference.models import EventKind
from stem_events.registrations.models import Registration, RegistrationStatus

QUERY = "from=2025-01-01&to=2025-12-31"


@pytest.fixture
def two_clubs(db, make_event, make_organisation):
    """A club in Gent with 12 teachers, one in Brugge with 3 (its name starts with '=')."""
    academy = make_organisation(name="STEM-academie Gent", is_academy=True)
    start = now_utc().replace(microsecond=0) + timedelta(days=7)
    for name, nis, members in (("STEM-club Gent", "44021", 12), ("=HYPERLINK(1)", "31005", 3)):
        series = make_event(kind=EventKind.TEACHER_CLUB, title=f"{name} 2025-2026",
                            organisation=academy, registration_mode=RegistrationMode.SERIES,
                            capacity=30, sessions=[(start, start + timedelta(hours=2))])
        club = Club(name=name, municipality_nis=nis, series_event_id=series.id)
        club.organisations = [academy]
        db.session.add(club)
        for n in range(members + 1):  # and one who left
            db.session.add(Registration(
                event_id=series.id, identity_key=f"{nis}-{n}", contact_name=f"Leerkracht {n}",
                contact_email=f"l{n}@school.be",
                **({"status": RegistrationStatus.CANCELLED, "cancelled_at": start}
               if n == members else {"status": RegistrationStatus.CONFIRMED,
                                     "confirmed_at": start})))
    db.session.add(Club(name="Slapende club", municipality_nis="11002", active=False))
    db.session.commit()


@pytest.fixture
def coordinator(login, make_user):
    login(make_user(role=Role.ADMIN))


def _csv(client, name: str) -> list[str]:
    response = client.get(f"/admin/report/{name}.csv?{QUERY}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith(
        f'attachment; filename="stem-rapport-{name}-')
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return text.lstrip("\ufeff").splitlines()


def test_clubs_per_province_as_csv_with_members_under_ten_hidden(
        client, two_clubs, coordinator):
    lines = _csv(client, "clubs")
    assert lines[0] == ("Provincie;Gemeenten;Met een STEM-club;Procent;Clubs;"
                        "Ingeschreven leerkrachten")
    rows = {line.split(";")[0]: line.split(";")[2:] for line in lines[1:]}
    assert rows["Oost-Vlaanderen"] == ["1", "2", "1", "12"]  # 1 of 55 municipalities
    assert rows["West-Vlaanderen"] == ["1", "2", "1", "< 10"]
    assert rows["Antwerpen"] == ["0", "0", "0", "< 10"]  # the sleeping club does not count
    assert rows["Totaal"] == ["2", "1", "2", "15"]
    page = client.get(f"/admin/report?{QUERY}").get_data(as_text=True)
    section = page.split("clubs-coverage-heading")[-1]
    assert "/admin/report/clubs.csv?" in section and "/admin/report/club_list.csv?" in section
    assert "&lt; 10" in section and ">12<" in section


def test_every_club_as_csv_with_its_name_kept_as_text(client, two_clubs, coordinator):
    lines = _csv(client, "club_list")
    assert lines[0] == "Club;Gemeente;Provincie;Organisaties;Ingeschreven leerkrachten"
    assert "STEM-club Gent;Gent;Oost-Vlaanderen;STEM-academie Gent;12" in lines
    assert "'=HYPERLINK(1);Brugge;West-Vlaanderen;STEM-academie Gent;< 10" in lines
    assert not any("Slapende" in line for line in lines)


def test_every_municipality_says_ja_or_nee_for_a_club_next_to_the_academies(
        client, two_clubs, coordinator):
    lines = _csv(client, "municipalities")
    assert lines[0].endswith(";STEM-academie-activiteit;STEM-club voor leerkrachten;Clubs")
    rows = {line.split(";")[1]: line for line in lines[1:]}
    assert rows["Gent"].endswith(";ja;1") and rows["Brugge"].endswith(";ja;1")
    assert rows["Antwerpen"].endswith(";nee;0")  # its club sleeps
