"""State-of-the-STEM editions: programme by time and track, market, awards, the road to it."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from stem_events.editions import awards as award_services
from stem_events.editions.models import AwardCategory, MarketStand, Nomination, ProgrammeItem
from stem_events.events.models import EventStatus
from stem_events.initiatives.catalogue import InitiativeNotPublished
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


def test_awards_show_only_when_published_and_only_the_shortlist(client, db, make_edition,
                                                                make_initiative):
    edition = make_edition(awards_published=False)
    category = AwardCategory(name="Beste STEM-academie", position=0)
    edition.award_categories.append(category)
    winner, listed, nominated = (make_initiative(n) for n in ("Robotlab", "Codeerclub",
                                                              "Enkel genomineerd"))
    for initiative, shortlisted, won in ((winner, True, True), (listed, True, False),
                                         (nominated, False, False)):
        nomination = award_services.nominate(category, initiative)
        award_services.set_shortlist(nomination, shortlisted, won)
    db.session.commit()
    html = client.get("/state-of-the-stem/2028").get_data(as_text=True)
    assert "later bekendgemaakt" in html and "Robotlab" not in html

    edition.awards_published = True
    db.session.commit()
    awards = client.get("/state-of-the-stem/2028").get_data(as_text=True).split(
        'id="awards-heading"')[1].split("road-heading")[0]
    assert "Beste STEM-academie" in awards
    assert awards.index("Winnaar") < awards.index("Robotlab") < awards.index("Codeerclub")
    assert "Enkel genomineerd" not in awards


def test_nominating_an_unpublished_initiative_is_refused_and_nothing_changes(
        app, db, make_edition, make_initiative):
    edition = make_edition()
    category = AwardCategory(name="Meisjes in STEM")
    edition.award_categories.append(category)
    db.session.commit()
    draft = make_initiative("In review", status=InitiativeStatus.IN_REVIEW)
    with app.test_request_context(), pytest.raises(InitiativeNotPublished) as error:
        award_services.nominate(category, draft)
    assert "niet gepubliceerd" in error.value.message
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Nomination)) == 0


def test_database_refuses_a_winner_off_the_shortlist(db, make_edition, make_initiative):
    edition = make_edition()
    category = AwardCategory(name="Samenwerking")
    category.nominations.append(Nomination(initiative=make_initiative(), winner=True))
    edition.award_categories.append(category)
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


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


def _login_coordinator(client, make_user):
    from stem_events.accounts.models import Role

    user = make_user(role=Role.ADMIN)
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def test_coordinator_nominates_shortlists_and_publishes(client, db, make_user, make_edition,
                                                        make_initiative):
    edition = make_edition()
    edition.award_categories.append(AwardCategory(name="Beste STEM-academie"))
    db.session.commit()
    category = edition.award_categories[0]
    club = make_initiative("Codeerclub Gent")
    _login_coordinator(client, make_user)
    response = client.post("/admin/state-of-the-stem/2028/nominations",
                           data={"category": category.id, "initiative": club.id})
    assert response.status_code == 302
    nomination = db.session.scalar(sa.select(Nomination))
    assert client.post(f"/admin/state-of-the-stem/2028/nominations/{nomination.id}",
                       data={"shortlisted": "1", "winner": "1"}).status_code == 302
    assert client.post("/admin/state-of-the-stem/2028/awards",
                       data={"published": "1"}).status_code == 302
    html = client.get("/state-of-the-stem/2028").get_data(as_text=True)
    assert "Winnaar" in html and "Codeerclub Gent" in html


def test_form_refuses_unpublished_nominee_and_winner_off_the_shortlist(
        client, db, make_user, make_edition, make_initiative):
    edition = make_edition()
    edition.award_categories.append(AwardCategory(name="Meisjes in STEM"))
    db.session.commit()
    category = edition.award_categories[0]
    draft = make_initiative("Nog in review", status=InitiativeStatus.IN_REVIEW)
    _login_coordinator(client, make_user)
    response = client.post("/admin/state-of-the-stem/2028/nominations",
                           data={"category": category.id, "initiative": draft.id})
    assert response.status_code == 400
    assert "niet gepubliceerd" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Nomination)) == 0

    published = make_initiative("Codeerclub")
    client.post("/admin/state-of-the-stem/2028/nominations",
                data={"category": category.id, "initiative": published.id})
    nomination = db.session.scalar(sa.select(Nomination))
    response = client.post(f"/admin/state-of-the-stem/2028/nominations/{nomination.id}",
                           data={"winner": "1"})
    assert response.status_code == 400
    assert "Een winnaar staat altijd op de shortlist." in response.get_data(as_text=True)
    db.session.refresh(nomination)
    assert not nomination.winner


def test_nomination_admin_is_for_coordinators_only(client, make_user, make_edition):
    from stem_events.accounts.models import Role

    make_edition()
    organiser = make_user(role=Role.ORGANISER)
    with client.session_transaction() as session:
        session["_user_id"] = organiser.get_id()
    assert client.get("/admin/state-of-the-stem/2028").status_code == 403
    assert client.post("/admin/state-of-the-stem/2028/awards",
                       data={"published": "1"}).status_code == 403
