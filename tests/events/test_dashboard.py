"""Organisers land on "Mijn activiteiten" and steer by one table: upcoming first with the next
session, status, registrations / capacity and waiting list; filters, search, past folded."""

import re
from datetime import timedelta

import pytest

from stem_events.accounts.models import MemberRole, Membership, Role
from stem_events.date_time import now_utc
from stem_events.events.models import EventStatus, RegistrationMode
from tests.registrations.helpers import adult_form


def _rows(page: str) -> list[str]:
    """The titles of the upcoming table, in the order shown."""
    if 'id="upcoming"' not in page:
        return []
    upcoming = page.split('id="upcoming"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'data-title="([^"]+)"', upcoming)


@pytest.fixture
def member(db, make_user, make_organisation):
    organisation = make_organisation(name="STEM-academie Gent")
    user = make_user()
    db.session.add(Membership(user=user, organisation=organisation, role=MemberRole.OWNER))
    db.session.commit()
    return user, organisation


def _at(days: int):
    start = now_utc().replace(microsecond=0) + timedelta(days=days)
    return [(start, start + timedelta(hours=2))]


def test_an_organiser_lands_on_the_dashboard_after_login(client, member):
    user, _organisation = member
    response = client.post("/login", data={"email": user.email,
                                           "password": "correct horse 42"})
    assert response.headers["Location"].endswith("/manage/")


def test_a_requested_page_still_wins_after_login(client, member):
    user, _organisation = member
    response = client.post("/login?next=/account", data={"email": user.email,
                                                        "password": "correct horse 42"})
    assert response.headers["Location"].endswith("/account")


def test_the_table_shows_upcoming_first_with_counts_and_folds_past(
        client, db, login, member, make_event):
    user, organisation = member
    make_event(title="Later", organisation=organisation, sessions=_at(20))
    straks = make_event(title="Straks", organisation=organisation, sessions=_at(2), capacity=1,
                        registration_mode=RegistrationMode.SERIES, waitlist_enabled=True)
    make_event(title="Voorbij", organisation=organisation, sessions=_at(-10))
    client.post(f"/events/{straks.id}/register", data=adult_form())
    client.post(f"/events/{straks.id}/register", data=adult_form(
        name="Tweede", email="tweede@example.be"))
    login(user)
    page = client.get("/manage/").text
    assert "<table" in page
    assert _rows(page) == ["Straks", "Later"]
    row = page.split('data-title="Straks"', 1)[1].split("</tr>", 1)[0]
    assert "1 / 1" in row and ">1<" in row.replace(" ", "")  # confirmed/capacity, waiting 1
    assert "gepubliceerd" in row
    past = page.split("<details", 1)[1]
    assert "Voorbij" in past and "Voorbije activiteiten (1)" in past


def test_filters_by_status_organisation_and_search(
        client, db, login, member, make_event, make_organisation):
    user, organisation = member
    other = make_organisation(name="FabLab Brugge")
    db.session.add(Membership(user=user, organisation=other, role=MemberRole.EDITOR))
    make_event(title="Robotica", organisation=organisation, sessions=_at(3))
    make_event(title="Ontwerp robots", organisation=organisation, sessions=_at(4),
               status=EventStatus.DRAFT)
    make_event(title="Lasersnijden", organisation=other, sessions=_at(5))
    make_event(title="Niet van mij", sessions=_at(5))
    login(user)
    assert _rows(client.get("/manage/").text) == ["Robotica", "Ontwerp robots",
                                                  "Lasersnijden"]
    assert _rows(client.get("/manage/?status=draft").text) == ["Ontwerp robots"]
    assert _rows(client.get(f"/manage/?organisation={other.id}").text) == ["Lasersnijden"]
    assert _rows(client.get("/manage/?q=robot").text) == ["Robotica", "Ontwerp robots"]
    page = client.get("/manage/?q=robot&status=published").text
    assert _rows(page) == ["Robotica"]
    assert 'value="robot"' in page  # the search is kept in its box


def test_sorting_by_title_and_bad_values(client, login, member, make_event):
    user, organisation = member
    make_event(title="Zeepkisten", organisation=organisation, sessions=_at(1))
    make_event(title="Astronomie", organisation=organisation, sessions=_at(9))
    login(user)
    assert _rows(client.get("/manage/?sort=title").text) == ["Astronomie", "Zeepkisten"]
    assert _rows(client.get("/manage/?sort=-title").text) == ["Zeepkisten", "Astronomie"]
    page = client.get("/manage/?sort=title")
    assert 'aria-sort="ascending"' in page.text
    assert client.get("/manage/?status=nonsense&organisation=x&sort=drop").status_code == 400


def test_a_coordinator_lands_on_the_dashboard_too(client, make_user):
    admin = make_user(role=Role.ADMIN)
    response = client.post("/login", data={"email": admin.email,
                                           "password": "correct horse 42"})
    assert response.headers["Location"].endswith("/manage/")
